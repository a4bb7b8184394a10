// The ECS world as plain JSON: areas, benefit categories, organizations (acceptants) with terminals and
// services, holders with their cards, and the transactions CheckClientBenefits opens.
import { durationSetting } from '../../src/engine/clock.js';
import type { SimulatorContext } from '../../src/engine/simulator.js';
import { isValidSnils } from '../../src/data/checksums.js';
import { maskValue } from '../../src/engine/secrets.js';
import type { ContradictionPolicy } from './contradictions.js';

export type ConnectionType = 1 | 2 | 3;
export type CardStatus = 'active' | 'inactive';

/**
 * Вариант подключения of the application (Appendix 1, item 9) → the connection types of Appendix 2 it
 * may use (§1.4, Appendix 2, §2.7): acceptant Type 1 uses the bank's own software, so no connection type
 * and no web-service credentials; Type 2 variant 2 (own ticket system of a social-support organization)
 * is connection type 1; Type 2 variant 1 («Цифровой пропуск») is connection type 2; Type 3 is connection
 * type 3. An airline's connection type is not stated: modeled as 1 or 3 (a ticket system), default 1.
 */
export const VARIANT_CONNECTION_TYPES: Record<string, ConnectionType[]> = {
  'type1.variant1': [], 'type1.variant2': [], 'type2.variant2': [1], 'type2.variant1': [2], type3: [3], airline: [1, 3],
};
/** The variant a connection type implies when the caller names only the connection type. */
export const DEFAULT_VARIANT: Record<ConnectionType, string> = { 1: 'type2.variant2', 2: 'type2.variant1', 3: 'type3' };

export interface Area { id: number; name: string }
export interface BenefitCategory { id: number; name: string }

export interface Organization {
  id: number;
  shortName: string;
  fullName: string;
  /** Тип подключения of Appendix 2; null for acceptant Type 1, which does not use the web service. */
  connectionType: ConnectionType | null;
  /** Вариант подключения of the application (Appendix 1, item 9). */
  variant: string;
  areaId: number;
  /** Web-service credentials; acceptant Type 1 has none (§1.4). */
  clientId?: string;
  clientSecret?: string;
  /** Addresses or CIDR networks requests may come from (§9.2). */
  allowedIps: string[];
  /** Identifies holders through ESIA, so may call GetTransactions (§8.2–8.3). */
  transactionsAccess: boolean;
  status: 'active' | 'excluded';
}

export interface Terminal { id: number; organizationId: number }

export interface ServiceBenefit { benefitCategoryId: number; priority: number }
export interface Service { id: number; organizationId: number; name: string; benefits: ServiceBenefit[] }

export interface Holder { id: number; snils?: string; benefitCategoryIds: number[] }

export type Card =
  | { id: number; holderId: number; kind: 'ecs'; clientCode: string; status: CardStatus }
  | { id: number; holderId: number; kind: 'social'; number: string; series: string; status: CardStatus; expiresOn?: string };

/** An outage injected through the control API, on the virtual clock (§6.4, §7.4 service level). */
export interface Outage { id: number; from: string; to: string; planned: boolean; refused: number }

export interface Transaction {
  id: number;
  status: 'open' | 'confirmed';
  organizationId: number;
  terminalId: number;
  serviceId: number;
  clientId: number;
  benefitCategoryId: number;
  createdAt: string;
  /** An open transaction not confirmed by then is gone (modeled, ECS-07). */
  expiresAt: string;
  confirmedAt?: string;
  price?: number;
  discountedPrice?: number;
  /** A record of the demo world itself (e.g. App. 9's example), kept whatever its age. */
  pinned?: true;
}

/** What is kept of an open transaction that expired unconfirmed: no holder data. */
export interface ExpiredTransaction { id: number; organizationId: number; expiresAt: string }

export interface EcsState {
  nextId: Record<'area' | 'benefitCategory' | 'organization' | 'terminal' | 'service' | 'holder' | 'card' | 'transaction' | 'outage', number>;
  areas: Record<string, Area>;
  benefitCategories: Record<string, BenefitCategory>;
  organizations: Record<string, Organization>;
  terminals: Record<string, Terminal>;
  services: Record<string, Service>;
  holders: Record<string, Holder>;
  cards: Record<string, Card>;
  transactions: Record<string, Transaction>;
  /** Ids of the transactions CheckClientBenefits opened, in order (so also in order of expiry). */
  openQueue: number[];
  /**
   * Open transactions that expired unconfirmed, gone from `transactions`, in order of expiry: only what
   * ConfirmTransaction needs to say so, kept a day of virtual time (modeled).
   */
  expiredTransactions: ExpiredTransaction[];
  /** Off: every CheckClientBenefits answers result code 06. */
  processingCentreOnline: boolean;
  outages: Outage[];
  /** When the bank started giving the service: the downtime budget is 1296 minutes a month for 3 months, 432 after. */
  serviceStartedAt: string;
  /** When old confirmed transactions were last looked for (forgetOldTransactions); absent until the first sweep. */
  retentionSweptAt?: number;
}

export function createEcsState(): EcsState {
  return {
    nextId: { area: 1, benefitCategory: 1, organization: 1, terminal: 1, service: 1, holder: 1, card: 1, transaction: 1, outage: 1 },
    areas: {}, benefitCategories: {}, organizations: {}, terminals: {}, services: {}, holders: {}, cards: {}, transactions: {}, openQueue: [], expiredTransactions: [],
    processingCentreOnline: true,
    outages: [], serviceStartedAt: new Date(0).toISOString(),
  };
}

/** Checks a snapshot's ECS state before it replaces the live one (Simulator.restore). */
export function restoreEcsState(data: unknown): EcsState {
  const fresh = createEcsState();
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected an object');
  // snapshots from before outages (or expired transactions) were kept restore without any
  const input: Record<string, unknown> = {
    outages: fresh.outages, serviceStartedAt: fresh.serviceStartedAt, expiredTransactions: fresh.expiredTransactions, ...(data as Record<string, unknown>),
  };
  for (const [key, value] of Object.entries(fresh)) {
    const given = input[key];
    const ok = Array.isArray(value) ? Array.isArray(given) : given !== null && !Array.isArray(given) && typeof given === typeof value;
    if (!ok) throw new Error(`"${key}" is missing or not ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}`);
  }
  return input as unknown as EcsState; // the engine hands restore a private copy
}

export function takeId(state: EcsState, kind: keyof EcsState['nextId']): number {
  const id = state.nextId[kind] ?? 1; // a snapshot from before a kind existed has no counter for it
  state.nextId[kind] = id + 1;
  return id;
}

// ---- options ---------------------------------------------------------------------------------

export interface EcsOptions {
  contradictions: ContradictionPolicy;
  openTransactionTtlMs: number;
  confirmedTransactionRetentionMs: number;
}

export const DEFAULT_OPEN_TRANSACTION_TTL = '15m';
/** How long a confirmed transaction stays for GetTransactions (modeled: the sources do not say). */
export const DEFAULT_CONFIRMED_TRANSACTION_RETENTION = '400d';

/** simulatorOptions.ecs: { contradictions: 'strict' | 'lenient', openTransactionTtl: '15m', confirmedTransactionRetention: '400d' }. */
export function ecsOptions(ctx: SimulatorContext): EcsOptions {
  return parseEcsOptions(ctx.options);
}

/** Throws an Error naming the bad option (run at start-up through Simulator.checkOptions). */
export function parseEcsOptions(options: Readonly<Record<string, unknown>>): EcsOptions {
  const {
    contradictions = 'strict', openTransactionTtl = DEFAULT_OPEN_TRANSACTION_TTL,
    confirmedTransactionRetention = DEFAULT_CONFIRMED_TRANSACTION_RETENTION, ...unknown
  } = options;
  const extra = Object.keys(unknown);
  if (extra.length) throw new Error(`simulatorOptions.ecs: unknown option ${extra.join(', ')}; known: contradictions, openTransactionTtl, confirmedTransactionRetention`);
  if (contradictions !== 'strict' && contradictions !== 'lenient') {
    throw new Error(`simulatorOptions.ecs.contradictions must be "strict" or "lenient", got ${JSON.stringify(contradictions)}`);
  }
  return {
    contradictions,
    openTransactionTtlMs: durationSetting(openTransactionTtl, DEFAULT_OPEN_TRANSACTION_TTL, 'simulatorOptions.ecs.openTransactionTtl'),
    confirmedTransactionRetentionMs: durationSetting(confirmedTransactionRetention, DEFAULT_CONFIRMED_TRANSACTION_RETENTION, 'simulatorOptions.ecs.confirmedTransactionRetention'),
  };
}

// ---- look-ups --------------------------------------------------------------------------------

export const DEFAULT_ALLOWED_IPS = ['127.0.0.1', '::1', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

export type HolderQuery =
  | { kind: 'clientCode'; clientCode: string }
  | { kind: 'clientSnils'; clientSnils: string }
  | { kind: 'card'; cardNumber: string; cardSeries: string };

export interface HolderMatch {
  holder: Holder;
  /** The card the holder was identified by (none for SNILS). */
  card?: Card;
}

/** Personal data in a message (§9.4): masked like a secret, the last four characters kept. */
export const pd = (value: string): string => maskValue(value);

/** The holder the identifier points to, or a reason why none does (identifiers masked). */
export function findHolder(state: EcsState, q: HolderQuery): HolderMatch | { reason: string } {
  if (q.kind === 'clientSnils') {
    if (!isValidSnils(q.clientSnils)) return { reason: `clientSnils ${pd(q.clientSnils)}: its check number does not match its first nine digits` };
    const holder = Object.values(state.holders).find((h) => h.snils === q.clientSnils);
    return holder ? { holder } : { reason: `no holder has SNILS ${pd(q.clientSnils)}` };
  }
  const card = Object.values(state.cards).find((c) => (q.kind === 'clientCode'
    ? c.kind === 'ecs' && c.clientCode === q.clientCode
    : c.kind === 'social' && c.number === q.cardNumber && c.series === q.cardSeries));
  if (!card) {
    return { reason: q.kind === 'clientCode' ? `no ECS card has clientCode ${pd(q.clientCode)}` : `no social card has number ${pd(q.cardNumber)} and series ${q.cardSeries}` };
  }
  return { holder: state.holders[card.holderId]!, card };
}

/** How a card is named in a message, its number masked. */
export function cardName(card: Card): string {
  return card.kind === 'ecs' ? `ECS card ${pd(card.clientCode)}` : `social card ${card.series} ${pd(card.number)}`;
}

/** The date in Yakutsk (UTC+9, no daylight saving) at an instant: a card is valid through its expiry date there. */
export function yakutskDate(at: number): string {
  return new Date(at + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** Why a card cannot be used now (Appendix 6: past its expiry date a social card is inactive, 05), or undefined. */
export function cardUnusable(card: Card, now: number): string | undefined {
  if (card.status !== 'active') return `${cardName(card)} is inactive`;
  if (card.kind === 'social' && card.expiresOn !== undefined && card.expiresOn < yakutskDate(now)) {
    return `${cardName(card)} expired on ${card.expiresOn} (Appendix 6: «Дата окончания действия»)`;
  }
  return undefined;
}

export function cardsOf(state: EcsState, holderId: number): Card[] {
  return Object.values(state.cards).filter((c) => c.holderId === holderId);
}

/** The highest-priority benefit category the holder has for the service (priority 1 first, then lower id). */
export function pickBenefit(state: EcsState, service: Service, holder: Holder): BenefitCategory | undefined {
  const best = service.benefits
    .filter((b) => holder.benefitCategoryIds.includes(b.benefitCategoryId))
    .sort((a, b) => a.priority - b.priority || a.benefitCategoryId - b.benefitCategoryId)[0];
  return best ? state.benefitCategories[best.benefitCategoryId] : undefined;
}

/** Opens a transaction: it waits in the queue for confirmation until it expires. */
export function openTransaction(state: EcsState, tx: Transaction): void {
  state.transactions[tx.id] = tx;
  state.openQueue.push(tx.id);
}

/** How long ConfirmTransaction can still tell an expired transaction from an unknown one (modeled). */
const EXPIRED_KEPT_MS = 24 * 60 * 60_000;

/**
 * The simulator's tick: open transactions whose time ran out are removed (ECS-07), leaving only what
 * ConfirmTransaction needs to say so. Expiry follows opening order, so only the head of the queue is
 * looked at: the cost does not grow with the history.
 */
export function expireOpenTransactions(state: EcsState, now: number): void {
  while (state.openQueue.length) {
    const tx = state.transactions[state.openQueue[0]!];
    if (tx?.status === 'open') {
      if (Date.parse(tx.expiresAt) > now) break;
      delete state.transactions[tx.id];
      state.expiredTransactions.push({ id: tx.id, organizationId: tx.organizationId, expiresAt: tx.expiresAt });
    }
    state.openQueue.shift();
  }
  const expired = state.expiredTransactions;
  let forgotten = 0;
  while (forgotten < expired.length && Date.parse(expired[forgotten]!.expiresAt) + EXPIRED_KEPT_MS <= now) forgotten++;
  if (forgotten) expired.splice(0, forgotten);
}

/** Confirmed transactions are looked for at most once a virtual hour: a sweep reads every one. */
const RETENTION_SWEEP_EVERY_MS = 3_600_000;

/**
 * Part of the tick: confirmed transactions older than `confirmedTransactionRetention` (modeled, default
 * 400 days after confirmation) are dropped, so a long-running sandbox does not keep every sale; the
 * demo world's own records (`pinned`) stay, being part of the world, not of its traffic.
 */
export function forgetOldTransactions(state: EcsState, now: number, ctx: SimulatorContext): void {
  if (state.retentionSweptAt !== undefined && now >= state.retentionSweptAt && now - state.retentionSweptAt < RETENTION_SWEEP_EVERY_MS) return;
  state.retentionSweptAt = now;
  const keepMs = ecsOptions(ctx).confirmedTransactionRetentionMs;
  for (const id in state.transactions) {
    const tx = state.transactions[id]!;
    if (tx.status === 'confirmed' && !tx.pinned && now - Date.parse(tx.confirmedAt!) > keepMs) delete state.transactions[id];
  }
}
