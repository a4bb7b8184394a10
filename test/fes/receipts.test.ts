// Receipt data (FES-12): sale, refund and correction receipts, checked against their basket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { CARD_TWO_CERTS, FesClient, HEARING_KIND, WHEELCHAIR_KIND, full, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const WHEELCHAIR = full(WHEELCHAIR_KIND);
const HEARING = full(HEARING_KIND);
const fiscal = { fiscalDocumentNumber: '1234', fiscalSign: '987654321', dateTime: '2026-11-22T10:00:00Z' };

async function paid(c: FesClient) {
  const pre = await c.preAuth({ pan: CARD_TWO_CERTS }, [
    { truCode: WHEELCHAIR, quantity: 1, unitPrice: 6_000_000 },
    { truCode: HEARING, quantity: 2, unitPrice: 1_000_000 },
  ]);
  await c.pay(pre.body.purchaseBasketId, CARD_TWO_CERTS).expect(200);
  return pre.body as { purchaseBasketId: string; totalAmount: number; totalCertAmount: number };
}

const saleItems = [
  { itemNumber: 1, truCode: WHEELCHAIR, quantity: 1, unitPrice: 6_000_000, amount: 6_000_000 },
  { itemNumber: 2, truCode: HEARING, quantity: 2, unitPrice: 1_000_000, amount: 2_000_000 },
];

describe('receipts', () => {
  it('FES-12: a sale receipt matching its paid basket is accepted once', async () => {
    const c = new FesClient(sb, 'fes12s');
    const b = await paid(c);
    expect(b.totalCertAmount).toBe(7_000_000);
    const receipt = { receiptType: 'SALE', basketId: b.purchaseBasketId, ...fiscal, items: saleItems, total: 8_000_000, certAmount: 7_000_000 };
    const r = await c.call('/api/v1/receipts', receipt);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ responseCode: '000', receiptType: 'SALE', basketId: b.purchaseBasketId, receiptId: expect.stringMatching(/^RC-/) });
    const dup = await c.call('/api/v1/receipts', receipt);
    expect([dup.status, dup.body.responseCode]).toEqual([409, '444']);
  });

  it('FES-12: mismatching items, sums, unknown or unpaid baskets are refused clearly; nothing is recorded', async () => {
    const c = new FesClient(sb, 'fes12m');
    const b = await paid(c);
    const base = { receiptType: 'SALE', basketId: b.purchaseBasketId, ...fiscal, items: saleItems, total: 8_000_000, certAmount: 7_000_000 };
    const send = (patch: object) => c.call('/api/v1/receipts', { ...base, ...patch });
    const before = await c.businessState();

    const unknown = await send({ basketId: '111111111111111111111111' });
    expect([unknown.status, unknown.body.responseCode]).toEqual([404, '440']);
    const wrongQty = await send({ items: [saleItems[0], { ...saleItems[1], quantity: 3, amount: 3_000_000 }], total: 9_000_000 });
    expect([wrongQty.status, wrongQty.body.responseCode]).toEqual([422, '441']);
    expect(wrongQty.body.responseMessage).toMatch(/item 2: quantity 3, basket has 2/);
    const missing = await send({ items: [saleItems[0]], total: 6_000_000 });
    expect(missing.body.responseMessage).toMatch(/1 items, the basket 2/);
    const badAmount = await send({ items: [saleItems[0], { ...saleItems[1], amount: 1 }] });
    expect([badAmount.status, badAmount.body.responseCode]).toEqual([422, '442']);
    expect(badAmount.body.responseMessage).toMatch(/amount 1 ≠ quantity 2 × unitPrice 1000000/);
    const badTotal = await send({ total: 7_999_999 });
    expect(badTotal.body.responseMessage).toMatch(/total 7999999 ≠ sum of item amounts 8000000/);
    const badCert = await send({ certAmount: 8_000_000 });
    expect(badCert.body.responseMessage).toMatch(/certAmount 8000000 ≠ amount paid by certificates 7000000/);
    const badTru = await send({ items: [{ ...saleItems[0], truCode: '1.2' }, saleItems[1]] });
    expect([badTru.status, badTru.body.responseCode]).toEqual([400, '310']);

    const unpaid = await c.preAuth({ pan: CARD_TWO_CERTS }, [{ truCode: HEARING, quantity: 1, unitPrice: 1_000_000 }]);
    const notPaid = await send({ basketId: unpaid.body.purchaseBasketId, items: [{ ...saleItems[1], itemNumber: 1, quantity: 1, amount: 1_000_000 }], total: 1_000_000, certAmount: 1_000_000 });
    expect([notPaid.status, notPaid.body.responseCode]).toEqual([409, '443']);
    const correctionFirst = await send({ receiptType: 'CORRECTION' });
    expect(correctionFirst.body).toMatchObject({ responseCode: '443', responseMessage: expect.stringContaining('sale receipt to correct') });

    const after = await c.businessState();
    expect(after.receipts).toEqual(before.receipts);
    expect(after.purchaseBaskets[b.purchaseBasketId]).toEqual(before.purchaseBaskets[b.purchaseBasketId]);
  });

  it('FES-12: refund and correction receipts are checked against the return basket and the sale', async () => {
    const c = new FesClient(sb, 'fes12r');
    const b = await paid(c);
    await c.call('/api/v1/receipts', { receiptType: 'SALE', basketId: b.purchaseBasketId, ...fiscal, items: saleItems, total: 8_000_000, certAmount: 7_000_000 }).then((r) => expect(r.status).toBe(201));
    const correction = await c.call('/api/v1/receipts', { receiptType: 'CORRECTION', basketId: b.purchaseBasketId, ...fiscal, items: [saleItems[1]], total: 2_000_000, certAmount: 2_000_000 });
    expect(correction.status).toBe(201);

    const ret = await c.call('/api/v1/preauth/return', { purchaseBasketId: b.purchaseBasketId, card: { pan: CARD_TWO_CERTS }, items: [{ itemNumber: 1, purchaseItemNumber: 2, truCode: HEARING, quantity: 1 }] });
    const refundReceipt = { receiptType: 'REFUND', basketId: ret.body.returnBasketId, ...fiscal, items: [{ itemNumber: 1, truCode: HEARING, quantity: 1, unitPrice: 1_000_000, amount: 1_000_000 }], total: 1_000_000, certAmount: 1_000_000 };
    const early = await c.call('/api/v1/receipts', refundReceipt);
    expect(early.body).toMatchObject({ responseCode: '443', responseMessage: expect.stringContaining('APPROVED') });
    await c.post('/terminal/v1/refunds', { returnBasketId: ret.body.returnBasketId, card: { pan: CARD_TWO_CERTS } }).expect(200);
    const wrongKind = await c.call('/api/v1/receipts', { ...refundReceipt, basketId: b.purchaseBasketId });
    expect(wrongKind.body).toMatchObject({ responseCode: '443', responseMessage: expect.stringContaining('return basket') });
    expect((await c.call('/api/v1/receipts', refundReceipt)).status).toBe(201);
  });
});
