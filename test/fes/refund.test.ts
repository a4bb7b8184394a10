// Refund Pre-Auth (FES-10) and where refunded money goes (FES-11), through the virtual terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { CARD_LOW_CAP, CARD_TWO_CERTS, FesClient, HEARING_KIND, WHEELCHAIR_KIND, full, panHash, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const WHEELCHAIR = full(WHEELCHAIR_KIND);
const WHEELCHAIR_CERT = '907581400329309796796000000001';

/** Paid basket: 3 wheelchairs at 40 000 ₽, 2 covered by the certificate (cap 50 000 ₽), 1 own funds; 1 hearing aid. */
async function paidBasket(c: FesClient) {
  const pre = await c.preAuth(CARD_TWO_CERTS, [
    { truCode: WHEELCHAIR, count: 3, price: 4_000_000 },
    { truCode: full(HEARING_KIND), count: 1, price: 900_000 },
  ]);
  expect(pre.body.basket.totalCertAmount).toBe(8_900_000);
  await c.pay(pre.body.basket, CARD_TWO_CERTS).expect(200);
  return pre.body.basket.purchaseBasketId as string;
}

const returnItems = (...items: Array<[originalArticleNumber: number, truCode: string, count: number]>) =>
  items.map(([originalArticleNumber, truCode, count], i) => ({ articleNumber: i + 1, originalArticleNumber, truCode, count, price: 1 }));
const card = panHash(CARD_TWO_CERTS);

describe('refund Pre-Auth', () => {
  it('FES-10: answers a return basket id and the certificate part for items of a paid basket', async () => {
    const c = new FesClient(sb, 'fes10');
    const purchaseBasketId = await paidBasket(c);
    const r = await c.call('/api/v1/preauth/return', { purchaseBasketId, panHash: card, items: returnItems([2, full(HEARING_KIND), 1]) });
    expect(r.status).toBe(200);
    expect(r.body.basket.returnBasketId).toMatch(/^\d{24}$/);
    expect(r.body.basket.returnBasketId).not.toBe(purchaseBasketId);
    expect(r.body).toMatchObject({ result: { code: 0 }, basket: { totalCertAmount: 900_000, article: [{ articleNumber: 1, originalArticleNumber: 2, price: 900_000 }] } });
  });

  it('FES-10: unknown basket, unknown item, wrong TRU, too many and already refunded are refused distinctly; nothing changes', async () => {
    const c = new FesClient(sb, 'fes10r');
    const purchaseBasketId = await paidBasket(c);
    const ask = (body: object) => c.call('/api/v1/preauth/return', { purchaseBasketId, panHash: card, ...body });
    const before = await c.businessState();

    const unknownBasket = await ask({ purchaseBasketId: '999999999999999999999999', items: returnItems([1, WHEELCHAIR, 1]) });
    expect([unknownBasket.status, unknownBasket.body.result.code]).toEqual([404, 430]);
    const unknownItem = await ask({ items: returnItems([7, WHEELCHAIR, 1]) });
    expect([unknownItem.status, unknownItem.body.result.code]).toEqual([422, 431]);
    const wrongTru = await ask({ items: returnItems([1, full(HEARING_KIND), 1]) });
    expect([wrongTru.status, wrongTru.body.result.code]).toEqual([422, 432]);
    expect(wrongTru.body.result.description).toContain(WHEELCHAIR);
    const tooMany = await ask({ items: returnItems([1, WHEELCHAIR, 2], [1, WHEELCHAIR, 2]) });
    expect([tooMany.status, tooMany.body.result.code]).toEqual([422, 433]);
    expect(tooMany.body.result.description).toMatch(/4 to return, but the approved basket holds 3/);
    const otherCard = await ask({ panHash: panHash(CARD_LOW_CAP), items: returnItems([1, WHEELCHAIR, 1]) });
    expect(otherCard.body.result.code).toBe(436);
    expect(await c.businessState()).toEqual(before);

    await ask({ items: returnItems([1, WHEELCHAIR, 3]) }).then((r) => expect(r.status).toBe(200));
    const already = await ask({ items: returnItems([1, WHEELCHAIR, 1]) });
    expect([already.status, already.body.result.code]).toEqual([409, 434]);

    const unpaid = await c.preAuth(CARD_TWO_CERTS, [{ truCode: full(HEARING_KIND) }]);
    const notPaid = await c.call('/api/v1/preauth/return', { purchaseBasketId: unpaid.body.basket.purchaseBasketId, panHash: card, items: returnItems([1, full(HEARING_KIND), 1]) });
    expect([notPaid.status, notPaid.body.result.code]).toEqual([409, 435]);
  });

  it('FES-11: certificate units are returned first, then own funds; money goes back to the certificate after Treasury processing', async () => {
    const c = new FesClient(sb, 'fes11');
    const purchaseBasketId = await paidBasket(c);
    expect((await c.get(`/control/v1/certificates/${WHEELCHAIR_CERT}`)).body.balance).toMatchObject({ used: 2, quantityLeft: 0 });

    const first = await c.call('/api/v1/preauth/return', { purchaseBasketId, panHash: card, items: returnItems([1, WHEELCHAIR, 1]) });
    expect(first.body.basket).toMatchObject({ totalCertAmount: 4_000_000, article: [{ count: 1, price: 4_000_000, certificate: [{ certificateId: WHEELCHAIR_CERT, certCount: 1, certPrice: 4_000_000 }] }] });
    const second = await c.call('/api/v1/preauth/return', { purchaseBasketId, panHash: card, items: returnItems([1, WHEELCHAIR, 2]) });
    expect(second.body.basket).toMatchObject({ totalCertAmount: 4_000_000, article: [{ count: 2, certificate: [{ certCount: 1 }] }] });

    const refunded = await c.refund(first.body.basket, CARD_TWO_CERTS).expect(200);
    expect(refunded.body).toMatchObject({ result: { code: 0 }, certificateAmount: 4_000_000, ownFundsAmount: 0, operationStatus: 0 });
    expect(Date.parse(refunded.body.certificatesUsableFrom) - Date.parse(refunded.body.refundedAt)).toBe(24 * 3_600_000);
    await c.refund(first.body.basket, CARD_TWO_CERTS).expect(409);

    const processing = (await c.get(`/control/v1/certificates/${WHEELCHAIR_CERT}`)).body.balance;
    expect(processing).toMatchObject({ used: 1, awaitingTreasury: 1, quantityLeft: 0 });
    const tooEarly = await c.preAuth(CARD_TWO_CERTS, [{ truCode: WHEELCHAIR, count: 1, price: 100 }]);
    expect(tooEarly.body.result.code).toBe(410);

    await c.admin.advanceClock('1d');
    expect((await c.get(`/control/v1/certificates/${WHEELCHAIR_CERT}`)).body.balance).toMatchObject({ used: 1, awaitingTreasury: 0, quantityLeft: 1 });
    // the second return basket expired meanwhile (30 minutes): its units are returnable again
    const third = await c.call('/api/v1/preauth/return', { purchaseBasketId, panHash: card, items: returnItems([1, WHEELCHAIR, 2]) });
    expect(third.body.basket).toMatchObject({ totalCertAmount: 4_000_000 });
    await c.refund(second.body.basket, CARD_TWO_CERTS).expect(410);
    expect((await c.preAuth(CARD_TWO_CERTS, [{ truCode: WHEELCHAIR, count: 1, price: 100 }])).status).toBe(200);
  });
});
