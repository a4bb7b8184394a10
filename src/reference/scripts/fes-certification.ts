// The reference cash register carrying out the fes.* driver actions (schemas/driver/action.json) of
// scenarios/fes-certification.yaml: what an operator does at the till when a step's instruction asks.
import type { DriverAction } from '../../scenario/driver.js';
import type { ActEnv, ActionPlayer } from '../driver.js';
import { fesProfileOf, ReferenceCashRegister, type Article, type BasketAnswer, type Card, type FiscalData } from '../fes-cash-register.js';

/** The till's fiscal drive (ФН, 16 digits). */
const FISCAL_DRIVE = '9960440503123456';

interface Receipt {
  kind: 'sale' | 'return' | 'correction';
  fiscal: FiscalData;
}

/** What the till remembers during one case. */
export interface TillSession {
  register?: ReferenceCashRegister;
  /** Baskets FES answered, by purchase or return basket id. */
  baskets: Map<string, BasketAnswer>;
  /** Receipts printed per basket id, in order. */
  receipts: Map<string, Receipt[]>;
  fiscalNumber: number;
}

type Configure = { fesUrl?: string; cashRegisterId?: string; apiKey?: string; macKey?: string; protocolVersion?: 1 | 2 };
type SaleItem = { articleNumber?: number; truCode: string; count: number; price: number; certificateLastNumbers?: string };
type ReturnItem = { articleNumber?: number; originalArticleNumber: number; truCode: string; count: number; price: number };

/** The operator typed settings in (from LK FES, or the demo касса's at the start of a case). */
function configure(s: TillSession, env: ActEnv, settings: Configure): void {
  const { fesUrl, protocolVersion, ...keys } = settings;
  if (!s.register || fesUrl) {
    const previous = s.register;
    const { cashRegisterId, apiKey, macKey } = { ...(previous ? { cashRegisterId: previous.cashRegisterId } : {}), ...keys };
    if (!cashRegisterId || !apiKey || !macKey) throw new Error('the till has no касса ID, API KEY and MAC KEY yet: the case\'s first action must configure them');
    const baseUrl = fesUrl ?? env.url('fes');
    // how to sign and address a call comes from the transport profile the sandbox publishes
    s.register = new ReferenceCashRegister({ baseUrl, cashRegisterId, apiKey, macKey, now: env.now, profile: () => fesProfileOf(baseUrl) });
  } else {
    s.register.reconfigure(keys);
  }
  if (protocolVersion) s.register.protocolVersion = protocolVersion;
}

function basket(s: TillSession, id: string): BasketAnswer {
  const found = s.baskets.get(id);
  if (!found) throw new Error(`the till has no basket ${id} from FES in this case`);
  return found;
}

function remember(s: TillSession, answer: { body: Record<string, any> }): void {
  const b = answer.body.result?.code === 0 ? answer.body.basket as BasketAnswer | undefined : undefined;
  const id = b?.purchaseBasketId ?? b?.returnBasketId;
  if (b && id) s.baskets.set(id, b);
}

async function receipt(s: TillSession, register: ReferenceCashRegister, env: ActEnv, action: DriverAction) {
  const basketId = action.basketId as string;
  const kind = action.kind as Receipt['kind'];
  // a receipt from the queue of unsent ones goes again as it was, request id included
  if (action.resend) return register.retryLast();
  const b = basket(s, basketId);
  s.fiscalNumber += 1;
  const fiscal: FiscalData = { fiscalDriveNumber: FISCAL_DRIVE, fiscalDocumentNumber: String(s.fiscalNumber), fiscalSign: String(1_000_000_000 + s.fiscalNumber), at: await env.now() };
  s.receipts.set(basketId, [...(s.receipts.get(basketId) ?? []), { kind, fiscal }]);
  return register.sendReceipt(basketId, b.totalCertAmount, kind === 'return' ? 2 : 1, fiscal, { correction: kind === 'correction' });
}

const saleLines = (items: SaleItem[]): Article[] => items.map((item, i) => ({
  articleNumber: item.articleNumber ?? i + 1, articleCode: `ART-${i + 1}`, truCode: item.truCode, count: item.count, price: item.price,
  ...(item.certificateLastNumbers ? { additionalInfo: [{ code: 'certificateLastNumbers' as const, value: item.certificateLastNumbers }] } : {}),
}));

const returnLines = (items: ReturnItem[]): Article[] => items.map((item, i) => ({
  articleNumber: item.articleNumber ?? i + 1, originalArticleNumber: item.originalArticleNumber, truCode: item.truCode, count: item.count, price: item.price,
}));

export const fesActions: ActionPlayer<TillSession> = {
  session: () => ({ baskets: new Map(), receipts: new Map(), fiscalNumber: 0 }),
  async perform(action, s, env) {
    if (action.configure) configure(s, env, action.configure as Configure);
    const register = s.register;
    if (!register) throw new Error('the till is not configured: the case\'s first action must configure it');
    const card = action.card as Card | undefined;
    switch (action.do) {
      case 'fes.echo': return register.echo();
      case 'fes.sale': {
        const answer = await register.preAuthPurchase(card!, saleLines(action.items as SaleItem[]));
        remember(s, answer);
        return answer;
      }
      case 'fes.retry': {
        const answer = await register.retryLast();
        remember(s, answer);
        return answer;
      }
      case 'fes.replay': return register.resendLast();
      case 'fes.pay': return register.terminalPay(basket(s, action.basketId as string), card!);
      case 'fes.receipt': return receipt(s, register, env, action);
      case 'fes.findBasketByReceipt': {
        const sale = s.receipts.get(action.basketId as string)?.find((r) => r.kind === 'sale');
        if (!sale) throw new Error(`the till printed no sale receipt for basket ${String(action.basketId)}`);
        return register.findBasketByReceipt(sale.fiscal);
      }
      case 'fes.getBasket': return register.getPurchaseBasket(action.basketId as string);
      case 'fes.listCertificates': return register.listCertificates(card!);
      case 'fes.listBaskets': return register.listBaskets(action.truCode as string, card!);
      case 'fes.return': {
        const answer = await register.preAuthReturn(action.basketId as string, card, returnLines(action.items as ReturnItem[]));
        remember(s, answer);
        return answer;
      }
      case 'fes.refund': return register.terminalRefund(basket(s, action.basketId as string), card);
      default: throw new Error(`the reference cash register has no action ${action.do}`);
    }
  },
};
