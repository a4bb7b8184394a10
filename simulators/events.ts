// The events between GIS ES and LK FES, in one place: each topic's payload type here, its JSON Schema
// in schemas/events/<topic>.json. A simulator declares what it publishes (`publishes`) and what it
// hears (`events`); the engine refuses a topic a simulator did not declare or a payload that breaks its
// schema, and refuses at start (in development) a published topic that no simulator subscribes to. docs/architecture.md lists the topics and their effects.
import type { Simulator, SimulatorContext } from '../src/engine/simulator.js';

/** A merchant as GIS ES hands it to LK FES (kpp, ogrn only for seller types that have them). */
export interface FesMerchant {
  id: string; inn: string; kpp?: string; ogrn?: string; name: string; brand: string;
  /** §4.1: where NSPK sends the LK FES link (the first TECHNICAL contact; modeled). */
  technicalContactEmail?: string;
  contacts: Array<{ id: string; role: string; fullName: string; email: string; phone: string }>;
}

/** A point as GIS ES hands it to LK FES. */
export interface FesPoint { id: string; name: string; address: string; onlineShop: boolean }

export interface EventPayloads {
  /** GIS ES sent a point to activation (§3.4.7): LK FES registers the merchant if new, and the point. */
  'gis.point.toActivation': { merchant: FesMerchant; point: FesPoint };
  /** GIS-11 (§3.4.9): what LK FES shows of a merchant it knows changed in GIS ES. */
  'gis.merchant.updated': { merchant: FesMerchant };
  /** GIS-11: what LK FES shows of a point it knows (past CREATED) changed in GIS ES. */
  'gis.point.updated': { merchantId: string; point: FesPoint };
  /** GIS ES activated a point from `activeFrom` (§3.4.8). */
  'gis.point.activated': { merchantId: string; pointId: string; activeFrom: string };
  /** GIS ES disabled a point (§3.4.10). */
  'gis.point.disabled': { merchantId: string; pointId: string };
  /** The Treasury blocked a merchant (§3.4.12). */
  'gis.merchant.blocked': { merchantId: string };
  /** LK FES registered кассы for a point (§4.3.1). */
  'fes.cashRegister.registered': { merchantId: string; pointId: string; cashRegisterIds: string[] };
  /** A касса of the point passed the production test (seed 000 §4.6); `passedAt` is virtual time. */
  'fes.cashRegister.productionTestPassed': { merchantId: string; pointId: string; cashRegisterId: string; passedAt: string };
}

export type Topic = keyof EventPayloads;

/** Each topic's schema id (schemas/events/<topic>.json). */
export const EVENT_SCHEMAS: { readonly [T in Topic]: string } = {
  'gis.point.toActivation': 'events/gis.point.toActivation',
  'gis.merchant.updated': 'events/gis.merchant.updated',
  'gis.point.updated': 'events/gis.point.updated',
  'gis.point.activated': 'events/gis.point.activated',
  'gis.point.disabled': 'events/gis.point.disabled',
  'gis.merchant.blocked': 'events/gis.merchant.blocked',
  'fes.cashRegister.registered': 'events/fes.cashRegister.registered',
  'fes.cashRegister.productionTestPassed': 'events/fes.cashRegister.productionTestPassed',
};

/** A simulator's `publishes`: the topics it may emit, with their schemas. */
export function publishes(...topics: Topic[]): NonNullable<Simulator['publishes']> {
  return Object.fromEntries(topics.map((t) => [t, EVENT_SCHEMAS[t]]));
}

/** Publishes a typed event to the other simulators of the namespace. */
export function publish<T extends Topic>(ctx: Pick<SimulatorContext, 'emit'>, topic: T, payload: EventPayloads[T]): void {
  ctx.emit(topic, payload);
}

export type Subscriptions<S> = { [T in Topic]?: (state: S, payload: EventPayloads[T], ctx: SimulatorContext) => void };

/** A simulator's `events`, typed by topic. */
export function subscriptions<S>(handlers: Subscriptions<S>): NonNullable<Simulator<S>['events']> {
  return handlers as NonNullable<Simulator<S>['events']>;
}
