// The reference cash register's part in scenarios/fes-certification.yaml: per case, one act per await
// step, doing what the step's Russian instruction asks the operator to do at the till.
import { DEMO } from '../../../simulators/fes/protocol.js';
import type { ActEnv, PackScript } from '../driver.js';
import { fesProfileOf, ReferenceCashRegister, type Article, type BasketAnswer, type Card, type FiscalData } from '../fes-cash-register.js';

const WHEELCHAIR = '300126010.00000000100000000000';
const HEARING_AID = '300127020.00000000200000000000';
const UNCOVERED = '300999010.00000000100000000000';
const PRODUCTION_TEST = '999999999.99999999900000000000';
/** A PAR as the terminal reads it (29 characters), for protocol V2. */
const PAR = 'V0010013816180398947921706135';
const [CARD_TWO_CERTIFICATES, CARD_LOW_CAP, CARD_NO_CERTIFICATES, CARD_OWN_FUNDS_DECLINED] = DEMO.cards.map((c): Card => ({ pan: c.pan, par: PAR }));
/** The till's fiscal drive (ФН, 16 digits). */
const FISCAL_DRIVE = '9960440503123456';

/** What the till remembers during one case. */
export interface TillSession {
  register: ReferenceCashRegister;
  env: ActEnv;
  card: Card;
  lines: Article[];
  purchase?: BasketAnswer;
  returned?: BasketAnswer;
  lastReceipt?: FiscalData;
  fiscalNumber: number;
}

const line = (articleNumber: number, truCode: string, count: number, price: number, lastNumbers?: string): Article =>
  ({ articleNumber, articleCode: `ART-${articleNumber}`, truCode, count, price, ...(lastNumbers ? { additionalInfo: [{ code: 'certificateLastNumbers', value: lastNumbers }] } : {}) });

// ---- the till's actions ----------------------------------------------------------------------------

const echo = (s: TillSession) => s.register.echo();

function preAuth(card: Card, lines: Article[]) {
  return async (s: TillSession) => {
    s.card = card;
    s.lines = lines;
    const answer = await s.register.preAuthPurchase(card, lines);
    if (answer.body.result?.code === 0) s.purchase = answer.body.basket;
    return answer;
  };
}

const pay = (s: TillSession) => s.register.terminalPay(s.purchase!, s.card);

async function fiscal(s: TillSession): Promise<FiscalData> {
  s.fiscalNumber += 1;
  s.lastReceipt = { fiscalDriveNumber: FISCAL_DRIVE, fiscalDocumentNumber: String(s.fiscalNumber), fiscalSign: String(1_000_000_000 + s.fiscalNumber), at: await s.env.now() };
  return s.lastReceipt;
}

const saleReceipt = async (s: TillSession) => s.register.sendReceipt(s.purchase!.purchaseBasketId!, s.purchase!.totalCertAmount, 1, await fiscal(s));
/** The till resends the last receipt's data from its queue, unchanged. */
const resendReceipt = (s: TillSession) => s.register.retryLast();
const correctionReceipt = async (s: TillSession) => s.register.sendReceipt(s.purchase!.purchaseBasketId!, s.purchase!.totalCertAmount, 1, await fiscal(s), { correction: true });
const refundReceipt = async (s: TillSession) => s.register.sendReceipt(s.returned!.returnBasketId!, s.returned!.totalCertAmount, 2, await fiscal(s));

/** Return of `count` units of purchase position 1 (basket, position and TRU as given, to show refusals). */
function returnItem(count: number, options: { basketId?: string; originalArticleNumber?: number; truCode?: string; withoutCard?: boolean } = {}) {
  return async (s: TillSession) => {
    const bought = s.lines[0]!;
    const answer = await s.register.preAuthReturn(options.basketId ?? s.purchase!.purchaseBasketId!, options.withoutCard ? undefined : s.card, [{
      articleNumber: 1, originalArticleNumber: options.originalArticleNumber ?? bought.articleNumber, truCode: options.truCode ?? bought.truCode, count, price: bought.price,
    }]);
    if (answer.body.result?.code === 0) s.returned = answer.body.basket;
    return answer;
  };
}

const refund = (s: TillSession) => s.register.terminalRefund(s.returned!, s.card);
const refundByBasketId = (s: TillSession) => s.register.terminalRefund(s.returned!);

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
    register: new ReferenceCashRegister({ baseUrl: env.url('fes'), apiKey: DEMO.apiKey, macKey: DEMO.macKey, cashRegisterId: DEMO.cashRegisterId, now: env.now, profile: () => fesProfileOf(env.url('fes')) }),
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
    'certificate-last-numbers': [
      preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 1, 1_000_000, '000002')]),
      preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 1, 1_000_000, '999999')]),
    ],
    'retry-same-request': [preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 1, 1_000_000)]), (s) => s.register.retryLast()],
    'protocol-v2': [
      (s) => { s.register.protocolVersion = 2; return preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 1, 1_500_000)])(s); },
      pay, saleReceipt,
    ],
    'receipts': [
      preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 2, 1_000_000)]), pay, saleReceipt, resendReceipt, correctionReceipt,
      (s) => s.register.findBasketByReceipt({ ...s.lastReceipt!, fiscalDocumentNumber: '1', fiscalSign: String(1_000_000_001) }),
      (s) => s.register.getPurchaseBasket(s.purchase!.purchaseBasketId!),
    ],
    'card-certificates': [
      (s) => s.register.listCertificates(CARD_TWO_CERTIFICATES!),
      preAuth(CARD_TWO_CERTIFICATES!, [line(1, WHEELCHAIR, 1, 4_000_000)]), pay,
      (s) => s.register.listBaskets(WHEELCHAIR, CARD_TWO_CERTIFICATES!),
    ],
    'refund-whole': [preAuth(CARD_LOW_CAP!, [line(1, WHEELCHAIR, 1, 1_500_000)]), pay, saleReceipt, returnItem(1), refund, refundReceipt],
    'refund-partial': [preAuth(CARD_TWO_CERTIFICATES!, [line(1, WHEELCHAIR, 3, 4_000_000)]), pay, returnItem(1), refund, returnItem(2), refund],
    'refund-without-card': [preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 1, 1_000_000)]), pay, returnItem(1, { withoutCard: true }), refundByBasketId],
    'partial-terminal-failure': [preAuth(CARD_OWN_FUNDS_DECLINED!, [line(1, WHEELCHAIR, 1, 1_500_000)]), pay],
    'refund-refusals': [
      preAuth(CARD_TWO_CERTIFICATES!, [line(1, HEARING_AID, 1, 1_000_000)]), pay,
      returnItem(1, { basketId: '000000000000000000000001' }), returnItem(1, { originalArticleNumber: 7 }),
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
