// expect-state: checks the fakes' state — a control API GET (below a simulator, or /__admin) or a
// simulator's part of the namespace snapshot — optionally polling until it holds (effects of events).
import { httpRequest } from '../../client/http.js';
import type { Assertion } from '../types.js';
import { describeAssertion, evaluate, failureOf, show, statusMatches } from '../values.js';
import { durationMs } from '../vars.js';
import { checkRefs, defineStep, type SpecProblem, type StepOutcome } from './handler.js';
import { capture, statusCheck } from './http.js';
import { engineMessage } from '../../reports/i18n.js';

export interface ExpectStateSpec {
  title?: string;
  snapshot?: string;
  simulator?: string;
  path?: string;
  query?: Record<string, unknown>;
  /** A bearer token for the GET (a control API behind a sign-in, e.g. LK FES). */
  auth?: { bearer: string };
  within?: number | string;
  expect: { status?: number | number[]; body: Assertion[]; basis?: string };
  capture?: Record<string, string>;
}

const POLL_MS = 100;

export const expectStateStep = defineStep<ExpectStateSpec>({
  kind: 'expect-state',
  schemaId: 'scenario/steps/expect-state',
  check(spec, known) {
    const problems: SpecProblem[] = checkRefs(spec, known);
    if ((spec.snapshot === undefined) === (spec.path === undefined)) problems.push({ pointer: '', message: 'give either "snapshot" (a simulator name) or "path" (a control API GET)' });
    if (spec.snapshot !== undefined && !known.simulators.has(spec.snapshot)) problems.push({ pointer: '/snapshot', message: `unknown simulator "${spec.snapshot}"` });
    return problems;
  },
  describe: (spec) => spec.title ?? (spec.snapshot ? `state of ${spec.snapshot}` : `GET ${spec.simulator ? `/${spec.simulator}` : '/__admin'}${spec.path}`),
  async run(spec, ctx): Promise<StepOutcome> {
    const admin = ctx.requireAdmin(engineMessage('engine.what.expectState'), spec.simulator ?? spec.snapshot);
    const deadline = Date.now() + durationMs(spec.within, 0);
    const expected = [...(spec.expect.status !== undefined ? [`HTTP ${JSON.stringify(spec.expect.status)}`] : []), ...spec.expect.body.map(describeAssertion)];
    for (;;) {
      let data: unknown;
      let status = 200;
      if (spec.snapshot) {
        data = (await admin.snapshot()).simulators[spec.snapshot];
      } else {
        const qs = new URLSearchParams(Object.entries(spec.query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
        const base = spec.simulator ? ctx.simulatorUrl(spec.simulator) : ctx.adminUrl('');
        if (spec.auth) ctx.secrets.add(spec.auth.bearer);
        const headers = spec.auth ? { authorization: `Bearer ${spec.auth.bearer}` } : spec.simulator ? undefined : ctx.adminHeaders();
        const res = await httpRequest({ method: 'GET', url: `${base}${spec.path}${qs ? `?${qs}` : ''}`, headers, timeoutMs: ctx.timeoutMs });
        status = res.status;
        try { data = JSON.parse(res.text); } catch { data = res.text; }
      }
      const expectedStatus = spec.expect.status ?? 200;
      const checks = [statusCheck('state', status, expectedStatus, spec.expect.basis), ...evaluate(data, spec.expect.body, 'state', ctx.secrets.names, spec.expect.basis)];
      const failures = checks.slice(1).filter((c) => c.verdict === 'failed').map(failureOf);
      if (!statusMatches(status, expectedStatus)) failures.unshift({ in: 'state', at: 'status', expected: `HTTP ${JSON.stringify(expectedStatus)}`, received: `HTTP ${status}`, message: `state read answered ${status}: ${show(data)}` });
      if (failures.length && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        continue;
      }
      if (failures.length === 0) failures.push(...capture(ctx, spec.capture, { body: data, headers: {} }));
      return { expected, actual: failures.length ? failures.map((f) => `${f.at}: ${f.received}`) : [engineMessage('engine.stateAsExpected')], failures, checks };
    }
  },
});
