// The reference cash register: a small, complete FES integration a vendor can read from top to bottom.
// It signs every cash-software call with the FES MAC (simulators/fes/protocol.ts, the `fes-mac` signer),
// runs echo, Pre-Auth of a basket, receipts and refund Pre-Auth, pays and refunds on the virtual POS
// terminal, and takes new keys when LK FES regenerates them. Amounts are integer kopecks.
import { fesSimulator } from '../../simulators/fes/index.js';

export interface FesKeys {
  /** The merchant's API KEY (LK FES, one per merchant). */
  apiKey: string;
  /** The касса's MAC KEY (LK FES, one per касса). */
  macKey: string;
  /** The касса ID LK FES assigned. */
  cashRegisterId: string;
}

export interface BasketLine {
  itemNumber: number;
  /** Full TRU code, 30 characters. */
  truCode: string;
  articleCode: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export interface ReturnLine {
  itemNumber: number;
  purchaseItemNumber: number;
  truCode: string;
  quantity: number;
}

/** The card as the till knows it: the full PAN (online shop) or the SHA-256 the terminal hands over. */
export type Card = { pan: string } | { panHash: string };

export interface FesAnswer {
  status: number;
  body: Record<string, any>;
}

export interface CashRegisterOptions extends FesKeys {
  /** FES base URL, e.g. http://localhost:8080/fes (or …/ns/<namespace>/fes). */
  baseUrl: string;
  /** The register's clock in ms. In the sandbox: its virtual clock (a real till uses NTP). */
  now?: () => Promise<number> | number;
}

/** The signer the sandbox itself checks MACs with, so the worked example cannot drift from it. */
const sign = fesSimulator.clientAuth!['fes-mac']!;

export class ReferenceCashRegister {
  private keys: FesKeys;
  private readonly baseUrl: string;
  private readonly now: () => Promise<number> | number;
  /** The last signed request as sent: kept to show what a blind retry (a replay) does. */
  private lastSigned?: { path: string; headers: Record<string, string>; body: string };

  constructor(options: CashRegisterOptions) {
    const { baseUrl, now, ...keys } = options;
    this.keys = keys;
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.now = now ?? Date.now;
  }

  get cashRegisterId(): string {
    return this.keys.cashRegisterId;
  }

  /** The operator typed new keys from LK FES (after a regeneration, or for another касса). */
  reconfigure(keys: Partial<FesKeys>): void {
    this.keys = { ...this.keys, ...keys };
  }

  /** A signed call of the cash-software API: MAC over METHOD, PATH, TIMESTAMP and the body's SHA-256. */
  async call(path: string, payload: unknown): Promise<FesAnswer> {
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json',
      ...sign({ method: 'POST', path, body, params: { ...this.keys }, now: await this.now() }),
    };
    this.lastSigned = { path, headers, body };
    return this.send(path, headers, body);
  }

  /** Sends the last request again byte for byte, as a careless retry would: FES refuses the replay. */
  async resendLast(): Promise<FesAnswer> {
    if (!this.lastSigned) throw new Error('nothing was sent yet');
    const { path, headers, body } = this.lastSigned;
    return this.send(path, headers, body);
  }

  echo(echoData = 'reference-cash-register') {
    return this.call('/api/v1/echo', { echoData });
  }

  /** Pre-Auth (выверка корзины): answers purchaseBasketId, totalCertAmount and per item the certificates. */
  preAuthPurchase(card: Card, items: BasketLine[]) {
    return this.call('/api/v1/preauth/purchase', { card, items });
  }

  /** Refund Pre-Auth against a paid purchase basket: answers returnBasketId and the certificate part. */
  preAuthReturn(purchaseBasketId: string, card: Card, items: ReturnLine[]) {
    return this.call('/api/v1/preauth/return', { purchaseBasketId, card, items });
  }

  /** Receipt data: SALE and CORRECTION name the purchase basket, REFUND the return basket. */
  receipt(receiptType: 'SALE' | 'REFUND' | 'CORRECTION', basketId: string, lines: Array<{ itemNumber: number; truCode: string; quantity: number; unitPrice: number }>, certAmount: number, fiscal: { number: string; sign: string; at: string }) {
    const items = lines.map((l) => ({ itemNumber: l.itemNumber, truCode: l.truCode, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.quantity * l.unitPrice }));
    return this.call('/api/v1/receipts', {
      receiptType, basketId, fiscalDocumentNumber: fiscal.number, fiscalSign: fiscal.sign, dateTime: fiscal.at,
      items, total: items.reduce((n, i) => n + i.amount, 0), certAmount,
    });
  }

  /** The POS terminal pays against the basket id (virtual terminal: not signed, it is the acquirer's side). */
  terminalPay(purchaseBasketId: string, card: Card) {
    return this.send('/terminal/v1/payments', { 'content-type': 'application/json' }, JSON.stringify({ purchaseBasketId, card }));
  }

  terminalRefund(returnBasketId: string, card: Card) {
    return this.send('/terminal/v1/refunds', { 'content-type': 'application/json' }, JSON.stringify({ returnBasketId, card }));
  }

  private async send(path: string, headers: Record<string, string>, body: string): Promise<FesAnswer> {
    const res = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }
}
