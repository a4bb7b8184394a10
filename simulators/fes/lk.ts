// LK FES NSPK, the merchant cabinet's control plane (seed 000 §4, LKF-02…07): merchants and points
// (from GIS ES events or created directly in a standalone sandbox), кассы with vendor and count,
// API KEY and MAC KEY life cycles, касса statuses with the actor who may change them.
import { own } from '../../src/data/records.js';
import type { Operation } from '../../src/engine/simulator.js';
import { FesErrors } from './errors.js';
import { inviteAdmin } from './lk-access.js';
import { CERTIFIED_VENDORS, MAX_CASH_REGISTERS_PER_REQUEST, isCertifiedVendor, type Actor } from './protocol.js';
import {
  assertOperating, getCashRegister, getMerchant, getPoint, indexApiKey, newCashRegisterId, newHexKey,
  type CashRegister, type CashRegisterStatus, type Ctx, type FesState, type Merchant, type Point,
} from './state.js';

export interface MerchantInput { id: string; inn: string; kpp?: string; ogrn?: string; name: string; brand?: string }
export interface PointInput { id: string; name: string; address: string; onlineShop: boolean }

// --- domain actions (shared by the LK API, the GIS ES events and the demo) ----------------------

/** LKF-02: the API KEY is made at the merchant's first registration; LKF-01: its administrator is invited. */
export function registerMerchant(state: FesState, ctx: Ctx, input: MerchantInput, source: Merchant['source'], apiKey = newHexKey(ctx.random)): Merchant {
  const merchant: Merchant = {
    ...input, status: 'ACTIVE', apiKey, apiKeyStatus: 'ACTIVE', revokedApiKeys: [],
    createdAt: ctx.clock.date().toISOString(), source, admin: inviteAdmin(state, ctx, input.id),
  };
  state.merchants[input.id] = merchant;
  indexApiKey(state, merchant.id, apiKey);
  return merchant;
}

export function registerPoint(state: FesState, merchantId: string, input: PointInput): Point {
  const point: Point = { ...input, merchantId, status: 'NOT_ACTIVATED', cashRegisterIds: [] };
  state.points[input.id] = point;
  return point;
}

/** LKF-05: each new касса gets a unique ID, its own MAC KEY and status ACTIVE; GIS ES hears of it. */
export function addCashRegisters(state: FesState, ctx: Ctx, point: Point, vendor: string, count: number, fixed?: { id: string; macKey: string }): CashRegister[] {
  const created: CashRegister[] = [];
  const createdAt = ctx.clock.date().toISOString(); // one string for the batch: 10,000 кассы make it count
  for (let i = 0; i < count; i++) {
    const cr: CashRegister = {
      id: fixed?.id ?? newCashRegisterId(state, ctx.random),
      merchantId: point.merchantId,
      pointId: point.id,
      vendor,
      status: 'ACTIVE',
      macKey: fixed?.macKey ?? newHexKey(ctx.random),
      createdAt,
    };
    state.cashRegisters[cr.id] = cr;
    point.cashRegisterIds.push(cr.id);
    created.push(cr);
  }
  ctx.emit('fes.cashRegister.registered', { merchantId: point.merchantId, pointId: point.id, cashRegisterIds: created.map((c) => c.id) });
  return created;
}

export function activatePoint(point: Point, activeFrom: string): void {
  point.status = 'ACTIVATED';
  point.activeFrom = activeFrom;
}

/** GIS-12: a disabled point's кассы are blocked (by NSPK: the merchant cannot lift it). */
export function disablePoint(state: FesState, point: Point): void {
  point.status = 'DISABLED';
  for (const id of point.cashRegisterIds) state.cashRegisters[id]!.status = 'BLOCKED_BY_NSPK';
}

/** GIS-14: a blocked merchant has every point disabled. */
export function blockMerchant(state: FesState, merchant: Merchant): void {
  merchant.status = 'BLOCKED';
  for (const p of Object.values(state.points)) if (p.merchantId === merchant.id) disablePoint(state, p);
}

// --- views ------------------------------------------------------------------------------------------

const last4 = (key: string) => key.slice(-4);

export const cashRegisterView = (c: CashRegister) => ({
  cashRegisterId: c.id, merchantId: c.merchantId, pointId: c.pointId, vendor: c.vendor, status: c.status,
  macKeyLast4: last4(c.macKey), createdAt: c.createdAt,
});

export const pointView = (state: FesState, p: Point) => ({
  pointId: p.id, merchantId: p.merchantId, name: p.name, address: p.address, onlineShop: p.onlineShop,
  status: p.status, activeFrom: p.activeFrom,
  cashRegisters: p.cashRegisterIds.map((id) => cashRegisterView(state.cashRegisters[id]!)),
});

export const merchantView = (state: FesState, m: Merchant) => ({
  merchantId: m.id, inn: m.inn, kpp: m.kpp, ogrn: m.ogrn, name: m.name, brand: m.brand, status: m.status,
  source: m.source, apiKeyStatus: m.apiKeyStatus, apiKeyLast4: last4(m.apiKey), createdAt: m.createdAt,
  points: Object.values(state.points).filter((p) => p.merchantId === m.id).map((p) => pointView(state, p)),
});

// --- status rules (LKF-07, seed 000 §4.7) -----------------------------------------------------------

/** Why `actor` may not move a касса from `from` to `to`, or undefined when it may. */
function statusChangeRefusal(actor: Actor, from: CashRegisterStatus, to: CashRegisterStatus): string | undefined {
  if (to === 'BLOCKED_BY_NSPK' && actor !== 'NSPK') return 'only the NSPK admin sets BLOCKED_BY_NSPK';
  if (to === 'BLOCKED_BY_MERCHANT' && actor !== 'MERCHANT') return 'only the merchant admin sets BLOCKED_BY_MERCHANT';
  if (from === 'BLOCKED_BY_NSPK' && actor !== 'NSPK') return 'a касса blocked by NSPK can be reactivated only by the NSPK admin';
  if (from === 'BLOCKED_BY_MERCHANT' && to === 'ACTIVE' && actor !== 'MERCHANT') return 'a касса blocked by the merchant is reactivated by the merchant admin';
  return undefined;
}

// --- operations -------------------------------------------------------------------------------------

const TAG = 'LK FES (control plane)';
const LK_ERRORS = { 404: { description: 'Merchant, point or касса not found', schema: 'fes/error' }, 409: { description: 'Conflict with the current status', schema: 'fes/error' } };
const BAD_REQUEST = { 400: { description: 'Malformed or invalid request', schema: 'fes/error' } };

export const lkOperations: Array<Operation<FesState>> = [
  {
    id: 'lkListVendors', method: 'get', path: '/lk/v1/vendors', tag: TAG,
    summary: 'Certified cash-register vendors (modeled list)',
    responses: { 200: { description: 'The vendors a касса may be registered with', schema: 'fes/lk-vendors.response' } },
    handle: () => ({ body: { vendors: CERTIFIED_VENDORS } }),
  },
  {
    id: 'lkListMerchants', method: 'get', path: '/lk/v1/merchants', tag: TAG,
    summary: 'Merchants registered in LK FES',
    responses: { 200: { description: 'All merchants with points and кассы (keys shown by last 4 characters only)', schema: 'fes/lk-merchant-list.response' } },
    handle: ({ state }) => ({ body: { merchants: Object.values(state.merchants).map((m) => merchantView(state, m)) } }),
  },
  {
    id: 'lkCreateMerchant', method: 'post', path: '/lk/v1/merchants', tag: TAG,
    summary: 'Register a merchant directly (standalone; normally it arrives from GIS ES)',
    description: 'LKF-02: answers the merchant API KEY. This is the only time it is shown in full.',
    request: { body: 'fes/lk-merchant.create.request' },
    responses: { 201: { description: 'Merchant registered with its API KEY', schema: 'fes/lk-merchant.created.response' }, ...BAD_REQUEST, 409: LK_ERRORS[409] },
    handle: ({ state, ctx, body }) => {
      const input = body as MerchantInput & { merchantId?: string };
      const id = input.merchantId ?? `M-${ctx.random().toString(36).slice(2, 10).toUpperCase()}`;
      if (own(state.merchants, id)) throw FesErrors.ALREADY_EXISTS({ what: 'Merchant', id });
      const { merchantId: _ignored, ...rest } = input;
      const merchant = registerMerchant(state, ctx, { ...rest, id }, 'LK');
      return { status: 201, body: { merchant: merchantView(state, merchant), apiKey: merchant.apiKey } };
    },
  },
  {
    id: 'lkGetMerchant', method: 'get', path: '/lk/v1/merchants/:merchantId', tag: TAG,
    summary: 'A merchant with its points and кассы',
    request: { params: 'fes/lk-merchant.params' },
    responses: { 200: { description: 'The merchant', schema: 'fes/lk-merchant.response' }, 404: LK_ERRORS[404] },
    handle: ({ state, params }) => ({ body: merchantView(state, getMerchant(state, params.merchantId!)) }),
  },
  {
    id: 'lkBlockMerchant', method: 'post', path: '/lk/v1/merchants/:merchantId/block', tag: TAG,
    summary: 'Block a merchant (standalone stand-in for GIS ES gis.merchant.blocked): every point disabled',
    request: { params: 'fes/lk-merchant.params' },
    responses: { 200: { description: 'The blocked merchant', schema: 'fes/lk-merchant.response' }, ...LK_ERRORS },
    handle: ({ state, params }) => {
      const merchant = getMerchant(state, params.merchantId!);
      if (merchant.status === 'BLOCKED') throw FesErrors.STATUS_UNCHANGED({ what: `Merchant ${merchant.id}`, status: 'BLOCKED' });
      blockMerchant(state, merchant);
      return { body: merchantView(state, merchant) };
    },
  },
  {
    id: 'lkCreatePoint', method: 'post', path: '/lk/v1/merchants/:merchantId/points', tag: TAG,
    summary: 'Register a point directly (standalone; normally it arrives from GIS ES)',
    request: { params: 'fes/lk-merchant.params', body: 'fes/lk-point.create.request' },
    responses: { 201: { description: 'The point, not yet activated', schema: 'fes/lk-point.response' }, ...BAD_REQUEST, ...LK_ERRORS },
    handle: ({ state, ctx, params, body }) => {
      const merchantId = params.merchantId!;
      assertOperating(state, merchantId);
      const input = body as Omit<PointInput, 'id'> & { pointId?: string };
      const id = input.pointId ?? `P-${ctx.random().toString(36).slice(2, 10).toUpperCase()}`;
      if (own(state.points, id)) throw FesErrors.ALREADY_EXISTS({ what: 'Point', id });
      const point = registerPoint(state, merchantId, { id, name: input.name, address: input.address, onlineShop: input.onlineShop });
      return { status: 201, body: pointView(state, point) };
    },
  },
  {
    id: 'lkActivatePoint', method: 'post', path: '/lk/v1/merchants/:merchantId/points/:pointId/activate', tag: TAG,
    summary: 'Activate a point from a date (standalone stand-in for GIS ES gis.point.activated)',
    request: { params: 'fes/lk-point.params', body: 'fes/lk-point.activate.request' },
    responses: { 200: { description: 'The activated point', schema: 'fes/lk-point.response' }, ...BAD_REQUEST, ...LK_ERRORS },
    handle: ({ state, ctx, params, body }) => {
      const point = getPoint(state, params.merchantId!, params.pointId!);
      assertOperating(state, point.merchantId, point.id);
      if (point.status === 'ACTIVATED') throw FesErrors.STATUS_UNCHANGED({ what: `Point ${point.id}`, status: 'ACTIVATED' });
      activatePoint(point, (body as { activeFrom?: string }).activeFrom ?? ctx.clock.date().toISOString());
      return { body: pointView(state, point) };
    },
  },
  {
    id: 'lkDisablePoint', method: 'post', path: '/lk/v1/merchants/:merchantId/points/:pointId/disable', tag: TAG,
    summary: 'Disable a point (standalone stand-in for GIS ES gis.point.disabled): its кассы are blocked',
    request: { params: 'fes/lk-point.params' },
    responses: { 200: { description: 'The disabled point', schema: 'fes/lk-point.response' }, ...LK_ERRORS },
    handle: ({ state, params }) => {
      const point = getPoint(state, params.merchantId!, params.pointId!);
      if (point.status === 'DISABLED') throw FesErrors.STATUS_UNCHANGED({ what: `Point ${point.id}`, status: 'DISABLED' });
      disablePoint(state, point);
      return { body: pointView(state, point) };
    },
  },
  {
    id: 'lkAddCashRegisters', method: 'post', path: '/lk/v1/merchants/:merchantId/points/:pointId/cash-registers', tag: TAG,
    summary: 'Add кассы to a point (LKF-05): vendor from the certified list and a count (none for an online shop)',
    description: 'Each касса gets a unique ID, a MAC KEY (shown in full only in this answer) and status ACTIVE. Emits fes.cashRegister.registered (GIS ES: point TESTED).',
    request: { params: 'fes/lk-point.params', body: 'fes/lk-cash-registers.create.request' },
    responses: { 201: { description: 'The new кассы with their MAC KEYs', schema: 'fes/lk-cash-registers.created.response' }, ...BAD_REQUEST, 422: { description: 'Vendor not certified or wrong count', schema: 'fes/error' }, ...LK_ERRORS },
    handle: ({ state, ctx, params, body }) => {
      const point = getPoint(state, params.merchantId!, params.pointId!);
      assertOperating(state, point.merchantId, point.id);
      const { vendor, count } = body as { vendor: string; count?: number };
      if (!isCertifiedVendor(vendor)) throw FesErrors.VENDOR_NOT_CERTIFIED({ vendor });
      if (point.onlineShop && count !== undefined) throw FesErrors.CASH_REGISTER_COUNT({ problem: `Point ${point.id} is an online shop: send no "count", it gets one касса` });
      if (!point.onlineShop && count === undefined) throw FesErrors.CASH_REGISTER_COUNT({ problem: `"count" (1–${MAX_CASH_REGISTERS_PER_REQUEST}) is required for a point that is not an online shop` });
      const created = addCashRegisters(state, ctx, point, vendor, count ?? 1);
      return {
        status: 201,
        body: { merchantId: point.merchantId, pointId: point.id, cashRegisters: created.map((c) => ({ ...cashRegisterView(c), macKey: c.macKey })) },
      };
    },
  },
  {
    id: 'lkApiKeyAction', method: 'post', path: '/lk/v1/merchants/:merchantId/api-key/:action', tag: TAG,
    summary: 'Block, unblock or regenerate the merchant API KEY (LKF-03, LKF-04)',
    description: 'regenerate: the old key stops at once and every касса of the merchant fails until it uses the new one; the new key is shown in full only in this answer.',
    request: { params: 'fes/lk-api-key.params' },
    responses: { 200: { description: 'The key status (and the new key after regenerate)', schema: 'fes/lk-api-key.response' }, ...LK_ERRORS },
    handle: ({ state, ctx, params }) => {
      const merchant = getMerchant(state, params.merchantId!);
      assertOperating(state, merchant.id);
      const action = params.action as 'block' | 'unblock' | 'regenerate';
      if (action === 'block' && merchant.apiKeyStatus === 'BLOCKED') throw FesErrors.STATUS_UNCHANGED({ what: 'The API KEY', status: 'BLOCKED' });
      if (action === 'unblock' && merchant.apiKeyStatus === 'ACTIVE') throw FesErrors.STATUS_UNCHANGED({ what: 'The API KEY', status: 'ACTIVE' });
      if (action === 'regenerate') {
        merchant.revokedApiKeys.push(merchant.apiKey);
        merchant.apiKey = newHexKey(ctx.random);
        indexApiKey(state, merchant.id, merchant.apiKey);
        merchant.apiKeyStatus = 'ACTIVE';
        return { body: { merchantId: merchant.id, apiKeyStatus: merchant.apiKeyStatus, apiKeyLast4: last4(merchant.apiKey), apiKey: merchant.apiKey } };
      }
      merchant.apiKeyStatus = action === 'block' ? 'BLOCKED' : 'ACTIVE';
      return { body: { merchantId: merchant.id, apiKeyStatus: merchant.apiKeyStatus, apiKeyLast4: last4(merchant.apiKey) } };
    },
  },
  {
    id: 'lkGetCashRegister', method: 'get', path: '/lk/v1/cash-registers/:cashRegisterId', tag: TAG,
    summary: 'A касса',
    request: { params: 'fes/lk-cash-register.params' },
    responses: { 200: { description: 'The касса (MAC KEY by last 4 characters only)', schema: 'fes/lk-cash-register.response' }, 404: LK_ERRORS[404] },
    handle: ({ state, params }) => ({ body: cashRegisterView(getCashRegister(state, params.cashRegisterId!)) }),
  },
  {
    id: 'lkRegenerateMacKey', method: 'post', path: '/lk/v1/cash-registers/:cashRegisterId/mac-key/regenerate', tag: TAG,
    summary: 'Regenerate a касса MAC KEY (LKF-06): the old one stops at once',
    request: { params: 'fes/lk-cash-register.params' },
    responses: { 200: { description: 'The new MAC KEY, shown in full only here', schema: 'fes/lk-mac-key.response' }, ...LK_ERRORS },
    handle: ({ state, ctx, params }) => {
      const cr = getCashRegister(state, params.cashRegisterId!);
      assertOperating(state, cr.merchantId, cr.pointId);
      cr.macKey = newHexKey(ctx.random);
      return { body: { cashRegisterId: cr.id, macKeyLast4: last4(cr.macKey), macKey: cr.macKey } };
    },
  },
  {
    id: 'lkSetCashRegisterStatus', method: 'post', path: '/lk/v1/cash-registers/:cashRegisterId/status', tag: TAG,
    summary: 'Change a касса status as the merchant admin or the NSPK admin (LKF-07)',
    description: 'MERCHANT: ACTIVE ↔ BLOCKED_BY_MERCHANT. NSPK: ACTIVE/BLOCKED_BY_MERCHANT → BLOCKED_BY_NSPK → ACTIVE. Any other change is refused with 606.',
    request: { params: 'fes/lk-cash-register.params', body: 'fes/lk-cash-register.status.request' },
    responses: { 200: { description: 'The касса with its new status', schema: 'fes/lk-cash-register.response' }, ...BAD_REQUEST, 403: { description: 'This actor may not make this change', schema: 'fes/error' }, ...LK_ERRORS },
    handle: ({ state, params, body }) => {
      const cr = getCashRegister(state, params.cashRegisterId!);
      const { status, actor } = body as { status: CashRegisterStatus; actor: Actor };
      if (cr.status === status) throw FesErrors.STATUS_UNCHANGED({ what: `Касса ${cr.id}`, status });
      const refusal = statusChangeRefusal(actor, cr.status, status);
      if (refusal) throw FesErrors.WRONG_ACTOR({ actor, action: `move касса ${cr.id} from ${cr.status} to ${status}`, reason: refusal });
      if (status === 'ACTIVE') assertOperating(state, cr.merchantId, cr.pointId);
      cr.status = status;
      return { body: cashRegisterView(cr) };
    },
  },
];
