// The production test of seed 000 §4.6 (FES-06), end to end as a vendor runs it: echo → Pre-Auth of a
// basket holding TRU 999999999.99999999900000000000 with any valid Mir card → terminal answers 513.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { PRODUCTION_TEST_TRU } from '../../simulators/fes/protocol.js';
import { CARD_NO_CERTS, CARD_TWO_CERTS, FesClient, HEARING_KIND, full, registerStandalone, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

describe('FES-06 production test', () => {
  it('FES-06: echo → Pre-Auth with the test TRU → terminal 513; nothing charged, no reservation left', async () => {
    const c = new FesClient(sb, 'fes06');
    expect((await c.call('/api/v1/echo', {})).body.responseCode).toBe('000');
    const certsBefore = (await c.state()).certificates;

    const pre = await c.preAuth({ pan: CARD_NO_CERTS }, [{ truCode: PRODUCTION_TEST_TRU, quantity: 1, unitPrice: 100 }]);
    expect(pre.status).toBe(200);
    expect(pre.body).toMatchObject({ responseCode: '000', productionTest: true, totalCertAmount: 0, totalAmount: 100 });
    expect(pre.body.purchaseBasketId).toMatch(/^\d{24}$/);

    const paid = await c.pay(pre.body.purchaseBasketId, CARD_NO_CERTS, 100);
    expect(paid.status).toBe(402);
    expect(paid.body).toMatchObject({ responseCode: '513', responseMessage: 'Insufficient funds / over credit limit' });

    const after = await c.state();
    expect(after.payments).toEqual([]);
    expect(after.certificates).toEqual(certsBefore);
    expect(after.purchaseBaskets[pre.body.purchaseBasketId]).toMatchObject({ status: 'APPROVED', productionTest: true });
    // The test can be repeated: the terminal keeps answering 513.
    expect((await c.pay(pre.body.purchaseBasketId, CARD_NO_CERTS)).body.responseCode).toBe('513');
  });

  it('FES-06: works with any valid Mir card, by PAN or by its hash, certificates or not, and reserves none', async () => {
    const c = new FesClient(sb, 'fes06b');
    const pre = await c.preAuth({ panHash: createHash('sha256').update(CARD_TWO_CERTS).digest('hex') }, [
      { truCode: full(HEARING_KIND), quantity: 1 }, { truCode: PRODUCTION_TEST_TRU, quantity: 1 },
    ]);
    expect(pre.body).toMatchObject({ productionTest: true, totalCertAmount: 0 });
    const cert = await c.get('/control/v1/certificates/ES-DEMO-0000000000000002').expect(200);
    expect(cert.body.balance).toMatchObject({ reserved: 0, quantityLeft: 4 });
    expect((await c.pay(pre.body.purchaseBasketId, CARD_TWO_CERTS)).body.responseCode).toBe('513');
    expect((await c.get('/control/v1/certificates/ES-DEMO-0000000000000002').expect(200)).body.balance).toMatchObject({ used: 0, reserved: 0 });
  });

  it('FES-06: the production test runs on a касса registered standalone through LK FES too (GIS ES absent)', async () => {
    const c = new FesClient(sb, 'fes06c');
    const { credentials } = await registerStandalone(c, { onlineShop: true });
    c.credentials = credentials;
    expect((await c.call('/api/v1/echo', {})).status).toBe(200);
    const pre = await c.preAuth({ pan: '2200000000000046' }, [{ truCode: PRODUCTION_TEST_TRU }]);
    expect((await c.pay(pre.body.purchaseBasketId, '2200000000000046')).body.responseCode).toBe('513');
  });

  it('the terminal checks the basket, the card and the amount before answering', async () => {
    const c = new FesClient(sb, 'terminal');
    expect((await c.pay('123456789012345678901234', CARD_NO_CERTS).expect(404)).body.responseCode).toBe('520');
    const pre = await c.preAuth({ pan: CARD_TWO_CERTS }, [{ truCode: full(HEARING_KIND), quantity: 1, unitPrice: 150_000 }]);
    expect((await c.pay(pre.body.purchaseBasketId, CARD_NO_CERTS).expect(422)).body.responseCode).toBe('523');
    expect((await c.pay(pre.body.purchaseBasketId, CARD_TWO_CERTS, 1).expect(422)).body.responseCode).toBe('524');
    const ok = await c.pay(pre.body.purchaseBasketId, CARD_TWO_CERTS, 150_000).expect(200);
    expect(ok.body).toMatchObject({ responseCode: '000', totalAmount: 150_000, certAmount: 150_000, ownFundsAmount: 0 });
    expect((await c.pay(pre.body.purchaseBasketId, CARD_TWO_CERTS).expect(409)).body.responseCode).toBe('522');
    const cert = await c.get('/control/v1/certificates/ES-DEMO-0000000000000002').expect(200);
    expect(cert.body.balance).toMatchObject({ used: 1, reserved: 0, quantityLeft: 3 });
    await c.post('/terminal/v1/payments', { purchaseBasketId: 'short', card: { pan: CARD_TWO_CERTS } }).expect(400);
  });
});
