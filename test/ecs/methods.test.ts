// The methods of Appendices 2 and 9: authorization, per-type rules, benefits, transactions, paging.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { DEMO } from '../../simulators/ecs/demo.js';
import { callMethod, ecsPath, ecsState, openTransaction, tokenFor } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ validateResponses: true }); });
afterAll(() => sb.stop());

const { found } = DEMO.holders;
const check = { serviceId: 1, organizationTerminalId: 2, clientCode: found.clientCode };

describe('the regulation\'s own examples', () => {
  it('ECS-05/ECS-06/ECS-08: the Appendix 2 examples run as written (ConfirmTransaction with its missing comma restored)', async () => {
    const token = await tokenFor(sb, 'ex1');
    // Appendix 2, CheckClientBenefits example
    const checked = await callMethod(sb, 'ex1', 'CheckClientBenefits', token, `{
    "serviceId": 1,
    "organizationTerminalId": 2,
    "clientCode": "AAABBBCCC"
}`).expect(200);
    // the same shape as the answer example: resultCode 1, transactionId 123, clientId 1, benefit 1
    expect(checked.body).toEqual({ resultCode: 1, resultMessage: 'Льгота найдена', transactionId: 123, clientId: 1, benefits: [{ benefitCategory: { id: 1, name: 'Многодетные семьи' } }] });
    // Appendix 2, ConfirmTransaction example (the regulation misses the comma after "clientId": 1)
    const confirmed = await callMethod(sb, 'ex1', 'ConfirmTransaction', token, `{
    "clientId": 1,
    "benefitCategoryId": 1,
    "transactionId": 123
}`).expect(200);
    expect(confirmed.text).toBe('');
    // Appendix 2, GetOrganizationServices example
    const services = await callMethod(sb, 'ex1', 'GetOrganizationServices', token, `{
    "pageIndex": 0,
    "pageSize": 10
}`).expect(200);
    expect(services.body).toEqual({
      pageItems: [{ service: { id: 1, name: 'Разовое посещение бассейна' } }, { service: { id: 2, name: 'Абонемент на месяц' } }],
      totalItems: 2, currentPageIndex: 0,
    });
  });

  it('ECS-09: GetTransactions written with the table\'s field names returns the example\'s transaction', async () => {
    const token = await tokenFor(sb, 'ex2', 'type1', 'ECS.WebAPI');
    const r = await callMethod(sb, 'ex2', 'GetTransactions', token, { clientCode: 'AAABBBCCC', dateFrom: '2021-04-01', dateTo: '2021-05-01' }).expect(200);
    expect(r.body).toEqual({
      pageItems: [{
        id: 100, confirmationDate: '2021-04-21T12:31:30.842Z',
        service: { id: 1, name: 'Разовое посещение бассейна' },
        organization: { id: 1, shortName: 'ГБУ «Демо-бассейн»' },
        area: { id: 1, name: 'г. Якутск' },
        discountedPrice: 100,
      }],
      totalItems: 1, currentPageIndex: 0,
    });
    expect(r.headers.warning).toBeUndefined();
  });
});

describe('ECS-03: every method needs a valid, unexpired token with the right scope', () => {
  it('ECS-03: no token, a malformed header, a forged token → 401 with the error body and WWW-Authenticate', async () => {
    const none = await callMethod(sb, 'au1', 'CheckClientBenefits', undefined, check).expect(401);
    expect(none.body).toMatchObject({ errorCode: 101 });
    expect(none.body.message).toMatch(/no Authorization header/);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    const basic = await inProcess(sb).post(ecsPath('au1', '/api/GetOrganizationServices')).set('Authorization', 'Basic abc').send({}).expect(401);
    expect(basic.body.message).toMatch(/must be "Bearer <access_token>"/);
    const token = await tokenFor(sb, 'au1');
    const [h, p, s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), ecs_org: 3 })).toString('base64url')}.${s}`;
    const r = await callMethod(sb, 'au1', 'GetOrganizationServices', forged, {}).expect(401);
    expect(r.body.message).toMatch(/signature does not verify/);
    await callMethod(sb, 'au1', 'GetOrganizationServices', 'not-a-jwt', {}).expect(401);
  });

  it('ECS-03: a token expires after 3600 s of virtual time', async () => {
    const admin = sb.admin.forNamespace('au2');
    const token = await tokenFor(sb, 'au2');
    await admin.advanceClock('59m');
    await callMethod(sb, 'au2', 'GetOrganizationServices', token, {}).expect(200);
    await admin.advanceClock('61s');
    const r = await callMethod(sb, 'au2', 'GetOrganizationServices', token, {}).expect(401);
    expect(r.body.message).toMatch(/token expired at .*virtual clock/);
    expect(r.headers['www-authenticate']).toMatch(/expired/);
  });

  it('ECS-03: the Appendix 2 methods need OrganizationAPI; GetTransactions needs ECS.WebAPI only', async () => {
    const webOnly = await tokenFor(sb, 'au3', 'type1', 'ECS.WebAPI');
    const r = await callMethod(sb, 'au3', 'CheckClientBenefits', webOnly, check).expect(403);
    expect(r.body).toMatchObject({ errorCode: 102 });
    expect(r.body.message).toMatch(/lacks scope OrganizationAPI/);
    expect(r.headers['www-authenticate']).toMatch(/insufficient_scope/);
    await callMethod(sb, 'au3', 'GetTransactions', webOnly, { clientCode: 'AAABBBCCC', dateFrom: '2021-01-01', dateTo: '2021-12-31' }).expect(200);
  });

  it('ECS-03: a token of one namespace is refused in another', async () => {
    const token = await tokenFor(sb, 'au4');
    const r = await callMethod(sb, 'au5', 'GetOrganizationServices', token, {}).expect(401);
    expect(r.body.message).toMatch(/namespace "au4"/);
  });
});

describe('ECS-04: identifiers per connection type', () => {
  const cases: Array<[string, 'type1' | 'type2' | 'type3', Record<string, unknown>, RegExp]> = [
    ['type 1 may not send clientSnils', 'type1', { serviceId: 1, organizationTerminalId: 2, clientSnils: found.snils }, /clientSnils is available only for connection type 2; this organization is type 1/],
    ['type 3 may not send clientSnils', 'type3', { serviceId: 5, organizationTerminalId: 4, clientSnils: found.snils }, /only for connection type 2/],
    ['type 2 may not send clientCode', 'type2', { serviceId: 3, organizationTerminalId: 3, clientCode: found.clientCode }, /clientCode is available only for connection type 1 and 3; this organization is type 2/],
    ['type 2 may not send a social card', 'type2', { serviceId: 3, organizationTerminalId: 3, cardNumber: found.cardNumber, cardSeries: found.cardSeries }, /cardNumber \+ cardSeries is available only for connection type 1 and 3/],
    ['price is for type 3 only', 'type1', { ...check, price: 350 }, /price is available only for connection type 3/],
    ['two identifiers of different holders', 'type1', { ...check, cardNumber: DEMO.holders.noBenefit.cardNumber, cardSeries: DEMO.holders.noBenefit.cardSeries },
      /the identifiers name different holders: clientCode names holder 1, cardNumber \+ cardSeries names holder 2; send identifiers of one holder$/],
    ['an allowed identifier beside one not allowed for the type', 'type1', { ...check, clientSnils: found.snils }, /clientSnils is available only for connection type 2; this organization is type 1/],
    ['no identifier', 'type1', { serviceId: 1, organizationTerminalId: 2 }, /send at least one of clientCode, cardNumber \+ cardSeries \(Appendix 2: one of the fields is required\)/],
    ['a card number without its series', 'type1', { serviceId: 1, organizationTerminalId: 2, cardNumber: found.cardNumber }, /cardNumber and cardSeries are sent together/],
  ];
  for (const [name, org, body, message] of cases) {
    it(`ECS-04: ${name} → 400, errorCode 100, state unchanged`, async () => {
      const ns = `t4-${org}`;
      const token = await tokenFor(sb, ns, org);
      const before = await ecsState(sb, ns);
      const r = await callMethod(sb, ns, 'CheckClientBenefits', token, body).expect(400);
      expect(r.body.errorCode).toBe(100);
      expect(r.body.message).toMatch(message);
      expect(r.body.errors.join('\n')).toMatch(message);
      expect(await ecsState(sb, ns)).toEqual(before);
    });
  }

  it('ECS-04: several identifiers naming the same holder are accepted (Appendix 2 needs at least one); an unknown one among them is 02', async () => {
    const t1 = await tokenFor(sb, 't4many', 'type1');
    const both = await callMethod(sb, 't4many', 'CheckClientBenefits', t1, { ...check, cardNumber: found.cardNumber, cardSeries: found.cardSeries }).expect(200);
    expect(both.body.clientId).toBe(1);
    const unknownCard = await callMethod(sb, 't4many', 'CheckClientBenefits', t1, { ...check, cardNumber: DEMO.holders.unknown.cardNumber, cardSeries: '0101' }).expect(404);
    expect(unknownCard.body).toMatchObject({ errorCode: 2, errors: ['no social card has number ****0099 and series 0101'] });
  });

  it('ECS-04: each type succeeds with its own identifiers', async () => {
    const t1 = await tokenFor(sb, 't4ok', 'type1');
    await callMethod(sb, 't4ok', 'CheckClientBenefits', t1, { serviceId: 2, organizationTerminalId: 1, cardNumber: found.cardNumber, cardSeries: found.cardSeries }).expect(200);
    const t2 = await tokenFor(sb, 't4ok', 'type2');
    const museum = await callMethod(sb, 't4ok', 'CheckClientBenefits', t2, { serviceId: 3, organizationTerminalId: 3, clientSnils: found.snils }).expect(200);
    expect(museum.body.benefits[0].benefitCategory).toEqual({ id: 4, name: 'Пенсионеры' });
    const t3 = await tokenFor(sb, 't4ok', 'type3');
    await callMethod(sb, 't4ok', 'CheckClientBenefits', t3, { serviceId: 5, organizationTerminalId: 4, clientCode: found.clientCode, price: 1250.5 }).expect(200);
    await callMethod(sb, 't4ok', 'CheckClientBenefits', t3, { serviceId: 6, organizationTerminalId: 4, cardNumber: found.cardNumber, cardSeries: found.cardSeries }).expect(200);
  });
});

describe('ECS-05: the highest-priority benefit for the service', () => {
  it('ECS-05: picks by the service\'s priorities and changes with the holder\'s categories', async () => {
    const ns = 'p5';
    const token = await tokenFor(sb, ns);
    // service 1 priorities: 2 Инвалиды (1), 1 Многодетные (2), 4 Пенсионеры (3); AAABBBCCC has 1 and 4
    expect((await openTransaction(sb, ns, token)).benefits).toEqual([{ benefitCategory: { id: 1, name: 'Многодетные семьи' } }]);
    await inProcess(sb).patch(ecsPath(ns, '/control/v1/holders/1')).send({ benefitCategoryIds: [4, 2, 1] }).expect(200);
    expect((await openTransaction(sb, ns, token)).benefits).toEqual([{ benefitCategory: { id: 2, name: 'Инвалиды I группы' } }]);
    await inProcess(sb).patch(ecsPath(ns, '/control/v1/holders/1')).send({ benefitCategoryIds: [4] }).expect(200);
    const r = await openTransaction(sb, ns, token);
    expect(r.benefits[0]!.benefitCategory.id).toBe(4);
    expect(r.clientId).toBe(1);
    expect(r.transactionId).toBe(125);
  });
});

describe('ECS-06 and ECS-07: confirming and refusing', () => {
  it('ECS-06: ConfirmTransaction records the service; GetTransactions then lists it; a second confirmation conflicts', async () => {
    const ns = 'c6';
    const token = await tokenFor(sb, ns);
    const { transactionId, clientId, benefits } = await openTransaction(sb, ns, token);
    await callMethod(sb, ns, 'ConfirmTransaction', token, { clientId, benefitCategoryId: benefits[0]!.benefitCategory.id, transactionId, price: 300, discountedPrice: 0 }).expect(200);
    const again = await callMethod(sb, ns, 'ConfirmTransaction', token, { clientId, benefitCategoryId: 1, transactionId }).expect(409);
    expect(again.body).toMatchObject({ errorCode: 105 });
    expect(again.body.message).toMatch(/already confirmed/);
    const today = (await sb.admin.forNamespace(ns).clock()).now.slice(0, 10);
    const listed = await callMethod(sb, ns, 'GetTransactions', token, { clientCode: 'AAABBBCCC', dateFrom: '2021-01-01', dateTo: '2099-12-31' }).expect(200);
    expect(listed.body.totalItems).toBe(2);
    expect(listed.body.pageItems[1]).toMatchObject({ id: transactionId, discountedPrice: 0, organization: { id: 1 } });
    expect(listed.body.pageItems[1].confirmationDate.slice(0, 10)).toBe(today);
  });

  it('ECS-06: ConfirmTransaction is for types 1 and 2 only; type 2 confirms with SNILS', async () => {
    const ns = 'c6b';
    const t3 = await tokenFor(sb, ns, 'type3');
    const opened = await callMethod(sb, ns, 'CheckClientBenefits', t3, { serviceId: 5, organizationTerminalId: 4, clientCode: 'AAABBBCCC' }).expect(200);
    const r = await callMethod(sb, ns, 'ConfirmTransaction', t3, { clientId: 1, benefitCategoryId: 4, transactionId: opened.body.transactionId }).expect(403);
    expect(r.body.message).toMatch(/only for connection types 1 and 2; organization 3 is type 3/);
    const t2 = await tokenFor(sb, ns, 'type2');
    const museum = await callMethod(sb, ns, 'CheckClientBenefits', t2, { serviceId: 3, organizationTerminalId: 3, clientSnils: found.snils }).expect(200);
    await callMethod(sb, ns, 'ConfirmTransaction', t2, { clientId: 1, benefitCategoryId: 4, transactionId: museum.body.transactionId }).expect(200);
  });

  it('ECS-06: wrong clientId or benefit, a discount above the price, another organization\'s transaction: refused, nothing changes', async () => {
    const ns = 'c6c';
    const t1 = await tokenFor(sb, ns, 'type1');
    const t2 = await tokenFor(sb, ns, 'type2');
    const { transactionId } = await openTransaction(sb, ns, t1);
    const before = await ecsState(sb, ns);
    const wrong = await callMethod(sb, ns, 'ConfirmTransaction', t1, { clientId: 2, benefitCategoryId: 4, transactionId }).expect(409);
    expect(wrong.body.errors).toEqual([
      `clientId 2 is not the holder of transaction ${transactionId}`,
      `benefitCategoryId 4 is not the benefit CheckClientBenefits gave for transaction ${transactionId} (1)`,
    ]);
    const price = await callMethod(sb, ns, 'ConfirmTransaction', t1, { clientId: 1, benefitCategoryId: 1, transactionId, price: 100, discountedPrice: 150 }).expect(400);
    expect(price.body.message).toMatch(/discountedPrice 150 is more than price 100/);
    const foreign = await callMethod(sb, ns, 'ConfirmTransaction', t2, { clientId: 1, benefitCategoryId: 1, transactionId }).expect(404);
    expect(foreign.body).toMatchObject({ errorCode: 104 });
    expect(foreign.body.message).toMatch(/not found for organization 2/);
    expect(await ecsState(sb, ns)).toEqual(before);
    await callMethod(sb, ns, 'ConfirmTransaction', t1, { clientId: 1, benefitCategoryId: 1, transactionId }).expect(200);
  });

  it('ECS-07: an open transaction not confirmed in time is gone, and leaves no record', async () => {
    const ns = 'c7';
    const token = await tokenFor(sb, ns);
    const { transactionId } = await openTransaction(sb, ns, token);
    await sb.admin.forNamespace(ns).advanceClock('16m');
    const r = await callMethod(sb, ns, 'ConfirmTransaction', token, { clientId: 1, benefitCategoryId: 1, transactionId }).expect(404);
    expect(r.body.message).toMatch(/expired unconfirmed .* 15 minutes, modeled/);
    const fresh = await tokenFor(sb, ns);
    await openTransaction(sb, ns, fresh); // the next mutation sweeps the expired one away
    const snap = (await ecsState(sb, ns)) as { transactions: Record<string, unknown> };
    expect(snap.transactions[transactionId]).toBeUndefined();
    const listed = await callMethod(sb, ns, 'GetTransactions', fresh, { clientCode: 'AAABBBCCC', dateFrom: '2000-01-01', dateTo: '2099-12-31' }).expect(200);
    expect(listed.body.pageItems.map((t: { id: number }) => t.id)).toEqual([100]);
  });

  it('ECS-07: a refusal (the bank\'s software, §6.2 step 6) removes the open transaction; a confirmed one cannot be refused', async () => {
    const ns = 'c7b';
    const token = await tokenFor(sb, ns);
    const { transactionId } = await openTransaction(sb, ns, token);
    await inProcess(sb).post(ecsPath(ns, `/control/v1/transactions/${transactionId}/refuse`)).expect(200, { removed: transactionId });
    await callMethod(sb, ns, 'ConfirmTransaction', token, { clientId: 1, benefitCategoryId: 1, transactionId }).expect(404);
    const second = await openTransaction(sb, ns, token);
    await callMethod(sb, ns, 'ConfirmTransaction', token, { clientId: 1, benefitCategoryId: 1, transactionId: second.transactionId }).expect(200);
    const r = await inProcess(sb).post(ecsPath(ns, `/control/v1/transactions/${second.transactionId}/refuse`)).expect(409);
    expect(r.body.message).toMatch(/confirmed/);
    const open = await inProcess(sb).get(ecsPath(ns, '/control/v1/transactions?status=open')).expect(200);
    expect(open.body.transactions).toEqual([]);
  });
});

describe('ECS-08: GetOrganizationServices pages the caller\'s services', () => {
  it('ECS-08: pages, defaults and the page after the last', async () => {
    const ns = 's8';
    for (let i = 0; i < 3; i++) {
      await inProcess(sb).post(ecsPath(ns, '/control/v1/organizations/3/services')).send({ name: `Услуга ${i}`, benefits: [{ benefitCategoryId: 4, priority: 1 }] }).expect(201);
    }
    const token = await tokenFor(sb, ns, 'type3');
    const all = await callMethod(sb, ns, 'GetOrganizationServices', token, {}).expect(200);
    expect(all.body.totalItems).toBe(5);
    expect(all.body.pageItems.map((p: { service: { id: number } }) => p.service.id)).toEqual([5, 6, 7, 8, 9]);
    const second = await callMethod(sb, ns, 'GetOrganizationServices', token, { pageIndex: 1, pageSize: 2 }).expect(200);
    expect(second.body).toEqual({ pageItems: [{ service: { id: 7, name: 'Услуга 0' } }, { service: { id: 8, name: 'Услуга 1' } }], totalItems: 5, currentPageIndex: 1 });
    const beyond = await callMethod(sb, ns, 'GetOrganizationServices', token, { pageIndex: 9, pageSize: 2 }).expect(200);
    expect(beyond.body).toEqual({ pageItems: [], totalItems: 5, currentPageIndex: 9 });
    const bad = await callMethod(sb, ns, 'GetOrganizationServices', token, { pageIndex: -1, pageSize: 0 }).expect(400);
    expect(bad.body.errors).toHaveLength(2);
  });
});

describe('ECS-09: GetTransactions', () => {
  it('ECS-09: filters by the interval in Yakutsk days, finds by social card, pages', async () => {
    const ns = 't9';
    const token = await tokenFor(sb, ns);
    const byCard = { cardNumber: found.cardNumber, cardSeries: found.cardSeries };
    // 2021-04-21T12:31Z is 21:31 in Yakutsk: inside the Yakutsk day 2021-04-21
    const day = await callMethod(sb, ns, 'GetTransactions', token, { ...byCard, dateFrom: '2021-04-21', dateTo: '2021-04-21' }).expect(200);
    expect(day.body.totalItems).toBe(1);
    const before = await callMethod(sb, ns, 'GetTransactions', token, { ...byCard, dateFrom: '2021-04-01', dateTo: '2021-04-21T21:00:00' }).expect(200);
    expect(before.body.totalItems).toBe(0);
    const utc = await callMethod(sb, ns, 'GetTransactions', token, { ...byCard, dateFrom: '2021-04-21T12:00:00Z', dateTo: '2021-04-21T13:00:00Z' }).expect(200);
    expect(utc.body.totalItems).toBe(1);
    for (let i = 0; i < 3; i++) {
      const { transactionId } = await openTransaction(sb, ns, token);
      await callMethod(sb, ns, 'ConfirmTransaction', token, { clientId: 1, benefitCategoryId: 1, transactionId }).expect(200);
    }
    const paged = await callMethod(sb, ns, 'GetTransactions', token, { clientCode: 'AAABBBCCC', dateFrom: '2020-01-01', dateTo: '2099-01-01', pageIndex: 1, pageSize: 3 }).expect(200);
    expect(paged.body.totalItems).toBe(4);
    expect(paged.body.currentPageIndex).toBe(1);
    expect(paged.body.pageItems.map((t: { id: number }) => t.id)).toEqual([125]);
  });

  it('ECS-09: refuses participants not on the ESIA list, SNILS, a reversed or impossible interval, a missing date', async () => {
    const ns = 't9b';
    const t3 = await tokenFor(sb, ns, 'type3', 'ECS.WebAPI');
    const denied = await callMethod(sb, ns, 'GetTransactions', t3, { clientCode: 'AAABBBCCC', dateFrom: '2021-01-01', dateTo: '2021-12-31' }).expect(403);
    expect(denied.body.message).toMatch(/ESIA \(§8\.2–8\.3\); organization 3/);
    const t1 = await tokenFor(sb, ns, 'type1', 'ECS.WebAPI');
    const snils = await callMethod(sb, ns, 'GetTransactions', t1, { clientSnils: found.snils, dateFrom: '2021-01-01', dateTo: '2021-12-31' }).expect(400);
    expect(snils.body.errors[0]).toMatch(/\/clientSnils: is not a known field/);
    const reversed = await callMethod(sb, ns, 'GetTransactions', t1, { clientCode: 'AAABBBCCC', dateFrom: '2021-12-31', dateTo: '2021-01-01' }).expect(400);
    expect(reversed.body.message).toMatch(/dateFrom 2021-12-31 is after dateTo 2021-01-01/);
    const impossible = await callMethod(sb, ns, 'GetTransactions', t1, { clientCode: 'AAABBBCCC', dateFrom: '2021-02-30', dateTo: '2021-03-01' }).expect(400);
    expect(impossible.body.message).toMatch(/dateFrom 2021-02-30 is not a valid date/);
    const missing = await callMethod(sb, ns, 'GetTransactions', t1, { clientCode: 'AAABBBCCC', dateFrom: '2021-01-01' }).expect(400);
    expect(missing.body.message).toMatch(/dateTo is required/);
    const unknown = await callMethod(sb, ns, 'GetTransactions', t1, { clientCode: 'NOBODY', dateFrom: '2021-01-01', dateTo: '2021-12-31' }).expect(404);
    expect(unknown.body.errorCode).toBe(2);
  });
});

describe('ECS-10: errors come as {message, errorCode, errors}, never a 500', () => {
  it('ECS-10: malformed JSON, wrong types, unknown fields, a wrong media type, a GET, an unknown path — state unchanged', async () => {
    const ns = 'e10';
    const token = await tokenFor(sb, ns);
    const before = await ecsState(sb, ns);
    const answers = [
      await callMethod(sb, ns, 'CheckClientBenefits', token, '{"serviceId": 1,').expect(400),
      await callMethod(sb, ns, 'CheckClientBenefits', token, { serviceId: '1', organizationTerminalId: 2.5, clientCode: 7 }).expect(400),
      await callMethod(sb, ns, 'CheckClientBenefits', token, { ...check, clientcode: 'AAABBBCCC' }).expect(400),
      await callMethod(sb, ns, 'CheckClientBenefits', token, { ...check, clientCode: 'X'.repeat(16) }).expect(400),
      await callMethod(sb, ns, 'CheckClientBenefits', token, []).expect(400),
      await callMethod(sb, ns, 'CheckClientBenefits', token, 'null').expect(400),
      await inProcess(sb).post(ecsPath(ns, '/api/CheckClientBenefits')).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/x-www-form-urlencoded').send('serviceId=1').expect(415),
      await inProcess(sb).get(ecsPath(ns, '/api/CheckClientBenefits')).expect(405),
      await inProcess(sb).post(ecsPath(ns, '/api/CheckClientBenefit')).send({}).expect(404),
    ];
    for (const r of answers) {
      expect(typeof r.body.message).toBe('string');
      expect(Number.isInteger(r.body.errorCode)).toBe(true);
      expect(Object.keys(r.body).every((k) => ['message', 'errorCode', 'errors'].includes(k))).toBe(true);
    }
    expect(answers[1]!.body.errors).toEqual(expect.arrayContaining([
      'body /serviceId: must be integer (expected type integer, received "1")',
      'body /organizationTerminalId: must be integer (expected type integer, received 2.5)',
    ]));
    expect(answers[2]!.body.errors[0]).toMatch(/\/clientcode: is not a known field/);
    expect(answers[7]!.body.errorCode).toBe(104);
    expect(await ecsState(sb, ns)).toEqual(before);
  });

  it('ECS-10/ECS-C3: the ConfirmTransaction example exactly as printed (missing comma) is refused with a note naming it', async () => {
    const token = await tokenFor(sb, 'e10b');
    await openTransaction(sb, 'e10b', token);
    const r = await callMethod(sb, 'e10b', 'ConfirmTransaction', token, `{
    "clientId": 1
    "benefitCategoryId": 1,
    "transactionId": 123
}`).expect(400);
    expect(r.body.errorCode).toBe(100);
    expect(r.body.message).toMatch(/not valid JSON/);
    expect(r.body.errors.join(' ')).toMatch(/misses a comma after "clientId": 1 \(contradiction ECS-C3\)/);
  });
});

describe('ECS-10: odd values in every field never crash the service', () => {
  it('ECS-10: each field of each method set to null, [], {}, "", -1, 1.5, a long string, true, 1e308 → 4xx or 200, never 5xx', async () => {
    const ns = 'fuzz';
    const token = await tokenFor(sb, ns);
    const odd: unknown[] = [null, [], {}, '', -1, 1.5, 'Я'.repeat(200), true, 1e308, '2021-02-29', '../../etc'];
    const bodies: Record<string, Record<string, unknown>> = {
      CheckClientBenefits: { ...check, price: 1 },
      ConfirmTransaction: { clientId: 1, benefitCategoryId: 1, transactionId: 123, price: 10, discountedPrice: 5 },
      GetOrganizationServices: { pageIndex: 0, pageSize: 10 },
      GetTransactions: { clientCode: 'AAABBBCCC', cardNumber: '1', cardSeries: '2', dateFrom: '2021-01-01', dateTo: '2021-12-31', pageIndex: 0, pageSize: 1 },
    };
    for (const [method, body] of Object.entries(bodies)) {
      for (const field of Object.keys(body)) {
        for (const value of odd) {
          const r = await callMethod(sb, ns, method, token, { ...body, [field]: value });
          expect(r.status, `${method} ${field}=${JSON.stringify(value)}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
          if (r.status >= 400) expect(typeof r.body.message).toBe('string');
        }
      }
    }
  });
});
