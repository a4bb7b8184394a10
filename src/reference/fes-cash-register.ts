// The reference cash register: a small, complete FES integration a vendor can read from top to bottom,
// in the shape of the public record (FES-PUBLIC-RECORD.md). It addresses and signs every cash-software
// call as the FES protocol profile says (simulators/fes/profile.ts: methods, paths, headers, MAC), gives every call a
// UUID request id, names the card by its PAN hash (and PAR in protocol V2), runs the eight operations,
// pays and refunds on the virtual POS terminal, and takes new keys when LK FES regenerates them. It
// builds bodies in the record's field names; the profile's field names (fields:) are applied as it sends.
// Amounts are integer kopecks; the receipt's certificate sum is "0.00" text.
import { createHash, randomUUID } from 'node:crypto';
import { wireNamesOf } from '../../simulators/fes/fields.js';
import { MODELED_PROFILE, signerFor, type FesProfile, type ProfileOperation } from '../../simulators/fes/profile.js';
import type { ClientSigner } from '../engine/simulator.js';

export interface FesKeys {
  /** The merchant's API KEY (LK FES, one per merchant). */
  apiKey: string;
  /** The касса's MAC KEY (LK FES, one per касса). */
  macKey: string;
  /** The касса ID LK FES assigned. */
  cashRegisterId: string;
}

/** An item of operations 2 and 3: position 1–999, full TRU code, count, price in kopecks. */
export interface Article {
  articleNumber: number;
  articleCode?: string;
  /** Full TRU code, 30 characters. */
  truCode: string;
  count: number;
  price: number;
  /** On a return: the position's number in the purchase basket. */
  originalArticleNumber?: number;
  additionalInfo?: Array<{ code: 'certificateLastNumbers'; value: string }>;
}

/** The card as the till knows it: the PAN the terminal read (hashed before it leaves the till) and, in V2, its PAR. */
export interface Card {
  pan: string;
  par?: string;
}

export interface FesAnswer {
  status: number;
  body: Record<string, any>;
}

/** What the fiscal drive printed on the receipt (1C reads them from its QR code too). */
export interface FiscalData {
  fiscalDriveNumber: string;
  fiscalDocumentNumber: string;
  fiscalSign: string;
  /** The receipt's time (ms); formatted per protocol version. */
  at: number;
}

export interface CashRegisterOptions extends FesKeys {
  /** FES base URL, e.g. http://localhost:8080/fes (or …/ns/<namespace>/fes). */
  baseUrl: string;
  /** The protocol version set for this касса in LK FES (default 1). */
  protocolVersion?: 1 | 2;
  /** The register's clock in ms. In the sandbox: its virtual clock (a real till uses NTP). */
  now?: () => Promise<number> | number;
  /**
   * The FES protocol profile the service speaks (Poligon's modeled one by default), or how to learn it
   * (e.g. `fesProfileOf(baseUrl)`: the sandbox's GET /control/v1/profile), asked once before the first call.
   */
  profile?: FesProfile | (() => Promise<FesProfile>);
}

/** The profile a Poligon sandbox's FES serves (GET <FES base URL>/control/v1/profile). */
export async function fesProfileOf(baseUrl: string): Promise<FesProfile> {
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/control/v1/profile`);
  if (!res.ok) throw new Error(`GET ${baseUrl}/control/v1/profile answered ${res.status}`);
  return (await res.json() as { profile: FesProfile }).profile;
}

export const panHashOf = (pan: string): string => createHash('sha256').update(pan).digest('hex');
/** Kopecks as "0.00" text. */
export const rublesText = (kopecks: number): string => `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;

/** yyyyMMddHHmm (V1) or yyyyMMdd'T'HHmm (V2), in the receipt's local time (Moscow, UTC+3). */
export function receiptDateTime(at: number, version: 1 | 2): string {
  const d = new Date(at + 3 * 60 * 60_000).toISOString();
  const date = d.slice(0, 10).replace(/-/g, '');
  const time = d.slice(11, 16).replace(':', '');
  return version === 2 ? `${date}T${time}` : `${date}${time}`;
}

export class ReferenceCashRegister {
  private keys: FesKeys;
  private readonly baseUrl: string;
  private readonly now: () => Promise<number> | number;
  protocolVersion: 1 | 2;
  /** The profile and its signer (the one the sandbox itself checks MACs with, so the worked example cannot drift from it). */
  private readonly transport: () => Promise<{ profile: FesProfile; sign: ClientSigner }>;
  /** The last signed request as sent: kept to show what a blind retry (a replay) does. */
  private lastSigned?: { method: string; path: string; headers: Record<string, string>; body: string };
  /** The last call's operation and body, request id included: what a safe retry sends again. */
  private lastCall?: { operation: ProfileOperation; payload: Record<string, unknown> };

  constructor(options: CashRegisterOptions) {
    const { baseUrl, now, protocolVersion, profile, ...keys } = options;
    this.keys = keys;
    let known: Promise<{ profile: FesProfile; sign: ClientSigner }> | undefined;
    const withSigner = (p: FesProfile) => ({ profile: p, sign: signerFor(p) });
    this.transport = () => (known ??= typeof profile === 'function' ? profile().then(withSigner) : Promise.resolve(withSigner(profile ?? MODELED_PROFILE.profile)));
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.now = now ?? Date.now;
    this.protocolVersion = protocolVersion ?? 1;
  }

  get cashRegisterId(): string {
    return this.keys.cashRegisterId;
  }

  /** The operator typed new keys from LK FES (after a regeneration, or for another касса). */
  reconfigure(keys: Partial<FesKeys>): void {
    this.keys = { ...this.keys, ...keys };
  }

  /** A signed call of an operation of the cash-software API with a fresh request id, at the profile's method and path. */
  call(operation: ProfileOperation, payload: Record<string, unknown>): Promise<FesAnswer> {
    const withId = { requestId: randomUUID(), ...payload };
    this.lastCall = { operation, payload: withId };
    return this.signAndSend(operation, withId);
  }

  /** A safe retry (after a timeout or a dropped connection): the same request id and body, signed anew. */
  retryLast(): Promise<FesAnswer> {
    if (!this.lastCall) throw new Error('nothing was sent yet');
    return this.signAndSend(this.lastCall.operation, this.lastCall.payload);
  }

  /** Sends the last request again byte for byte, signature included, as a careless retry would: FES refuses the replay. */
  async resendLast(): Promise<FesAnswer> {
    if (!this.lastSigned) throw new Error('nothing was sent yet');
    const { method, path, headers, body } = this.lastSigned;
    return this.send(method, path, headers, body);
  }

  /** How the card is named: the PAN hash, and the PAR in V2. */
  private cardFields(card: Card): Record<string, string> {
    return { panHash: panHashOf(card.pan), ...(this.protocolVersion === 2 && card.par ? { par: card.par } : {}) };
  }

  /** 1. echo */
  echo(echoData = 'Тест 1С') {
    return this.call('echo', { echoData });
  }

  /** 2. Pre-Auth of a purchase (выверка корзины): answers basket { purchaseBasketId, totalCertAmount, article[].certificate[] }. */
  preAuthPurchase(card: Card, items: Article[]) {
    return this.call('preAuthPurchase', { ...this.cardFields(card), items });
  }

  /** 3. Pre-Auth of a return against a paid purchase basket; without a card only on the purchase's operating day. */
  preAuthReturn(purchaseBasketId: string, card: Card | undefined, items: Article[]) {
    return this.call('preAuthReturn', { purchaseBasketId, ...(card ? this.cardFields(card) : {}), items });
  }

  /** 4. Find a purchase basket by its receipt's ФН, ФД and ФП. */
  findBasketByReceipt(fiscal: Omit<FiscalData, 'at'>) {
    const { fiscalDriveNumber, fiscalDocumentNumber, fiscalSign } = fiscal;
    return this.call('findBasketByReceipt', { fiscalDriveNumber, fiscalDocumentNumber, fiscalSign });
  }

  /** 5. A fiscal receipt's data: the certificate part only, as "0.00" text; tag 1054 settlement type. */
  sendReceipt(basketId: string, certAmount: number, settlementType: 1 | 2 | 3 | 4, fiscal: FiscalData, options: { correction?: boolean; place?: string } = {}) {
    return this.call('sendReceipt', {
      basketId, fiscalDriveNumber: fiscal.fiscalDriveNumber, fiscalDocumentNumber: fiscal.fiscalDocumentNumber, fiscalSign: fiscal.fiscalSign,
      certAmount: rublesText(certAmount), dateTime: receiptDateTime(fiscal.at, this.protocolVersion), settlementType,
      settlementPlace: options.place ?? 'г. Москва, ул. Примерная, д. 1', ...(options.correction ? { correction: true } : {}),
    });
  }

  /** 6. The contents of an original purchase basket (before a return). */
  getPurchaseBasket(purchaseBasketId: string) {
    return this.call('getPurchaseBasket', { purchaseBasketId });
  }

  /** 7. The card's certificates with balances and limits per TRU code. */
  listCertificates(card: Card) {
    return this.call('listCertificates', this.cardFields(card));
  }

  /** 8. This merchant's purchase baskets for a TRU code and card. */
  listBaskets(truCode: string, card: Card) {
    return this.call('listBaskets', { truCode, ...this.cardFields(card) });
  }

  /** The POS terminal pays the basket as Pre-Auth answered it (virtual terminal: not signed, it is the acquirer's side). */
  terminalPay(basket: BasketAnswer, card: Card) {
    return this.terminal('/terminal/v1/payments', { basketId: basket.purchaseBasketId, cardNumber: card.pan, ...amountsOf(basket) });
  }

  /** The terminal refunds a return basket; by basket id alone when no card is presented. */
  terminalRefund(basket: BasketAnswer, card?: Card) {
    return this.terminal('/terminal/v1/refunds', { basketId: basket.returnBasketId, ...(card ? { cardNumber: card.pan } : {}), ...amountsOf(basket) });
  }

  private terminal(path: string, payload: unknown) {
    return this.send('POST', path, { 'content-type': 'application/json' }, JSON.stringify(payload));
  }

  private async signAndSend(operation: ProfileOperation, payload: Record<string, unknown>): Promise<FesAnswer> {
    const { profile, sign } = await this.transport();
    const { method, path } = profile.operations[operation];
    // the body under the field names the profile gives the wire; the answer read back in the record's
    const names = wireNamesOf(profile, operation);
    const body = JSON.stringify(names.rename('request', payload, 'wire'));
    const headers = {
      'content-type': 'application/json',
      ...sign({ method, path, body, params: { ...this.keys }, now: await this.now() }),
    };
    this.lastSigned = { method, path, headers, body };
    const answer = await this.send(method, path, headers, body);
    return answer.status === 200 ? { ...answer, body: names.rename('response', answer.body, 'canonical') as FesAnswer['body'] } : answer;
  }

  private async send(method: string, path: string, headers: Record<string, string>, body: string): Promise<FesAnswer> {
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    // a proxy's HTML error page is no answer at all, as real clients treat it
    if (/^\s*<(!DOCTYPE|html)/i.test(text)) return { status: res.status, body: { html: true } };
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }
}

/** A basket as Pre-Auth answered it. */
export interface BasketAnswer {
  purchaseBasketId?: string;
  returnBasketId?: string;
  totalCertAmount: number;
  article: Array<{ articleNumber: number; truCode: string; count: number; price: number; certificate: Array<{ certificateId: string; certCount: number; certPrice: number; certMaxPrice: number }> }>;
}

/** What the terminal is told to take: the certificate part and the rest as own funds. */
export function amountsOf(basket: BasketAnswer) {
  const total = basket.article.reduce((n, a) => n + a.count * a.price, 0);
  return { certificateAmount: basket.totalCertAmount, ownFundsAmount: total - basket.totalCertAmount };
}
