// await (observe mode): the system under test makes the call. The step tells the operator what to do,
// waits (long-polling the journal) for the first matching request after the previous await's, and
// judges the request the system sent and the answer the sandbox gave.
import type { JournalEntry } from '../../engine/journal.js';
import type { Assertion, Failure, HeaderChecks } from '../types.js';
import { assertAll, assertHeaders, describeAssertion, holds, show, statusMatches } from '../values.js';
import { durationMs } from '../vars.js';
import { checkRefs, defineStep, type StepOutcome } from './handler.js';
import { capture, schemaFailures } from './http.js';

export interface AwaitSpec {
  title?: string;
  instructions: string;
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

export function judgeEntry(entry: JournalEntry, expect: AwaitSpec['expect'] = {}): Failure[] {
  const failures: Failure[] = [];
  // observe mode: the sandbox is the reference, so every check binds; the basis is kept for the reports
  const { basis } = expect;
  if (expect.requestSchema) failures.push(...schemaFailures(expect.requestSchema, entry.requestBody, 'request', basis));
  failures.push(...assertAll(entry.requestBody, expect.request, 'request', basis));
  failures.push(...assertHeaders(entry.requestHeaders, expect.requestHeaders, 'request', basis));
  if (!statusMatches(entry.status, expect.status)) {
    const onStatus = expect.statusBasis ?? basis;
    failures.push({ in: 'response', at: 'status', expected: `HTTP ${JSON.stringify(expect.status)}`, received: `HTTP ${entry.status}`,
      message: `the sandbox answered ${entry.status}${entry.errorCode ? ` (${entry.errorCode})` : ''} where ${JSON.stringify(expect.status)} was expected: ${show(entry.responseBody)}`,
      ...(onStatus === undefined ? {} : { basis: onStatus }) });
  }
  if (expect.errorCode !== undefined && entry.errorCode !== expect.errorCode) {
    failures.push({ in: 'response', at: 'errorCode', expected: expect.errorCode, received: entry.errorCode ?? '(none)', message: `error code: expected ${expect.errorCode}, received ${entry.errorCode ?? 'none'}` });
  }
  if (expect.schema) failures.push(...schemaFailures(expect.schema, entry.responseBody, 'response', basis));
  failures.push(...assertAll(entry.responseBody, expect.body, 'response', basis));
  return failures;
}

export const awaitStep = defineStep<AwaitSpec>({
  kind: 'await',
  schemaId: 'scenario/steps/await',
  check: (spec, known) => checkRefs(spec, known),
  describe,
  async run(spec, ctx): Promise<StepOutcome> {
    ctx.requireAdmin('an await step (observe mode)', spec.simulator);
    const journal = ctx.bookkeeping!;
    const timeoutMs = durationMs(spec.timeout, ctx.timeoutMs);
    ctx.say(spec.instructions, ctx.simulatorUrl(spec.simulator));
    const deadline = Date.now() + timeoutMs;
    const query = { simulator: spec.simulator, operation: spec.operation, method: spec.method, path: spec.path };
    let cursor = ctx.awaitCursor;
    let entry: JournalEntry | undefined;
    for (;;) {
      const left = deadline - Date.now();
      entry = left > 0 ? await journal.waitFor({ ...query, afterSeq: cursor }, left) : undefined;
      if (!entry || holds(entry.requestBody, spec.where)) break;
      cursor = entry.seq;
    }
    const expected = expectedLines(spec);
    if (!entry) {
      const why = `no matching call reached the sandbox within ${timeoutMs} ms`;
      return { expected, actual: [why], failures: [{ in: 'journal', message: why, expected: expected[0], received: '(nothing)' }], instructions: spec.instructions };
    }
    ctx.awaitCursor = entry.seq;
    const failures = judgeEntry(entry, spec.expect);
    if (failures.length === 0) failures.push(...capture(ctx, spec.capture, { body: entry.responseBody, headers: entry.responseHeaders, requestBody: entry.requestBody }));
    return {
      expected,
      actual: [`#${entry.seq} ${entry.method} ${entry.path} → HTTP ${entry.status}${entry.errorCode ? ` ${entry.errorCode}` : ''}`, ...failures.map((f) => `${f.in} ${f.at ?? ''}: ${f.received ?? ''}`)],
      failures,
      instructions: spec.instructions,
    };
  },
});
