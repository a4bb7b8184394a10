// The lifecycle in seed 000's order (§3.4.7, §3.4.8, §4.6) and the terminal in the driver standard's
// terms (FES-20): echo and the production test before activation, certificate Pre-Auths only after;
// the production test's response code (513, a setting) and the event GIS ES hears; operation status 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { CARD_NO_CERTS, CARD_OWN_FUNDS_DECLINED, FesClient, registerStandalone, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const WHEELCHAIR = '300126010.00000000100000000000';
const PRODUCTION_TEST = '999999999.99999999900000000000';

describe('FES-04, FES-06: the lifecycle order', () => {
  it('before activation: echo and the production test work, a certificate Pre-Auth is refused with its own code, other calls with the point\'s; after activation all work', async () => {
    const c = new FesClient(sb, 'life-order');
    const { merchantId, pointId, credentials } = await registerStandalone(c, { activate: false });
    c.credentials = credentials;
    expect((await c.call('/api/v1/echo', { echoData: 'Тест 1С' })).body).toMatchObject({ result: { code: 0 }, echoData: 'Тест 1С' });

    const certificatePreAuth = await c.preAuth(CARD_NO_CERTS, [{ truCode: WHEELCHAIR }]);
    expect(certificatePreAuth.status).toBe(403);
    expect(certificatePreAuth.body.result).toMatchObject({ code: 116, description: expect.stringContaining('not activated') });
    expect((await c.call('/api/v1/certificates', { panHash: 'a'.repeat(64) })).body.result.code).toBe(113);

    const test = await c.preAuth(CARD_NO_CERTS, [{ truCode: PRODUCTION_TEST, price: 100 }]);
    expect(test.body).toMatchObject({ result: { code: 0 }, basket: { totalCertAmount: 0, article: [{ truCode: PRODUCTION_TEST, certificate: [] }] } });
    const declined = await c.pay(test.body.basket, CARD_NO_CERTS);
    expect(declined.status).toBe(402);
    expect(declined.body.result).toMatchObject({ code: 513 });
    const state = await c.state();
    expect(state.payments).toEqual([]);
    expect(state.cashRegisters[credentials.cashRegisterId]!.productionTestPassedAt).toEqual(expect.any(String));

    await c.signInNspk();
    await c.post(`/lk/v1/merchants/${merchantId}/points/${pointId}/activate`, {}).expect(200);
    const after = await c.preAuth(CARD_NO_CERTS, [{ truCode: WHEELCHAIR }]);
    expect(after.body.result.code).toBe(410); // served now: this card simply holds no certificate
  });

  it('the production test\'s response code is a setting (seed 000 §4.6, footnote 3)', async () => {
    const other = await startSandbox({ simulators: ['fes'], validateResponses: true, simulatorOptions: { fes: { productionTestResponseCode: 116 } } });
    try {
      const c = new FesClient(other, 'life-setting');
      const test = await c.preAuth(CARD_NO_CERTS, [{ truCode: PRODUCTION_TEST, price: 100 }]);
      const declined = await c.pay(test.body.basket, CARD_NO_CERTS);
      expect(declined.body.result).toMatchObject({ code: 116 });
    } finally {
      await other.stop();
    }
    await expect(startSandbox({ simulators: ['fes'], simulatorOptions: { fes: { productionTestResponseCode: 'x' } } })).rejects.toThrow(/productionTestResponseCode/);
  });
});

describe('FES-20: the terminal in the driver standard\'s terms', () => {
  it('operation status 0: basket id, amounts, RRN, authorization code, slip', async () => {
    const c = new FesClient(sb, 'term-ok');
    const pre = await c.preAuth(CARD_OWN_FUNDS_DECLINED, [{ truCode: WHEELCHAIR, count: 1, price: 1_000_000 }]);
    const r = await c.pay(pre.body.basket, CARD_OWN_FUNDS_DECLINED).expect(200);
    expect(r.body).toEqual({
      result: { code: 0, description: 'OK' }, basketId: pre.body.basket.purchaseBasketId, certificateAmount: 1_000_000, ownFundsAmount: 0,
      cardNumber: '220000******0046', rrn: '000000000001', authorizationCode: '000001', slip: expect.stringContaining('СЕРТИФИКАТОМ 10000.00'),
      operationStatus: 0, paidAt: expect.any(String),
    });
  });

  it('operation status 1: the own-funds part failed, the certificate part went through (magic card)', async () => {
    const c = new FesClient(sb, 'term-partial');
    const pre = await c.preAuth(CARD_OWN_FUNDS_DECLINED, [{ truCode: WHEELCHAIR, count: 1, price: 1_500_000 }]);
    expect(pre.body.basket.totalCertAmount).toBe(1_000_000);
    const r = await c.pay(pre.body.basket, CARD_OWN_FUNDS_DECLINED).expect(200);
    expect(r.body).toMatchObject({ result: { code: 0 }, certificateAmount: 1_000_000, ownFundsAmount: 0, operationStatus: 1, slip: expect.stringContaining('СОБСТВЕННЫЕ СРЕДСТВА: ОТКАЗ') });
    expect((await c.get('/control/v1/certificates/907581400329309796796000000004')).body.balance).toMatchObject({ used: 1, reserved: 0 });
  });

  it('amounts other than the basket\'s are refused naming the field', async () => {
    const c = new FesClient(sb, 'term-amounts');
    const pre = await c.preAuth(CARD_OWN_FUNDS_DECLINED, [{ truCode: WHEELCHAIR, count: 1, price: 1_500_000 }]);
    const r = await c.post('/terminal/v1/payments', { basketId: pre.body.basket.purchaseBasketId, cardNumber: CARD_OWN_FUNDS_DECLINED, certificateAmount: 1_500_000, ownFundsAmount: 0 });
    expect(r.status).toBe(422);
    expect(r.body.result).toEqual({ code: 524, description: expect.stringContaining('/certificateAmount: expected 1000000') });
  });
});
