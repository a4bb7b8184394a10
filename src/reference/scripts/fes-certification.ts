// The reference cash register's part in scenarios/fes-certification.yaml: per case, one act per await
// step, doing what the step's Russian instruction asks the operator to do at the till.
import { DEMO } from '../../../simulators/fes/protocol.js';
import type { ActEnv, PackScript } from '../driver.js';
import { ReferenceCashRegister, type BasketLine, type Card } from '../fes-cash-register.js';

const WHEELCHAIR = '300126010.00000000100000000000';
const HEARING_AID = '300127020.00000000200000000000';
const UNCOVERED = '300999010.00000000100000000000';
const PRODUCTION_TEST = '999999999.99999999900000000000';
const [CARD_TWO_CERTIFICATES, CARD_LOW_CAP, CARD_NO_CERTIFICATES] = DEMO.cards.map((c): Card => ({ pan: c.pan }));

/** What the till remembers during one case. */
export interface TillSession {
  register: ReferenceCashRegister;
  env: ActEnv;
  card: Card;
  lines: BasketLine[];
  purchase?: Record<string, any>;
  returned?: Record<string, any>;
  fiscalNumber: number;
}

const line = (itemNumber: number, truCode: string, quantity: number, unitPrice: number): BasketLine =>
  ({ itemNumber, truCode, articleCode: `ART-${itemNumber}`, name: `Товар ${itemNumber}`, quantity, unitPrice });

// ---- the till's actions ----------------------------------------------------------------------------

const echo = (s: TillSession) => s.register.echo();

function preAuth(card: Card, lines: BasketLine[]) {
  return async (s: TillSession) => {
    s.card = card;
    s.lines = lines;
    const answer = await s.register.preAuthPurchase(card, lines);
    if (answer.body.responseCode === '000') s.purchase = answer.body;
    return answer;
  };
}

const pay = (s: TillSession) => s.register.terminalPay(s.purchase!.purchaseBasketId, s.card);

async function fiscal(s: TillSession) {
  s.fiscalNumber += 1;
  return { number: String(s.fiscalNumber), sign: String(1_000_000 + s.fiscalNumber), at: new Date(await s.env.now()).toISOString() };
}

const saleReceipt = async (s: TillSession) =>
  s.register.receipt('SALE', s.purchase!.purchaseBasketId, s.lines, s.purchase!.totalCertAmount, await fiscal(s));

const correctionReceipt = async (s: TillSession) =>
  s.register.receipt('CORRECTION', s.purchase!.purchaseBasketId, s.lines, s.purchase!.totalCertAmount, await fiscal(s));

/** Refund Pre-Auth of `quantity` units of purchase item 1 (TRU and item number as given, to show refusals). */
function returnItem(quantity: number, options: { basketId?: string; purchaseItemNumber?: number; truCode?: string } = {}) {
  return async (s: TillSession) => {
    const bought = s.lines[0]!;
    const answer = await s.register.preAuthReturn(options.basketId ?? s.purchase!.purchaseBasketId, s.card, [{
      itemNumber: 1, purchaseItemNumber: options.purchaseItemNumber ?? bought.itemNumber, truCode: options.truCode ?? bought.truCode, quantity,
    }]);
    if (answer.body.responseCode === '000') s.returned = answer.body;
    return answer;
  };
}

const refund = (s: TillSession) => s.register.terminalRefund(s.returned!.returnBasketId, s.card);

const refundReceipt = async (s: TillSession) => {
  const returned = s.returned!;
  const unitPrice = (itemNumber: number) => s.lines.find((l) => l.itemNumber === itemNumber)!.unitPrice;
  const lines = (returned.items as Array<{ itemNumber: number; purchaseItemNumber: number; truCode: string; quantity: number }>)
    .map((i) => ({ itemNumber: i.itemNumber, truCode: i.truCode, quantity: i.quantity, unitPrice: unitPrice(i.purchaseItemNumber) }));
  return s.register.receipt('REFUND', returned.returnBasketId, lines, returned.totalCertAmount, await fiscal(s));
};

/** The operator reads the keys LK FES showed (the sandbox's state stands in for the LK screen). */
async function keysFromLk(s: TillSession, cashRegisterId = s.register.cashRegisterId) {
  const fes = (await s.env.admin.snapshot()).simulators.fes as { cashRegisters: Record<string, { merchantId: string; macKey: string }>; merchants: Record<string, { apiKey: string }> };
  const cr = fes.cashRegisters[cashRegisterId]!;
  s.register.reconfigure({ cashRegisterId, macKey: cr.macKey, apiKey: fes.merchants[cr.merchantId]!.apiKey });
}

async function switchToNewCashRegister(s: TillSession) {
  const fes = (await s.env.admin.snapshot()).simulators.fes as { cashRegisters: Record<string, { pointId: string }> };
  const demoPoint = fes.cashRegisters[DEMO.cashRegisterId]!.pointId;
  const added = Object.entries(fes.cashRegisters).find(([id, cr]) => id !== DEMO.cashRegisterId && cr.pointId === demoPoint);
  if (!added) throw new Error('no new касса at the demo point');
  await keysFromLk(s, added[0]);
  return echo(s);
}

export const fesCertificationScript: PackScript<TillSession> = {
  session: (env) => ({
    env,
    register: new ReferenceCashRegister({ baseUrl: env.url('fes'), apiKey: DEMO.apiKey, macKey: DEMO.macKey, cashRegisterId: DEMO.cashRegisterId, now: env.now }),
    card: CARD_TWO_CERTIFICATES!,
    lines: [],
    fiscalNumber: 0,
  }),
  cases: {
    'echo': [echo],
    'production-test': [echo, preAuth(CARD_NO_CERTIFICATES!, [line(1, PRODUCTION_TEST, 1, 100)]), pay],
    'full-coverage': [preAuth(CARD_TWO_CERTIFICATES!, [line(1, WHEELCHAIR, 1, 4_000_000)]), pay],
    'partial-coverage': [preAuth(CARD_TWO_CERTIFICATES!, [line(1, WHEELCHAIR, 3, 4_000_000), line(2, UNCOVERED, 1, 100_000)]), pay],
    'own-funds': [preAuth(CARD_LOW_CAP!, [line(1, WHEELCHAIR, 1, 1_500_000)]), pay],
    'receipts': [preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 2, 1_000_000)]), pay, saleReceipt, correctionReceipt],
    'refund-whole': [preAuth(CARD_LOW_CAP!, [line(1, WHEELCHAIR, 1, 1_500_000)]), pay, saleReceipt, returnItem(1), refund, refundReceipt],
    'refund-partial': [preAuth(CARD_TWO_CERTIFICATES!, [line(1, WHEELCHAIR, 3, 4_000_000)]), pay, returnItem(1), refund, returnItem(2), refund],
    'refund-refusals': [
      preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 1, 1_000_000)]), pay,
      returnItem(1, { basketId: '000000000000000000000001' }), returnItem(1, { purchaseItemNumber: 7 }),
      returnItem(1, { truCode: WHEELCHAIR }), returnItem(2), returnItem(1), returnItem(1),
    ],
    // the till keeps its old key until the operator types the new one in
    'api-key-regeneration': [echo, echo, async (s) => { await keysFromLk(s); return echo(s); }],
    'api-key-block': [echo, echo],
    'mac-key-regeneration': [echo, echo, async (s) => { await keysFromLk(s); return echo(s); }],
    'cash-register-blocking': [echo, echo, echo, echo, echo],
    'bad-mac': [
      (s) => { s.register.reconfigure({ macKey: `${DEMO.macKey.slice(0, -1)}0` }); return echo(s); },
      (s) => { s.register.reconfigure({ macKey: DEMO.macKey }); return echo(s); },
      (s) => s.register.resendLast(),
    ],
    'bad-tru': [
      preAuth(CARD_TWO_CERTIFICATES!, [line(1, WHEELCHAIR.slice(0, 19), 1, 4_000_000)]),
      preAuth(CARD_TWO_CERTIFICATES!, [line(1, WHEELCHAIR, 1, 4_000_000)]),
    ],
    'expired-basket': [
      preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 1, 1_000_000)]), pay,
      preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 1, 1_000_000)]), pay,
    ],
    'point-disabled': [echo],
    'merchant-blocked': [echo],
    'new-cash-register': [switchToNewCashRegister],
  },
};
