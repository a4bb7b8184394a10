// Reading values out of JSON (JSONPath via jsonpath-plus, or JSON pointer) and checking them against
// a step's assertions. Every failed check says where, what was expected and what was received.
import { JSONPath } from 'jsonpath-plus';
import { isSecretName, maskValue } from '../engine/secrets.js';
import { pointerGet } from '../engine/json.js';
import type { Assertion, Failure, HeaderChecks } from './types.js';


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

export function show(value: unknown, at = ''): string {
  if (value === undefined) return '(absent)';
  if (typeof value !== 'object' && isSecretName(lastField(at))) return maskValue(value);
  const s = JSON.stringify(value);
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
}

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The checks of one assertion, each as [expected text, passes?]. */
function checks(a: Assertion, value: unknown): Array<[string, boolean]> {
  const out: Array<[string, boolean]> = [];
  if (a.exists !== undefined) out.push([a.exists ? 'present' : 'absent', (value !== undefined) === a.exists]);
  if ('equals' in a) out.push([`= ${JSON.stringify(a.equals)}`, deepEqual(value, a.equals)]);
  if ('notEquals' in a) out.push([`≠ ${JSON.stringify(a.notEquals)}`, !deepEqual(value, a.notEquals)]);
  if (a.matches !== undefined) out.push([`matching /${a.matches}/`, value !== undefined && new RegExp(a.matches).test(typeof value === 'string' ? value : JSON.stringify(value))]);
  if (a.oneOf !== undefined) out.push([`one of ${JSON.stringify(a.oneOf)}`, a.oneOf.some((o) => deepEqual(o, value))]);
  if ('contains' in a) {
    out.push([`containing ${JSON.stringify(a.contains)}`,
      Array.isArray(value) ? value.some((v) => deepEqual(v, a.contains)) : typeof value === 'string' && value.includes(String(a.contains))]);
  }
  if (a.gte !== undefined) out.push([`≥ ${a.gte}`, typeof value === 'number' ? value >= a.gte : Number(value) >= a.gte]);
  if (a.lte !== undefined) out.push([`≤ ${a.lte}`, typeof value === 'number' ? value <= a.lte : Number(value) <= a.lte]);
  if (a.length !== undefined) {
    out.push([`of length ${a.length}`, (Array.isArray(value) || typeof value === 'string') && value.length === a.length]);
  }
  if (a.type !== undefined) out.push([`of type ${a.type}`, a.type === 'number' ? typeof value === 'number' : typeOf(value) === a.type]);
  if (out.length === 0) out.push(['present', value !== undefined]);
  return out;
}

export function describeAssertion(a: Assertion): string {
  const at = a.path ?? a.pointer ?? '';
  return `${at} ${checks(a, undefined).map(([e]) => e).join(', ')}`;
}

/** Checks `data` against the assertions; one Failure per assertion that does not hold (with its basis, else `basis`). */
export function assertAll(data: unknown, assertions: Assertion[] | undefined, part: Failure['in'], basis?: string): Failure[] {
  const failures: Failure[] = [];
  for (const a of assertions ?? []) {
    const at = a.path ?? a.pointer ?? '';
    const value = locate(data, a);
    const failed = checks(a, value).filter(([, ok]) => !ok).map(([e]) => e);
    if (failed.length) {
      failures.push({
        in: part, at, expected: failed.join(', '), received: show(value, at),
        message: `${part} ${at}: expected ${failed.join(', ')}, received ${show(value, at)}${a.because ? ` (${a.because})` : ''}`,
        ...withBasis(a.basis ?? basis),
      });
    }
  }
  return failures;
}

/** True when every assertion holds (for `where` filters). */
export function holds(data: unknown, assertions: Assertion[] | undefined): boolean {
  return assertAll(data, assertions, 'request').length === 0;
}

const withBasis = (basis: string | undefined) => (basis === undefined ? {} : { basis });

export function assertHeaders(headers: Record<string, string>, expected: HeaderChecks | undefined, part: Failure['in'], basis?: string): Failure[] {
  const failures: Failure[] = [];
  for (const [name, check] of Object.entries(expected ?? {})) {
    const assertion: Assertion = typeof check === 'string' ? { pointer: `/${name.toLowerCase()}`, equals: check } : { ...check, pointer: `/${name.toLowerCase()}`, path: undefined };
    for (const f of assertAll(headers, [assertion], part, basis)) {
      failures.push({ ...f, at: `header ${name}`, message: f.message.replace(`/${name.toLowerCase()}`, `header ${name}`) });
    }
  }
  return failures;
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
