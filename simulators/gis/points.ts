// Points (Точки ТСП): create with a FIAS address and coordinates (§3.4.5), the goods list (§3.4.6),
// "to activation" (§3.4.7), activation from a date (§3.4.8), edit (§3.4.9), disable (§3.4.10),
// hide and show (§3.4.11), delete while CREATED (§3.4.5).
import type { Operation, SimulatorContext } from '../../src/engine/simulator.js';
import { emitActivated, emitDisabled, emitToActivation, withPointUpdate } from './events.js';
import { GisErrors } from './errors.js';
import { assertOperable, planPointTransition } from './machine.js';
import { nextId, type Coordinates, type GisState, type Merchant, type Point } from './state.js';
import { getMerchant, getPoint, pointView, pointsOf } from './views.js';

const TAG = 'Point (Точка ТСП)';
const ERR = (description: string) => ({ description, schema: 'gis/error' });
const NOT_FOUND = ERR('Unknown point');
const REFUSED = ERR('Refused: blocked merchant, disabled point, or a transition not allowed (with every missing precondition)');
const BAD = ERR('The request is malformed or fails validation');

type PointFields = Partial<Pick<Point, 'name' | 'address' | 'coordinates' | 'onlineShop' | 'site' | 'accessibleForLimitedMobility'>>;

/** The schema checks the shape; the range needs numbers. Fewer than 3 decimals only warn (views.coordinateWarnings). */
function checkCoordinates(c: Coordinates | undefined): void {
  if (!c) return;
  const reasons: string[] = [];
  if (Math.abs(Number(c.latitude)) > 90) reasons.push(`latitude ${c.latitude} is not within −90…90`);
  if (Math.abs(Number(c.longitude)) > 180) reasons.push(`longitude ${c.longitude} is not within −180…180`);
  if (reasons.length) throw GisErrors.COORDINATES_OUT_OF_RANGE({ reasons: reasons.join('; ') });
}

export function createPoint(state: GisState, merchant: Merchant, fields: PointFields & { name: string }, now: string): Point {
  checkCoordinates(fields.coordinates);
  const point: Point = {
    id: nextId(state, 'point'),
    merchantId: merchant.id,
    onlineShop: false,
    accessibleForLimitedMobility: false,
    ...fields,
    goods: [],
    status: 'CREATED',
    hidden: false,
    cashRegisterIds: [],
    testedCashRegisterIds: [],
    createdAt: now,
    updatedAt: now,
  };
  state.points[point.id] = point;
  return point;
}

export function addGoods(point: Point, truCodes: string[], now: string): void {
  for (const code of truCodes) if (!point.goods.includes(code)) point.goods.push(code);
  point.updatedAt = now;
}

/** GIS-08: CREATED → ON_ACTIVATION when every precondition holds; LK FES then gets merchant and point. */
export function sendToActivation(merchant: Merchant, point: Point, ctx: SimulatorContext): void {
  const status = planPointTransition('toActivation', merchant, point, ctx.clock.now())!;
  point.status = status;
  point.updatedAt = ctx.clock.date().toISOString();
  emitToActivation(ctx, merchant, point);
}

/** GIS-10: records the start date; the point reads ACTIVATED once the virtual clock reaches it. */
export function activatePoint(merchant: Merchant, point: Point, activeFrom: string, ctx: SimulatorContext): void {
  const status = planPointTransition('activate', merchant, point, ctx.clock.now())!;
  point.status = status;
  point.activeFrom = activeFrom;
  point.updatedAt = ctx.clock.date().toISOString();
  emitActivated(ctx, point);
}

/** A calendar date means 00:00 Moscow time (UTC+3) of that day (MODELED); a date-time is kept as given. */
export function activationStart(input: string): string {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(input) ? `${input}T00:00:00+03:00` : input;
  return new Date(at).toISOString();
}

/** Resolves the point and refuses anything on a blocked merchant or a disabled point (GIS-14). */
function operablePoint(state: GisState, pointId: string): { point: Point; merchant: Merchant } {
  const found = getPoint(state, pointId);
  assertOperable(found.merchant, found.point);
  return found;
}

export const pointOperations: Array<Operation<GisState>> = [
  {
    id: 'createPoint', method: 'post', path: '/api/v1/merchants/:merchantId/points', tag: TAG,
    summary: 'Add a point; saved in status CREATED (§3.4.5, GIS-05)',
    request: { body: 'gis/point.create.request' },
    responses: { 201: { description: 'Created', schema: 'gis/point' }, 400: BAD, 404: ERR('Unknown merchant'), 409: REFUSED },
    handle: ({ state, params, body, ctx }) => {
      const merchant = getMerchant(state, params.merchantId!);
      assertOperable(merchant);
      const point = createPoint(state, merchant, body as PointFields & { name: string }, ctx.clock.date().toISOString());
      return { status: 201, body: pointView(point, ctx.clock.now()) };
    },
  },
  {
    id: 'listPoints', method: 'get', path: '/api/v1/merchants/:merchantId/points', tag: TAG,
    summary: 'The merchant\'s points; hidden ones only with includeHidden=true (§3.4.11)',
    request: { query: 'gis/list.query' },
    responses: { 200: { description: 'Points', schema: 'gis/point.list' }, 400: BAD, 404: ERR('Unknown merchant') },
    handle: ({ state, params, query, ctx }) => {
      const merchant = getMerchant(state, params.merchantId!);
      const points = pointsOf(state, merchant.id).filter((p) => query.includeHidden === 'true' || !p.hidden);
      return { body: { points: points.map((p) => pointView(p, ctx.clock.now())) } };
    },
  },
  {
    id: 'getPoint', method: 'get', path: '/api/v1/points/:pointId', tag: TAG,
    summary: 'Read a point; its status is computed at the namespace\'s virtual now',
    responses: { 200: { description: 'The point', schema: 'gis/point' }, 404: NOT_FOUND },
    handle: ({ state, params, ctx }) => ({ body: pointView(getPoint(state, params.pointId!).point, ctx.clock.now()) }),
  },
  {
    id: 'updatePoint', method: 'patch', path: '/api/v1/points/:pointId', tag: TAG,
    summary: 'Edit a point (§3.4.9, GIS-11); a point past CREATED tells LK FES its new name, address or online-shop flag',
    request: { body: 'gis/point.update.request' },
    responses: { 200: { description: 'Edited', schema: 'gis/point' }, 400: BAD, 404: NOT_FOUND, 409: REFUSED },
    handle: ({ state, params, body, ctx }) => {
      const { point } = operablePoint(state, params.pointId!);
      const changes = body as PointFields;
      checkCoordinates(changes.coordinates);
      withPointUpdate(ctx, point, () => Object.assign(point, changes, { updatedAt: ctx.clock.date().toISOString() }));
      return { body: pointView(point, ctx.clock.now()) };
    },
  },
  {
    id: 'deletePoint', method: 'delete', path: '/api/v1/points/:pointId', tag: TAG,
    summary: 'Delete a point; only while CREATED (§3.4.5, GIS-06)',
    responses: { 200: { description: 'Deleted', schema: 'gis/deleted' }, 404: NOT_FOUND, 409: REFUSED },
    handle: ({ state, params, ctx }) => {
      const { point, merchant } = operablePoint(state, params.pointId!);
      planPointTransition('delete', merchant, point, ctx.clock.now());
      delete state.points[point.id];
      return { body: { id: point.id, deleted: true } };
    },
  },
  {
    id: 'addGoods', method: 'post', path: '/api/v1/points/:pointId/goods', tag: TAG,
    summary: 'Add TRU kind codes to the point\'s goods list (§3.4.6, GIS-07); codes already there are kept once',
    request: { body: 'gis/goods.request' },
    responses: { 200: { description: 'The point with its goods list', schema: 'gis/point' }, 400: BAD, 404: NOT_FOUND, 409: REFUSED },
    handle: ({ state, params, body, ctx }) => {
      const { point } = operablePoint(state, params.pointId!);
      addGoods(point, (body as { truCodes: string[] }).truCodes, ctx.clock.date().toISOString());
      return { body: pointView(point, ctx.clock.now()) };
    },
  },
  {
    id: 'removeGoods', method: 'post', path: '/api/v1/points/:pointId/goods/remove', tag: TAG,
    summary: 'Remove TRU kind codes from the point\'s goods list (§3.4.9, GIS-07); all or nothing',
    request: { body: 'gis/goods.request' },
    responses: { 200: { description: 'The point with its goods list', schema: 'gis/point' }, 400: BAD, 404: NOT_FOUND, 409: REFUSED },
    handle: ({ state, params, body, ctx }) => {
      const { point } = operablePoint(state, params.pointId!);
      const { truCodes } = body as { truCodes: string[] };
      const absent = truCodes.filter((c) => !point.goods.includes(c));
      if (absent.length) throw GisErrors.TRU_NOT_IN_LIST({ pointId: point.id, codes: absent.join(', ') });
      point.goods = point.goods.filter((c) => !truCodes.includes(c));
      point.updatedAt = ctx.clock.date().toISOString();
      return { body: pointView(point, ctx.clock.now()) };
    },
  },
  {
    id: 'toActivation', method: 'post', path: '/api/v1/points/:pointId/to-activation', tag: TAG,
    summary: '"На активацию": CREATED → ON_ACTIVATION; sends merchant and point to LK FES (§3.4.7, GIS-08)',
    description: 'Needs a TECHNICAL and an ORGANIZATIONAL contact, a CONNECTED program, the point\'s address, coordinates and at least one TRU. A refusal lists every missing item in `error.missing`.',
    responses: { 200: { description: 'ON_ACTIVATION', schema: 'gis/point' }, 404: NOT_FOUND, 409: REFUSED },
    handle: ({ state, params, ctx }) => {
      const { point, merchant } = operablePoint(state, params.pointId!);
      sendToActivation(merchant, point, ctx);
      return { body: pointView(point, ctx.clock.now()) };
    },
  },
  {
    id: 'activatePoint', method: 'post', path: '/api/v1/points/:pointId/activate', tag: TAG,
    summary: '"Активировать": TESTED → ACTIVATED from a start date (§3.4.8, GIS-10)',
    description: 'The point reads TESTED until the namespace\'s virtual clock reaches activeFrom, ACTIVATED from then on. LK FES is told the date at once.',
    request: { body: 'gis/point.activate.request' },
    responses: { 200: { description: 'Activation recorded', schema: 'gis/point' }, 400: BAD, 404: NOT_FOUND, 409: REFUSED },
    handle: ({ state, params, body, ctx }) => {
      const { point, merchant } = operablePoint(state, params.pointId!);
      activatePoint(merchant, point, activationStart((body as { activeFrom: string }).activeFrom), ctx);
      return { body: pointView(point, ctx.clock.now()) };
    },
  },
  {
    id: 'disablePoint', method: 'post', path: '/api/v1/points/:pointId/disable', tag: TAG,
    summary: '"Отключить": ACTIVATED → DISABLED; LK FES blocks the point\'s кассы (§3.4.10, GIS-12)',
    responses: { 200: { description: 'DISABLED', schema: 'gis/point' }, 404: NOT_FOUND, 409: REFUSED },
    handle: ({ state, params, ctx }) => {
      const { point, merchant } = operablePoint(state, params.pointId!);
      point.status = planPointTransition('disable', merchant, point, ctx.clock.now())!;
      point.updatedAt = ctx.clock.date().toISOString();
      emitDisabled(ctx, point);
      return { body: pointView(point, ctx.clock.now()) };
    },
  },
  ...(['hide', 'show'] as const).map((action): Operation<GisState> => ({
    id: `${action}Point`, method: 'post', path: `/api/v1/points/:pointId/${action}`, tag: TAG,
    summary: action === 'hide' ? 'Hide the point from the list, in any status (§3.4.11, GIS-13)' : 'Show a hidden point again, in any status (§3.4.11, GIS-13)',
    description: 'Allowed for a DISABLED point and a BLOCKED merchant\'s points too: §3.4.11 («для любого статуса») is the specific rule and wins over §3.4.12; hiding only changes what the list shows.',
    responses: { 200: { description: 'Done', schema: 'gis/point' }, 404: NOT_FOUND },
    handle: ({ state, params, ctx }) => {
      const { point } = getPoint(state, params.pointId!);
      point.hidden = action === 'hide';
      point.updatedAt = ctx.clock.date().toISOString();
      return { body: pointView(point, ctx.clock.now()) };
    },
  })),
];
