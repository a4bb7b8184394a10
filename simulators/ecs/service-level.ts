// The service level the bank promises (§6.4, §7.4): at most 3 % of benefit checks and confirmations
// unanswered or answered after 3 s (counted by the engine: GET /__admin/stats?operations=…), and at most
// 1296 minutes a month of unplanned downtime in the first 3 months of the service, 432 after. Outages are
// injected through the control API on the namespace's virtual clock; while one lasts, every method of the
// web service (the token endpoint too) answers 503, and the minutes it has lasted count against the
// month's budget (the month is Yakutsk's calendar month).
import type { Operation } from '../../src/engine/simulator.js';
import { EcsErrors } from './errors.js';
import { takeId, yakutskDate, type EcsState, type Outage } from './model.js';

export const SHARE_BOUND = 0.03;
export const SLOW_SECONDS = 3;
/** The operations the 3 % counts: confirming or denying the right to a benefit (check and confirmation). */
export const BENEFIT_OPERATIONS = ['ecs.CheckClientBenefits', 'ecs.ConfirmTransaction'];
export const BUDGET_FIRST_MONTHS = 1296;
export const BUDGET_AFTER = 432;
const FIRST_MONTHS = 3;
const YAKUTSK_MS = 9 * 3_600_000;
const MINUTE = 60_000;

/** Throws the outage's 503 while one lasts at `now`, counting the refused call against it. */
export function assertAvailable(state: EcsState, now: number): void {
  const outage = state.outages.find((o) => Date.parse(o.from) <= now && now < Date.parse(o.to));
  if (!outage) return;
  outage.refused++;
  throw EcsErrors.SERVICE_UNAVAILABLE({ reason: `${outage.planned ? 'planned' : 'unplanned'} outage ${outage.id} until ${outage.to} (virtual time; control API POST /control/v1/outages)` });
}

/** [start, end) of a Yakutsk calendar month "YYYY-MM" as instants. */
function monthBounds(month: string): [number, number] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return [Date.UTC(y, m - 1, 1) - YAKUTSK_MS, Date.UTC(y, m, 1) - YAKUTSK_MS];
}

/** The downtime of a month up to `now`, against its budget. */
export function serviceLevel(state: EcsState, now: number, month = yakutskDate(now).slice(0, 7)) {
  const [start, end] = monthBounds(month);
  const elapsed = (o: Outage) => Math.max(0, Math.min(Date.parse(o.to), now, end) - Math.max(Date.parse(o.from), start));
  const started = new Date(Date.parse(state.serviceStartedAt) + YAKUTSK_MS);
  const firstMonthsEnd = Date.UTC(started.getUTCFullYear(), started.getUTCMonth() + FIRST_MONTHS, started.getUTCDate()) - YAKUTSK_MS;
  const budgetMinutes = start < firstMonthsEnd ? BUDGET_FIRST_MONTHS : BUDGET_AFTER;
  const counted = state.outages.filter((o) => elapsed(o) > 0);
  const unplannedMs = counted.filter((o) => !o.planned).reduce((n, o) => n + elapsed(o), 0);
  const unplannedMinutes = Math.floor(unplannedMs / MINUTE); // whole minutes, as the regulation counts
  return {
    month,
    serviceStartedAt: state.serviceStartedAt,
    benefitChecks: {
      operations: BENEFIT_OPERATIONS,
      bound: SHARE_BOUND,
      slowSeconds: SLOW_SECONDS,
      share: `GET /__admin/stats?operations=${BENEFIT_OPERATIONS.join(',')} → total.share`,
    },
    unplannedDowntime: {
      minutes: unplannedMinutes,
      budgetMinutes,
      within: unplannedMs <= budgetMinutes * MINUTE,
      basis: budgetMinutes === BUDGET_FIRST_MONTHS ? 'first 3 months of the service: 1296 minutes a month (§6.4, §7.4)' : 'after the first 3 months: 432 minutes a month (§6.4, §7.4)',
    },
    /** Web-service calls (token included) the outages of the month answered 503. */
    callsRefusedDuringOutages: counted.reduce((n, o) => n + o.refused, 0),
    outages: counted.map((o) => ({ ...o, minutesThisMonth: Math.floor(elapsed(o) / MINUTE) })),
  };
}

export const serviceLevelOperations: Array<Operation<EcsState>> = [
  {
    id: 'control.addOutage', method: 'post', path: '/control/v1/outages', tag: 'Control',
    summary: 'Inject an outage on the virtual clock: every web-service method answers 503 until it ends (§6.4, §7.4)',
    request: { body: 'ecs/control/outage.request' },
    responses: { 201: { description: 'The outage' }, 400: { description: 'Invalid', schema: 'ecs/error' } },
    handle: ({ state, body, ctx }) => {
      const input = body as { minutes: number; from?: string; planned?: boolean };
      const from = input.from === undefined ? ctx.clock.now() : Date.parse(input.from);
      if (Number.isNaN(from)) throw EcsErrors.BAD_REQUEST({ reason: `from ${input.from} is not a date-time` });
      const outage: Outage = {
        id: takeId(state, 'outage'), from: new Date(from).toISOString(), to: new Date(from + input.minutes * MINUTE).toISOString(),
        planned: input.planned ?? false, refused: 0,
      };
      state.outages.push(outage);
      return { status: 201, body: outage };
    },
  },
  {
    id: 'control.serviceLevel', method: 'get', path: '/control/v1/service-level', tag: 'Control',
    summary: 'Unplanned downtime of a month (Yakutsk) against its budget, beside where the 3 % share of benefit checks is counted',
    request: { query: 'ecs/control/service-level.query' },
    responses: { 200: { description: 'The month\'s service level' } },
    handle: ({ state, query, ctx }) => ({ body: serviceLevel(state, ctx.clock.now(), (query as { month?: string }).month) }),
  },
  {
    id: 'control.setServiceStart', method: 'put', path: '/control/v1/service-level', tag: 'Control',
    summary: 'When the bank started giving the service (the budget is 1296 minutes a month for 3 months, 432 after)',
    request: { body: 'ecs/control/service-start.request' },
    responses: { 200: { description: 'Set' }, 400: { description: 'Invalid', schema: 'ecs/error' } },
    handle: ({ state, body, ctx }) => {
      const at = Date.parse((body as { serviceStartedAt: string }).serviceStartedAt);
      if (Number.isNaN(at)) throw EcsErrors.BAD_REQUEST({ reason: 'serviceStartedAt is not a date-time' });
      state.serviceStartedAt = new Date(at).toISOString();
      return { body: serviceLevel(state, ctx.clock.now()) };
    },
  },
];
