// The cash-software API in the public record's shape (FES-PUBLIC-RECORD.md): the eight operations, V1
// and V2, every refusal of issue #14's "Bad input" list (nothing reserved, nothing changed), the
// retry rule. Expected values are typed from the record and the demo world (docs/fes.md), not computed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { CARD_LOW_CAP, CARD_NO_CERTS, CARD_TWO_CERTS, FesClient, article, full, HEARING_KIND, panHash, startFesSandbox, WHEELCHAIR_KIND, type BasketAnswer } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const WHEELCHAIR = '300126010.00000000100000000000';
const HEARING_AID = '300127020.00000000200000000000';
const UNCOVERED = '300999010.00000000100000000000';
const WHEELCHAIR_CERT = '907581400329309796796000000001';
const HEARING_CERT = '907581400329309796796000000002';
const PAR = 'V0010013816180398947921706135';
const OK = { code: 0, description: 'OK' };

it('takes the fixture values as the record gives them', () => {
  expect([full(WHEELCHAIR_KIND), full(HEARING_KIND)]).toEqual([WHEELCHAIR, HEARING_AID]);
  // the card as the terminal names it: `printf 2200123456789019 | sha256sum`
  expect(panHash(CARD_TWO_CERTS)).toBe('c448a0d753437b069fc7481637eba7412b081e650f1007589d5e2f92cad17e1f');
});

async function paidPurchase(c: FesClient, pan = CARD_TWO_CERTS, items = [{ truCode: WHEELCHAIR, count: 2, price: 4_000_000 }]) {
  const pre = await c.preAuth(pan, items);
  expect(pre.body.result).toEqual(OK);
  const basket = pre.body.basket as BasketAnswer;
  await c.pay(basket, pan).expect(200);
  return basket;
}

describe('FES-14: operation 2, Pre-Auth of a purchase', () => {
  it('answers result and basket { purchaseBasketId, totalCertAmount, article[].certificate[] } in kopecks', async () => {
    const c = new FesClient(sb, 'pr-purchase');
    const r = await c.preAuth(CARD_TWO_CERTS, [{ truCode: WHEELCHAIR, count: 1, price: 4_000_000 }, { truCode: UNCOVERED, count: 2, price: 150_050, articleCode: undefined }]);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      result: OK,
      basket: {
        purchaseBasketId: expect.stringMatching(/^\d{24}$/),
        totalCertAmount: 4_000_000,
        article: [
          { articleNumber: 1, articleCode: 'ART-1', truCode: WHEELCHAIR, count: 1, price: 4_000_000, certificate: [{ certificateId: WHEELCHAIR_CERT, certCount: 1, certPrice: 4_000_000, certMaxPrice: 5_000_000 }] },
          { articleNumber: 2, truCode: UNCOVERED, count: 2, price: 150_050, certificate: [] },
        ],
      },
    });
  });

  it('FES-19: certificateLastNumbers pays an item from that certificate only', async () => {
    const c = new FesClient(sb, 'pr-last-numbers');
    await c.post('/control/v1/certificates', { certificateId: '907581400329309796796000000777', pan: CARD_TWO_CERTS, truKinds: [WHEELCHAIR_KIND], quantity: 1, maxUnitPrice: 100 }).expect(201);
    const chosen = await c.preAuth(CARD_TWO_CERTS, [{ truCode: WHEELCHAIR, price: 4_000_000, additionalInfo: [{ code: 'certificateLastNumbers', value: '000777' }] }]);
    expect(chosen.body.basket.article[0].certificate).toEqual([{ certificateId: '907581400329309796796000000777', certCount: 1, certPrice: 100, certMaxPrice: 100 }]);
    const any = await c.preAuth(CARD_TWO_CERTS, [{ truCode: WHEELCHAIR, price: 4_000_000 }]);
    expect(any.body.basket.article[0].certificate[0].certificateId).toBe(WHEELCHAIR_CERT);
  });
});

describe('FES-13: the request id', () => {
  it('a retry with the same id and body gets the same answer and reserves nothing more; another body with that id is refused', async () => {
    const c = new FesClient(sb, 'pr-retry');
    const body = { requestId: '3f1c2b9e-7a4d-4e21-9c0b-5d8e6f7a1b2c', panHash: panHash(CARD_TWO_CERTS), items: [article(1, { truCode: HEARING_AID, count: 1, price: 1_000_000 })] };
    const first = await c.call('/api/v1/preauth/purchase', body);
    // a retry is signed anew: a second later, so that it is not the same MAC (a replay) however fast the first came back
    const again = await c.call('/api/v1/preauth/purchase', body, { at: (await c.now()) + 1_000 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await c.get(`/control/v1/certificates/${HEARING_CERT}`)).body.balance).toMatchObject({ reserved: 1 });
    const other = await c.call('/api/v1/preauth/purchase', { ...body, items: [article(1, { truCode: HEARING_AID, count: 2, price: 1_000_000 })] });
    expect(other.status).toBe(409);
    expect(other.body.result).toEqual({ code: 320, description: expect.stringContaining('3f1c2b9e-7a4d-4e21-9c0b-5d8e6f7a1b2c') });
    expect(other.body.result.description).toContain('/requestId');
    expect((await c.get(`/control/v1/certificates/${HEARING_CERT}`)).body.balance).toMatchObject({ reserved: 1 });
  });
});

describe('Bad input (issue #14): each refused with a non-zero result.code naming the field, what was expected and what came; nothing changed', () => {
  const items = [{ truCode: WHEELCHAIR, count: 1, price: 4_000_000 }];
  type Case = [title: string, path: string, body: (c: FesClient, basket: BasketAnswer) => unknown, field: string, came: string, v2?: boolean];
  const cases: Case[] = [
    ['a non-UUID request id', '/api/v1/echo', () => ({ requestId: 'req-1' }), '/requestId', '"req-1"'],
    ['V2 without PAR', '/api/v1/preauth/purchase', () => ({ panHash: panHash(CARD_TWO_CERTS), items: [article(1, items[0]!)] }), '/par', 'none', true],
    ['a price that is not whole kopecks', '/api/v1/preauth/purchase', () => ({ panHash: panHash(CARD_TWO_CERTS), items: [article(1, { ...items[0]!, price: 4_000_000.5 })] }), '/items/0/price', '4000000.5'],
    ['an articleNumber out of range', '/api/v1/preauth/purchase', () => ({ panHash: panHash(CARD_TWO_CERTS), items: [article(1000, items[0]!)] }), '/items/0/articleNumber', '1000'],
    ['an articleNumber repeated', '/api/v1/preauth/purchase', () => ({ panHash: panHash(CARD_TWO_CERTS), items: [article(3, items[0]!), article(3, { truCode: HEARING_AID })] }), '/items/1/articleNumber', '3'],
    ['a return item without originalArticleNumber', '/api/v1/preauth/return', (_c, b) => ({ purchaseBasketId: b.purchaseBasketId, panHash: panHash(CARD_TWO_CERTS), items: [article(1, items[0]!)] }), 'originalArticleNumber', 'nothing'],
    ['a TRU code of the wrong shape', '/api/v1/preauth/purchase', () => ({ panHash: panHash(CARD_TWO_CERTS), items: [article(1, { ...items[0]!, truCode: '300126010.000000001' })] }), '/items/0/truCode', '"300126010.000000001"'],
    ['certificateLastNumbers not 6 digits', '/api/v1/preauth/purchase', () => ({ panHash: panHash(CARD_TWO_CERTS), items: [article(1, { ...items[0]!, additionalInfo: [{ code: 'certificateLastNumbers', value: '12345' }] })] }), '/items/0/additionalInfo/0/value', '"12345"'],
    ['certificateLastNumbers matching no certificate', '/api/v1/preauth/purchase', () => ({ panHash: panHash(CARD_TWO_CERTS), items: [article(1, { ...items[0]!, additionalInfo: [{ code: 'certificateLastNumbers', value: '999999' }] })] }), '/items/0/additionalInfo/0/value', '"999999"'],
    ['a receipt date-time in the other version\'s format', '/api/v1/receipts', (_c, b) => receipt(b, { dateTime: '20261203T1015' }), '/dateTime', '"20261203T1015"'],
    ['a sum that is not "0.00" text', '/api/v1/receipts', (_c, b) => receipt(b, { certAmount: 8_000_000 }), '/certAmount', '8000000'],
    ['a sum that is not the certificate part', '/api/v1/receipts', (_c, b) => receipt(b, { certAmount: '80000.01' }), '/certAmount', '"80000.01"'],
  ];
  for (const [title, path, body, field, came, v2] of cases) {
    it(title, async () => {
      const c = new FesClient(sb, `pr-bad-${title.replace(/\W+/g, '-').slice(0, 40)}`);
      const basket = await paidPurchase(c);
      if (v2) await c.setVersion(2);
      const before = await c.businessState();
      const r = await c.call(path, body(c, basket));
      expect(r.body.result.code).toBeGreaterThan(0);
      expect(r.body.result.description).toContain(field);
      expect(r.body.result.description).toMatch(/expected/i);
      expect(r.body.result.description).toContain(`came ${came}`);
      const after = await c.businessState();
      expect(after).toEqual(v2 ? { ...before } : before);
    });
  }
});

function receipt(b: BasketAnswer, over: Record<string, unknown> = {}) {
  return {
    basketId: b.purchaseBasketId ?? b.returnBasketId, fiscalDriveNumber: '9960440503123456', fiscalDocumentNumber: '1234', fiscalSign: '2851790457',
    certAmount: '80000.00', dateTime: '202612031015', settlementType: 1, settlementPlace: 'г. Москва, ул. Примерная, д. 1', ...over,
  };
}

describe('FES-12, FES-16, FES-17: fiscal receipt data', () => {
  it('a sale receipt is checked against its basket, a resend answered again, conflicting data refused; the basket is found by ФН/ФД/ФП', async () => {
    const c = new FesClient(sb, 'pr-receipt');
    const basket = await paidPurchase(c);
    expect((await c.call('/api/v1/receipts', receipt(basket))).body).toEqual({ result: OK });
    // a late resend from the queue, a day later
    await c.admin.advanceClock('1d');
    expect((await c.call('/api/v1/receipts', receipt(basket))).body).toEqual({ result: OK });
    const conflicting = await c.call('/api/v1/receipts', receipt(basket, { fiscalSign: '1111111111' }));
    expect(conflicting.body.result).toMatchObject({ code: 444, description: expect.stringContaining('fiscalSign') });
    const second = await c.call('/api/v1/receipts', receipt(basket, { fiscalDocumentNumber: '1235' }));
    expect(second.body.result).toMatchObject({ code: 444, description: expect.stringContaining('correction') });
    const wrongType = await c.call('/api/v1/receipts', receipt(basket, { fiscalDocumentNumber: '1236', settlementType: 3 }));
    expect(wrongType.body.result).toMatchObject({ code: 446, description: expect.stringContaining('/settlementType') });
    const correction = await c.call('/api/v1/receipts', receipt(basket, { fiscalDocumentNumber: '1237', certAmount: '1000.00', correction: true }));
    expect(correction.body).toEqual({ result: OK });

    const found = await c.call('/api/v1/baskets/by-receipt', { fiscalDriveNumber: '9960440503123456', fiscalDocumentNumber: '1234', fiscalSign: '2851790457' });
    expect(found.body).toEqual({ result: OK, purchaseBasketId: basket.purchaseBasketId });
    const wrongSign = await c.call('/api/v1/baskets/by-receipt', { fiscalDriveNumber: '9960440503123456', fiscalDocumentNumber: '1234', fiscalSign: '2851790458' });
    expect(wrongSign.body.result.code).toBe(447);
    const contents = await c.call('/api/v1/baskets/purchase', { purchaseBasketId: basket.purchaseBasketId });
    expect(contents.body).toEqual({ result: OK, basket });
  });

  it('a refund receipt names the return basket with settlement type 2', async () => {
    const c = new FesClient(sb, 'pr-refund-receipt');
    const purchase = await paidPurchase(c);
    const ret = await c.call('/api/v1/preauth/return', { purchaseBasketId: purchase.purchaseBasketId, panHash: panHash(CARD_TWO_CERTS), items: [{ articleNumber: 1, originalArticleNumber: 1, truCode: WHEELCHAIR, count: 1, price: 4_000_000 }] });
    const returned = ret.body.basket as BasketAnswer;
    await c.refund(returned, CARD_TWO_CERTS).expect(200);
    const asSale = await c.call('/api/v1/receipts', receipt(returned, { certAmount: '40000.00' }));
    expect(asSale.body.result).toMatchObject({ code: 446, description: expect.stringContaining('expected 2 (sale return)') });
    expect((await c.call('/api/v1/receipts', receipt(returned, { certAmount: '40000.00', settlementType: 2 }))).body).toEqual({ result: OK });
  });
});

describe('FES-15: protocol V1/V2 per касса', () => {
  it('V2 needs the PAR on every call naming a card and the receipt date-time as yyyyMMdd\'T\'HHmm; V1 the other format', async () => {
    const c = new FesClient(sb, 'pr-v2');
    expect((await c.call('/api/v1/echo', {})).body).toMatchObject({ result: OK, protocolVersion: 1 });
    await c.setVersion(2);
    expect((await c.call('/api/v1/echo', {})).body).toMatchObject({ result: OK, protocolVersion: 2 });
    const items = [article(1, { truCode: WHEELCHAIR, count: 1, price: 4_000_000 })];
    for (const [path, body] of [
      ['/api/v1/preauth/purchase', { panHash: panHash(CARD_TWO_CERTS), items }],
      ['/api/v1/certificates', { panHash: panHash(CARD_TWO_CERTS) }],
      ['/api/v1/baskets', { truCode: WHEELCHAIR, panHash: panHash(CARD_TWO_CERTS) }],
    ] as const) {
      const r = await c.call(path, body);
      expect(r.body.result, path).toMatchObject({ code: 321, description: expect.stringContaining('/par') });
    }
    const pre = await c.call('/api/v1/preauth/purchase', { panHash: panHash(CARD_TWO_CERTS), par: PAR, items });
    expect(pre.body.result).toEqual(OK);
    await c.pay(pre.body.basket, CARD_TWO_CERTS).expect(200);
    const v1Time = await c.call('/api/v1/receipts', receipt(pre.body.basket, { certAmount: '40000.00' }));
    expect(v1Time.body.result).toMatchObject({ code: 445, description: expect.stringContaining("yyyyMMdd'T'HHmm") });
    expect((await c.call('/api/v1/receipts', receipt(pre.body.basket, { certAmount: '40000.00', dateTime: '20261203T1015' }))).body).toEqual({ result: OK });
  });
});

describe('FES-18: a card\'s certificates and the merchant\'s baskets', () => {
  it('lists certificates with balances and limits per TRU code, and the paid baskets holding a TRU code', async () => {
    const c = new FesClient(sb, 'pr-lists');
    const basket = await paidPurchase(c, CARD_TWO_CERTS, [{ truCode: WHEELCHAIR, count: 1, price: 4_000_000 }]);
    const certs = await c.call('/api/v1/certificates', { panHash: panHash(CARD_TWO_CERTS) });
    expect(certs.body.result).toEqual(OK);
    expect(certs.body.certificates).toEqual([
      {
        id: WHEELCHAIR_CERT, comment: 'Электронный сертификат', type: 'TRU_QUANTITY', balanceCount: 1, balanceMoney: 5_000_000, limitMoney: 5_000_000,
        startDate: expect.any(String), expiryDate: expect.any(String),
        tru: [{ truCode: WHEELCHAIR_KIND, balanceCount: 1, balanceMoney: 5_000_000, limitMoney: 5_000_000 }],
      },
      {
        id: HEARING_CERT, comment: 'Электронный сертификат', type: 'TRU_QUANTITY', balanceCount: 4, balanceMoney: 6_000_000, limitMoney: 1_500_000,
        startDate: expect.any(String), expiryDate: expect.any(String),
        tru: [{ truCode: HEARING_KIND, balanceCount: 4, balanceMoney: 6_000_000, limitMoney: 1_500_000 }],
      },
    ]);
    expect((await c.call('/api/v1/certificates', { panHash: panHash(CARD_NO_CERTS) })).body).toEqual({ result: OK, certificates: [] });
    const baskets = await c.call('/api/v1/baskets', { truCode: WHEELCHAIR, panHash: panHash(CARD_TWO_CERTS) });
    expect(baskets.body).toEqual({ result: OK, baskets: [{ basketId: basket.purchaseBasketId, authDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }] });
    expect((await c.call('/api/v1/baskets', { truCode: HEARING_AID, panHash: panHash(CARD_TWO_CERTS) })).body.baskets).toEqual([]);
  });
});

describe('FES-10, FES-19: returns', () => {
  const returnOf = (b: BasketAnswer, over: Record<string, unknown> = {}, item: Record<string, unknown> = {}) => ({
    purchaseBasketId: b.purchaseBasketId, panHash: panHash(CARD_TWO_CERTS),
    items: [{ articleNumber: 1, originalArticleNumber: 1, truCode: WHEELCHAIR, count: 1, price: 4_000_000, ...item }], ...over,
  });

  it('a return basket answers returnBasketId and the certificate part, article by originalArticleNumber', async () => {
    const c = new FesClient(sb, 'pr-return');
    const purchase = await paidPurchase(c);
    const r = await c.call('/api/v1/preauth/return', returnOf(purchase));
    expect(r.body).toEqual({
      result: OK,
      basket: {
        returnBasketId: expect.stringMatching(/^\d{24}$/), totalCertAmount: 4_000_000,
        article: [{ articleNumber: 1, articleCode: undefined, originalArticleNumber: 1, truCode: WHEELCHAIR, count: 1, price: 4_000_000, certificate: [{ certificateId: WHEELCHAIR_CERT, certCount: 1, certPrice: 4_000_000, certMaxPrice: 5_000_000 }] }],
      },
    });
  });

  it('without the card only on the operating day of the purchase (Moscow time)', async () => {
    const c = new FesClient(sb, 'pr-return-no-card');
    // 20:30 UTC is 23:30 in Moscow: the operating day ends in 30 minutes
    const now = await c.now();
    const evening = new Date(now);
    evening.setUTCHours(20, 30, 0, 0);
    await c.admin.setClock(new Date(evening.getTime() + (evening.getTime() <= now ? 86_400_000 : 0)).toISOString());
    const purchase = await paidPurchase(c);
    const sameDay = await c.call('/api/v1/preauth/return', returnOf(purchase, { panHash: undefined }));
    expect(sameDay.body.result).toEqual(OK);
    await c.admin.advanceClock('40m'); // 00:10 in Moscow, still 21:10 UTC the same UTC day
    const nextDay = await c.call('/api/v1/preauth/return', returnOf(purchase, { panHash: undefined }));
    expect(nextDay.body.result).toMatchObject({ code: 437, description: expect.stringContaining('/panHash') });
    expect((await c.call('/api/v1/preauth/return', returnOf(purchase))).body.result).toEqual(OK);
  });

  it('the five refusals are distinct: basket, article, TRU code, too many, already refunded', async () => {
    const c = new FesClient(sb, 'pr-return-refusals');
    const purchase = await paidPurchase(c);
    const codes = [
      (await c.call('/api/v1/preauth/return', returnOf(purchase, { purchaseBasketId: '000000000000000000000001' }))).body.result.code,
      (await c.call('/api/v1/preauth/return', returnOf(purchase, {}, { originalArticleNumber: 7 }))).body.result.code,
      (await c.call('/api/v1/preauth/return', returnOf(purchase, {}, { truCode: HEARING_AID }))).body.result.code,
      (await c.call('/api/v1/preauth/return', returnOf(purchase, {}, { count: 3 }))).body.result.code,
    ];
    expect((await c.call('/api/v1/preauth/return', returnOf(purchase, {}, { count: 2 }))).body.result).toEqual(OK);
    codes.push((await c.call('/api/v1/preauth/return', returnOf(purchase))).body.result.code);
    expect(codes).toEqual([430, 431, 432, 433, 434]);
  });

  it('a low-cap card: the certificate part is what the certificate paid', async () => {
    const c = new FesClient(sb, 'pr-return-low-cap');
    const pre = await c.preAuth(CARD_LOW_CAP, [{ truCode: WHEELCHAIR, count: 1, price: 1_500_000 }]);
    expect(pre.body.basket.totalCertAmount).toBe(1_000_000);
    await c.pay(pre.body.basket, CARD_LOW_CAP).expect(200);
    const r = await c.call('/api/v1/preauth/return', { purchaseBasketId: pre.body.basket.purchaseBasketId, panHash: panHash(CARD_LOW_CAP), items: [{ articleNumber: 1, originalArticleNumber: 1, truCode: WHEELCHAIR, count: 1, price: 1_500_000 }] });
    expect(r.body.basket.totalCertAmount).toBe(1_000_000);
    const refund = await c.refund(r.body.basket, CARD_LOW_CAP).expect(200);
    expect(refund.body).toMatchObject({ result: OK, certificateAmount: 1_000_000, ownFundsAmount: 500_000, operationStatus: 0 });
  });
});
