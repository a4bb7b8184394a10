// The HTTP part shared by control calls and request steps: build the call (URL in the case namespace,
// JSON or form body, signer or bearer auth), send it, judge the answer, capture variables.
import type { SchemaRegistry } from '../../engine/schemas.js';
import type { SecretNames } from '../../engine/secrets.js';
import { curlLine, type CaseContext } from '../context.js';
import type { Check, Failure, ResponseExpectation } from '../types.js';
import { captureValue, describeAssertion, evaluate, evaluateHeaders, failureOf, show, statusMatches } from '../values.js';
import { durationMs } from '../vars.js';
import { advisoryReason, isBinding, statusBasis } from '../basis.js';
import type { StepOutcome } from './handler.js';
import { engineMessage } from '../../reports/i18n.js';

export interface HttpStepSpec {
  title?: string;
  simulator?: string;
  url?: string;
  method?: string;
  /** Given, or the operation's (request steps only). */
  path: string;
  /** An operation of the simulator instead of method and path (request steps). */
  operation?: string;
  query?: Record<string, unknown>;
  headers?: Record<string, string | number | boolean>;
  body?: unknown;
  form?: Record<string, unknown>;
  auth?: { signer?: string; params?: Record<string, unknown>; bearer?: string };
  timeout?: number | string;
  expect?: ResponseExpectation;
  capture?: Record<string, string>;
}

export function expectationLines(expect: ResponseExpectation | undefined): string[] {
  const lines: string[] = [];
  if (expect?.status !== undefined) lines.push(`HTTP ${Array.isArray(expect.status) ? expect.status.join(' | ') : expect.status}`);
  if (expect?.schema) lines.push(`body matches schema ${expect.schema}`);
  for (const [h, c] of Object.entries(expect?.headers ?? {})) lines.push(`header ${h} ${typeof c === 'string' ? `= ${c}` : describeAssertion(c).trim()}`);
  for (const a of expect?.body ?? []) lines.push(describeAssertion(a));
  if (expect?.maxDurationMs) lines.push(`answer within ${expect.maxDurationMs} ms`);
  return lines;
}

export function schemaFailures(schemas: SchemaRegistry, schemaId: string, data: unknown, part: Failure['in'], names: SecretNames, basis?: string): Failure[] {
  return schemas.validate(schemaId, data, 'body', names).map((p) => ({
    in: part, at: p.pointer, expected: p.expected, received: show(p.received, { field: p.pointer, names }),
    message: `${part} ${p.pointer} ${p.message} (schema ${schemaId}): expected ${p.expected}, received ${show(p.received, { field: p.pointer, names })}`,
    ...(basis === undefined ? {} : { basis }),
  }));
}

/** A schema check as Checks: one held, or one per problem found. */
export function schemaChecks(schemaId: string, failures: Failure[], part: Failure['in'], basis?: string): Check[] {
  if (failures.length === 0) return [{ in: part, at: '', rules: [{ op: 'schema', arg: schemaId }], verdict: 'passed', ...(basis === undefined ? {} : { basis }) }];
  return failures.map((f) => ({ in: part, at: f.at ?? '', rules: [{ op: 'schemaRule', arg: f.expected }], ...(f.received === undefined ? {} : { received: f.received }), verdict: 'failed', ...(f.basis === undefined ? {} : { basis: f.basis }) }));
}

export function statusCheck(part: Failure['in'], status: number, expected: number | number[], basis?: string): Check {
  return { in: part, at: 'status', rules: [{ op: 'status', arg: Array.isArray(expected) ? expected.join(' | ') : String(expected) }], received: String(status), verdict: statusMatches(status, expected) ? 'passed' : 'failed', ...(basis === undefined ? {} : { basis }) };
}

/** Checks whose failure was set apart as advice say so. */
export function markAdvice(checks: Check[], advisories: Failure[]): Check[] {
  return checks.map((c) => (c.verdict === 'failed' && advisories.some((a) => a.in === c.in && (a.at ?? '') === c.at) ? { ...c, verdict: 'advisory' } : c));
}

/**
 * Against an implementation outside the sandbox, failed checks that rest on Poligon's own conventions
 * are advice: they leave the failures and are reported apart, with the reason (basis.ts).
 */
export function separateAdvice(failures: Failure[], external: boolean): { failures: Failure[]; advisories: Failure[] } {
  if (!external) return { failures, advisories: [] };
  const advisories = failures.filter((f) => !isBinding(f.basis)).map((f) => ({ ...f, message: `${f.message} — ${advisoryReason(f.basis!)}` }));
  return { failures: failures.filter((f) => isBinding(f.basis)), advisories };
}

/** Stores captured values as variables; a capture that finds nothing is a failure. */
export function capture(ctx: CaseContext, spec: Record<string, string> | undefined, from: Parameters<typeof captureValue>[1]): Failure[] {
  const failures: Failure[] = [];
  for (const [name, source] of Object.entries(spec ?? {})) {
    const value = captureValue(source, from);
    if (value === undefined) {
      failures.push({ in: source.startsWith('request:') ? 'request' : 'response', at: source, message: engineMessage('engine.captureNothing', { name, source }) });
      continue;
    }
    const field = source.split(/[./:[\]'"]+/).filter(Boolean).pop() ?? '';
    if (ctx.secrets.names.has(name) || ctx.secrets.names.has(field)) ctx.secrets.add(value);
    ctx.vars.set(name, value);
  }
  return failures;
}

function withQuery(url: string, query: Record<string, unknown> | undefined): string {
  const entries = Object.entries(query ?? {}).filter(([, v]) => v !== undefined);
  return entries.length ? `${url}?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)]))}` : url;
}

/** A wire body read in the pack's (canonical) field names, where an operation's wire renames some (Operation.rename). */
export interface CanonicalNames { request(body: unknown): unknown; response(body: unknown): unknown }

export async function sendAndJudge(spec: HttpStepSpec, ctx: CaseContext, base: string, simulator: string, names?: CanonicalNames): Promise<StepOutcome> {
  const method = (spec.method ?? (spec.body !== undefined || spec.form !== undefined ? 'POST' : 'GET')).toUpperCase();
  const pathWithQuery = withQuery(spec.path, spec.query);
  const headers: Record<string, string> = Object.fromEntries(Object.entries(spec.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  let body: string | undefined;
  if (spec.form !== undefined) {
    body = new URLSearchParams(Object.entries(spec.form).map(([k, v]): [string, string] => [k, String(v)])).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (spec.body !== undefined) {
    body = typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
    headers['content-type'] ??= 'application/json';
  }
  if (spec.auth?.bearer !== undefined) {
    ctx.secrets.add(spec.auth.bearer);
    headers.authorization = `Bearer ${spec.auth.bearer}`;
  }
  if (spec.auth?.signer) {
    const params = spec.auth.params ?? {};
    ctx.secrets.collect(params);
    const signed = ctx.signer(spec.auth.signer)({ method, path: pathWithQuery, body: body ?? '', params, now: await ctx.virtualNow() });
    for (const [k, v] of Object.entries(signed)) headers[k.toLowerCase()] = v;
  }
  const call = { method, url: `${base}${pathWithQuery}`, headers, body, simulator, timeoutMs: durationMs(spec.timeout, ctx.timeoutMs) };
  const expected = expectationLines(spec.expect);
  let answer;
  try {
    answer = await ctx.exchange(call);
  } catch (e) {
    const why = (e as Error).name === 'TimeoutError' ? engineMessage('engine.noAnswer', { n: call.timeoutMs }) : engineMessage('engine.connectionFailed', { reason: (e as Error).message });
    return {
      expected, actual: [why], failures: [{ in: 'response', message: why, expected: expected.join('; ') || 'an answer', received: why }], curl: curlLine(call, ctx.secrets.names),
      checks: [{ in: 'response', at: '', rules: [{ op: 'call', arg: `${method} ${call.url}` }], received: why, verdict: 'failed' }],
    };
  }
  const checked: Failure[] = [];
  const ex = spec.expect;
  const basis = ex?.basis === undefined ? {} : { basis: ex.basis };
  const checks: Check[] = [];
  if (ex?.status !== undefined) checks.push(statusCheck('response', answer.status, ex.status, statusBasis(ex)));
  if (!statusMatches(answer.status, ex?.status)) {
    const onStatus = statusBasis(ex);
    checked.push({ in: 'response', at: 'status', expected: `HTTP ${JSON.stringify(ex!.status)}`, received: `HTTP ${answer.status}`,
      message: `response status: expected ${JSON.stringify(ex!.status)}, received ${answer.status} ${show(answer.body)}`, ...(onStatus === undefined ? {} : { basis: onStatus }) });
  }
  if (ex?.schema) {
    const problems = schemaFailures(ctx.schemas, ex.schema, answer.body, 'response', ctx.secrets.names, ex.basis);
    checked.push(...problems);
    checks.push(...schemaChecks(ex.schema, problems, 'response', ex.basis));
  }
  // paths name the pack's fields; the schema check above judged the body as the wire carried it
  const judged = names ? names.response(answer.body) : answer.body;
  const valueChecks = [...evaluateHeaders(answer.headers, ex?.headers, 'response', ctx.secrets.names, ex?.basis), ...evaluate(judged, ex?.body, 'response', ctx.secrets.names, ex?.basis)];
  checks.push(...valueChecks);
  checked.push(...valueChecks.filter((c) => c.verdict === 'failed').map(failureOf));
  if (ex?.maxDurationMs !== undefined) {
    checks.push({ in: 'response', at: 'time', rules: [{ op: 'within', arg: String(ex.maxDurationMs) }], received: String(answer.durationMs), verdict: answer.durationMs > ex.maxDurationMs ? 'failed' : 'passed', ...basis });
    if (answer.durationMs > ex.maxDurationMs) {
      checked.push({ in: 'response', at: 'time', expected: `≤ ${ex.maxDurationMs} ms`, received: `${answer.durationMs} ms`, message: `answer took ${answer.durationMs} ms, more than ${ex.maxDurationMs} ms`, ...basis });
    }
  }
  const { failures, advisories } = separateAdvice(checked, ctx.isExternal(call.url));
  if (failures.length === 0) {
    let requestBody: unknown;
    try { requestBody = body ? JSON.parse(body) : undefined; } catch { requestBody = body; }
    if (names) requestBody = names.request(requestBody);
    failures.push(...capture(ctx, spec.capture, { body: judged, headers: answer.headers, requestBody }));
  }
  return {
    expected,
    actual: [`HTTP ${answer.status} in ${answer.durationMs} ms`, ...failures.map((f) => `${f.at ?? ''}: ${f.received ?? ''}`.trim())],
    failures,
    checks: markAdvice(checks, advisories),
    ...(advisories.length ? { advisories } : {}),
    curl: answer.curl,
  };
}
