// The link with LK FES (docs/architecture.md): GIS ES publishes what the Treasury's system would send to NSPK,
// and listens for the касса registration that makes a point TESTED. No shared state, only events.
import type { SimulatorContext } from '../../src/engine/simulator.js';
import { POINT_TRANSITIONS } from './machine.js';
import { own, type GisState, type Merchant, type Point } from './state.js';

export const GIS_TOPICS = {
  pointToActivation: 'gis.point.toActivation',
  pointActivated: 'gis.point.activated',
  pointDisabled: 'gis.point.disabled',
  merchantBlocked: 'gis.merchant.blocked',
} as const;

export const FES_CASH_REGISTER_REGISTERED = 'fes.cashRegister.registered';

export function emitToActivation(ctx: SimulatorContext, merchant: Merchant, point: Point): void {
  ctx.emit(GIS_TOPICS.pointToActivation, {
    // kpp and ogrn are left out when the seller type has none (INDIVIDUAL_ENTREPRENEUR, INDIVIDUAL)
    merchant: {
      id: merchant.id, inn: merchant.inn,
      ...(merchant.kpp !== undefined && { kpp: merchant.kpp }),
      ...(merchant.ogrn !== undefined && { ogrn: merchant.ogrn }),
      name: merchant.name, brand: merchant.brand,
    },
    point: { id: point.id, name: point.name, address: point.address?.text ?? '', onlineShop: point.onlineShop },
  });
}

export const emitActivated = (ctx: SimulatorContext, point: Point): void =>
  ctx.emit(GIS_TOPICS.pointActivated, { merchantId: point.merchantId, pointId: point.id, activeFrom: point.activeFrom });

export const emitDisabled = (ctx: SimulatorContext, point: Point): void =>
  ctx.emit(GIS_TOPICS.pointDisabled, { merchantId: point.merchantId, pointId: point.id });

export const emitMerchantBlocked = (ctx: SimulatorContext, merchant: Merchant): void =>
  ctx.emit(GIS_TOPICS.merchantBlocked, { merchantId: merchant.id });

interface CashRegisterRegistered { merchantId?: unknown; pointId?: unknown; cashRegisterIds?: unknown }

/**
 * GIS-09: a касса registered in LK FES makes an ON_ACTIVATION point TESTED. Later кассы of the same
 * point are only recorded. An event for a point GIS ES does not know (standalone FES data) is ignored.
 */
export function onCashRegisterRegistered(state: GisState, payload: unknown, ctx: SimulatorContext): void {
  const { pointId, cashRegisterIds } = (payload ?? {}) as CashRegisterRegistered;
  const point = typeof pointId === 'string' ? own(state.points, pointId) : undefined;
  if (!point) return;
  const ids = Array.isArray(cashRegisterIds) ? cashRegisterIds.filter((id): id is string => typeof id === 'string') : [];
  for (const id of ids) if (!point.cashRegisterIds.includes(id)) point.cashRegisterIds.push(id);
  const transition = POINT_TRANSITIONS.cashRegisterRegistered;
  if ((transition.from as readonly string[]).includes(point.status)) point.status = transition.to;
  point.updatedAt = ctx.clock.date().toISOString();
}
