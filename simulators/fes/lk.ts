// LK FES NSPK, the merchant cabinet's control plane (seed 000 §4, LKF-02…08): merchants and points
// (from GIS ES events, or created by the NSPK administrator in a standalone sandbox), кассы with vendor,
// count and protocol version, the API KEY and MAC KEY (obtained at any time, blocked, regenerated),
// касса statuses. Every operation needs a session (lk-access.ts); who acts is who signed in.
import { own } from '../../src/data/records.js';
import type { Operation } from '../../src/engine/simulator.js';
import { publish } from '../events.js';
import { FesErrors } from './errors.js';
import { inviteAdmin, requireMerchantAdmin, requireNspkAdmin, requireViewer, type LkCaller } from './lk-access.js';
import { CERTIFIED_VENDORS, DEFAULT_PROTOCOL_VERSION, MAX_CASH_REGISTERS_PER_REQUEST, isCertifiedVendor, type Actor, type ProtocolVersion } from './protocol.js';
import {
  assertOperating, chooseProtocolVersion, getCashRegister, getMerchant, getPoint, indexApiKey, newCashRegisterId, newHexKey,
  type CashRegister, type CashRegisterStatus, type Ctx, type FesState, type Merchant, type Point,
} from './state.js';

export interface MerchantInput {
  id: string; inn: string; kpp?: string; ogrn?: string; name: string; brand?: string;
  /** The technical contact's e-mail in GIS ES: the LK FES administrator (seed 000 §4.1). */
  technicalContactEmail: string;
}
export interface PointInput { id: string; name: string; address: string; onlineShop: boolean }

// --- domain actions (shared by the LK API, the GIS ES events and the demo) ----------------------

/** LKF-02: the API KEY is made at the merchant's first registration; LKF-01: its administrator is invited. */
export function registerMerchant(state: FesState, ctx: Ctx, input: MerchantInput, source: Merchant['source'], apiKey = newHexKey(ctx.random)): Merchant {
  const { technicalContactEmail, ...fields } = input;
  const merchant: Merchant = {
    ...fields, status: 'ACTIVE', apiKey, apiKeyStatus: 'ACTIVE', revokedApiKeys: [],
    createdAt: ctx.clock.date().toISOString(), source, admin: inviteAdmin(state, ctx, input.id, technicalContactEmail),
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
export function addCashRegisters(
  state: FesState, ctx: Ctx, point: Point, vendor: string, count: number, fixed?: { id: string; macKey: string }, protocolVersion: ProtocolVersion = DEFAULT_PROTOCOL_VERSION,
): CashRegister[] {
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
    chooseProtocolVersion(cr, protocolVersion);
    state.cashRegisters[cr.id] = cr;
    point.cashRegisterIds.push(cr.id);
    created.push(cr);
  }
  publish(ctx, 'fes.cashRegister.registered', { merchantId: point.merchantId, pointId: point.id, cashRegisterIds: created.map((c) => c.id) });
  return created;
}

/**
 * A касса passed the production test (seed 000 §4.6: the terminal answered the test basket with its
 * response code): recorded once, and GIS ES hears it (by default the point becomes TESTED, §3.4.7).
 */
export function recordProductionTestPassed(ctx: Ctx, cr: CashRegister, at: string): void {
  if (cr.productionTestPassedAt) return;
  cr.productionTestPassedAt = at;
  publish(ctx, 'fes.cashRegister.productionTestPassed', { merchantId: cr.merchantId, pointId: cr.pointId, cashRegisterId: cr.id, passedAt: at });
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
  protocolVersion: c.protocolVersion ?? DEFAULT_PROTOCOL_VERSION, macKeyLast4: last4(c.macKey), createdAt: c.createdAt,
});

export const pointView = (state: FesState, p: Point) => ({
  pointId: p.id, merchantId: p.merchantId, name: p.name, address: p.address, onlineShop: p.onlineShop,
  status: p.status, activeFrom: p.activeFrom,
  cashRegisters: p.cashRegisterIds.map((id) => cashRegisterView(state.cashRegisters[id]!)),
});

export const merchantView = (state: FesState, m: Merchant) => ({
  merchantId: m.id, inn: m.inn, kpp: m.kpp, ogrn: m.ogrn, name: m.name, brand: m.brand, status: m.status,
  source: m.source, technicalContactEmail: m.admin.email, agreementJoinedAt: m.admin.agreementJoinedAt,
  apiKeyStatus: m.apiKeyStatus, apiKeyLast4: last4(m.apiKey), createdAt: m.createdAt,
  points: Object.values(state.points).filter((p) => p.merchantId === m.id).map((p) => pointView(state, p)),
});

// --- status rules (LKF-07, seed 000 §4.7) -----------------------------------------------------------

/** The actor of a status change is whoever signed in (LKF-07), never a field of the request. */
const actorOf = (caller: unknown): Actor => ((caller as LkCaller).role === 'NSPK_ADMIN' ? 'NSPK' : 'MERCHANT');

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
const LK_ERRORS = { 404: { description: 'Merchant, point or касса not found', schema: 'fes/refusal' }, 409: { description: 'Conflict with the current status', schema: 'fes/refusal' } };
const BAD_REQUEST = { 400: { description: 'Malformed or invalid request', schema: 'fes/refusal' } };
/** Every LK operation below needs a session (lk-access.ts); these answers come before the operation's own. */
const SESSION = 'lk-session';
const SESSION_ERRORS = {
  401: { description: 'No session, an unknown one or an expired one: sign in (POST /fes/lk/v1/auth/login)', schema: 'fes/refusal' },
  403: { description: 'The signed-in administrator may not do this (NSPK-only action, another merchant\'s data)', schema: 'fes/refusal' },
};

export const lkOperations: Array<Operation<FesState>> = [
  {
    id: 'lkListVendors', method: 'get', path: '/lk/v1/vendors', tag: TAG, auth: SESSION,
    summary: 'Certified cash-register vendors (modeled list)',
    responses: { 200: { description: 'The vendors a касса may be registered with', schema: 'fes/lk-vendors.response' }, ...SESSION_ERRORS },
    handle: () => ({ body: { vendors: CERTIFIED_VENDORS } }),
  },
  {
    id: 'lkListMerchants', method: 'get', path: '/lk/v1/merchants', tag: TAG, auth: SESSION,
    summary: 'Merchants registered in LK FES: every one for the NSPK administrator, its own for a merchant administrator',
    responses: { 200: { description: 'The merchants with points and кассы (keys shown by last 4 characters only)', schema: 'fes/lk-merchant-list.response' }, ...SESSION_ERRORS },
    handle: ({ state, auth }) => {
      const caller = auth as LkCaller;
      const merchants = caller.role === 'NSPK_ADMIN' ? Object.values(state.merchants) : [getMerchant(state, caller.merchantId)];
      return { body: { merchants: merchants.map((m) => merchantView(state, m)) } };
    },
  },
  {
    id: 'lkCreateMerchant', method: 'post', path: '/lk/v1/merchants', tag: TAG, auth: SESSION,
    summary: 'NSPK administrator: register a merchant directly (standalone; normally it arrives from GIS ES)',
    description: 'LKF-02: the merchant gets its API KEY (in this answer; its administrator obtains it later in LK FES). LKF-01: the set-password link goes to technicalContactEmail.',
    request: { body: 'fes/lk-merchant.create.request' },
    responses: { 201: { description: 'Merchant registered with its API KEY', schema: 'fes/lk-merchant.created.response' }, ...BAD_REQUEST, 409: LK_ERRORS[409], ...SESSION_ERRORS },
    handle: ({ state, ctx, body, auth }) => {
      requireNspkAdmin(auth, 'register a merchant');
      const input = body as Omit<MerchantInput, 'id'> & { merchantId?: string };
      const id = input.merchantId ?? `M-${ctx.random().toString(36).slice(2, 10).toUpperCase()}`;
      if (own(state.merchants, id)) throw FesErrors.ALREADY_EXISTS({ what: 'Merchant', id });
      const { merchantId: _ignored, ...rest } = input;
      const merchant = registerMerchant(state, ctx, { ...rest, id }, 'LK');
      return { status: 201, body: { merchant: merchantView(state, merchant), apiKey: merchant.apiKey } };
    },
  },
  {
    id: 'lkGetMerchant', method: 'get', path: '/lk/v1/merchants/:merchantId', tag: TAG, auth: SESSION,
    summary: '«Информация о ТСП»: a merchant with its points and кассы, the date it joined the Agreement',
    request: { params: 'fes/lk-merchant.params' },
    responses: { 200: { description: 'The merchant', schema: 'fes/lk-merchant.response' }, 404: LK_ERRORS[404], ...SESSION_ERRORS },
    handle: ({ state, params, auth }) => {
      const merchant = getMerchant(state, params.merchantId!);
      requireViewer(auth, merchant.id);
      return { body: merchantView(state, merchant) };
    },
  },
  {
    id: 'lkBlockMerchant', method: 'post', path: '/lk/v1/merchants/:merchantId/block', tag: TAG, auth: SESSION,
    summary: 'NSPK administrator: block a merchant (standalone stand-in for GIS ES gis.merchant.blocked): every point disabled',
    request: { params: 'fes/lk-merchant.params' },
    responses: { 200: { description: 'The blocked merchant', schema: 'fes/lk-merchant.response' }, ...LK_ERRORS, ...SESSION_ERRORS },
    handle: ({ state, params, auth }) => {
      requireNspkAdmin(auth, 'block a merchant');
      const merchant = getMerchant(state, params.merchantId!);
      if (merchant.status === 'BLOCKED') throw FesErrors.STATUS_UNCHANGED({ what: `Merchant ${merchant.id}`, status: 'BLOCKED' });
      blockMerchant(state, merchant);
      return { body: merchantView(state, merchant) };
    },
  },
  {
    id: 'lkCreatePoint', method: 'post', path: '/lk/v1/merchants/:merchantId/points', tag: TAG, auth: SESSION,
    summary: 'NSPK administrator: register a point directly (standalone; normally it arrives from GIS ES)',
    request: { params: 'fes/lk-merchant.params', body: 'fes/lk-point.create.request' },
    responses: { 201: { description: 'The point, not yet activated', schema: 'fes/lk-point.response' }, ...BAD_REQUEST, ...LK_ERRORS, ...SESSION_ERRORS },
    handle: ({ state, ctx, params, body, auth }) => {
      requireNspkAdmin(auth, 'register a point');
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
    id: 'lkActivatePoint', method: 'post', path: '/lk/v1/merchants/:merchantId/points/:pointId/activate', tag: TAG, auth: SESSION,
    summary: 'NSPK administrator: activate a point from a date (standalone stand-in for GIS ES gis.point.activated)',
    request: { params: 'fes/lk-point.params', body: 'fes/lk-point.activate.request' },
    responses: { 200: { description: 'The activated point', schema: 'fes/lk-point.response' }, ...BAD_REQUEST, ...LK_ERRORS, ...SESSION_ERRORS },
    handle: ({ state, ctx, params, body, auth }) => {
      requireNspkAdmin(auth, 'activate a point');
      const point = getPoint(state, params.merchantId!, params.pointId!);
      assertOperating(state, point.merchantId, point.id);
      if (point.status === 'ACTIVATED') throw FesErrors.STATUS_UNCHANGED({ what: `Point ${point.id}`, status: 'ACTIVATED' });
      activatePoint(point, (body as { activeFrom?: string }).activeFrom ?? ctx.clock.date().toISOString());
      return { body: pointView(state, point) };
    },
  },
  {
    id: 'lkDisablePoint', method: 'post', path: '/lk/v1/merchants/:merchantId/points/:pointId/disable', tag: TAG, auth: SESSION,
    summary: 'NSPK administrator: disable a point (standalone stand-in for GIS ES gis.point.disabled): its кассы are blocked',
    request: { params: 'fes/lk-point.params' },
    responses: { 200: { description: 'The disabled point', schema: 'fes/lk-point.response' }, ...LK_ERRORS, ...SESSION_ERRORS },
    handle: ({ state, params, auth }) => {
      requireNspkAdmin(auth, 'disable a point');
      const point = getPoint(state, params.merchantId!, params.pointId!);
      if (point.status === 'DISABLED') throw FesErrors.STATUS_UNCHANGED({ what: `Point ${point.id}`, status: 'DISABLED' });
      disablePoint(state, point);
      return { body: pointView(state, point) };
    },
  },
  {
    id: 'lkAddCashRegisters', method: 'post', path: '/lk/v1/merchants/:merchantId/points/:pointId/cash-registers', tag: TAG, auth: SESSION,
    summary: 'Merchant administrator: add кассы to a point (LKF-05): vendor from the certified list and a count (none for an online shop)',
    description: 'Each касса gets a unique ID, a MAC KEY and status ACTIVE, and speaks protocolVersion (1 unless given). Emits fes.cashRegister.registered (GIS ES: point TESTED).',
    request: { params: 'fes/lk-point.params', body: 'fes/lk-cash-registers.create.request' },
    responses: { 201: { description: 'The new кассы with their MAC KEYs', schema: 'fes/lk-cash-registers.created.response' }, ...BAD_REQUEST, 422: { description: 'Vendor not certified or wrong count', schema: 'fes/refusal' }, ...LK_ERRORS, ...SESSION_ERRORS },
    handle: ({ state, ctx, params, body, auth }) => {
      const point = getPoint(state, params.merchantId!, params.pointId!);
      requireMerchantAdmin(auth, point.merchantId, 'register кассы');
      assertOperating(state, point.merchantId, point.id);
      const { vendor, count, protocolVersion } = body as { vendor: string; count?: number; protocolVersion?: ProtocolVersion };
      if (!isCertifiedVendor(vendor)) throw FesErrors.VENDOR_NOT_CERTIFIED({ vendor });
      if (point.onlineShop && count !== undefined) throw FesErrors.CASH_REGISTER_COUNT({ problem: `Point ${point.id} is an online shop: send no "count", it gets one касса` });
      if (!point.onlineShop && count === undefined) throw FesErrors.CASH_REGISTER_COUNT({ problem: `"count" (1–${MAX_CASH_REGISTERS_PER_REQUEST}) is required for a point that is not an online shop` });
      const created = addCashRegisters(state, ctx, point, vendor, count ?? 1, undefined, protocolVersion);
      return {
        status: 201,
        body: { merchantId: point.merchantId, pointId: point.id, cashRegisters: created.map((c) => ({ ...cashRegisterView(c), macKey: c.macKey })) },
      };
    },
  },
  {
    id: 'lkGetApiKey', method: 'get', path: '/lk/v1/merchants/:merchantId/api-key', tag: TAG, auth: SESSION,
    summary: 'Merchant administrator: obtain the current API KEY («Информация о ТСП», LKF-08)',
    description: 'Seed 000 §4.2, seed 001: the administrator obtains the key at any time, without regenerating it.',
    request: { params: 'fes/lk-merchant.params' },
    responses: { 200: { description: 'The API KEY in full and its status', schema: 'fes/lk-api-key.response' }, 404: LK_ERRORS[404], ...SESSION_ERRORS },
    handle: ({ state, params, auth }) => {
      const merchant = getMerchant(state, params.merchantId!);
      requireMerchantAdmin(auth, merchant.id, 'obtain the API KEY');
      return { body: { merchantId: merchant.id, apiKeyStatus: merchant.apiKeyStatus, apiKeyLast4: last4(merchant.apiKey), apiKey: merchant.apiKey } };
    },
  },
  {
    id: 'lkApiKeyAction', method: 'post', path: '/lk/v1/merchants/:merchantId/api-key/:action', tag: TAG, auth: SESSION,
    summary: 'Merchant administrator: block, unblock or regenerate the API KEY (LKF-03, LKF-04)',
    description: 'regenerate: the old key stops at once and every касса of the merchant fails until it uses the new one (in this answer, and from GET …/api-key later).',
    request: { params: 'fes/lk-api-key.params' },
    responses: { 200: { description: 'The key status (and the new key after regenerate)', schema: 'fes/lk-api-key.response' }, ...LK_ERRORS, ...SESSION_ERRORS },
    handle: ({ state, ctx, params, auth }) => {
      const merchant = getMerchant(state, params.merchantId!);
      const action = params.action as 'block' | 'unblock' | 'regenerate';
      requireMerchantAdmin(auth, merchant.id, `${action} the API KEY`);
      assertOperating(state, merchant.id);
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
    id: 'lkGetCashRegister', method: 'get', path: '/lk/v1/cash-registers/:cashRegisterId', tag: TAG, auth: SESSION,
    summary: 'A касса: status, vendor, protocol version',
    request: { params: 'fes/lk-cash-register.params' },
    responses: { 200: { description: 'The касса (MAC KEY by last 4 characters only)', schema: 'fes/lk-cash-register.response' }, 404: LK_ERRORS[404], ...SESSION_ERRORS },
    handle: ({ state, params, auth }) => {
      const cr = getCashRegister(state, params.cashRegisterId!);
      requireViewer(auth, cr.merchantId);
      return { body: cashRegisterView(cr) };
    },
  },
  {
    id: 'lkGetMacKey', method: 'get', path: '/lk/v1/cash-registers/:cashRegisterId/mac-key', tag: TAG, auth: SESSION,
    summary: 'Merchant administrator: obtain a касса\'s current MAC KEY («Информация о кассе», LKF-08)',
    description: 'Seed 000 §4.2, seed 001: the administrator obtains the key at any time, without regenerating it.',
    request: { params: 'fes/lk-cash-register.params' },
    responses: { 200: { description: 'The MAC KEY in full', schema: 'fes/lk-mac-key.response' }, 404: LK_ERRORS[404], ...SESSION_ERRORS },
    handle: ({ state, params, auth }) => {
      const cr = getCashRegister(state, params.cashRegisterId!);
      requireMerchantAdmin(auth, cr.merchantId, 'obtain a MAC KEY');
      return { body: { cashRegisterId: cr.id, macKeyLast4: last4(cr.macKey), macKey: cr.macKey } };
    },
  },
  {
    id: 'lkRegenerateMacKey', method: 'post', path: '/lk/v1/cash-registers/:cashRegisterId/mac-key/regenerate', tag: TAG, auth: SESSION,
    summary: 'Merchant administrator: regenerate a касса MAC KEY (LKF-06): the old one stops at once',
    request: { params: 'fes/lk-cash-register.params' },
    responses: { 200: { description: 'The new MAC KEY', schema: 'fes/lk-mac-key.response' }, ...LK_ERRORS, ...SESSION_ERRORS },
    handle: ({ state, ctx, params, auth }) => {
      const cr = getCashRegister(state, params.cashRegisterId!);
      requireMerchantAdmin(auth, cr.merchantId, 'regenerate a MAC KEY');
      assertOperating(state, cr.merchantId, cr.pointId);
      cr.macKey = newHexKey(ctx.random);
      return { body: { cashRegisterId: cr.id, macKeyLast4: last4(cr.macKey), macKey: cr.macKey } };
    },
  },
  {
    id: 'lkSetProtocolVersion', method: 'post', path: '/lk/v1/cash-registers/:cashRegisterId/protocol-version', tag: TAG, auth: SESSION,
    summary: 'Merchant administrator: choose the FES protocol version a касса speaks (1 by default, or 2)',
    description: 'V2 requires the card\'s PAR on the card-naming calls and the receipt date-time as yyyyMMdd\'T\'HHmm (docs/fes.md). Setting the current version again changes nothing.',
    request: { params: 'fes/lk-cash-register.params', body: 'fes/lk-cash-register.protocol-version.request' },
    responses: { 200: { description: 'The касса with its protocol version', schema: 'fes/lk-cash-register.response' }, ...BAD_REQUEST, ...LK_ERRORS, ...SESSION_ERRORS },
    handle: ({ state, params, body, auth }) => {
      const cr = getCashRegister(state, params.cashRegisterId!);
      requireMerchantAdmin(auth, cr.merchantId, 'choose a касса\'s protocol version');
      assertOperating(state, cr.merchantId, cr.pointId);
      chooseProtocolVersion(cr, (body as { protocolVersion: ProtocolVersion }).protocolVersion);
      return { body: cashRegisterView(cr) };
    },
  },
  {
    id: 'lkSetCashRegisterStatus', method: 'post', path: '/lk/v1/cash-registers/:cashRegisterId/status', tag: TAG, auth: SESSION,
    summary: 'Change a касса status as the signed-in merchant administrator or NSPK administrator (LKF-07)',
    description: 'Merchant administrator: ACTIVE ↔ BLOCKED_BY_MERCHANT. NSPK administrator: ACTIVE/BLOCKED_BY_MERCHANT → BLOCKED_BY_NSPK → ACTIVE. Who acts is the session\'s administrator; any other change is refused with 606.',
    request: { params: 'fes/lk-cash-register.params', body: 'fes/lk-cash-register.status.request' },
    responses: { 200: { description: 'The касса with its new status', schema: 'fes/lk-cash-register.response' }, ...BAD_REQUEST, ...LK_ERRORS, ...SESSION_ERRORS, 403: { description: 'The signed-in administrator may not make this change, or the касса is another merchant\'s', schema: 'fes/refusal' } },
    handle: ({ state, params, body, auth }) => {
      const cr = getCashRegister(state, params.cashRegisterId!);
      requireViewer(auth, cr.merchantId);
      const { status } = body as { status: CashRegisterStatus };
      const actor = actorOf(auth);
      if (cr.status === status) throw FesErrors.STATUS_UNCHANGED({ what: `Касса ${cr.id}`, status });
      const refusal = statusChangeRefusal(actor, cr.status, status);
      if (refusal) throw FesErrors.WRONG_ACTOR({ actor: actor === 'NSPK' ? 'The NSPK administrator' : 'The merchant administrator', action: `move касса ${cr.id} from ${cr.status} to ${status}`, reason: refusal });
      if (status === 'ACTIVE') assertOperating(state, cr.merchantId, cr.pointId);
      cr.status = status;
      return { body: cashRegisterView(cr) };
    },
  },
];
