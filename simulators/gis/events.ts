// The link with LK FES (docs/architecture.md): GIS ES publishes what the Treasury's system would send to NSPK,
// and listens for the касса registration and production test that make a point TESTED. No shared state, only events.
import type { SimulatorContext } from '../../src/engine/simulator.js';
import { publish, type EventPayloads } from '../events.js';
import { POINT_TRANSITIONS } from './machine.js';
import { gisOptions } from './options.js';
import { own, type GisState, type Merchant, type Point } from './state.js';

/**
 * The merchant as LK FES gets it and shows it: kpp and ogrn are left out when the seller type has none
 * (INDIVIDUAL_ENTREPRENEUR, INDIVIDUAL). §4.1: NSPK sends the LK FES link to the technical contact's
 * e-mail — the first TECHNICAL contact when there are several (MODELED); a point reaches activation
 * only with one (GIS-08), and one stays from then on (§3.4.3).
 */
const merchantForFes = (merchant: Merchant): EventPayloads['gis.point.toActivation']['merchant'] => ({
  id: merchant.id, inn: merchant.inn,
  ...(merchant.kpp !== undefined && { kpp: merchant.kpp }),
  ...(merchant.ogrn !== undefined && { ogrn: merchant.ogrn }),
  name: merchant.name, brand: merchant.brand,
  technicalContactEmail: merchant.contacts.find((c) => c.role === 'TECHNICAL')?.email,
  contacts: merchant.contacts.map(({ id, role, fullName, email, phone }) => ({ id, role, fullName, email, phone })),
});

const pointForFes = (point: Point): EventPayloads['gis.point.toActivation']['point'] => ({ id: point.id, name: point.name, address: point.address?.text ?? '', onlineShop: point.onlineShop });

export function emitToActivation(ctx: SimulatorContext, merchant: Merchant, point: Point): void {
  publish(ctx, 'gis.point.toActivation', { merchant: merchantForFes(merchant), point: pointForFes(point) });
}

/** LK FES knows a merchant once one of its points has gone to activation (§3.4.7). */
const knownToFes = (state: GisState, merchantId: string): boolean =>
  Object.values(state.points).some((p) => p.merchantId === merchantId && p.status !== 'CREATED');

/**
 * GIS-11 (§3.4.9): runs `edit`, then tells LK FES when what it shows of the merchant (brand, name,
 * contacts…) changed and LK FES already knows the merchant.
 */
export function withMerchantUpdate<T>(state: GisState, ctx: SimulatorContext, merchant: Merchant, edit: () => T): T {
  const before = JSON.stringify(merchantForFes(merchant));
  const result = edit();
  const after = merchantForFes(merchant);
  if (JSON.stringify(after) !== before && knownToFes(state, merchant.id)) publish(ctx, 'gis.merchant.updated', { merchant: after });
  return result;
}

/** The same for a point LK FES knows (past CREATED): its name, address or online-shop flag changed. */
export function withPointUpdate<T>(ctx: SimulatorContext, point: Point, edit: () => T): T {
  const before = JSON.stringify(pointForFes(point));
  const result = edit();
  const after = pointForFes(point);
  if (JSON.stringify(after) !== before && point.status !== 'CREATED') publish(ctx, 'gis.point.updated', { merchantId: point.merchantId, point: after });
  return result;
}

export const emitActivated = (ctx: SimulatorContext, point: Point): void =>
  publish(ctx, 'gis.point.activated', { merchantId: point.merchantId, pointId: point.id, activeFrom: point.activeFrom! });

export const emitDisabled = (ctx: SimulatorContext, point: Point): void =>
  publish(ctx, 'gis.point.disabled', { merchantId: point.merchantId, pointId: point.id });

export const emitMerchantBlocked = (ctx: SimulatorContext, merchant: Merchant): void =>
  publish(ctx, 'gis.merchant.blocked', { merchantId: merchant.id });

/** GIS-09: ON_ACTIVATION → TESTED, once what the setting asks for has happened (options.ts). */
function markTested(point: Point, ctx: SimulatorContext): void {
  const transition = POINT_TRANSITIONS.tested;
  if ((transition.from as readonly string[]).includes(point.status)) point.status = transition.to;
  point.updatedAt = ctx.clock.date().toISOString();
}

const addOnce = (list: string[], id: string) => { if (!list.includes(id)) list.push(id); };

/**
 * LK FES registered кассы for a point: they are recorded; with testedAfter 'registration' (§4.3.1)
 * the point becomes TESTED. An event for a point GIS ES does not know (standalone FES data) is ignored.
 */
export function onCashRegisterRegistered(state: GisState, { pointId, cashRegisterIds }: EventPayloads['fes.cashRegister.registered'], ctx: SimulatorContext): void {
  const point = own(state.points, pointId);
  if (!point) return;
  for (const id of cashRegisterIds) addOnce(point.cashRegisterIds, id);
  if (gisOptions(ctx).testedAfter === 'registration') markTested(point, ctx);
  else point.updatedAt = ctx.clock.date().toISOString();
}

/**
 * A касса of the point passed the production test in LK FES (§4.6): recorded; with testedAfter
 * 'productionTest' (the default, §3.4.7: registered and tested) the point becomes TESTED.
 */
export function onProductionTestPassed(state: GisState, { pointId, cashRegisterId }: EventPayloads['fes.cashRegister.productionTestPassed'], ctx: SimulatorContext): void {
  const point = own(state.points, pointId);
  if (!point) return;
  addOnce(point.cashRegisterIds, cashRegisterId); // a касса that passed the test is a registered one
  addOnce(point.testedCashRegisterIds, cashRegisterId);
  if (gisOptions(ctx).testedAfter === 'productionTest') markTested(point, ctx);
  else point.updatedAt = ctx.clock.date().toISOString();
}
