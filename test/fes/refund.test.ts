// Refund Pre-Auth (FES-10) and where refunded money goes (FES-11), through the virtual terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { CARD_LOW_CAP, CARD_TWO_CERTS, FesClient, HEARING_KIND, WHEELCHAIR_KIND, full, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const WHEELCHAIR = full(WHEELCHAIR_KIND);
const WHEELCHAIR_CERT = 'ES-DEMO-0000000000000001';

/** Paid basket: 3 wheelchairs at 40 000 ₽, 2 covered by the certificate (cap 50 000 ₽), 1 own funds; 1 hearing aid. */
async function paidBasket(c: FesClient) {
  const pre = await c.preAuth({ pan: CARD_TWO_CERTS }, [
    { truCode: WHEELCHAIR, quantity: 3, unitPrice: 4_000_000 },
    { truCode: full(HEARING_KIND), quantity: 1, unitPrice: 900_000 },
  ]);
  expect(pre.body.totalCertAmount).toBe(8_900_000);
  await c.pay(pre.body.purchaseBasketId, CARD_TWO_CERTS).expect(200);
  return pre.body.purchaseBasketId as string;
}

const returnItems = (...items: Array<[purchaseItemNumber: number, truCode: string, quantity: number]>) =>
  items.map(([purchaseItemNumber, truCode, quantity], i) => ({ itemNumber: i + 1, purchaseItemNumber, truCode, quantity }));

describe('refund Pre-Auth', () => {
  it('FES-10: answers a return basket id and the certificate part for items of a paid basket', async () => {
    const c = new FesClient(sb, 'fes10');
    const purchaseBasketId = await paidBasket(c);
    const r = await c.call('/api/v1/preauth/return', { purchaseBasketId, card: { pan: CARD_TWO_CERTS }, items: returnItems([2, full(HEARING_KIND), 1]) });
    expect(r.status).toBe(200);
    expect(r.body.returnBasketId).toMatch(/^\d{24}$/);
    expect(r.body.returnBasketId).not.toBe(purchaseBasketId);
    expect(r.body).toMatchObject({ responseCode: '000', purchaseBasketId, totalAmount: 900_000, totalCertAmount: 900_000, totalOwnFundsAmount: 0 });
  });

  it('FES-10: unknown basket, unknown item, wrong TRU, too many and already refunded are refused distinctly; nothing changes', async () => {
    const c = new FesClient(sb, 'fes10r');
    const purchaseBasketId = await paidBasket(c);
    const card = { pan: CARD_TWO_CERTS };
    const ask = (body: object) => c.call('/api/v1/preauth/return', { purchaseBasketId, card, ...body });
    const before = await c.businessState();

    const unknownBasket = await ask({ purchaseBasketId: '999999999999999999999999', items: returnItems([1, WHEELCHAIR, 1]) });
    expect([unknownBasket.status, unknownBasket.body.responseCode]).toEqual([404, '430']);
    const unknownItem = await ask({ items: returnItems([7, WHEELCHAIR, 1]) });
    expect([unknownItem.status, unknownItem.body.responseCode]).toEqual([422, '431']);
    const wrongTru = await ask({ items: returnItems([1, full(HEARING_KIND), 1]) });
    expect([wrongTru.status, wrongTru.body.responseCode]).toEqual([422, '432']);
    expect(wrongTru.body.responseMessage).toContain(WHEELCHAIR);
    const tooMany = await ask({ items: returnItems([1, WHEELCHAIR, 2], [1, WHEELCHAIR, 2]) });
    expect([tooMany.status, tooMany.body.responseCode]).toEqual([422, '433']);
    expect(tooMany.body.responseMessage).toMatch(/4 to return, but the approved basket holds 3/);
    const otherCard = await ask({ card: { pan: CARD_LOW_CAP }, items: returnItems([1, WHEELCHAIR, 1]) });
    expect(otherCard.body.responseCode).toBe('436');
    expect(await c.businessState()).toEqual(before);

    await ask({ items: returnItems([1, WHEELCHAIR, 3]) }).then((r) => expect(r.status).toBe(200));
    const already = await ask({ items: returnItems([1, WHEELCHAIR, 1]) });
    expect([already.status, already.body.responseCode]).toEqual([409, '434']);

    const unpaid = await c.preAuth({ pan: CARD_TWO_CERTS }, [{ truCode: full(HEARING_KIND) }]);
    const notPaid = await c.call('/api/v1/preauth/return', { purchaseBasketId: unpaid.body.purchaseBasketId, card, items: returnItems([1, full(HEARING_KIND), 1]) });
    expect([notPaid.status, notPaid.body.responseCode]).toEqual([409, '435']);
  });

  it('FES-11: certificate units are returned first, then own funds; money goes back to the certificate after Treasury processing', async () => {
    const c = new FesClient(sb, 'fes11');
    const purchaseBasketId = await paidBasket(c);
    const card = { pan: CARD_TWO_CERTS };
    expect((await c.get(`/control/v1/certificates/${WHEELCHAIR_CERT}`)).body.balance).toMatchObject({ used: 2, quantityLeft: 0 });

    const first = await c.call('/api/v1/preauth/return', { purchaseBasketId, card, items: returnItems([1, WHEELCHAIR, 1]) });
    expect(first.body).toMatchObject({ totalCertAmount: 4_000_000, totalOwnFundsAmount: 0 });
    expect(first.body.items[0]).toMatchObject({ ownFundsQuantity: 0, certificates: [{ certificateId: WHEELCHAIR_CERT, quantity: 1, compensationAppliedPerUnit: 4_000_000 }] });
    const second = await c.call('/api/v1/preauth/return', { purchaseBasketId, card, items: returnItems([1, WHEELCHAIR, 2]) });
    expect(second.body).toMatchObject({ totalAmount: 8_000_000, totalCertAmount: 4_000_000, totalOwnFundsAmount: 4_000_000 });

    const refunded = await c.post('/terminal/v1/refunds', { returnBasketId: first.body.returnBasketId, card }).expect(200);
    expect(refunded.body).toMatchObject({ responseCode: '000', certAmount: 4_000_000, ownFundsAmount: 0 });
    expect(Date.parse(refunded.body.certificatesUsableFrom) - Date.parse(refunded.body.refundedAt)).toBe(24 * 3_600_000);
    await c.post('/terminal/v1/refunds', { returnBasketId: first.body.returnBasketId, card }).expect(409);

    const processing = (await c.get(`/control/v1/certificates/${WHEELCHAIR_CERT}`)).body.balance;
    expect(processing).toMatchObject({ used: 1, awaitingTreasury: 1, quantityLeft: 0 });
    const tooEarly = await c.preAuth(card, [{ truCode: WHEELCHAIR, quantity: 1, unitPrice: 100 }]);
    expect(tooEarly.body.responseCode).toBe('410');

    await c.admin.advanceClock('1d');
    expect((await c.get(`/control/v1/certificates/${WHEELCHAIR_CERT}`)).body.balance).toMatchObject({ used: 1, awaitingTreasury: 0, quantityLeft: 1 });
    // the second return basket expired meanwhile (30 minutes): its units are returnable again
    const third = await c.call('/api/v1/preauth/return', { purchaseBasketId, card, items: returnItems([1, WHEELCHAIR, 2]) });
    expect(third.body).toMatchObject({ totalCertAmount: 4_000_000, totalOwnFundsAmount: 4_000_000 });
    await c.post('/terminal/v1/refunds', { returnBasketId: second.body.returnBasketId, card }).expect(410);
    expect((await c.preAuth(card, [{ truCode: WHEELCHAIR, quantity: 1, unitPrice: 100 }])).status).toBe(200);
  });
});
