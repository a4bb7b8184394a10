// The cash-software API in the shape of the public record (FES-PUBLIC-RECORD.md): the eight operations
// real cash software calls — echo, Pre-Auth of a purchase, Pre-Auth of a return, find a purchase basket
// by its fiscal receipt, send a fiscal receipt's data, get an original purchase basket, list a card's
// certificates, list the merchant's baskets for a TRU code and card — plus one sandbox helper (cancel),
// which the record does not show. Every call carries a UUID request id (a safe retry gets the same
// answer); the касса's protocol version (V1/V2) decides whether the card's PAR is required and the
// receipt's date-time format. Handlers check everything first and change state only when answering 0.
import { createHash } from 'node:crypto';
import { describeTruProblem, truKindOf } from '../../src/data/tru.js';
import { isPoligonError, type PoligonError, type Problem } from '../../src/engine/errors.js';
import type { Call, Operation, Reply } from '../../src/engine/simulator.js';
import type { FesCaller } from './auth.js';
import { FesErrors, OK } from './errors.js';
import { wireNamesOf, type WireNames } from './fields.js';
import { httpMethodOf, PROFILE_OPERATIONS, type FesProfile, type ProfileOperation } from './profile.js';
import {
  DEFAULT_PROTOCOL_VERSION, MAX_FISCAL_NUMBER, PRODUCTION_TEST_TRU, RECEIPT_DATE_TIME, SETTLEMENT_TYPE,
  kopecksToText, magicCardOf, operatingDayOf, type ProtocolVersion,
} from './protocol.js';
import {
  answeredRequest, availableQuantity, basketExpiry, closeUnpaid, isValidAt, newBasketId, rememberRequest, scheduleExpiry,
  type BasketItem, type Certificate, type Coverage, type FesState, type PurchaseBasket, type Receipt, type ReturnBasket, type ReturnItem,
} from './state.js';

const TAG = 'Протокол ФЭС НСПК (bodies: public record; transport: the FES profile)';
const HELPER_TAG = 'Sandbox helpers (not in the public record)';
const AUTH_ERRORS = {
  400: { description: 'Malformed request, missing or malformed auth header, a field of the wrong shape', schema: 'fes/refusal' },
  401: { description: 'Unknown or revoked API KEY, unknown касса, bad MAC, stale timestamp, replay', schema: 'fes/refusal' },
  403: { description: 'Blocked API KEY, касса, point or merchant, or point not activated', schema: 'fes/refusal' },
  409: { description: 'The request id was used for a different request', schema: 'fes/refusal' },
};

const caller = (call: Call<FesState>) => call.auth as FesCaller;
const versionOf = (who: FesCaller): ProtocolVersion => who.cashRegister.protocolVersion ?? DEFAULT_PROTOCOL_VERSION;
const iso = (ms: number) => new Date(ms).toISOString();

// --- every call ----------------------------------------------------------------------------------------

/** JSON with sorted keys: a retry that re-serializes the same body in another key order is the same body. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * FES-13 (modeled retry rule): the same request id with the same body is answered as the first time,
 * without doing anything again; with another body (or operation) it is refused. Only answers with code
 * 0 are kept: a refusal changed nothing, so its retry is judged anew.
 */
function withRequestId(operation: string, handle: (call: Call<FesState>) => Reply): (call: Call<FesState>) => Reply {
  return (call) => {
    const who = caller(call);
    const { requestId } = call.body as { requestId: string };
    const bodyHash = createHash('sha256').update(canonicalJson(call.body)).digest('hex');
    const prior = answeredRequest(call.state, who.cashRegister.id, requestId);
    if (prior) {
      if (prior.operation === operation && prior.bodyHash === bodyHash) return { status: prior.status, body: prior.body };
      throw FesErrors.REQUEST_ID_REUSED({ pointer: '/requestId', requestId, operation: prior.operation });
    }
    const reply = handle(call);
    rememberRequest(call.state, who.cashRegister.id, requestId, call.ctx.clock.now(), { operation, bodyHash, status: reply.status ?? 200, body: reply.body });
    return reply;
  };
}

/** FES-04: before activation only echo and the production test are served. */
function requireActivated(who: FesCaller): void {
  if (!who.activated) throw FesErrors.POINT_NOT_ACTIVATED({ pointId: who.point.id, since: who.point.activeFrom ? ` until ${who.point.activeFrom}` : '' });
}

/** FES-15: in V2 a call naming a card carries its PAR. */
function requirePar(who: FesCaller, par: string | undefined): void {
  if (versionOf(who) === 2 && par === undefined) throw FesErrors.PAR_REQUIRED({ pointer: '/par', cashRegisterId: who.cashRegister.id }, [{ pointer: '/par', in: 'body', message: 'is required in protocol V2', expected: 'the card\'s PAR (29 characters)', received: undefined }]);
}

// --- items ---------------------------------------------------------------------------------------------

interface AdditionalInfo { code: string; value: string }
interface ItemInput { articleNumber: number; articleCode?: string; truCode: string; count: number; price: number; additionalInfo?: AdditionalInfo[] }
interface ReturnItemInput extends ItemInput { originalArticleNumber: number }

const lastNumbersOf = (item: ItemInput): string | undefined => item.additionalInfo?.find((a) => a.code === 'certificateLastNumbers')?.value;

function checkTru(truCode: string, pointer: string): void {
  const problem = describeTruProblem(truCode, 'full');
  if (!problem) return;
  const expected = 'a full TRU code NNNNNNNNN.NNNNNNNNNYYYYMMMMZZZ (30 characters, only the first dot)';
  const detail: Problem = { pointer, in: 'body', message: problem, expected, received: truCode };
  throw FesErrors.TRU_INVALID({ pointer, expected, received: truCode, problem }, [detail]);
}

/** TRU-01 and articleNumber uniqueness, naming the item at fault. */
function checkItems(items: ItemInput[]): void {
  const seen = new Set<number>();
  items.forEach((item, i) => {
    checkTru(item.truCode, `/items/${i}/truCode`);
    if (seen.has(item.articleNumber)) throw FesErrors.DUPLICATE_ITEM_NUMBER({ pointer: `/items/${i}/articleNumber`, itemNumber: item.articleNumber });
    seen.add(item.articleNumber);
  });
}

/**
 * FES-07/08/19: per item, the card's certificates naming its kind, valid now, with quantity left (net
 * of what earlier items of this basket took), earliest expiry first — or only the one its
 * certificateLastNumbers names; each unit compensated up to the certificate's unit cap.
 */
function coverItems(certs: Certificate[], items: ItemInput[], now: number): Coverage[][] {
  const taken: Record<string, number> = {};
  const usable = certs.filter((c) => isValidAt(c, now)).sort((a, b) => a.validTo.localeCompare(b.validTo) || a.id.localeCompare(b.id));
  return items.map((item) => {
    const chosen = lastNumbersOf(item);
    let remaining = item.count;
    const coverage: Coverage[] = [];
    for (const cert of usable) {
      if (remaining === 0) break;
      if (chosen !== undefined && !cert.id.endsWith(chosen)) continue;
      if (!cert.truKinds.includes(truKindOf(item.truCode))) continue;
      const quantity = Math.min(remaining, availableQuantity(cert, now) - (taken[cert.id] ?? 0));
      if (quantity <= 0) continue;
      taken[cert.id] = (taken[cert.id] ?? 0) + quantity;
      remaining -= quantity;
      coverage.push({
        certificateId: cert.id, quantity, returned: 0,
        compensationAvailablePerUnit: cert.maxUnitPrice,
        compensationAppliedPerUnit: Math.min(item.price, cert.maxUnitPrice),
      });
    }
    return coverage;
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

// --- views (public record: basket.article[].certificate[]) ---------------------------------------------

const itemCertAmount = (item: BasketItem) => item.certificates.reduce((n, c) => n + c.quantity * c.compensationAppliedPerUnit, 0);

const articleView = (i: { itemNumber: number; articleCode?: string; truCode: string; quantity: number; unitPrice: number }, certificate: Array<{ certificateId: string; certCount: number; certPrice: number; certMaxPrice: number }>) => ({
  articleNumber: i.itemNumber, ...(i.articleCode === undefined ? {} : { articleCode: i.articleCode }), truCode: i.truCode, count: i.quantity, price: i.unitPrice, certificate,
});

const purchaseBasketView = (b: PurchaseBasket) => ({
  purchaseBasketId: b.id,
  totalCertAmount: b.totalCertAmount,
  article: b.items.map((i) => articleView(i, i.certificates.map((c) => ({
    certificateId: c.certificateId, certCount: c.quantity, certPrice: c.compensationAppliedPerUnit, certMaxPrice: c.compensationAvailablePerUnit,
  })))),
});

const returnBasketView = (state: FesState, r: ReturnBasket) => ({
  returnBasketId: r.id,
  totalCertAmount: r.totalCertAmount,
  article: r.items.map((i) => ({
    ...articleView(i, i.certificates.map((c) => ({
      certificateId: c.certificateId, certCount: c.quantity, certPrice: c.compensationAppliedPerUnit, certMaxPrice: state.certificates[c.certificateId]?.maxUnitPrice ?? c.compensationAppliedPerUnit,
    }))),
    originalArticleNumber: i.purchaseItemNumber,
  })),
});

/** A basket of another merchant is as unknown to this caller as one that never existed. */
function ownPurchaseBasket(state: FesState, who: FesCaller, basketId: string): PurchaseBasket | undefined {
  const b = state.purchaseBaskets[basketId];
  return b && b.merchantId === who.merchant.id ? b : undefined;
}

function ownReturnBasket(state: FesState, who: FesCaller, basketId: string): ReturnBasket | undefined {
  const r = state.returnBaskets[basketId];
  return r && state.purchaseBaskets[r.purchaseBasketId]?.merchantId === who.merchant.id ? r : undefined;
}

// --- 2. Pre-Auth of a purchase ---------------------------------------------------------------------------

function preAuthPurchase(call: Call<FesState>) {
  const { state, ctx } = call;
  const who = caller(call);
  const { panHash: sentHash, par, items } = call.body as { panHash: string; par?: string; items: ItemInput[] };
  const panHash = sentHash.toLowerCase();
  const now = ctx.clock.now();
  // §4.6: a basket holding the production-test TRU completes with any Mir card and covers nothing.
  const productionTest = items.some((i) => i.truCode === PRODUCTION_TEST_TRU);
  if (!productionTest && !who.activated) throw FesErrors.PREAUTH_BEFORE_ACTIVATION({ pointId: who.point.id, since: who.point.activeFrom ? ` until ${who.point.activeFrom}` : '' });
  requirePar(who, par);
  checkItems(items);
  const magic = magicCardOf(panHash);
  if (magic === 'cardBlocked') throw FesErrors.CARD_BLOCKED();
  if (magic === 'processingUnavailable') throw FesErrors.PROCESSING_UNAVAILABLE();
  if (magic === 'registryTimeout') throw FesErrors.REGISTRY_TIMEOUT();

  const certs = (state.cards[panHash]?.certificateIds ?? []).map((id) => state.certificates[id]!);
  items.forEach((item, i) => {
    const chosen = lastNumbersOf(item);
    if (chosen !== undefined && !certs.some((c) => c.id.endsWith(chosen))) {
      const pointer = `/items/${i}/additionalInfo/${item.additionalInfo!.findIndex((a) => a.code === 'certificateLastNumbers')}/value`;
      throw FesErrors.CERTIFICATE_LAST_NUMBERS_UNKNOWN({ pointer, value: chosen });
    }
  });
  const covered = productionTest ? items.map(() => [] as Coverage[]) : coverItems(certs, items, now);
  if (!productionTest && covered.every((c) => c.length === 0)) throw FesErrors.NO_COVERAGE({ reasons: noCoverageReasons(certs, items, now) });

  const basketItems: BasketItem[] = items.map((item, i) => ({
    itemNumber: item.articleNumber, truCode: item.truCode, ...(item.articleCode === undefined ? {} : { articleCode: item.articleCode }),
    quantity: item.count, unitPrice: item.price, certificates: covered[i]!, ownFundsReturned: 0,
  }));
  const basket: PurchaseBasket = {
    id: newBasketId(state, ctx.random),
    merchantId: who.merchant.id, pointId: who.point.id, cashRegisterId: who.cashRegister.id, panHash, ...(par === undefined ? {} : { par }),
    items: basketItems,
    totalAmount: items.reduce((n, i) => n + i.count * i.price, 0),
    totalCertAmount: basketItems.reduce((n, i) => n + itemCertAmount(i), 0),
    productionTest, status: 'APPROVED', createdAt: now, expiresAt: basketExpiry(now), receiptIds: [],
  };
  for (const coverage of covered) for (const c of coverage) state.certificates[c.certificateId]!.reserved += c.quantity;
  state.purchaseBaskets[basket.id] = basket;
  scheduleExpiry(state, basket.id, basket.expiresAt);
  return { body: { ...OK, basket: purchaseBasketView(basket) } };
}

function cancelPurchase(call: Call<FesState>) {
  const { state } = call;
  const who = caller(call);
  requireActivated(who);
  const { purchaseBasketId } = call.body as { purchaseBasketId: string };
  const basket = ownPurchaseBasket(state, who, purchaseBasketId);
  if (!basket) throw FesErrors.BASKET_NOT_FOUND({ basketId: purchaseBasketId });
  if (basket.status === 'EXPIRED') throw FesErrors.BASKET_EXPIRED({ basketId: basket.id, expiresAt: iso(basket.expiresAt) });
  if (basket.status !== 'APPROVED') throw FesErrors.BASKET_NOT_OPEN({ basketId: basket.id, status: basket.status, action: 'cancelled' });
  closeUnpaid(state, basket, 'CANCELLED');
  return { body: { ...OK, purchaseBasketId: basket.id, status: basket.status } };
}

// --- 3. Pre-Auth of a return ------------------------------------------------------------------------------

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
  requireActivated(who);
  const { purchaseBasketId, panHash, par, items } = call.body as { purchaseBasketId: string; panHash?: string; par?: string; items: ReturnItemInput[] };
  const now = ctx.clock.now();
  if (panHash !== undefined) requirePar(who, par);
  checkItems(items);
  const purchase = ownPurchaseBasket(state, who, purchaseBasketId);
  if (!purchase) throw FesErrors.RETURN_BASKET_NOT_FOUND({ basketId: purchaseBasketId });
  if (purchase.status !== 'PAID') throw FesErrors.RETURN_BASKET_NOT_PAID({ basketId: purchase.id, status: purchase.status });
  if (panHash === undefined) {
    // FES-19: by the basket id alone only within the operating day of the purchase (Moscow time, modeled)
    const paidDay = operatingDayOf(purchase.paidAt!);
    const today = operatingDayOf(now);
    if (paidDay !== today) throw FesErrors.RETURN_WITHOUT_CARD_LATE({ pointer: '/panHash', paidDay, today });
  } else if (panHash.toLowerCase() !== purchase.panHash) {
    throw FesErrors.CARD_MISMATCH({ basketId: purchase.id });
  }

  const requested = new Map<number, number>();
  for (const item of items) {
    const bought = purchase.items.find((i) => i.itemNumber === item.originalArticleNumber);
    if (!bought) throw FesErrors.RETURN_ITEM_NOT_FOUND({ itemNumber: item.originalArticleNumber, basketId: purchase.id });
    if (bought.truCode !== item.truCode) throw FesErrors.RETURN_TRU_MISMATCH({ itemNumber: item.originalArticleNumber, truCode: item.truCode, expected: bought.truCode });
    const total = (requested.get(bought.itemNumber) ?? 0) + item.count;
    requested.set(bought.itemNumber, total);
    const held = bought.ownFundsReturned + bought.certificates.reduce((n, c) => n + c.returned, 0);
    const returnable = bought.quantity - held;
    if (returnable === 0) throw FesErrors.RETURN_ALREADY_REFUNDED({ itemNumber: bought.itemNumber, purchased: bought.quantity });
    if (total > returnable) throw FesErrors.RETURN_TOO_MANY({ itemNumber: bought.itemNumber, requested: total, purchased: bought.quantity, returnable });
  }

  const returnItems: ReturnItem[] = items.map((item) => {
    const bought = purchase.items.find((i) => i.itemNumber === item.originalArticleNumber)!;
    const split = splitReturn(bought, item.count);
    bought.ownFundsReturned += split.ownFundsQuantity;
    for (const part of split.certificates) bought.certificates.find((c) => c.certificateId === part.certificateId)!.returned += part.quantity;
    // the purchase's price counts: what was paid is what is returned
    return {
      itemNumber: item.articleNumber, purchaseItemNumber: item.originalArticleNumber, truCode: item.truCode,
      ...(item.articleCode === undefined ? {} : { articleCode: item.articleCode }), quantity: item.count, unitPrice: bought.unitPrice, ...split,
    };
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
  return { body: { ...OK, basket: returnBasketView(state, ret) } };
}

// --- 5. fiscal receipt data, 4. find a purchase basket by it ------------------------------------------

interface ReceiptInput {
  basketId: string;
  fiscalDriveNumber: string;
  fiscalDocumentNumber: string;
  fiscalSign: string;
  certAmount: string;
  dateTime: string;
  settlementType: number;
  settlementPlace: string;
  correction?: boolean;
}

const receiptKey = (fiscalDriveNumber: string, fiscalDocumentNumber: string) => `${fiscalDriveNumber}/${Number(fiscalDocumentNumber)}`;

/** ФД and ФП are unsigned 32-bit numbers (ФФД tags 1040, 1077); the schema checked their digits. */
function checkFiscalNumbers(r: { fiscalDocumentNumber: string; fiscalSign: string }): void {
  for (const field of ['fiscalDocumentNumber', 'fiscalSign'] as const) {
    const value = Number(r[field]);
    if (value < 1 || value > MAX_FISCAL_NUMBER) throw FesErrors.RECEIPT_FISCAL_FORMAT({ field, expected: `a number 1–${MAX_FISCAL_NUMBER}`, received: r[field] });
  }
}

/** FES-15: the date-time in the касса's version's format, a real minute. */
function checkReceiptDateTime(who: FesCaller, dateTime: string): void {
  const version = versionOf(who);
  const { pattern, format, example } = RECEIPT_DATE_TIME[version];
  const other = RECEIPT_DATE_TIME[version === 1 ? 2 : 1];
  const digits = dateTime.replace('T', '');
  const [y, mo, d, h, mi] = [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8), digits.slice(8, 10), digits.slice(10, 12)].map(Number);
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!));
  const real = date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d! && date.getUTCHours() === h! && date.getUTCMinutes() === mi!;
  if (!pattern.test(dateTime) || !real) {
    const otherVersion = other.pattern.test(dateTime) ? ` (that is the V${version === 1 ? 2 : 1} format ${other.format})` : '';
    throw FesErrors.RECEIPT_DATE_TIME_FORMAT({ pointer: '/dateTime', cashRegisterId: who.cashRegister.id, version, format, example, received: dateTime, otherVersion });
  }
}

const SAME_RECEIPT_FIELDS = ['basketId', 'fiscalSign', 'certAmount', 'dateTime', 'settlementType', 'settlementPlace', 'correction'] as const;

function sendReceipt(call: Call<FesState>) {
  const { state, ctx } = call;
  const who = caller(call);
  requireActivated(who);
  const r = call.body as ReceiptInput;
  const correction = r.correction ?? false;
  checkReceiptDateTime(who, r.dateTime);
  checkFiscalNumbers(r);

  const purchase = ownPurchaseBasket(state, who, r.basketId);
  const ret = purchase ? undefined : ownReturnBasket(state, who, r.basketId);
  if (!purchase && !ret) throw FesErrors.RECEIPT_BASKET_NOT_FOUND({ pointer: '/basketId', basketId: r.basketId });
  const basket = (purchase ?? ret)!;
  if (purchase && purchase.status !== 'PAID') throw FesErrors.RECEIPT_WRONG_BASKET_STATE({ basketId: r.basketId, status: purchase.status, needs: 'PAID (the terminal paid it)' });
  if (ret && ret.status !== 'REFUNDED') throw FesErrors.RECEIPT_WRONG_BASKET_STATE({ basketId: r.basketId, status: ret.status, needs: 'REFUNDED (the terminal refunded it)' });

  // tag 1054: a sale receipt for a purchase basket, a sale-return receipt for a return basket; a
  // correction may go either way (modeled); expense types never pay with a holder's certificate
  const direct = purchase ? SETTLEMENT_TYPE.SALE : SETTLEMENT_TYPE.SALE_RETURN;
  const allowed: number[] = correction ? [SETTLEMENT_TYPE.SALE, SETTLEMENT_TYPE.SALE_RETURN] : [direct];
  if (!allowed.includes(r.settlementType)) {
    throw FesErrors.RECEIPT_SETTLEMENT_TYPE({
      pointer: '/settlementType',
      expected: allowed.map((t) => `${t} (${t === 1 ? 'sale' : 'sale return'})`).join(' or ') + (correction ? ' in a correction' : ''),
      basketKind: purchase ? 'purchase' : 'return', basketId: r.basketId, received: r.settlementType,
    });
  }
  // the sum is the certificate part only, as "0.00" text
  const paid = kopecksToText(basket.totalCertAmount);
  const sent = Math.round(Number(r.certAmount) * 100);
  if (correction ? sent > basket.totalCertAmount : r.certAmount !== paid) {
    throw FesErrors.RECEIPT_SUM_MISMATCH({ pointer: '/certAmount', basketId: basket.id, received: r.certAmount, expected: correction ? `at most "${paid}"` : `"${paid}"` });
  }

  // FES-16: a late or repeated send of the same data is answered as before; conflicting data is refused
  const key = receiptKey(r.fiscalDriveNumber, r.fiscalDocumentNumber);
  const known = state.receipts[key];
  const incoming = { ...r, correction };
  if (known) {
    const differs = SAME_RECEIPT_FIELDS.find((f) => known[f] !== incoming[f]);
    if (differs) throw FesErrors.RECEIPT_CONFLICT({ field: differs, problem: `ФН ${r.fiscalDriveNumber} ФД ${r.fiscalDocumentNumber} was accepted with ${differs} ${JSON.stringify(known[differs])}, came ${JSON.stringify(incoming[differs])}` });
    return { body: { ...OK } };
  }
  if (!correction) {
    const first = basket.receiptIds.map((k) => state.receipts[k]!).find((x) => !x.correction);
    if (first) throw FesErrors.RECEIPT_CONFLICT({ problem: `basket ${basket.id} already has its receipt (ФН ${first.fiscalDriveNumber} ФД ${first.fiscalDocumentNumber}); another receipt for it must be a correction` });
  }
  const receipt: Receipt = {
    basketId: basket.id, purchaseBasketId: purchase ? purchase.id : ret!.purchaseBasketId, cashRegisterId: who.cashRegister.id,
    fiscalDriveNumber: r.fiscalDriveNumber, fiscalDocumentNumber: r.fiscalDocumentNumber, fiscalSign: r.fiscalSign,
    certAmount: r.certAmount, dateTime: r.dateTime, settlementType: r.settlementType, settlementPlace: r.settlementPlace, correction,
    acceptedAt: ctx.clock.date().toISOString(),
  };
  state.receipts[key] = receipt;
  basket.receiptIds.push(key);
  return { body: { ...OK } };
}

function findBasketByReceipt(call: Call<FesState>) {
  const { state } = call;
  const who = caller(call);
  requireActivated(who);
  const q = call.body as { fiscalDriveNumber: string; fiscalDocumentNumber: string; fiscalSign: string };
  checkFiscalNumbers(q);
  const receipt = state.receipts[receiptKey(q.fiscalDriveNumber, q.fiscalDocumentNumber)];
  const purchase = receipt && Number(receipt.fiscalSign) === Number(q.fiscalSign) ? ownPurchaseBasket(state, who, receipt.purchaseBasketId) : undefined;
  if (!purchase) throw FesErrors.RECEIPT_NOT_FOUND(q);
  return { body: { ...OK, purchaseBasketId: purchase.id } };
}

// --- 6. an original purchase basket, 7. a card's certificates, 8. the merchant's baskets -------------

function getPurchaseBasket(call: Call<FesState>) {
  const who = caller(call);
  requireActivated(who);
  const { purchaseBasketId } = call.body as { purchaseBasketId: string };
  const basket = ownPurchaseBasket(call.state, who, purchaseBasketId);
  if (!basket) throw FesErrors.BASKET_NOT_FOUND({ basketId: purchaseBasketId });
  return { body: { ...OK, basket: purchaseBasketView(basket) } };
}

/** FES-18: balances and limits (modeled: a certificate's limit is its cap per unit; its kinds share its balance). */
function certificateListView(c: Certificate, now: number) {
  const balanceCount = isValidAt(c, now) ? availableQuantity(c, now) : 0;
  const balance = { balanceCount, balanceMoney: balanceCount * c.maxUnitPrice, limitMoney: c.maxUnitPrice };
  return {
    id: c.id, comment: c.comment ?? 'Электронный сертификат', type: 'TRU_QUANTITY', ...balance,
    startDate: c.validFrom, expiryDate: c.validTo,
    tru: c.truKinds.map((truCode) => ({ truCode, ...balance })),
  };
}

function listCertificates(call: Call<FesState>) {
  const { state, ctx } = call;
  const who = caller(call);
  requireActivated(who);
  const { panHash, par } = call.body as { panHash: string; par?: string };
  requirePar(who, par);
  const now = ctx.clock.now();
  const ids = state.cards[panHash.toLowerCase()]?.certificateIds ?? [];
  return { body: { ...OK, certificates: ids.map((id) => certificateListView(state.certificates[id]!, now)) } };
}

function listBaskets(call: Call<FesState>) {
  const { state } = call;
  const who = caller(call);
  requireActivated(who);
  const { truCode, panHash, par } = call.body as { truCode: string; panHash: string; par?: string };
  requirePar(who, par);
  checkTru(truCode, '/truCode');
  const hash = panHash.toLowerCase();
  // paid baskets: the ones a return can start from (modeled)
  const baskets = Object.values(state.purchaseBaskets)
    .filter((b) => b.merchantId === who.merchant.id && b.panHash === hash && b.status === 'PAID' && b.items.some((i) => i.truCode === truCode))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((b) => ({ basketId: b.id, authDate: iso(b.createdAt) }));
  return { body: { ...OK, baskets } };
}

// --- the operations ----------------------------------------------------------------------------------------

const REFUSALS = { 404: { description: 'Basket or receipt not found', schema: 'fes/refusal' }, 422: { description: 'Refused (result.code names why)', schema: 'fes/refusal' } };

function apiOperation(id: ProfileOperation, summary: string, schema: string, handle: (call: Call<FesState>) => Reply, extra: Partial<Operation<FesState>> = {}): Omit<Operation<FesState>, 'method' | 'path'> {
  return {
    id, tag: TAG, auth: 'fes-mac', summary,
    request: { body: `fes/${schema}.request` },
    responses: { 200: { description: 'result.code 0', schema: `fes/${schema}.response` }, ...AUTH_ERRORS, ...REFUSALS },
    ...extra,
    handle: withRequestId(id, handle),
  };
}

const OPERATIONS: Array<Omit<Operation<FesState>, 'method' | 'path'>> = [
  apiOperation('echo', '1. echo: checks the касса configuration and the connection (FES-01); served before the point is activated', 'echo', (call) => {
    const who = caller(call);
    const { echoData } = call.body as { echoData?: string };
    return {
      body: {
        ...OK, ...(echoData === undefined ? {} : { echoData }), serverTime: call.ctx.clock.date().toISOString(),
        merchantId: who.merchant.id, pointId: who.point.id, cashRegisterId: who.cashRegister.id, protocolVersion: versionOf(who),
      },
    };
  }),
  apiOperation('preAuthPurchase', '2. preAuthPurchase: Pre-Auth of a purchase basket (выверка корзины), FES-05…09, FES-14, FES-19', 'preauth-purchase', preAuthPurchase, {
    description: 'Answers basket { purchaseBasketId (24 digits, lives 30 minutes), totalCertAmount, article[].certificate[] }. The covered quantities are reserved until the basket is paid, cancelled or expires. A basket holding TRU 999999999.99999999900000000000 is the production test (§4.6): served before the point is activated, covering nothing.',
  }),
  apiOperation('preAuthReturn', '3. preAuthReturn: Pre-Auth of a return against a paid purchase basket (FES-10, FES-11, FES-19)', 'preauth-return', preAuthReturn, {
    description: 'Answers basket { returnBasketId, totalCertAmount, article[] } (certificate units are returned first). Without panHash only on the operating day of the purchase (Moscow time). Refund it with POST /fes/terminal/v1/refunds.',
  }),
  apiOperation('findBasketByReceipt', '4. Find a purchase basket by its fiscal receipt (ФН, ФД, ФП), FES-17', 'find-basket-by-receipt', findBasketByReceipt),
  apiOperation('sendReceipt', '5. Send a fiscal receipt\'s data (sale, refund, correction), checked against its basket (FES-12, FES-16)', 'receipt', sendReceipt, {
    description: 'certAmount is the part paid by certificates as "0.00" text; dateTime is yyyyMMddHHmm (V1) or yyyyMMdd\'T\'HHmm (V2); settlementType is tag 1054. The same data sent again is answered as before (real clients resend from a queue); conflicting data is refused.',
  }),
  apiOperation('getPurchaseBasket', '6. Get the contents of an original purchase basket (before a return), FES-17', 'get-purchase-basket', getPurchaseBasket),
  apiOperation('listCertificates', '7. List a card\'s certificates with balances and limits per TRU code (FES-18)', 'list-certificates', listCertificates),
  apiOperation('listBaskets', '8. List the merchant\'s purchase baskets for a TRU code and card (FES-18)', 'list-baskets', listBaskets),
  apiOperation('preAuthCancel', 'Sandbox helper: cancel an approved, unpaid purchase basket, releasing its reservations (not in the public record)', 'preauth-cancel', cancelPurchase, {
    tag: HELPER_TAG,
    description: 'No public client calls such an operation; a basket not paid simply expires after 30 minutes. Never required by the certification pack.',
  }),
];

/**
 * A refusal the handler made in canonical names, naming the wire's: its problems' pointers and the
 * field its message names (the schema's own refusals named the wire fields already).
 */
function atTheWire(e: PoligonError, names: WireNames): PoligonError {
  const factory = Object.values(FesErrors).find((f) => f.code === e.code);
  const details: Record<string, unknown> = { ...e.details };
  if (typeof details.pointer === 'string') details.pointer = names.requestPointer(details.pointer);
  if (typeof details.field === 'string') {
    const wire = names.requestField(details.field);
    // a refusal's text that names the field (RECEIPT_CONFLICT's problem) names it as the wire does
    if (typeof details.problem === 'string') details.problem = details.problem.replace(new RegExp(`\\b${details.field}\\b`, 'g'), wire);
    details.field = wire;
  }
  const problems = e.problems.map((p) => (p.in === 'body' ? { ...p, pointer: names.requestPointer(p.pointer) } : p));
  return factory ? factory(details, problems) : e;
}

/** A handler speaking the schemas' names behind a wire that names some fields as the profile says. */
function renamedAtTheWire(handle: (call: Call<FesState>) => Reply, names: WireNames): (call: Call<FesState>) => Reply {
  return (call) => {
    let reply: Reply;
    try {
      reply = handle({ ...call, body: names.rename('request', call.body, 'canonical') });
    } catch (e) {
      throw isPoligonError(e) ? atTheWire(e, names) : e;
    }
    return { ...reply, body: names.rename('response', reply.body, 'wire') };
  };
}

/** The cash-software API with the methods, paths and field names of a FES profile. */
export function apiOperationsFor(profile: FesProfile): Array<Operation<FesState>> {
  return OPERATIONS.map((o) => {
    const id = o.id as ProfileOperation;
    const renames = profile.fields?.[id];
    const route = { method: httpMethodOf(profile, id), path: profile.operations[id].path };
    if (!renames) return { ...o, ...route };
    const names = wireNamesOf(profile, id);
    // the prose above names fields as the schemas do: say how this profile names them on the wire
    const renamed = (['request', 'response'] as const).flatMap((part) => Object.entries(renames[part] ?? {}).map(([path, wire]) => `${part} ${path} → ${wire}`));
    const description = `${o.description ? `${o.description}\n\n` : ''}Field names of FES profile "${profile.name}" on the wire: ${renamed.join('; ')}.`;
    return { ...o, ...route, description, handle: renamedAtTheWire(o.handle as (call: Call<FesState>) => Reply, names), rename: names.rename };
  });
}

/** The operations that answer in the public record's `result { code, description }` form. */
export const RESULT_SHAPED_OPERATIONS: ReadonlySet<string> = new Set(PROFILE_OPERATIONS);
