// The control API builds a world from nothing; the demo world and the OpenAPI document describe it.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { callMethod, ecsPath, ecsState, tokenRequest } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ validateResponses: true }); });
afterAll(() => sb.stop());

const post = (ns: string, path: string, body?: object) => {
  const req = inProcess(sb).post(ecsPath(ns, `/control/v1${path}`));
  return body ? req.send(body) : req;
};

describe('control API', () => {
  it('ECS-05/ECS-06: builds an acceptant, its service and a holder from an empty world, then serves the whole flow', async () => {
    const ns = 'ctl1';
    await sb.admin.forNamespace(ns).reset({ demo: false });
    const area = (await post(ns, '/areas', { name: 'Олекминский район' }).expect(201)).body;
    const veterans = (await post(ns, '/benefit-categories', { name: 'Ветераны труда' }).expect(201)).body;
    const disabled = (await post(ns, '/benefit-categories', { name: 'Инвалиды II группы' }).expect(201)).body;
    const org = (await post(ns, '/organizations', { shortName: 'МБУ «Театр»', connectionType: 2, areaId: area.id, transactionsAccess: true, terminalCount: 2 }).expect(201)).body;
    // connection type 2 is «Цифровой пропуск», acceptant Type 2 variant 1 (§1.4, Appendix 2)
    expect(org).toMatchObject({ id: 1, connectionType: 2, variant: 'type2.variant1', clientId: 'ecs-client-1', terminals: [1, 2], status: 'active' });
    expect(org.clientSecret).toMatch(/^[0-9a-f]{32}$/);
    const service = (await post(ns, `/organizations/${org.id}/services`, {
      name: 'Спектакль', benefits: [{ benefitCategoryId: veterans.id, priority: 2 }, { benefitCategoryId: disabled.id, priority: 1 }],
    }).expect(201)).body;
    const holder = (await post(ns, '/holders', { snils: '11223344595', benefitCategoryIds: [veterans.id, disabled.id], socialCards: [{ cardNumber: '1', cardSeries: 'A' }] }).expect(201)).body;
    expect(holder).toMatchObject({ clientId: 1, snils: '11223344595', cards: [{ kind: 'social', cardNumber: '1', cardSeries: 'A', status: 'active' }] });

    const tokenAnswer = await tokenRequest(sb, ns, { client_id: org.clientId, client_secret: org.clientSecret, grant_type: 'client_credentials', scope: 'ECS.WebAPI OrganizationAPI' }).expect(200);
    const token = tokenAnswer.body.access_token as string;
    const checked = await callMethod(sb, ns, 'CheckClientBenefits', token, { serviceId: service.id, organizationTerminalId: 2, clientSnils: '11223344595' }).expect(200);
    expect(checked.body).toMatchObject({ transactionId: 1, clientId: 1, benefits: [{ benefitCategory: { id: disabled.id, name: 'Инвалиды II группы' } }] });
    await callMethod(sb, ns, 'ConfirmTransaction', token, { clientId: 1, benefitCategoryId: disabled.id, transactionId: 1, discountedPrice: 0 }).expect(200);
    const listed = await callMethod(sb, ns, 'GetTransactions', token, { cardNumber: '1', cardSeries: 'A', dateFrom: '2000-01-01', dateTo: '2100-01-01' }).expect(200);
    expect(listed.body.pageItems[0]).toMatchObject({ id: 1, service: { id: service.id, name: 'Спектакль' }, organization: { id: 1, shortName: 'МБУ «Театр»' }, area: { id: area.id, name: 'Олекминский район' } });
    const confirmed = await inProcess(sb).get(ecsPath(ns, '/control/v1/transactions?status=confirmed&organizationId=1')).expect(200);
    expect(confirmed.body.transactions).toHaveLength(1);

    // a terminal added later works at once; a rotated secret gets new tokens, the old one is refused
    const terminal = (await post(ns, `/organizations/${org.id}/terminals`).expect(201)).body;
    await callMethod(sb, ns, 'CheckClientBenefits', token, { serviceId: service.id, organizationTerminalId: terminal.id, clientSnils: '11223344595' }).expect(200);
    await inProcess(sb).patch(ecsPath(ns, `/control/v1/organizations/${org.id}`)).send({ clientSecret: 'rotated-secret-1' }).expect(200);
    await tokenRequest(sb, ns, { client_id: org.clientId, client_secret: org.clientSecret, grant_type: 'client_credentials', scope: 'ECS.WebAPI' }).expect(401);
    await tokenRequest(sb, ns, { client_id: org.clientId, client_secret: 'rotated-secret-1', grant_type: 'client_credentials', scope: 'ECS.WebAPI' }).expect(200);
  });

  it('refuses inconsistent input in the ECS error format and changes nothing', async () => {
    const ns = 'ctl2';
    const before = await ecsState(sb, ns);
    const cases: Array<[string, object, number, RegExp]> = [
      ['/organizations', { shortName: 'X', connectionType: 4, areaId: 1 }, 400, /connectionType/],
      ['/organizations', { shortName: 'X', connectionType: 1, areaId: 99 }, 400, /no area 99/],
      ['/organizations', { shortName: 'X', connectionType: 1, areaId: 1, variant: 'type3' }, 400, /variant type3 does not fit connection type 1/],
      ['/organizations', { shortName: 'X', connectionType: 1, areaId: 1, variant: 'type2.variant1' }, 400, /variant type2.variant1 does not fit connection type 1: it is connection type 2/],
      ['/organizations', { shortName: 'X', connectionType: 2, areaId: 1, variant: 'type2.variant2' }, 400, /variant type2.variant2 does not fit connection type 2: it is connection type 1/],
      ['/organizations', { shortName: 'X', areaId: 1, variant: 'type1.variant2', clientId: 'mine' }, 400, /acceptant of Type 1: it uses the bank's own software, not the web service, and gets no web-service credentials \(§1.4\); drop clientId/],
      ['/organizations', { shortName: 'X', connectionType: 1, areaId: 1, variant: 'type1.variant1' }, 400, /drop connectionType/],
      ['/organizations', { shortName: 'X', areaId: 1 }, 400, /variant|connectionType/],
      ['/organizations', { shortName: 'X', connectionType: 1, areaId: 1, clientId: '111' }, 409, /client_id 111 is already taken/],
      ['/organizations', { shortName: 'X', connectionType: 1, areaId: 1, allowedIps: ['localhost'] }, 400, /localhost is neither/],
      ['/organizations/1/services', { name: 'S', benefits: [{ benefitCategoryId: 42, priority: 1 }] }, 400, /no benefit category 42/],
      ['/organizations/77/services', { name: 'S', benefits: [] }, 404, /no organization 77/],
      ['/holders', { benefitCategoryIds: [1], ecsCards: [{ clientCode: 'AAABBBCCC' }] }, 409, /already taken: clientCode \*\*\*\*BCCC/],
      ['/holders', { benefitCategoryIds: [1], snils: '11223344596' }, 400, /snils/],
      ['/transactions/100/refuse', {}, 409, /confirmed/],
      ['/transactions/abc/refuse', {}, 404, /no transaction abc/],
    ];
    for (const [path, body, status, message] of cases) {
      const r = path.endsWith('/refuse') ? await post(ns, path).expect(status) : await post(ns, path, body).expect(status);
      expect(`${r.body.message} ${(r.body.errors ?? []).join(' ')}`).toMatch(message);
      expect(Number.isInteger(r.body.errorCode)).toBe(true);
    }
    await inProcess(sb).patch(ecsPath(ns, '/control/v1/cards/999')).send({ status: 'inactive' }).expect(404);
    await inProcess(sb).get(ecsPath(ns, '/control/v1/holders/999')).expect(404);
    await inProcess(sb).patch(ecsPath(ns, '/control/v1/organizations/1')).send({}).expect(400);
    expect(await ecsState(sb, ns)).toEqual(before);
  });
});

describe('snapshots', () => {
  it('restores an ECS world into another namespace, and refuses a broken one naming the part', async () => {
    const token = await tokenRequest(sb, 'snap1', { client_id: '111', client_secret: 'aaaabbbbbcccccc', grant_type: 'client_credentials', scope: 'ECS.WebAPI OrganizationAPI' }).expect(200);
    await callMethod(sb, 'snap1', 'CheckClientBenefits', token.body.access_token, { serviceId: 1, organizationTerminalId: 2, clientCode: 'AAABBBCCC' }).expect(200);
    const snap = await sb.admin.forNamespace('snap1').snapshot();
    await sb.admin.forNamespace('snap2').restore(snap);
    expect(await ecsState(sb, 'snap2')).toEqual(await ecsState(sb, 'snap1'));
    const broken = { ...snap, simulators: { ...snap.simulators, ecs: { ...(snap.simulators.ecs as object), openQueue: undefined } } };
    const r = await inProcess(sb).put('/ns/snap2/__admin/snapshot').send(broken).expect(400);
    expect(r.body.error.message).toMatch(/state of "ecs": "openQueue" is missing or not an array/);
  });
});

describe('demo world and documents', () => {
  it('ECS-01: the demo description prints the three organizations\' credentials and the result-code recipes', async () => {
    const r = await inProcess(sb).get('/__admin/demo').expect(200);
    const section = r.body.sections.find((s: { title: string }) => s.title.startsWith('ECS'));
    const text = section.lines.map(([k, v]: [string, string]) => `${k}: ${v}`).join('\n');
    for (const expected of ['client_id 111, client_secret aaaabbbbbcccccc', 'client_id 222', 'client_id 333', '01 no benefit', '05 card inactive', '08 service not found', 'magic 01–08', `${sb.url}/ecs/connect/token`]) {
      expect(text).toContain(expected);
    }
  });

  it('serves an OpenAPI document with the four methods, the token endpoint and the error schema', async () => {
    const r = await inProcess(sb).get('/openapi/ecs.json').expect(200);
    for (const p of ['/connect/token', '/api/CheckClientBenefits', '/api/ConfirmTransaction', '/api/GetOrganizationServices', '/api/GetTransactions', '/.well-known/openid-configuration']) {
      expect(Object.keys(r.body.paths)).toContain(p);
    }
    expect(r.body.paths['/connect/token'].post.requestBody.content).toHaveProperty('application/x-www-form-urlencoded');
    expect(r.body.components.schemas['ecs.error'].required).toEqual(['message']);
    expect(r.body.components.securitySchemes.appendix2.type).toBe('oauth2');
  });
});

describe('ECS-15: connection types and acceptant types (§1.4, Appendix 2, §2.7)', () => {
  it('the variant alone gives the connection type: Type 2 variant 2 → 1, Type 2 variant 1 («Цифровой пропуск») → 2, Type 3 → 3; Type 1 gets none and no credentials', async () => {
    const ns = 'ct15';
    await inProcess(sb).post(`/ns/${ns}/__admin/reset`).send({ demo: true }).expect(200);
    const make = async (variant: string) => (await inProcess(sb).post(ecsPath(ns, '/control/v1/organizations')).send({ shortName: variant, areaId: 1, variant }).expect(201)).body;
    expect((await make('type2.variant2')).connectionType).toBe(1);
    expect((await make('type2.variant1')).connectionType).toBe(2);
    expect((await make('type3')).connectionType).toBe(3);
    const type1 = await make('type1.variant2');
    expect(type1).toMatchObject({ connectionType: null, variant: 'type1.variant2', allowedIps: [] });
    expect(type1.clientId).toBeUndefined();
    expect(type1.clientSecret).toBeUndefined();
    const patch = await inProcess(sb).patch(ecsPath(ns, `/control/v1/organizations/${type1.id}`)).send({ clientSecret: 'a-new-secret-123' }).expect(400);
    expect(patch.body.message).toMatch(/acceptant of Type 1 .*: it has no clientSecret/);
  });

  it('the demo world: organizations 1–3 are connection types 1–3 of the right variants, 4 is an acceptant of Type 1 without credentials', async () => {
    const ns = 'ct15demo';
    const list = (await inProcess(sb).get(ecsPath(ns, '/control/v1/organizations')).expect(200)).body.organizations;
    expect(list.map((o: { id: number; connectionType: number | null; variant: string; clientId?: string }) => [o.id, o.connectionType, o.variant, o.clientId ?? null]))
      .toEqual([[1, 1, 'type2.variant2', '111'], [2, 2, 'type2.variant1', '222'], [3, 3, 'type3', '333'], [4, null, 'type1.variant1', null]]);
  });
});
