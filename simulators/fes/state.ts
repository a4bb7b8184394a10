// FES state (plain JSON, snapshot-safe) and the helpers every operation shares: lookups that throw
// catalogue errors, id and key generation, and the time-driven changes (basket expiry, Treasury
// refund processing) applied lazily on the virtual clock.
import { own } from '../../src/data/records.js';
import type { Random } from '../../src/data/checksums.js';
import type { SimulatorContext } from '../../src/engine/simulator.js';
import { FesErrors } from './errors.js';
import { BASKET_LIFETIME_MS, DEFAULT_PROTOCOL_VERSION, REQUEST_ID_RETENTION_MS, TREASURY_REFUND_DELAY_MS, type ProtocolVersion } from './protocol.js';

export type MerchantStatus = 'ACTIVE' | 'BLOCKED';
export type PointStatus = 'NOT_ACTIVATED' | 'ACTIVATED' | 'DISABLED';
export type CashRegisterStatus = 'ACTIVE' | 'BLOCKED_BY_MERCHANT' | 'BLOCKED_BY_NSPK';
export type ApiKeyStatus = 'ACTIVE' | 'BLOCKED';

export interface Merchant {
  id: string;
  inn: string;
  kpp?: string;
  ogrn?: string;
  name: string;
  brand?: string;
  status: MerchantStatus;
  apiKey: string;
  apiKeyStatus: ApiKeyStatus;
  /** Keys replaced by regeneration: dead at once, remembered to say so clearly. */
  revokedApiKeys: string[];
  createdAt: string;
  source: 'GIS' | 'LK';
  /** LKF-01: the merchant's LK FES administrator (the technical contact from GIS ES). */
  admin: AdminAccount;
}

export type AdminAccountStatus = 'INVITED' | 'ACTIVE';

export interface AdminAccount {
  /** The technical contact's e-mail given in GIS ES (seed 000 §4.1): where links go, what signs in. */
  email: string;
  /** INVITED until a password is first set. */
  status: AdminAccountStatus;
  /** scrypt hash (protocol.ts hashPassword); never the password itself. */
  passwordHash?: string;
  passwordSetAt?: string;
  /** A new password grants access only from here on (seed 000 §4.1: 30 minutes after it is set). */
  passwordUsableFrom?: string;
  passwordExpiresAt?: string;
  /** The first password set: the merchant joined the Agreement then (seed 000 §4.1). */
  agreementJoinedAt?: string;
  /** Token of the latest set-password link (its record is in FesState.passwordLinks). */
  linkToken: string;
}

export interface PasswordLink {
  merchantId: string;
  purpose: 'INVITE' | 'RESET';
  issuedAt: string;
  expiresAt: string;
  usedAt?: string;
  /** When a newer link (forgot-password) made this one dead. */
  replacedAt?: string;
}

export interface Point {
  id: string;
  merchantId: string;
  name: string;
  address: string;
  onlineShop: boolean;
  status: PointStatus;
  /** Operations are accepted from this virtual time on. */
  activeFrom?: string;
  cashRegisterIds: string[];
}

export interface CashRegister {
  id: string;
  merchantId: string;
  pointId: string;
  vendor: string;
  status: CashRegisterStatus;
  macKey: string;
  createdAt: string;
  /** The protocol version chosen for this касса in LK FES; absent means V1 (the default). */
  protocolVersion?: ProtocolVersion;
  /** When the terminal first answered this касса's production-test basket (seed 000 §4.6). */
  productionTestPassedAt?: string;
}

/** Keyed by the SHA-256 of its PAN (hex): the key is its only copy of it. */
export interface Card {
  last4: string;
  certificateIds: string[];
}

export interface PendingReturn {
  quantity: number;
  /** When the Treasury has processed the refund and the quantity is usable again. */
  availableAt: number;
}

export interface Certificate {
  /** 20–30 digits. */
  id: string;
  /** What the certificate is for, as the card's certificate list shows it. */
  comment?: string;
  panHash: string;
  /** Shared between certificates naming the same kinds (sharedKinds): never changed in place. */
  truKinds: readonly string[];
  quantity: number;
  /** Kopecks. */
  maxUnitPrice: number;
  validFrom: string;
  validTo: string;
  /** Paid for and not refunded. */
  used: number;
  /** Held by APPROVED purchase baskets. */
  reserved: number;
  /** Refunds the Treasury is processing or has processed; absent until the first refund (most never have one). */
  returning?: PendingReturn[];
}

export interface Coverage {
  certificateId: string;
  quantity: number;
  compensationAvailablePerUnit: number;
  compensationAppliedPerUnit: number;
  /** Units of this coverage returned or held by an APPROVED return basket. */
  returned: number;
}

/** A basket position; on the wire itemNumber is `articleNumber`, quantity `count`, unitPrice `price`. */
export interface BasketItem {
  itemNumber: number;
  truCode: string;
  articleCode?: string;
  quantity: number;
  unitPrice: number;
  certificates: Coverage[];
  /** Own-funds units returned or held by an APPROVED return basket. */
  ownFundsReturned: number;
}

export type PurchaseStatus = 'APPROVED' | 'PAID' | 'EXPIRED' | 'CANCELLED';
export type ReturnStatus = 'APPROVED' | 'REFUNDED' | 'EXPIRED';

export interface PurchaseBasket {
  id: string;
  merchantId: string;
  pointId: string;
  cashRegisterId: string;
  panHash: string;
  /** The card's PAR, when the касса sent one (V2). */
  par?: string;
  items: BasketItem[];
  totalAmount: number;
  totalCertAmount: number;
  productionTest: boolean;
  status: PurchaseStatus;
  createdAt: number;
  expiresAt: number;
  paidAt?: number;
  receiptIds: string[];
}

export interface ReturnItem {
  itemNumber: number;
  purchaseItemNumber: number;
  truCode: string;
  articleCode?: string;
  quantity: number;
  unitPrice: number;
  /** Per certificate: units returned to it and their compensation per unit. */
  certificates: Array<{ certificateId: string; quantity: number; compensationAppliedPerUnit: number }>;
  ownFundsQuantity: number;
}

export interface ReturnBasket {
  id: string;
  purchaseBasketId: string;
  cashRegisterId: string;
  panHash: string;
  items: ReturnItem[];
  totalAmount: number;
  totalCertAmount: number;
  status: ReturnStatus;
  createdAt: number;
  expiresAt: number;
  refundedAt?: number;
  receiptIds: string[];
}

/** A fiscal receipt's data (operation 5), keyed in FesState.receipts by "ФН/ФД". */
export interface Receipt {
  basketId: string;
  /** The purchase basket: the basket itself, or the one a return basket refunds. */
  purchaseBasketId: string;
  cashRegisterId: string;
  fiscalDriveNumber: string;
  fiscalDocumentNumber: string;
  fiscalSign: string;
  /** The part paid by certificates, "0.00" text as sent. */
  certAmount: string;
  /** As sent, in the касса's protocol version's format. */
  dateTime: string;
  /** Tag 1054. */
  settlementType: number;
  settlementPlace: string;
  correction: boolean;
  acceptedAt: string;
}

/** What a request id was answered (a safe retry gets it again). */
export interface RequestRecord {
  operation: string;
  /** Hex SHA-256 of the request body. */
  bodyHash: string;
  status: number;
  body: unknown;
}

export interface Payment {
  id: string;
  kind: 'PAYMENT' | 'REFUND';
  basketId: string;
  certAmount: number;
  ownFundsAmount: number;
  at: string;
  rrn: string;
  authorizationCode: string;
  /** Terminal driver standard: 0 done in full, 1 the own-funds part failed (the certificate part went through). */
  operationStatus: 0 | 1;
}

export interface FesState {
  merchants: Record<string, Merchant>;
  points: Record<string, Point>;
  cashRegisters: Record<string, CashRegister>;
  cards: Record<string, Card>;
  certificates: Record<string, Certificate>;
  purchaseBaskets: Record<string, PurchaseBasket>;
  returnBaskets: Record<string, ReturnBasket>;
  /** By "ФН/ФД" (a fiscal document number is unique within its fiscal drive). */
  receipts: Record<string, Receipt>;
  payments: Payment[];
  /**
   * [basket id, expiry (virtual ms)] of every basket created APPROVED, in expiry order; entries before
   * basketExpiryHead are done. A basket paid, cancelled or refunded keeps its entry, skipped when reached.
   */
  basketExpiries: Array<[string, number]>;
  basketExpiryHead: number;
  /** Every API KEY a merchant holds or had revoked by regeneration → the merchant's id (FES-02 lookup). */
  apiKeyOwners: Record<string, string>;
  /**
   * Replay protection: MACs seen, by the minute of their timestamp. A MAC covers its timestamp, so a
   * replay always lands in the same minute; minutes older than the window are dropped whole.
   */
  seenMacs: Record<string, Record<string, true>>;
  /** Every set-password link ever sent, by token: dead ones are kept to say why they fail. */
  passwordLinks: Record<string, PasswordLink>;
  /** LK FES sign-in sessions by the SHA-256 of their token (lk-access.ts); expired ones go at the next sign-in. */
  lkSessions: Record<string, LkSession>;
  /** Answers by request id, by the hour they were given, then by "касса ID requestId" (dropped after a day). */
  requests: Record<string, Record<string, RequestRecord>>;
  /** When closed baskets were last looked for (retention.ts); absent until the first sweep. */
  retentionSweptAt?: number;
}

/** Who signed in to LK FES: a merchant's administrator or the NSPK administrator. */
export type LkRole = 'MERCHANT_ADMIN' | 'NSPK_ADMIN';

export interface LkSession {
  role: LkRole;
  email: string;
  /** The merchant a MERCHANT_ADMIN session administers. */
  merchantId?: string;
  issuedAt: string;
  expiresAt: string;
}

export const createFesState = (): FesState => ({
  merchants: {}, points: {}, cashRegisters: {}, cards: {}, certificates: {},
  purchaseBaskets: {}, returnBaskets: {}, receipts: {}, payments: [], basketExpiries: [], basketExpiryHead: 0,
  apiKeyOwners: {}, seenMacs: {}, passwordLinks: {}, lkSessions: {}, requests: {},
});

// --- generation -----------------------------------------------------------------------------------

const randomChars = (rnd: Random, n: number, alphabet: string) =>
  Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');

export const newHexKey = (rnd: Random): string => randomChars(rnd, 48, '0123456789abcdef');

/** A fresh id from `make` that none of the `taken` records holds yet. */
export function newId(rnd: Random, taken: Array<Record<string, unknown>>, make: (rnd: Random) => string): string {
  for (;;) {
    const id = make(rnd);
    if (taken.every((t) => !(id in t))) return id;
  }
}

export const newBasketId = (state: FesState, rnd: Random): string =>
  newId(rnd, [state.purchaseBaskets, state.returnBaskets], (r) => `${1 + Math.floor(r() * 9)}${randomChars(r, 23, '0123456789')}`);

export const newCashRegisterId = (state: FesState, rnd: Random): string =>
  newId(rnd, [state.cashRegisters], (r) => `CR-${randomChars(r, 12, '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ')}`);

export const newCertificateId = (state: FesState, rnd: Random): string =>
  newId(rnd, [state.certificates], (r) => `${1 + Math.floor(r() * 9)}${randomChars(r, 29, '0123456789')}`);

export const basketExpiry = (now: number): number => now + BASKET_LIFETIME_MS;

/** Recent values by key, for storing equal immutable values once. Bounded: forgets them all when full. */
class SharedValues<T> {
  private readonly known = new Map<string, T>();
  constructor(private readonly max: number) {}

  get(key: string, make: () => T): T {
    const known = this.known.get(key);
    if (known !== undefined) return known;
    if (this.known.size >= this.max) this.known.clear();
    const value = make();
    this.known.set(key, value);
    return value;
  }
}

const sharedStrings = new SharedValues<string>(1024);
const sharedKindLists = new SharedValues<readonly string[]>(1024);

/**
 * One stored copy of a string many records repeat (validity dates of certificates issued together):
 * a 24-character string costs 40 bytes of heap, 8 MB over the 200,000 dates of a 100,000-certificate
 * world.
 */
export const sharedString = (value: string): string => sharedStrings.get(value, () => value);

/**
 * One frozen list for the certificates naming the same TRU kinds (most name one of a few kinds): a
 * list of its own costs 56 bytes, 5 MB over 100,000 certificates. Frozen, so that no change meant
 * for one certificate can reach the others.
 */
export const sharedKinds = (kinds: readonly string[]): readonly string[] => sharedKindLists.get(kinds.join(' '), () => Object.freeze([...kinds]));

// --- lookups ----------------------------------------------------------------------------------------

export function getMerchant(state: FesState, merchantId: string): Merchant {
  const m = own(state.merchants, merchantId);
  if (!m) throw FesErrors.MERCHANT_NOT_FOUND({ merchantId });
  return m;
}

export function getPoint(state: FesState, merchantId: string, pointId: string): Point {
  getMerchant(state, merchantId);
  const p = own(state.points, pointId);
  if (!p || p.merchantId !== merchantId) throw FesErrors.POINT_NOT_FOUND({ merchantId, pointId });
  return p;
}

export function getCashRegister(state: FesState, cashRegisterId: string): CashRegister {
  const c = own(state.cashRegisters, cashRegisterId);
  if (!c) throw FesErrors.CASH_REGISTER_NOT_FOUND({ cashRegisterId });
  return c;
}

export function getCertificate(state: FesState, certificateId: string): Certificate {
  const c = own(state.certificates, certificateId);
  if (!c) throw FesErrors.CERTIFICATE_NOT_FOUND({ certificateId });
  return c;
}

/** Merchant and point must still be operating for the control plane to change anything under them. */
export function assertOperating(state: FesState, merchantId: string, pointId?: string): void {
  if (getMerchant(state, merchantId).status === 'BLOCKED') throw FesErrors.MERCHANT_NOT_OPERATING({ merchantId });
  if (pointId && getPoint(state, merchantId, pointId).status === 'DISABLED') throw FesErrors.POINT_NOT_OPERATING({ pointId });
}

// --- certificates ---------------------------------------------------------------------------------

/** Refunded units the Treasury is still processing at `now`. */
export const returningQuantity = (c: Certificate, now: number): number =>
  (c.returning ?? []).reduce((n, r) => (r.availableAt > now ? n + r.quantity : n), 0);

/** Units a new Pre-Auth may still cover. */
export const availableQuantity = (c: Certificate, now: number): number => c.quantity - c.used - c.reserved - returningQuantity(c, now);

/** A refund whose certificate part the Treasury has to process before it can be used again. */
export function returnToCertificate(c: Certificate, quantity: number, now: number): void {
  c.used -= quantity;
  c.returning = [...(c.returning ?? []).filter((r) => r.availableAt > now), { quantity, availableAt: now + TREASURY_REFUND_DELAY_MS }];
}

export function isValidAt(c: Certificate, now: number): boolean {
  return Date.parse(c.validFrom) <= now && now <= Date.parse(c.validTo);
}

export function certificateView(c: Certificate, now: number) {
  return {
    certificateId: c.id,
    truKinds: c.truKinds,
    quantity: c.quantity,
    maxUnitPrice: c.maxUnitPrice,
    validFrom: c.validFrom,
    validTo: c.validTo,
    status: now > Date.parse(c.validTo) ? 'EXPIRED' : now < Date.parse(c.validFrom) ? 'NOT_YET_VALID' : availableQuantity(c, now) === 0 ? 'EXHAUSTED' : 'ACTIVE',
    balance: {
      quantityLeft: availableQuantity(c, now),
      reserved: c.reserved,
      used: c.used,
      awaitingTreasury: returningQuantity(c, now),
      awaitingTreasuryUntil: returningQuantity(c, now) ? new Date(Math.max(...c.returning!.map((r) => r.availableAt))).toISOString() : undefined,
    },
  };
}

function releaseReservations(state: FesState, basket: PurchaseBasket): void {
  for (const item of basket.items) {
    for (const cov of item.certificates) {
      const cert = state.certificates[cov.certificateId];
      if (cert) cert.reserved -= cov.quantity;
    }
  }
}

/** FES-15: the protocol version LK FES keeps for a касса (absent means V1, the default). */
export function chooseProtocolVersion(cr: CashRegister, version: ProtocolVersion): void {
  if (version === DEFAULT_PROTOCOL_VERSION) delete cr.protocolVersion;
  else cr.protocolVersion = version;
}

/** Ends a basket that will not be paid, giving its reserved quantities back. */
export function closeUnpaid(state: FesState, basket: PurchaseBasket, status: 'EXPIRED' | 'CANCELLED'): void {
  releaseReservations(state, basket);
  basket.status = status;
}

/** A return basket that will not be refunded gives its units back to the purchase basket. */
function releaseReturnHold(state: FesState, r: ReturnBasket): void {
  const purchase = state.purchaseBaskets[r.purchaseBasketId]!;
  for (const item of r.items) {
    const bought = purchase.items.find((i) => i.itemNumber === item.purchaseItemNumber)!;
    bought.ownFundsReturned -= item.ownFundsQuantity;
    for (const part of item.certificates) bought.certificates.find((c) => c.certificateId === part.certificateId)!.returned -= part.quantity;
  }
}

/** Puts a new APPROVED basket in the expiry queue, keeping it in expiry order. */
export function scheduleExpiry(state: FesState, basketId: string, expiresAt: number): void {
  const queue = state.basketExpiries;
  // Baskets all live 30 minutes and the clock only moves forward: this is an append but for a
  // real-time clock stepped back by the host.
  let at = queue.length;
  while (at > state.basketExpiryHead && queue[at - 1]![1] > expiresAt) at--;
  queue.splice(at, 0, [basketId, expiresAt]);
}

/** The expiry queue of a world without one (a snapshot made before it existed): every APPROVED basket. */
export function expiryQueueOf(state: Pick<FesState, 'purchaseBaskets' | 'returnBaskets'>): Array<[string, number]> {
  return [...Object.values(state.purchaseBaskets), ...Object.values(state.returnBaskets)]
    .filter((b) => b.status === 'APPROVED')
    .map((b): [string, number] => [b.id, b.expiresAt])
    .sort((a, b) => a[1] - b[1]);
}

/** Makes `apiKey` the merchant's current key in the API KEY index; `replaced` (not revoked) leaves it. */
export function indexApiKey(state: FesState, merchantId: string, apiKey: string, replaced?: string): void {
  if (replaced !== undefined && state.apiKeyOwners[replaced] === merchantId) delete state.apiKeyOwners[replaced];
  state.apiKeyOwners[apiKey] = merchantId;
}

/** The API KEY index of a world without one: revoked keys first, so a current key wins a clash, as a scan would. */
export function apiKeyIndexOf(merchants: Record<string, Merchant>): Record<string, string> {
  const index: Record<string, string> = {};
  for (const m of Object.values(merchants)) for (const key of m.revokedApiKeys) index[key] = m.id;
  for (const m of Object.values(merchants)) index[m.apiKey] = m.id;
  return index;
}

/**
 * What the virtual clock has made true since the last call: open baskets past their 30 minutes
 * expire (releasing reservations and held return quantities) and old request ids are forgotten.
 * (Treasury processing needs no sweep: balances count pending refunds by time.) The simulator's
 * tick: the core runs it before every request and event. Touches only expired queue entries, so a large world stays fast.
 */
export function applyTime(state: FesState, now: number): void {
  const queue = state.basketExpiries;
  let head = state.basketExpiryHead;
  for (; head < queue.length && now > queue[head]![1]; head++) {
    const id = queue[head]![0];
    const purchase = own(state.purchaseBaskets, id);
    if (purchase?.status === 'APPROVED') closeUnpaid(state, purchase, 'EXPIRED');
    const ret = own(state.returnBaskets, id);
    if (ret?.status === 'APPROVED') {
      releaseReturnHold(state, ret);
      ret.status = 'EXPIRED';
    }
  }
  // drop the done entries once they are half the queue: amortized O(1) per basket
  if (head > 0 && head * 2 >= queue.length) {
    queue.splice(0, head);
    head = 0;
  }
  state.basketExpiryHead = head;
  for (const hour of Object.keys(state.requests)) {
    if ((Number(hour) + 1) * 3_600_000 + REQUEST_ID_RETENTION_MS < now) delete state.requests[hour];
  }
}

const requestKey = (cashRegisterId: string, requestId: string) => `${cashRegisterId} ${requestId.toLowerCase()}`;

/** The answer this касса got for `requestId`, if it is still kept. */
export function answeredRequest(state: FesState, cashRegisterId: string, requestId: string): RequestRecord | undefined {
  const key = requestKey(cashRegisterId, requestId);
  for (const hour of Object.values(state.requests)) if (hour[key]) return hour[key];
  return undefined;
}

export function rememberRequest(state: FesState, cashRegisterId: string, requestId: string, now: number, record: RequestRecord): void {
  (state.requests[String(Math.floor(now / 3_600_000))] ??= {})[requestKey(cashRegisterId, requestId)] = record;
}

const macMinute = (timestampMs: number): string => String(Math.floor(timestampMs / 60_000));

export const macSeen = (state: FesState, mac: string, timestampMs: number): boolean => state.seenMacs[macMinute(timestampMs)]?.[mac] === true;

export function rememberMac(state: FesState, mac: string, timestampMs: number): void {
  (state.seenMacs[macMinute(timestampMs)] ??= {})[mac] = true;
}

/** MACs whose timestamps have left the profile's window cannot be replayed any more: forgotten. */
export function forgetOldMacs(state: FesState, now: number, windowMs: number): void {
  for (const minute of Object.keys(state.seenMacs)) {
    if ((Number(minute) + 1) * 60_000 + windowMs < now) delete state.seenMacs[minute];
  }
}

/** The context call sites need for ids and time. */
export type Ctx = Pick<SimulatorContext, 'clock' | 'random' | 'emit'>;
