// Appendix 7: every result code 01–08, produced by the state it describes and by the magic values.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { DEMO } from '../../simulators/ecs/demo.js';
import { callMethod, ecsPath, ecsState, tokenFor } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ validateResponses: true }); });
afterAll(() => sb.stop());

const { noBenefit, unknown, inactive, found } = DEMO.holders;
const APPENDIX7: Record<number, string> = {
  1: 'У владельца карты ЕЦС отсутствует льгота у данного Акцептанта',
  2: 'Ошибка ввода кода держателя КЖЯ - клиент не найден',
  3: 'Зарезервированы для будущего использования',
  4: 'Зарезервированы для будущего использования',
  5: 'Карта ЕЦС имеет неактивный статус',
  6: 'Отсутствует связь с процессинговым центром',
  7: 'ID участника отсутствует в системе',
  8: 'Код типа услуги не найден',
};

async function expectCode(ns: string, org: 'type1' | 'type2' | 'type3', body: Record<string, unknown>, code: number, status: number) {
  const token = await tokenFor(sb, ns, org);
  const before = await ecsState(sb, ns);
  const r = await callMethod(sb, ns, 'CheckClientBenefits', token, body).expect(status);
  expect(r.body.errorCode).toBe(code);
  if (APPENDIX7[code]) expect(r.body.message).toBe(APPENDIX7[code]);
  expect(await ecsState(sb, ns)).toEqual(before);
  return r.body as { message: string; errorCode: number; errors: string[] };
}

const t1 = { serviceId: 1, organizationTerminalId: 2 };
const t2 = { serviceId: 3, organizationTerminalId: 3 };
const t3 = { serviceId: 5, organizationTerminalId: 4 };

describe('result codes from state (Appendix 7)', () => {
  it('ECS-E01: 01 when the holder has no benefit category the service serves', async () => {
    const r = await expectCode('r1', 'type1', { ...t1, clientCode: noBenefit.clientCode }, 1, 422);
    expect(r.errors[0]).toMatch(/holder 2 has none of the benefit categories service 1 serves/);
    await expectCode('r1', 'type2', { ...t2, clientSnils: noBenefit.snils }, 1, 422);
    await expectCode('r1', 'type3', { ...t3, cardNumber: noBenefit.cardNumber, cardSeries: noBenefit.cardSeries }, 1, 422);
  });

  it('ECS-E02: 02 for an unknown holder code, SNILS or social card, and for a SNILS with a wrong check number', async () => {
    const r = await expectCode('r2', 'type1', { ...t1, clientCode: unknown.clientCode }, 2, 404);
    // the holder code is personal data (§9.4): the message masks it
    expect(r.errors).toEqual(['no ECS card has clientCode ****NOWN']);
    await expectCode('r2', 'type2', { ...t2, clientSnils: unknown.snils }, 2, 404);
    const bad = await expectCode('r2', 'type2', { ...t2, clientSnils: '11223344596' }, 2, 404);
    expect(bad.errors[0]).toMatch(/check number/);
    await expectCode('r2', 'type3', { ...t3, cardNumber: found.cardNumber, cardSeries: '9999' }, 2, 404);
  });

  it('ECS-E05: 05 for an inactive card, and once the control API deactivates a card', async () => {
    await expectCode('r5', 'type1', { ...t1, clientCode: inactive.clientCode }, 5, 422);
    await expectCode('r5', 'type2', { ...t2, clientSnils: inactive.snils }, 5, 422);
    await expectCode('r5', 'type3', { ...t3, cardNumber: inactive.cardNumber, cardSeries: inactive.cardSeries }, 5, 422);
    const holder = await inProcess(sb).get(ecsPath('r5', '/control/v1/holders/1')).expect(200);
    const ecsCard = holder.body.cards.find((c: { kind: string }) => c.kind === 'ecs');
    await inProcess(sb).patch(ecsPath('r5', `/control/v1/cards/${ecsCard.id}`)).send({ status: 'inactive' }).expect(200);
    await expectCode('r5', 'type1', { ...t1, clientCode: found.clientCode }, 5, 422);
    // the social card is still active, so SNILS finds an active card
    const token = await tokenFor(sb, 'r5', 'type2');
    await callMethod(sb, 'r5', 'CheckClientBenefits', token, { ...t2, clientSnils: found.snils }).expect(200);
  });

  it('ECS-E05/ECS-16: a social card past its expiry date (Appendix 6) answers 05 by its number; the same holder\'s active ECS card still works', async () => {
    const { expired } = DEMO.holders;
    expect(expired.expiresOn < new Date().toISOString().slice(0, 10)).toBe(true);
    const r = await expectCode('r5x', 'type1', { ...t1, cardNumber: expired.cardNumber, cardSeries: expired.cardSeries }, 5, 422);
    expect(r.message).toBe('Карта ЕЦС имеет неактивный статус');
    expect(r.errors).toEqual(['social card 0101 ****0006 expired on 2020-12-31 (Appendix 6: «Дата окончания действия»)']);
    const token = await tokenFor(sb, 'r5x', 'type1');
    await callMethod(sb, 'r5x', 'CheckClientBenefits', token, { ...t1, clientCode: expired.clientCode }).expect(200);
  });

  it('ECS-16: a social card is valid through its expiry date in Yakutsk, and answers 05 from the next day there', async () => {
    const ns = 'r5y';
    const holder = { benefitCategoryIds: [1], socialCards: [{ cardNumber: '7000100000000777', cardSeries: '0202', expiresOn: '2027-01-31' }] };
    await inProcess(sb).post(ecsPath(ns, '/control/v1/holders')).send(holder).expect(201);
    const body = { ...t1, cardNumber: '7000100000000777', cardSeries: '0202' };
    // 2027-01-31 23:59 in Yakutsk is 14:59 UTC; 15:00 UTC is 1 February there
    await inProcess(sb).post(`/ns/${ns}/__admin/clock`).send({ set: '2027-01-31T14:59:00Z' }).expect(200);
    const token = await tokenFor(sb, ns, 'type1');
    await callMethod(sb, ns, 'CheckClientBenefits', token, body).expect(200);
    await inProcess(sb).post(`/ns/${ns}/__admin/clock`).send({ set: '2027-01-31T15:00:00Z' }).expect(200);
    const r = await callMethod(sb, ns, 'CheckClientBenefits', token, body).expect(422);
    expect(r.body.errorCode).toBe(5);
  });

  it('ECS-E06: 06 while the processing centre is offline, HTTP 503, counted as a service failure', async () => {
    await inProcess(sb).put(ecsPath('r6', '/control/v1/processing-centre')).send({ online: false }).expect(200, { online: false });
    await expectCode('r6', 'type1', { ...t1, clientCode: found.clientCode }, 6, 503);
    const stats = await sb.admin.forNamespace('r6').stats();
    expect(stats.operations['ecs.CheckClientBenefits']!.errors).toBe(1);
    await inProcess(sb).put(ecsPath('r6', '/control/v1/processing-centre')).send({ online: true }).expect(200);
    await callMethod(sb, 'r6', 'CheckClientBenefits', await tokenFor(sb, 'r6'), { ...t1, clientCode: found.clientCode }).expect(200);
  });

  it('ECS-E07: 07 for a terminal not registered to the caller, and for an organization excluded after its token was issued', async () => {
    const r = await expectCode('r7', 'type1', { ...t1, organizationTerminalId: DEMO.unknownTerminalId, clientCode: found.clientCode }, 7, 403);
    expect(r.errors[0]).toMatch(/terminal 999 is not registered to organization 1/);
    await expectCode('r7', 'type1', { ...t1, organizationTerminalId: 3, clientCode: found.clientCode }, 7, 403);
    const token = await tokenFor(sb, 'r7', 'type1');
    await inProcess(sb).patch(ecsPath('r7', '/control/v1/organizations/1')).send({ status: 'excluded' }).expect(200);
    const excluded = await callMethod(sb, 'r7', 'GetOrganizationServices', token, {}).expect(403);
    expect(excluded.body).toMatchObject({ errorCode: 7, message: APPENDIX7[7] });
  });

  it('ECS-E08: 08 for a service that does not exist or belongs to another organization', async () => {
    await expectCode('r8', 'type1', { ...t1, serviceId: DEMO.unknownServiceId, clientCode: found.clientCode }, 8, 404);
    const r = await expectCode('r8', 'type1', { ...t1, serviceId: 5, clientCode: found.clientCode }, 8, 404);
    expect(r.errors[0]).toMatch(/organization 1 has no service 5/);
  });

  it('ECS-E03/ECS-E04: the reserved codes are never produced by state: a full flow with every demo holder yields none', async () => {
    const token = await tokenFor(sb, 'r34');
    const codes = new Set<number>();
    for (const h of [found, noBenefit, unknown, inactive]) {
      const r = await callMethod(sb, 'r34', 'CheckClientBenefits', token, { ...t1, clientCode: h.clientCode });
      codes.add(r.status === 200 ? 0 : r.body.errorCode);
    }
    expect([...codes].sort()).toEqual([0, 1, 2, 5]);
  });
});

describe('magic values select any result code', () => {
  for (const code of ['01', '02', '03', '04', '05', '06', '07', '08']) {
    it(`ECS-E${code}: magic values for ${code} with every identifier kind`, async () => {
      const n = Number(code);
      const status = { 1: 422, 2: 404, 3: 422, 4: 422, 5: 422, 6: 503, 7: 403, 8: 404 }[n]!;
      const ns = `m${code}`;
      const r = await expectCode(ns, 'type1', { ...t1, clientCode: `MAGIC${code}` }, n, status);
      expect(r.errors[0]).toMatch(new RegExp(`magic value selecting result code ${code}`));
      await expectCode(ns, 'type2', { ...t2, clientSnils: `000000000${code}` }, n, status);
      await expectCode(ns, 'type3', { ...t3, cardNumber: code, cardSeries: 'MAGIC' }, n, status);
      // Appendix 7, verbatim
      if (n === 3 || n === 4) expect(r.message).toBe('Зарезервированы для будущего использования');
    });
  }

  it('ECS-E06: an Appendix 7 error injected as a fault by catalogue code keeps its code and text', async () => {
    const admin = sb.admin.forNamespace('mf');
    await admin.addFault({ operation: 'ecs.CheckClientBenefits', kind: 'error', errorCode: 'ECS_PROCESSING_UNAVAILABLE', times: 1 });
    const token = await tokenFor(sb, 'mf');
    const r = await callMethod(sb, 'mf', 'CheckClientBenefits', token, { ...t1, clientCode: found.clientCode }).expect(503);
    expect(r.body).toMatchObject({ errorCode: 6, message: APPENDIX7[6] });
  });
});
