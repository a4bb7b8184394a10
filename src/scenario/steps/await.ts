// await (observe mode): the system under test makes the call. The step tells the operator what to do,
// waits (long-polling the journal) for the first matching request after the previous await's, and
// judges the request the system sent and the answer the sandbox gave.
import type { SchemaRegistry } from '../../engine/schemas.js';
import type { SecretNames } from '../../engine/secrets.js';
import type { JournalEntry } from '../../engine/journal.js';
import { StepSkipped, type DriverAction, type DriverOutcome, type StepDriverRecord } from '../driver.js';
import type { Assertion, Check, Failure, HeaderChecks } from '../types.js';
import { describeAssertion, evaluate, evaluateHeaders, failureOf, holds, show, statusMatches } from '../values.js';
import { durationMs } from '../vars.js';
import { checkRefs, defineStep, type StepOutcome } from './handler.js';
import { capture, schemaChecks, schemaFailures, statusCheck, type CanonicalNames } from './http.js';
import { engineMessage } from '../../reports/i18n.js';

/** An instruction in one language, or in Russian and English (the operator reads the run's language). */
export type Instructions = string | { ru: string; en: string };

/** The instruction in `lang`. */
export const instructionText = (i: Instructions, lang: 'ru' | 'en'): string => (typeof i === 'string' ? i : i[lang]);

export interface AwaitSpec {
  title?: string;
  instructions: Instructions;
  /** The instruction in machine-readable form, for a driver harness (schemas/driver/action.json). */
  action?: DriverAction;
  simulator: string;
  operation?: string;
  method?: string;
  path?: string;
  where?: Assertion[];
  timeout?: number | string;
  expect?: {
    status?: number | number[];
    schema?: string;
    requestSchema?: string;
    request?: Assertion[];
    requestHeaders?: HeaderChecks;
    body?: Assertion[];
    errorCode?: string;
    basis?: string;
    statusBasis?: string;
  };
  capture?: Record<string, string>;
}

function describe(spec: AwaitSpec): string {
  return spec.title ?? `await ${spec.simulator}${spec.operation ? `.${spec.operation}` : ''}${spec.path ? ` ${spec.path}` : ''}`;
}

/** The call an await step waits for, e.g. `POST fes.sale /api/v1/sale`. */
function callText(spec: AwaitSpec): string {
  return [spec.method, `${spec.simulator}${spec.operation ? `.${spec.operation}` : ''}`, spec.path].filter(Boolean).join(' ');
}

function expectedLines(spec: AwaitSpec): string[] {
  const e = spec.expect ?? {};
  return [
    `a call ${spec.method ?? ''} ${spec.simulator}${spec.operation ? `.${spec.operation}` : ''}${spec.path ? ` ${spec.path}` : ''}`.replace(/\s+/g, ' '),
    ...(spec.where ?? []).map((a) => `where request ${describeAssertion(a)}`),
    ...(e.requestSchema ? [`request matches schema ${e.requestSchema}`] : []),
    ...(e.request ?? []).map((a) => `request ${describeAssertion(a)}`),
    ...Object.entries(e.requestHeaders ?? {}).map(([h, c]) => `request header ${h} ${typeof c === 'string' ? `= ${c}` : describeAssertion(c).trim()}`),
    ...(e.status !== undefined ? [`answered HTTP ${Array.isArray(e.status) ? e.status.join(' | ') : e.status}`] : []),
    ...(e.errorCode ? [`answered with error ${e.errorCode}`] : []),
    ...(e.schema ? [`answer matches schema ${e.schema}`] : []),
    ...(e.body ?? []).map((a) => `answer ${describeAssertion(a)}`),
  ];
}

/** Judges the call the system made and the sandbox's answer: every check, and the failures among them. */
export function judgeEntry(entry: JournalEntry, schemas: SchemaRegistry, names: SecretNames, expect: AwaitSpec['expect'] = {}, canonical?: CanonicalNames): { checks: Check[]; failures: Failure[] } {
  const failures: Failure[] = [];
  const checks: Check[] = [];
  // observe mode: the sandbox is the reference, so every check binds; the basis is kept for the reports
  const { basis } = expect;
  const values = (found: Check[]) => {
    checks.push(...found);
    failures.push(...found.filter((c) => c.verdict === 'failed').map(failureOf));
  };
  const schema = (id: string, data: unknown, part: Failure['in']) => {
    const problems = schemaFailures(schemas, id, data, part, names, basis);
    failures.push(...problems);
    checks.push(...schemaChecks(id, problems, part, basis));
  };
  // schemas judge the bodies as the wire carried them; paths name the pack's (canonical) fields
  if (expect.requestSchema) schema(expect.requestSchema, entry.requestBody, 'request');
  values(evaluate(canonical ? canonical.request(entry.requestBody) : entry.requestBody, expect.request, 'request', names, basis));
  values(evaluateHeaders(entry.requestHeaders, expect.requestHeaders, 'request', names, basis));
  if (expect.status !== undefined) {
    const check = statusCheck('response', entry.status, expect.status, expect.statusBasis ?? basis);
    checks.push(entry.errorCode ? { ...check, received: `${entry.status} ${entry.errorCode}` } : check);
  }
  if (!statusMatches(entry.status, expect.status)) {
    const onStatus = expect.statusBasis ?? basis;
    failures.push({ in: 'response', at: 'status', expected: `HTTP ${JSON.stringify(expect.status)}`, received: `HTTP ${entry.status}`,
      message: `the sandbox answered ${entry.status}${entry.errorCode ? ` (${entry.errorCode})` : ''} where ${JSON.stringify(expect.status)} was expected: ${show(entry.responseBody)}`,
      ...(onStatus === undefined ? {} : { basis: onStatus }) });
  }
  if (expect.errorCode !== undefined) {
    const held = entry.errorCode === expect.errorCode;
    checks.push({ in: 'response', at: 'errorCode', rules: [{ op: 'errorCode', arg: expect.errorCode }], ...(entry.errorCode ? { received: entry.errorCode } : {}), verdict: held ? 'passed' : 'failed' });
    if (!held) failures.push({ in: 'response', at: 'errorCode', expected: expect.errorCode, received: entry.errorCode ?? '(none)', message: `error code: expected ${expect.errorCode}, received ${entry.errorCode ?? 'none'}` });
  }
  if (expect.schema) schema(expect.schema, entry.responseBody, 'response');
  values(evaluate(canonical ? canonical.response(entry.responseBody) : entry.responseBody, expect.body, 'response', names, basis));
  return { checks, failures };
}

export const awaitStep = defineStep<AwaitSpec>({
  kind: 'await',
  schemaId: 'scenario/steps/await',
  check: (spec, known) => [
    ...checkRefs(spec, known),
    // fes.* actions are played against FES, ecs.* against ECS; `none` asks nothing of anyone
    ...(spec.action && spec.action.do !== 'none' && !spec.action.do.startsWith(`${spec.simulator}.`)
      ? [{ pointer: '/action/do', message: `the action ${spec.action.do} does not act on ${spec.simulator}, the simulator this step awaits` }] : []),
  ],
  describe,
  async run(spec, ctx): Promise<StepOutcome> {
    ctx.requireAdmin(engineMessage('engine.what.await'), spec.simulator);
    const journal = ctx.bookkeeping!;
    const timeoutMs = durationMs(spec.timeout, ctx.timeoutMs);
    // a step whose action asks nothing (`none`) has nothing to tell when a driver plays: nobody reads it
    const instructions = instructionText(spec.instructions, ctx.lang);
    if (!(spec.action?.do === 'none' && ctx.play)) ctx.say(instructions, ctx.simulatorUrl(spec.simulator));
    const deadline = Date.now() + timeoutMs;
    const query = { simulator: spec.simulator, operation: spec.operation, method: spec.method, path: spec.path };
    // a journaled call read in the pack's field names, where its operation's wire renames some
    const canonicalOf = (entry: JournalEntry): CanonicalNames | undefined => {
      const rename = ctx.simulators.find((s) => s.name === spec.simulator)?.operations.find((o) => `${spec.simulator}.${o.id}` === entry.operation)?.rename;
      return rename && { request: (b) => rename('request', b, 'canonical'), response: (b) => rename('response', b, 'canonical') };
    };
    /** The first matching call after the previous await's, waiting until `until` at most. */
    const nextCall = async (until: number) => {
      let cursor = ctx.awaitCursor;
      for (;;) {
        const left = until - Date.now();
        const found = left > 0 ? await journal.waitFor({ ...query, afterSeq: cursor }, left) : undefined;
        const canonical = found && canonicalOf(found);
        if (!found || holds(canonical ? canonical.request(found.requestBody) : found.requestBody, spec.where)) return found;
        cursor = found.seq;
      }
    };
    const played = spec.action && ctx.play ? await playAction(spec, instructions, ctx.play, timeoutMs, deadline, nextCall, ctx.answerGraceMs) : undefined;
    const entry = played ? played.entry : await nextCall(deadline);
    const driver = played?.record;
    const expected = expectedLines(spec);
    const noCall = (why: string): StepOutcome => ({
      expected, actual: [why], failures: [{ in: 'journal', message: why, expected: expected[0], received: engineMessage('engine.nothing') }], instructions, ...(driver ? { driver } : {}),
      checks: [{ in: 'journal', at: '', rules: [{ op: 'call', arg: callText(spec) }, { op: 'within', arg: String(timeoutMs) }], ...(played?.why ? { received: played.why } : {}), verdict: 'failed' }],
    });
    if (!entry) return noCall(played?.why ?? engineMessage('engine.noMatchingCall', { n: timeoutMs }));
    ctx.awaitCursor = entry.seq;
    const canonical = canonicalOf(entry);
    const { checks, failures } = judgeEntry(entry, ctx.schemas, ctx.secrets.names, spec.expect, canonical);
    checks.unshift({ in: 'journal', at: `#${entry.seq}`, rules: [{ op: 'call', arg: callText(spec) }], received: `${entry.method} ${entry.path}`, verdict: 'passed' });
    if (failures.length === 0) {
      const [body, requestBody] = canonical ? [canonical.response(entry.responseBody), canonical.request(entry.requestBody)] : [entry.responseBody, entry.requestBody];
      failures.push(...capture(ctx, spec.capture, { body, headers: entry.responseHeaders, requestBody }));
    }
    if (played?.outcome.result === 'silent') {
      // the call came, but a harness that never answers holds up every step after this one
      failures.unshift({ in: 'step', message: played.outcome.reason });
      checks.unshift({ in: 'step', at: '', rules: [{ op: 'within', arg: String(timeoutMs) }], received: played.outcome.reason, verdict: 'failed' });
    }
    return {
      ...(driver ? { driver } : {}),
      expected,
      actual: [`#${entry.seq} ${entry.method} ${entry.path} → HTTP ${entry.status}${entry.errorCode ? ` ${entry.errorCode}` : ''}`, ...failures.map((f) => `${f.in} ${f.at ?? ''}: ${f.received ?? ''}`)],
      failures,
      checks,
      instructions,
    };
  },
});

/**
 * Plays the step's action through the run's driver while watching the journal. The harness's word never
 * decides: a call that reached the sandbox is judged whatever it answered; "done" with no call is a
 * failure saying so; "cannot" skips the step (and its case) with the harness's reason.
 */
async function playAction(
  spec: AwaitSpec,
  instructions: string,
  play: NonNullable<import('../context.js').CaseContext['play']>,
  timeoutMs: number,
  deadline: number,
  nextCall: (until: number) => Promise<JournalEntry | undefined>,
  graceMs: number,
): Promise<{ entry: JournalEntry | undefined; outcome: DriverOutcome; record: StepDriverRecord; why?: string }> {
  const action = spec.action!;
  const answering = action.do === 'none'
    ? Promise.resolve<DriverOutcome>({ result: 'none', ...(action.note ? { reason: action.note } : {}) })
    : play(action, instructions, timeoutMs);
  const watching = nextCall(deadline);
  const first = await Promise.race([watching.then((entry) => ({ entry })), answering.then((outcome) => ({ outcome }))]);
  let entry: JournalEntry | undefined;
  let outcome: DriverOutcome;
  if ('outcome' in first) {
    outcome = first.outcome;
    // the harness answered first: its call, if it made one, is in the journal by now or very soon
    const grace = outcome.result === 'none' ? deadline : Math.min(deadline, Date.now() + graceMs);
    entry = outcome.result === 'cannot' ? undefined : await Promise.race([watching, nextCall(grace)]);
  } else {
    entry = first.entry;
    outcome = await answering;
  }
  const record: StepDriverRecord = { action: action.do, answer: outcome.result, ...(outcome.reason ? { reason: outcome.reason } : {}) };
  if (outcome.result === 'cannot') throw new StepSkipped(engineMessage('engine.driverCannot', { action: action.do, reason: outcome.reason }), record);
  const why = entry ? undefined
    : outcome.result === 'done' ? engineMessage('engine.driverDoneNoCall', { action: action.do, call: callText(spec) })
    : outcome.result === 'failed' ? engineMessage('engine.driverFailedNoCall', { action: action.do, reason: outcome.reason, call: callText(spec) })
    : outcome.result === 'silent' ? engineMessage('engine.driverSilentNoCall', { reason: outcome.reason, call: callText(spec) })
    : undefined;
  return { entry, outcome, record, ...(why ? { why } : {}) };
}
