// Reading values out of JSON (JSONPath via jsonpath-plus, or JSON pointer) and checking them against
// a step's assertions. Every failed check says where, what was expected and what was received.
import { isDeepStrictEqual } from 'node:util';
import { JSONPath } from 'jsonpath-plus';
import { GENERIC_SECRET_NAMES, maskValue, type SecretNames } from '../engine/secrets.js';
import { pointerGet } from '../engine/json.js';
import type { Assertion, Check, Failure, HeaderChecks, Rule } from './types.js';


/** One JSONPath match gives the value, several give an array, none gives undefined. */
export function pathGet(data: unknown, path: string): unknown {
  if (data === undefined) return undefined;
  const found = JSONPath({ path, json: data as object, wrap: true }) as unknown[];
  if (found.length === 0) return undefined;
  return found.length === 1 ? found[0] : found;
}

export function locate(data: unknown, where: { path?: string; pointer?: string }): unknown {
  return where.path !== undefined ? pathGet(data, where.path) : pointerGet(data, where.pointer ?? '');
}

/** The last field name in a path or pointer, to tell whether the value is a secret. */
function lastField(at: string): string {
  return at.split(/[./[\]'"]+/).filter(Boolean).pop() ?? '';
}

/** A value as a message shows it; with `at`, masked when the field it was found under is one of `names`. */
export function show(value: unknown, at?: { field: string; names: SecretNames }): string {
  if (value === undefined) return '(absent)';
  if (at && typeof value !== 'object' && at.names.has(lastField(at.field))) return maskValue(value);
  const s = JSON.stringify(value);
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
}

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

/** Equal as JSON values: an object's key order does not matter (a bank's service may order keys its own way). */
const deepEqual = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b);

/** The tests of one assertion, each as its rule, its English text (for messages) and whether it passes. */
function tests(a: Assertion, value: unknown): Array<{ rule: Rule; text: string; ok: boolean }> {
  const out: Array<{ rule: Rule; text: string; ok: boolean }> = [];
  const add = (op: Rule['op'], arg: unknown, text: string, ok: boolean) => out.push({ rule: arg === undefined ? { op } : { op, arg: typeof arg === 'string' && op !== 'equals' && op !== 'notEquals' && op !== 'contains' ? arg : JSON.stringify(arg) }, text, ok });
  if (a.exists !== undefined) add(a.exists ? 'present' : 'absent', undefined, a.exists ? 'present' : 'absent', (value !== undefined) === a.exists);
  if ('equals' in a) add('equals', a.equals, `= ${JSON.stringify(a.equals)}`, deepEqual(value, a.equals));
  if ('notEquals' in a) add('notEquals', a.notEquals, `≠ ${JSON.stringify(a.notEquals)}`, !deepEqual(value, a.notEquals));
  if (a.matches !== undefined) add('matches', `/${a.matches}/`, `matching /${a.matches}/`, value !== undefined && new RegExp(a.matches).test(typeof value === 'string' ? value : JSON.stringify(value)));
  if (a.oneOf !== undefined) add('oneOf', JSON.stringify(a.oneOf), `one of ${JSON.stringify(a.oneOf)}`, a.oneOf.some((o) => deepEqual(o, value)));
  if ('contains' in a) {
    add('contains', a.contains, `containing ${JSON.stringify(a.contains)}`,
      Array.isArray(value) ? value.some((v) => deepEqual(v, a.contains)) : typeof value === 'string' && value.includes(String(a.contains)));
  }
  if (a.gte !== undefined) add('gte', String(a.gte), `≥ ${a.gte}`, typeof value === 'number' ? value >= a.gte : Number(value) >= a.gte);
  if (a.lte !== undefined) add('lte', String(a.lte), `≤ ${a.lte}`, typeof value === 'number' ? value <= a.lte : Number(value) <= a.lte);
  if (a.length !== undefined) add('length', String(a.length), `of length ${a.length}`, (Array.isArray(value) || typeof value === 'string') && value.length === a.length);
  if (a.type !== undefined) add('type', a.type, `of type ${a.type}`, a.type === 'number' ? typeof value === 'number' : typeOf(value) === a.type);
  if (out.length === 0) add('present', undefined, 'present', value !== undefined);
  return out;
}

export function describeAssertion(a: Assertion): string {
  const at = a.path ?? a.pointer ?? '';
  return `${at} ${tests(a, undefined).map((x) => x.text).join(', ')}`;
}

const withBasis = (basis: string | undefined) => (basis === undefined ? {} : { basis });

/** Every assertion as a Check, held or not (with its basis, else `basis`); a value found under one of `names` is shown masked. */
export function evaluate(data: unknown, assertions: Assertion[] | undefined, part: Failure['in'], names: SecretNames, basis?: string): Check[] {
  return (assertions ?? []).map((a) => {
    const at = a.path ?? a.pointer ?? '';
    const value = locate(data, a);
    const results = tests(a, value);
    return {
      in: part, at, rules: results.map((r) => r.rule), ...(value === undefined ? {} : { received: show(value, { field: at, names }) }),
      verdict: results.every((r) => r.ok) ? 'passed' as const : 'failed' as const, ...withBasis(a.basis ?? basis), ...(a.because ? { because: a.because } : {}),
    };
  });
}

/** The failure of a check that did not hold (the English message the runner's reason and the console use). */
export function failureOf(c: Check): Failure {
  const expected = c.rules.map(ruleText).join(', ');
  const received = c.received ?? '(absent)';
  return {
    in: c.in, at: c.at, expected, received,
    message: `${c.in} ${c.at}: expected ${expected}, received ${received}${c.because ? ` (${c.because})` : ''}`,
    ...withBasis(c.basis),
  };
}

/** A rule in English (messages; the reports word rules in their own language). */
function ruleText(r: Rule): string {
  const english: Record<Rule['op'], string> = {
    present: 'present', absent: 'absent', equals: '=', notEquals: '≠', matches: 'matching', oneOf: 'one of', contains: 'containing', gte: '≥', lte: '≤',
    length: 'of length', type: 'of type', status: 'HTTP', schema: 'matching schema', schemaRule: '', errorCode: 'error code', call: 'a call', within: 'within (ms)',
  };
  return [english[r.op], r.arg].filter(Boolean).join(' ');
}

/** Checks `data` against the assertions; one Failure per assertion that does not hold (with its basis, else `basis`). */
export function assertAll(data: unknown, assertions: Assertion[] | undefined, part: Failure['in'], names: SecretNames, basis?: string): Failure[] {
  return evaluate(data, assertions, part, names, basis).filter((c) => c.verdict === 'failed').map(failureOf);
}

/** True when every assertion holds (for `where` filters). */
export function holds(data: unknown, assertions: Assertion[] | undefined): boolean {
  // only the verdict is used: no value is shown
  return assertAll(data, assertions, 'request', GENERIC_SECRET_NAMES).length === 0;
}

/** Header checks as Checks: a string is the value it must equal. */
export function evaluateHeaders(headers: Record<string, string>, expected: HeaderChecks | undefined, part: Failure['in'], names: SecretNames, basis?: string): Check[] {
  return Object.entries(expected ?? {}).flatMap(([name, check]) => {
    const assertion: Assertion = typeof check === 'string' ? { pointer: `/${name.toLowerCase()}`, equals: check } : { ...check, pointer: `/${name.toLowerCase()}`, path: undefined };
    return evaluate(headers, [assertion], part, names, basis).map((c) => ({ ...c, at: `header ${name}` }));
  });
}

export function assertHeaders(headers: Record<string, string>, expected: HeaderChecks | undefined, part: Failure['in'], names: SecretNames, basis?: string): Failure[] {
  return evaluateHeaders(headers, expected, part, names, basis).filter((c) => c.verdict === 'failed').map(failureOf);
}

export function statusMatches(status: number, expected: number | number[] | undefined): boolean {
  return expected === undefined || (Array.isArray(expected) ? expected.includes(status) : status === expected);
}

/** Reads a capture source ("$.x", "/x", "header:x", "request:$.x") from an exchange. */
export function captureValue(source: string, from: { body: unknown; headers: Record<string, string>; requestBody?: unknown }): unknown {
  if (source.startsWith('header:')) return from.headers[source.slice(7).toLowerCase()];
  if (source.startsWith('request:')) return readAt(from.requestBody, source.slice(8));
  return readAt(from.body, source);
}

function readAt(data: unknown, at: string): unknown {
  return at.startsWith('$') ? pathGet(data, at) : pointerGet(data, at);
}
