// The cash-software API (tag "Протокол ФЭС НСПК v1"): echo, Pre-Auth of a purchase basket (with
// certificate reservation), its cancellation, refund Pre-Auth and receipt data. Every operation is
// signed (auth.ts); handlers check everything first and change state only when the answer is 000.
import { describeTruProblem, truKindOf } from '../../src/data/tru.js';
import type { Problem } from '../../src/engine/errors.js';
import type { Call, Operation } from '../../src/engine/simulator.js';
import type { FesCaller } from './auth.js';
import { panHashOf, type CardInput } from './control.js';
import { APPROVED, FesErrors } from './errors.js';
import { PRODUCTION_TEST_TRU, magicCardOf } from './protocol.js';
import {
  availableQuantity, basketExpiry, closeUnpaid, isValidAt, newBasketId, newId, scheduleExpiry,
  type BasketItem, type Certificate, type Coverage, type FesState, type PurchaseBasket, type Receipt, type ReturnBasket, type ReturnItem,
} from './state.js';

const TAG = 'Протокол ФЭС НСПК v1 (modeled)';
const AUTH_ERRORS = {
  400: { description: 'Malformed request, missing or malformed auth header, bad TRU code', schema: 'fes/error' },
  401: { description: 'Unknown or revoked API KEY, unknown касса, bad MAC, stale timestamp, replay', schema: 'fes/error' },
  403: { description: 'Blocked API KEY, касса, point or merchant, or point not activated', schema: 'fes/error' },
};

const caller = (call: Call<FesState>) => call.auth as FesCaller;

interface ItemInput { itemNumber: number; truCode: string; articleCode: string; name: string; quantity: number; unitPrice: number }

/** TRU-01 and item-number uniqueness, naming the item at fault. */
function checkItems(items: Array<{ itemNumber: number; truCode: string }>): void {
  const seen = new Set<number>();
  items.forEach((item, i) => {
    const problem = describeTruProblem(item.truCode, 'full');
    if (problem) {
      const pointer = `/items/${i}/truCode`;
      const detail: Problem = { pointer, in: 'body', message: problem, expected: 'NNNNNNNNN.NNNNNNNNNYYYYMMMMZZZ (30 characters)', received: item.truCode };
      throw FesErrors.TRU_INVALID({ itemNumber: item.itemNumber, pointer, problem }, [detail]);
    }
    if (seen.has(item.itemNumber)) throw FesErrors.DUPLICATE_ITEM_NUMBER({ itemNumber: item.itemNumber });
    seen.add(item.itemNumber);
  });
}

/**
 * FES-07/08: per item, the card's certificates naming its kind, valid now, with quantity left (net of
 * what earlier items of this basket took), earliest expiry first; each unit compensated up to the
 * certificate's unit cap.
 */
function coverItems(certs: Certificate[], items: ItemInput[], now: number): Array<{ item: ItemInput; coverage: Coverage[] }> {
  const taken: Record<string, number> = {};
  const usable = certs.filter((c) => isValidAt(c, now)).sort((a, b) => a.validTo.localeCompare(b.validTo) || a.id.localeCompare(b.id));
  return items.map((item) => {
    let remaining = item.quantity;
    const coverage: Coverage[] = [];
    for (const cert of usable) {
      if (remaining === 0) break;
      if (!cert.truKinds.includes(truKindOf(item.truCode))) continue;
      const quantity = Math.min(remaining, availableQuantity(cert, now) - (taken[cert.id] ?? 0));
      if (quantity <= 0) continue;
      taken[cert.id] = (taken[cert.id] ?? 0) + quantity;
      remaining -= quantity;
      coverage.push({
        certificateId: cert.id, quantity, returned: 0,
        compensationAvailablePerUnit: cert.maxUnitPrice,
        compensationAppliedPerUnit: Math.min(item.unitPrice, cert.maxUnitPrice),
      });
    }
    return { item, coverage };
  });
}

/** Why nothing was covered, certificate by certificate, so the tester knows what to change. */
function noCoverageReasons(certs: Certificate[], items: ItemInput[], now: number): string {
  if (certs.length === 0) return ': the card holds no certificates';
  const kinds = new Set(items.map((i) => truKindOf(i.truCode)));
  const reasons = certs.map((c) => {
    if (Date.parse(c.validTo) < now) return `${c.id} expired ${c.validTo}`;
    if (Date.parse(c.validFrom) > now) return `${c.id} is valid from ${c.validFrom}`;
    if (!c.truKinds.some((k) => kinds.has(k))) return `${c.id} covers ${c.truKinds.join(', ')}, not ${[...kinds].join(', ')}`;
    return `${c.id} has no quantity left (${c.reserved} reserved, ${c.used} used)`;
  });
  return `: ${reasons.join('; ')}`;
}

const itemCertAmount = (item: BasketItem) => item.certificates.reduce((n, c) => n + c.quantity * c.compensationAppliedPerUnit, 0);

const purchaseView = (b: PurchaseBasket) => ({
  ...APPROVED,
  purchaseBasketId: b.id,
  expiresAt: new Date(b.expiresAt).toISOString(),
  productionTest: b.productionTest,
  totalAmount: b.totalAmount,
  totalCertAmount: b.totalCertAmount,
  totalOwnFundsAmount: b.totalAmount - b.totalCertAmount,
  items: b.items.map((i) => ({
    itemNumber: i.itemNumber, truCode: i.truCode, quantity: i.quantity, unitPrice: i.unitPrice, certAmount: itemCertAmount(i),
    certificates: i.certificates.map(({ certificateId, quantity, compensationAvailablePerUnit, compensationAppliedPerUnit }) =>
      ({ certificateId, quantity, compensationAvailablePerUnit, compensationAppliedPerUnit })),
  })),
});

/** A basket of another merchant is as unknown to this caller as one that never existed. */
function ownPurchaseBasket(state: FesState, who: FesCaller, basketId: string): PurchaseBasket | undefined {
  const b = state.purchaseBaskets[basketId];
  return b && b.merchantId === who.merchant.id ? b : undefined;
}

function preAuthPurchase(call: Call<FesState>) {
  const { state, ctx } = call;
  const who = caller(call);
  const { card, items } = call.body as { card: CardInput; items: ItemInput[] };
  const now = ctx.clock.now();
  checkItems(items);
  const panHash = panHashOf(card);
  const magic = magicCardOf(panHash);
  if (magic === 'cardBlocked') throw FesErrors.CARD_BLOCKED();
  if (magic === 'processingUnavailable') throw FesErrors.PROCESSING_UNAVAILABLE();
  if (magic === 'registryTimeout') throw FesErrors.REGISTRY_TIMEOUT();

  // §4.6: a basket holding the production-test TRU completes with any Mir card and covers nothing.
  const productionTest = items.some((i) => i.truCode === PRODUCTION_TEST_TRU);
  const certs = (state.cards[panHash]?.certificateIds ?? []).map((id) => state.certificates[id]!);
  const covered = productionTest ? items.map((item) => ({ item, coverage: [] as Coverage[] })) : coverItems(certs, items, now);
  if (!productionTest && covered.every((c) => c.coverage.length === 0)) throw FesErrors.NO_COVERAGE({ reasons: noCoverageReasons(certs, items, now) });

  const basketItems: BasketItem[] = covered.map(({ item, coverage }) => ({ ...item, certificates: coverage, ownFundsReturned: 0 }));
  const basket: PurchaseBasket = {
    id: newBasketId(state, ctx.random),
    merchantId: who.merchant.id, pointId: who.point.id, cashRegisterId: who.cashRegister.id, panHash,
    items: basketItems,
    totalAmount: items.reduce((n, i) => n + i.quantity * i.unitPrice, 0),
    totalCertAmount: basketItems.reduce((n, i) => n + itemCertAmount(i), 0),
    productionTest, status: 'APPROVED', createdAt: now, expiresAt: basketExpiry(now), receiptIds: [],
  };
  for (const { coverage } of covered) for (const c of coverage) state.certificates[c.certificateId]!.reserved += c.quantity;
  state.purchaseBaskets[basket.id] = basket;
  scheduleExpiry(state, basket.id, basket.expiresAt);
  return { body: purchaseView(basket) };
}

function cancelPurchase(call: Call<FesState>) {
  const { state } = call;
  const { purchaseBasketId } = call.body as { purchaseBasketId: string };
  const basket = ownPurchaseBasket(state, caller(call), purchaseBasketId);
  if (!basket) throw FesErrors.BASKET_NOT_FOUND({ basketId: purchaseBasketId });
  if (basket.status === 'EXPIRED') throw FesErrors.BASKET_EXPIRED({ basketId: basket.id, expiresAt: new Date(basket.expiresAt).toISOString() });
  if (basket.status !== 'APPROVED') throw FesErrors.BASKET_NOT_OPEN({ basketId: basket.id, status: basket.status, action: 'cancelled' });
  closeUnpaid(state, basket, 'CANCELLED');
  return { body: { ...APPROVED, purchaseBasketId: basket.id, status: basket.status } };
}

interface ReturnItemInput { itemNumber: number; purchaseItemNumber: number; truCode: string; quantity: number }

/** FES-11: certificate units go back first (in coverage order), then own-funds units. */
function splitReturn(bought: BasketItem, quantity: number): Pick<ReturnItem, 'certificates' | 'ownFundsQuantity'> {
  let left = quantity;
  const certificates: ReturnItem['certificates'] = [];
  for (const cov of bought.certificates) {
    const q = Math.min(left, cov.quantity - cov.returned);
    if (q > 0) certificates.push({ certificateId: cov.certificateId, quantity: q, compensationAppliedPerUnit: cov.compensationAppliedPerUnit });
    left -= Math.max(q, 0);
  }
  return { certificates, ownFundsQuantity: left };
}

function preAuthReturn(call: Call<FesState>) {
  const { state, ctx } = call;
  const who = caller(call);
  const { purchaseBasketId, card, items } = call.body as { purchaseBasketId: string; card: CardInput; items: ReturnItemInput[] };
  const now = ctx.clock.now();
  const purchase = ownPurchaseBasket(state, who, purchaseBasketId);
  if (!purchase) throw FesErrors.RETURN_BASKET_NOT_FOUND({ basketId: purchaseBasketId });
  if (purchase.status !== 'PAID') throw FesErrors.RETURN_BASKET_NOT_PAID({ basketId: purchase.id, status: purchase.status });
  if (panHashOf(card) !== purchase.panHash) throw FesErrors.CARD_MISMATCH({ basketId: purchase.id });
  checkItems(items);

  const requested = new Map<number, number>();
  for (const item of items) {
    const bought = purchase.items.find((i) => i.itemNumber === item.purchaseItemNumber);
    if (!bought) throw FesErrors.RETURN_ITEM_NOT_FOUND({ itemNumber: item.purchaseItemNumber, basketId: purchase.id });
    if (bought.truCode !== item.truCode) throw FesErrors.RETURN_TRU_MISMATCH({ itemNumber: item.purchaseItemNumber, truCode: item.truCode, expected: bought.truCode });
    const total = (requested.get(bought.itemNumber) ?? 0) + item.quantity;
    requested.set(bought.itemNumber, total);
    const held = bought.ownFundsReturned + bought.certificates.reduce((n, c) => n + c.returned, 0);
    const returnable = bought.quantity - held;
    if (returnable === 0) throw FesErrors.RETURN_ALREADY_REFUNDED({ itemNumber: bought.itemNumber, purchased: bought.quantity });
    if (total > returnable) throw FesErrors.RETURN_TOO_MANY({ itemNumber: bought.itemNumber, requested: total, purchased: bought.quantity, returnable });
  }

  const returnItems: ReturnItem[] = items.map((item) => {
    const bought = purchase.items.find((i) => i.itemNumber === item.purchaseItemNumber)!;
    const split = splitReturn(bought, item.quantity);
    bought.ownFundsReturned += split.ownFundsQuantity;
    for (const part of split.certificates) bought.certificates.find((c) => c.certificateId === part.certificateId)!.returned += part.quantity;
    return { itemNumber: item.itemNumber, purchaseItemNumber: item.purchaseItemNumber, truCode: item.truCode, quantity: item.quantity, unitPrice: bought.unitPrice, ...split };
  });
  const ret: ReturnBasket = {
    id: newBasketId(state, ctx.random),
    purchaseBasketId: purchase.id, cashRegisterId: who.cashRegister.id, panHash: purchase.panHash,
    items: returnItems,
    totalAmount: returnItems.reduce((n, i) => n + i.quantity * i.unitPrice, 0),
    totalCertAmount: returnItems.reduce((n, i) => n + i.certificates.reduce((m, c) => m + c.quantity * c.compensationAppliedPerUnit, 0), 0),
    status: 'APPROVED', createdAt: now, expiresAt: basketExpiry(now), receiptIds: [],
  };
  state.returnBaskets[ret.id] = ret;
  scheduleExpiry(state, ret.id, ret.expiresAt);
  return {
    body: {
      ...APPROVED, returnBasketId: ret.id, purchaseBasketId: purchase.id, expiresAt: new Date(ret.expiresAt).toISOString(),
      totalAmount: ret.totalAmount, totalCertAmount: ret.totalCertAmount, totalOwnFundsAmount: ret.totalAmount - ret.totalCertAmount,
      items: returnItems.map((i) => ({
        itemNumber: i.itemNumber, purchaseItemNumber: i.purchaseItemNumber, truCode: i.truCode, quantity: i.quantity,
        certificates: i.certificates, ownFundsQuantity: i.ownFundsQuantity,
      })),
    },
  };
}

// --- receipts (FES-12) --------------------------------------------------------------------------------

interface ReceiptItemInput { itemNumber: number; truCode: string; quantity: number; unitPrice: number; amount: number }
interface ReceiptInput {
  receiptType: Receipt['receiptType'];
  basketId: string;
  fiscalDocumentNumber: string;
  fiscalSign: string;
  dateTime: string;
  items: ReceiptItemInput[];
  total: number;
  certAmount: number;
}

/** The receipt's own arithmetic: each amount is quantity × price, the total their sum. */
function checkReceiptSums(r: ReceiptInput): void {
  r.items.forEach((item, i) => {
    if (item.amount !== item.quantity * item.unitPrice) {
      throw FesErrors.RECEIPT_SUM_MISMATCH({ problem: `items[${i}] (item ${item.itemNumber}): amount ${item.amount} ≠ quantity ${item.quantity} × unitPrice ${item.unitPrice}` });
    }
  });
  const sum = r.items.reduce((n, i) => n + i.amount, 0);
  if (sum !== r.total) throw FesErrors.RECEIPT_SUM_MISMATCH({ problem: `total ${r.total} ≠ sum of item amounts ${sum}` });
}

/** Sale and refund receipts list exactly the basket's items, with its quantities and prices. */
function checkReceiptMatches(r: ReceiptInput, basketId: string, expected: Array<{ itemNumber: number; truCode: string; quantity: number; unitPrice: number }>, total: number, certAmount: number): void {
  const mismatch = (problem: string) => FesErrors.RECEIPT_ITEMS_MISMATCH({ basketId, problem });
  if (r.items.length !== expected.length) throw mismatch(`the receipt has ${r.items.length} items, the basket ${expected.length}`);
  for (const item of r.items) {
    const want = expected.find((e) => e.itemNumber === item.itemNumber);
    if (!want) throw mismatch(`item ${item.itemNumber} is not in the basket`);
    for (const field of ['truCode', 'quantity', 'unitPrice'] as const) {
      if (item[field] !== want[field]) throw mismatch(`item ${item.itemNumber}: ${field} ${JSON.stringify(item[field])}, basket has ${JSON.stringify(want[field])}`);
    }
  }
  if (r.total !== total) throw FesErrors.RECEIPT_SUM_MISMATCH({ problem: `total ${r.total} ≠ basket total ${total}` });
  if (r.certAmount !== certAmount) throw FesErrors.RECEIPT_SUM_MISMATCH({ problem: `certAmount ${r.certAmount} ≠ amount paid by certificates ${certAmount}` });
}

function acceptReceipt(call: Call<FesState>) {
  const { state, ctx } = call;
  const who = caller(call);
  const r = call.body as ReceiptInput;
  checkItems(r.items);
  checkReceiptSums(r);
  const purchase = ownPurchaseBasket(state, who, r.basketId);
  const refundBasket = state.returnBaskets[r.basketId];
  const ret = refundBasket && state.purchaseBaskets[refundBasket.purchaseBasketId]!.merchantId === who.merchant.id ? refundBasket : undefined;
  if (!purchase && !ret) throw FesErrors.RECEIPT_BASKET_NOT_FOUND({ basketId: r.basketId });
  const wrongState = (needs: string, status: string) => FesErrors.RECEIPT_WRONG_BASKET_STATE({ receiptType: r.receiptType, needs, basketId: r.basketId, status });
  const existing = (ids: string[], type: Receipt['receiptType']) => ids.map((id) => state.receipts[id]!).find((x) => x.receiptType === type);

  let basketReceipts: string[];
  if (r.receiptType === 'REFUND') {
    if (!ret) throw wrongState('a refunded return basket (returnBasketId)', `a purchase basket (${purchase!.status})`);
    if (ret.status !== 'REFUNDED') throw wrongState('a refunded return basket', ret.status);
    const dup = existing(ret.receiptIds, 'REFUND');
    if (dup) throw FesErrors.RECEIPT_DUPLICATE({ receiptType: r.receiptType, basketId: ret.id, receiptId: dup.id });
    checkReceiptMatches(r, ret.id, ret.items, ret.totalAmount, ret.totalCertAmount);
    basketReceipts = ret.receiptIds;
  } else {
    if (!purchase) throw wrongState('a paid purchase basket (purchaseBasketId)', 'a return basket');
    if (purchase.status !== 'PAID') throw wrongState('a paid purchase basket', purchase.status);
    const sale = existing(purchase.receiptIds, 'SALE');
    if (r.receiptType === 'SALE') {
      if (sale) throw FesErrors.RECEIPT_DUPLICATE({ receiptType: r.receiptType, basketId: purchase.id, receiptId: sale.id });
      checkReceiptMatches(r, purchase.id, purchase.items, purchase.totalAmount, purchase.totalCertAmount);
    } else {
      if (!sale) throw wrongState('a sale receipt to correct', 'without one');
      for (const item of r.items) {
        const bought = purchase.items.find((i) => i.itemNumber === item.itemNumber);
        if (!bought) throw FesErrors.RECEIPT_ITEMS_MISMATCH({ basketId: purchase.id, problem: `item ${item.itemNumber} is not in the basket` });
        if (bought.truCode !== item.truCode) throw FesErrors.RECEIPT_ITEMS_MISMATCH({ basketId: purchase.id, problem: `item ${item.itemNumber}: truCode ${item.truCode}, basket has ${bought.truCode}` });
      }
      if (r.certAmount > purchase.totalCertAmount) throw FesErrors.RECEIPT_SUM_MISMATCH({ problem: `certAmount ${r.certAmount} is more than certificates paid (${purchase.totalCertAmount})` });
    }
    basketReceipts = purchase.receiptIds;
  }

  const receipt: Receipt = {
    id: newId(ctx.random, [state.receipts], (rnd) => `RC-${Math.floor(rnd() * 1e15).toString().padStart(15, '0')}`),
    receiptType: r.receiptType, basketId: r.basketId, cashRegisterId: who.cashRegister.id,
    acceptedAt: ctx.clock.date().toISOString(), total: r.total, certAmount: r.certAmount,
  };
  state.receipts[receipt.id] = receipt;
  basketReceipts.push(receipt.id);
  return { status: 201, body: { ...APPROVED, receiptId: receipt.id, receiptType: receipt.receiptType, basketId: receipt.basketId, acceptedAt: receipt.acceptedAt } };
}

export const apiOperations: Array<Operation<FesState>> = [
  {
    id: 'echo', method: 'post', path: '/api/v1/echo', tag: TAG, auth: 'fes-mac',
    summary: 'echo: checks the касса configuration and the connection (FES-01)',
    request: { body: 'fes/echo.request' },
    responses: { 200: { description: 'The касса is configured correctly', schema: 'fes/echo.response' }, ...AUTH_ERRORS },
    handle: (call) => {
      const who = caller(call);
      const { echoData } = call.body as { echoData?: string };
      return {
        body: {
          ...APPROVED, echoData, serverTime: call.ctx.clock.date().toISOString(),
          merchantId: who.merchant.id, pointId: who.point.id, cashRegisterId: who.cashRegister.id,
        },
      };
    },
  },
  {
    id: 'preAuthPurchase', method: 'post', path: '/api/v1/preauth/purchase', tag: TAG, auth: 'fes-mac',
    summary: 'preAuthPurchase: Pre-Auth of a basket (выверка корзины), FES-05…09',
    description: 'Answers a 24-digit purchaseBasketId living 30 minutes, the total covered by certificates and, per item, the covering certificates. The covered quantities are reserved until the basket is paid, cancelled or expires. A basket holding TRU 999999999.99999999900000000000 is the production test (§4.6).',
    request: { body: 'fes/preauth-purchase.request' },
    responses: {
      200: { description: 'Basket approved', schema: 'fes/preauth-purchase.response' }, ...AUTH_ERRORS,
      422: { description: 'Card blocked or no certificate covers the basket', schema: 'fes/error' },
      503: { description: 'Processing unavailable (magic card)', schema: 'fes/error' }, 504: { description: 'Registry timeout (magic card)', schema: 'fes/error' },
    },
    handle: preAuthPurchase,
  },
  {
    id: 'preAuthCancel', method: 'post', path: '/api/v1/preauth/cancel', tag: TAG, auth: 'fes-mac',
    summary: 'Cancel an approved, unpaid purchase basket: its reservations are released (modeled)',
    request: { body: 'fes/preauth-cancel.request' },
    responses: {
      200: { description: 'Basket cancelled', schema: 'fes/preauth-cancel.response' }, ...AUTH_ERRORS,
      404: { description: 'Unknown basket', schema: 'fes/error' }, 409: { description: 'Basket not APPROVED', schema: 'fes/error' }, 410: { description: 'Basket expired', schema: 'fes/error' },
    },
    handle: cancelPurchase,
  },
  {
    id: 'preAuthReturn', method: 'post', path: '/api/v1/preauth/return', tag: TAG, auth: 'fes-mac',
    summary: 'preAuthReturn: refund Pre-Auth against a paid purchase basket (FES-10, FES-11)',
    description: 'Answers a returnBasketId and the certificate part of the refund (certificate units are returned first). Pay it back with POST /fes/terminal/v1/refunds.',
    request: { body: 'fes/preauth-return.request' },
    responses: {
      200: { description: 'Return approved', schema: 'fes/preauth-return.response' }, ...AUTH_ERRORS,
      404: { description: 'Purchase basket not found', schema: 'fes/error' }, 409: { description: 'Already refunded, or basket not paid', schema: 'fes/error' },
      422: { description: 'Item not found, TRU mismatch, too many, card mismatch', schema: 'fes/error' },
    },
    handle: preAuthReturn,
  },
  {
    id: 'receipt', method: 'post', path: '/api/v1/receipts', tag: TAG, auth: 'fes-mac',
    summary: 'Receipt data for a sale, refund or correction, checked against its basket (FES-12, modeled)',
    request: { body: 'fes/receipt.request' },
    responses: {
      201: { description: 'Receipt accepted', schema: 'fes/receipt.response' }, ...AUTH_ERRORS,
      404: { description: 'Basket not found', schema: 'fes/error' }, 409: { description: 'Basket in the wrong state, or duplicate receipt', schema: 'fes/error' },
      422: { description: 'Items or sums do not match', schema: 'fes/error' },
    },
    handle: acceptReceipt,
  },
];
