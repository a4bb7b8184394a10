// The reference cash register and ticket system as a vendor would use them, straight against a sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceCashRegister, ReferenceTicketSystem } from '../../src/reference/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { DEMO as ECS_DEMO } from '../../simulators/ecs/demo.js';
import { DEMO as FES_DEMO } from '../../simulators/fes/protocol.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ validateResponses: true }); }, 30_000);
afterAll(() => sb?.stop());

describe('ReferenceCashRegister', () => {
  const register = (ns: string) => {
    const admin = sb.admin.forNamespace(ns);
    return {
      admin,
      till: new ReferenceCashRegister({
        baseUrl: admin.url('fes'), apiKey: FES_DEMO.apiKey, macKey: FES_DEMO.macKey, cashRegisterId: FES_DEMO.cashRegisterId,
        now: async () => Date.parse((await admin.clock()).now),
      }),
    };
  };

  it('FES-01, FES-05, FES-12: echo, Pre-Auth, terminal payment and the sale receipt, all accepted', async () => {
    const { till, admin } = register('ref-sale');
    expect((await till.echo()).body.result).toEqual({ code: 0, description: 'OK' });
    const card = { pan: FES_DEMO.cards[1].pan };
    const lines = [{ articleNumber: 1, truCode: '300126010.00000000100000000000', articleCode: 'KR-1', count: 1, price: 1_500_000 }];
    const { body } = await till.preAuthPurchase(card, lines);
    expect(body).toMatchObject({ result: { code: 0 }, basket: { totalCertAmount: 1_000_000 } });
    expect((await till.terminalPay(body.basket, card)).body).toMatchObject({ result: { code: 0 }, certificateAmount: 1_000_000, ownFundsAmount: 500_000, operationStatus: 0 });
    const fiscal = { fiscalDriveNumber: '9960440503123456', fiscalDocumentNumber: '1', fiscalSign: '1000001', at: Date.parse((await admin.clock()).now) };
    const receipt = await till.sendReceipt(body.basket.purchaseBasketId, body.basket.totalCertAmount, 1, fiscal);
    expect(receipt).toEqual({ status: 200, body: { result: { code: 0, description: 'OK' } } });
    const sent = (await admin.journal({ operation: 'sendReceipt' })).entries[0]!.requestBody as Record<string, unknown>;
    expect(sent).toMatchObject({ certAmount: '10000.00', settlementType: 1, dateTime: expect.stringMatching(/^\d{12}$/) });
  });

  it('FES-13: a safe retry repeats the request id and body and gets the same basket', async () => {
    const { till } = register('ref-retry');
    const card = { pan: FES_DEMO.cards[0].pan };
    const first = await till.preAuthPurchase(card, [{ articleNumber: 1, truCode: '300127020.00000000200000000000', count: 1, price: 1_000_000 }]);
    const again = await till.retryLast();
    expect(again.body).toEqual(first.body);
  });

  it('LKF-06, FES-03: after a MAC KEY regeneration it fails until reconfigured; a resent request is a replay', async () => {
    const { till, admin } = register('ref-keys');
    // the demo merchant's administrator (GIS ES's technical contact) signs in to LK FES and regenerates the key
    const login = await fetch(`${admin.url('fes')}/lk/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sb.demo('ref-keys').fes!.lkAdmin),
    });
    const { sessionToken } = await login.json() as { sessionToken: string };
    const regenerated = await fetch(`${admin.url('fes')}/lk/v1/cash-registers/${FES_DEMO.cashRegisterId}/mac-key/regenerate`, { method: 'POST', headers: { authorization: `Bearer ${sessionToken}` } });
    const { macKey } = await regenerated.json() as { macKey: string };
    expect((await till.echo()).body.result.code).toBe(108);
    till.reconfigure({ macKey });
    expect((await till.echo()).body.result.code).toBe(0);
    expect((await till.resendLast()).body.result.code).toBe(109);
  });

  it('treats a proxy\'s HTML error page as no answer', async () => {
    const { till, admin } = register('ref-html');
    await admin.addFault({ operation: 'fes.echo', kind: 'html', times: 1 });
    expect(await till.echo()).toEqual({ status: 502, body: { html: true } });
    expect((await till.retryLast()).body.result.code).toBe(0);
  });
});

describe('ReferenceTicketSystem', () => {
  const org = ECS_DEMO.organizations.type1;
  const system = (ns: string) => {
    const admin = sb.admin.forNamespace(ns);
    return {
      admin,
      tickets: new ReferenceTicketSystem({ baseUrl: admin.url('ecs'), clientId: org.clientId, clientSecret: org.clientSecret, now: async () => Date.parse((await admin.clock()).now) }),
    };
  };
  const holder = { clientCode: ECS_DEMO.holders.found.clientCode };

  it('ECS-01, ECS-03, ECS-06: one token serves several calls and is renewed once it runs out; a sale is checked and confirmed', async () => {
    const { tickets, admin } = system('ref-token');
    expect((await tickets.sellWithBenefit(org.services[0], org.terminals[0], holder)).status).toBe(200);
    expect((await tickets.getOrganizationServices()).body.totalItems).toBe(2);
    expect((await admin.journal({ operation: 'token' })).entries).toHaveLength(1);
    await admin.advanceClock('61m');
    expect((await tickets.checkClientBenefits({ serviceId: org.services[0], organizationTerminalId: org.terminals[0], ...holder })).status).toBe(200);
    expect((await admin.journal({ operation: 'token' })).entries).toHaveLength(2);
  });

  it('ECS-12: a request the bank leaves unanswered is retried once', async () => {
    const { tickets, admin } = system('ref-retry');
    await admin.addFault({ operation: 'ecs.CheckClientBenefits', kind: 'drop', times: 1 });
    const answer = await tickets.checkClientBenefits({ serviceId: org.services[0], organizationTerminalId: org.terminals[0], ...holder });
    expect(answer).toMatchObject({ status: 200, body: { resultCode: 1 } });
    const checks = (await admin.journal({ operation: 'CheckClientBenefits' })).entries;
    expect(checks.map((e) => e.errorCode ?? e.status)).toEqual(['FAULT_DROP', 200]);
  });
});
