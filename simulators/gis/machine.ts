// The GIS ES state machines of seed 000 §3.4 (DOMAIN.md §2), as data, and the one place that enforces
// them. A handler asks `plan…` for the target status BEFORE it changes anything: a transition that is
// not allowed, or whose preconditions fail, throws (listing every missing precondition) and the
// caller has changed nothing.
import { GisErrors } from './errors.js';
import type { Merchant, MerchantStatus, Point, PointStatus } from './state.js';

export type ProgramStatus = 'NOT_CONNECTED' | 'UNDER_REVIEW' | 'CONNECTED' | 'REJECTED';

interface Transition<S extends string, P extends string = never> {
  from: readonly S[];
  /** null: the object is removed. */
  to: S | null;
  requires?: readonly P[];
}

export const MERCHANT_TRANSITIONS = {
  block: { from: ['OPEN'], to: 'BLOCKED' },
} as const satisfies Record<string, Transition<MerchantStatus>>;

export type PointPrecondition = 'TECHNICAL_CONTACT' | 'ORGANIZATIONAL_CONTACT' | 'CONNECTED_PROGRAM' | 'ADDRESS' | 'COORDINATES' | 'GOODS';

export const POINT_TRANSITIONS = {
  // §3.4.7: after steps §3.4.2–3.4.6
  toActivation: {
    from: ['CREATED'],
    to: 'ON_ACTIVATION',
    requires: ['TECHNICAL_CONTACT', 'ORGANIZATIONAL_CONTACT', 'CONNECTED_PROGRAM', 'ADDRESS', 'COORDINATES', 'GOODS'],
  },
  // §3.4.7: its касса registered in LK FES and the production test passed; §4.3.1: a касса registered
  // (which of the two: simulatorOptions.gis.testedAfter, options.ts)
  tested: { from: ['ON_ACTIVATION'], to: 'TESTED' },
  // §3.4.8: from a start date; a TESTED point with a pending date may be given another date
  activate: { from: ['TESTED'], to: 'ACTIVATED' },
  // §3.4.10
  disable: { from: ['ACTIVATED'], to: 'DISABLED' },
  // §3.4.5
  delete: { from: ['CREATED'], to: null },
  // §3.4.12: the Treasury blocks the merchant
  merchantBlocked: { from: ['CREATED', 'ON_ACTIVATION', 'TESTED', 'ACTIVATED', 'DISABLED'], to: 'DISABLED' },
} as const satisfies Record<string, Transition<PointStatus, PointPrecondition>>;

export const PROGRAM_TRANSITIONS = {
  // §3.4.4: public programs connect at once
  connectPublic: { from: ['NOT_CONNECTED', 'REJECTED'], to: 'CONNECTED' },
  requestConnection: { from: ['NOT_CONNECTED', 'REJECTED'], to: 'UNDER_REVIEW' },
  requestDisconnection: { from: ['CONNECTED'], to: 'UNDER_REVIEW' },
  approveConnection: { from: ['UNDER_REVIEW'], to: 'CONNECTED' },
  rejectConnection: { from: ['UNDER_REVIEW'], to: 'REJECTED' },
  approveDisconnection: { from: ['UNDER_REVIEW'], to: 'NOT_CONNECTED' },
  rejectDisconnection: { from: ['UNDER_REVIEW'], to: 'CONNECTED' },
} as const satisfies Record<string, Transition<ProgramStatus>>;

export type PointAction = keyof typeof POINT_TRANSITIONS;
export type ProgramAction = keyof typeof PROGRAM_TRANSITIONS;

interface PointSubject { merchant: Merchant; point: Point }

export const POINT_PRECONDITIONS: Record<PointPrecondition, { requirement: string; message: string; holds(s: PointSubject): boolean }> = {
  TECHNICAL_CONTACT: {
    requirement: 'GIS-02',
    message: 'the merchant has no TECHNICAL contact (add one: POST /gis/api/v1/merchants/{merchantId}/contacts)',
    holds: ({ merchant }) => merchant.contacts.some((c) => c.role === 'TECHNICAL'),
  },
  ORGANIZATIONAL_CONTACT: {
    requirement: 'GIS-02',
    message: 'the merchant has no ORGANIZATIONAL contact (add one: POST /gis/api/v1/merchants/{merchantId}/contacts)',
    holds: ({ merchant }) => merchant.contacts.some((c) => c.role === 'ORGANIZATIONAL'),
  },
  CONNECTED_PROGRAM: {
    requirement: 'GIS-03',
    message: 'the merchant has no CONNECTED program (POST /gis/api/v1/merchants/{merchantId}/programs/{code}/connect)',
    holds: ({ merchant }) => Object.values(merchant.programs).some((p) => p.status === 'CONNECTED'),
  },
  ADDRESS: {
    requirement: 'GIS-05',
    message: 'the point has no FIAS address (PATCH the point with `address`)',
    holds: ({ point }) => point.address !== undefined,
  },
  COORDINATES: {
    requirement: 'GIS-05',
    message: 'the point has no coordinates (PATCH the point with `coordinates`, at least 3 decimals)',
    holds: ({ point }) => point.coordinates !== undefined,
  },
  GOODS: {
    requirement: 'GIS-07',
    message: 'the point sells no goods (add at least one TRU kind code: POST /gis/api/v1/points/{pointId}/goods)',
    holds: ({ point }) => point.goods.length > 0,
  },
};

export interface MissingPrecondition { precondition: PointPrecondition; requirement: string; message: string }

/**
 * The status a point reads as at `now`: an activation takes effect from its start date (§3.4.8), so a
 * point activated for a future date still reads TESTED until the namespace's clock gets there.
 */
export function pointStatus(point: Point, now: number): PointStatus {
  if (point.status === 'ACTIVATED' && point.activeFrom && Date.parse(point.activeFrom) > now) return 'TESTED';
  return point.status;
}

function refuse(entity: string, id: string, status: string, action: string, allowed: readonly string[]): never {
  throw GisErrors.TRANSITION_NOT_ALLOWED({ entity, id, status, action, allowed: allowed.join(' or ') });
}

/** GIS-14: nothing is allowed on a blocked merchant or a disabled point (§3.4.12). */
export function assertOperable(merchant: Merchant, point?: Point): void {
  if (merchant.status === 'BLOCKED') throw GisErrors.MERCHANT_BLOCKED({ merchantId: merchant.id });
  if (point?.status === 'DISABLED') throw GisErrors.POINT_DISABLED({ pointId: point.id });
}

/** Checks a point transition and returns the status to set (null: delete the point). */
export function planPointTransition(action: PointAction, merchant: Merchant, point: Point, now: number): PointStatus | null {
  const t: Transition<PointStatus, PointPrecondition> = POINT_TRANSITIONS[action];
  const current = pointStatus(point, now);
  if (!t.from.includes(current)) refuse('Point', point.id, current, action, t.from);
  const missing: MissingPrecondition[] = (t.requires ?? [])
    .filter((p) => !POINT_PRECONDITIONS[p].holds({ merchant, point }))
    .map((p) => ({
      precondition: p,
      requirement: POINT_PRECONDITIONS[p].requirement,
      message: POINT_PRECONDITIONS[p].message.replace('{merchantId}', merchant.id).replace('{pointId}', point.id),
    }));
  if (missing.length) {
    throw GisErrors.PRECONDITIONS_FAILED({
      action, entity: 'point', id: point.id, missing,
      missingList: missing.map((m) => m.precondition).join(', '),
    });
  }
  return t.to;
}

export function planMerchantTransition(action: keyof typeof MERCHANT_TRANSITIONS, merchant: Merchant): MerchantStatus {
  const t: Transition<MerchantStatus> = MERCHANT_TRANSITIONS[action];
  if (!t.from.includes(merchant.status)) refuse('Merchant', merchant.id, merchant.status, action, t.from);
  return t.to!;
}

export function planProgramTransition(action: ProgramAction, merchant: Merchant, programCode: string): ProgramStatus {
  const t: Transition<ProgramStatus> = PROGRAM_TRANSITIONS[action];
  const current = merchant.programs[programCode]?.status ?? 'NOT_CONNECTED';
  if (!t.from.includes(current)) refuse(`Program ${programCode} of merchant`, merchant.id, current, action, t.from);
  return t.to!;
}
