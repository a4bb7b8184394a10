// Variables in step specs: `${name}` (pack, case or captured variables; `${name.field}` reads into an
// object), `${env:NAME}` (the runner's environment, e.g. a bank's client secret), and
// `${gen:schemaId}` / `${gen:schemaId#/pointer}` (a value generated from a schema with the run's seed).
// A string that is exactly one `${…}` keeps the value's type (number, object); otherwise it is text.
import { parseDuration } from '../engine/clock.js';
import { generateFromSchema } from '../data/generate.js';
import { pointerGet } from '../engine/json.js';
import type { SchemaRegistry } from '../engine/schemas.js';

export class VariableError extends Error {
  override name = 'VariableError';
}

const REF = /\$\{([^}]+)\}/g;
const MAX_DEPTH = 8;

export class Variables {
  private readonly values = new Map<string, unknown>();
  /**
   * Names whose values are data (captured from answers, given by the runner), used as they are: a
   * `${…}` inside them is text, never read again, so an answer cannot make the run read `${env:…}`.
   */
  private readonly data = new Set<string>();
  private generated = 0;

  /**
   * @param seed makes `${gen:…}` repeatable: the n-th generated value of a case is always the same
   * @param templates the pack's and the case's own variables, which may be built from others
   * @param data values used as they are (run id, namespace, target URL…)
   */
  /** @param schemas what `${gen:…}` generates from: the run's schemas */
  constructor(private readonly seed: string, templates: Record<string, unknown> = {}, data: Record<string, unknown> = {}, private readonly schemas?: SchemaRegistry) {
    for (const [k, v] of Object.entries(templates)) this.values.set(k, v);
    for (const [k, v] of Object.entries(data)) this.set(k, v);
  }

  /** Sets a value that is data (e.g. captured from an answer): used as it is, never interpolated. */
  set(name: string, value: unknown): void {
    this.values.set(name, value);
    this.data.add(name);
  }

  get(name: string): unknown {
    return this.values.get(name);
  }

  entries(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }

  private resolve(ref: string, depth: number): unknown {
    if (ref.startsWith('env:')) {
      const v = process.env[ref.slice(4)];
      if (v === undefined) throw new VariableError(`environment variable ${ref.slice(4)} is not set`);
      return v;
    }
    if (ref.startsWith('gen:')) {
      const [schemaId, pointer = ''] = ref.slice(4).split('#');
      if (!this.schemas) throw new VariableError(`\${gen:${schemaId}}: no schemas to generate from here`);
      const value = generateFromSchema(this.schemas, schemaId!, `${this.seed}/${++this.generated}`);
      return pointerGet(value, pointer);
    }
    const [name, ...fields] = ref.split('.');
    if (!this.values.has(name!)) {
      throw new VariableError(`unknown variable \${${name}}; known: ${[...this.values.keys()].join(', ') || 'none'}`);
    }
    let value = this.values.get(name!);
    for (const f of fields) value = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[f];
    if (this.data.has(name!)) return value;
    // a pack variable may be built from others (e.g. a text naming ${sandboxUrl})
    if (depth >= MAX_DEPTH) throw new VariableError(`variable \${${name}} refers to itself (through ${MAX_DEPTH} levels)`);
    return this.interpolate(value, depth + 1);
  }

  /** A deep copy of `spec` with every `${…}` replaced. */
  interpolate<T>(spec: T, depth = 0): T {
    if (typeof spec === 'string') {
      const whole = /^\$\{([^}]+)\}$/.exec(spec);
      if (whole) return this.resolve(whole[1]!, depth) as T;
      return spec.replace(REF, (_m, ref: string) => {
        const v = this.resolve(ref, depth);
        return typeof v === 'string' ? v : JSON.stringify(v);
      }) as T;
    }
    if (Array.isArray(spec)) return spec.map((v) => this.interpolate(v, depth)) as T;
    if (spec !== null && typeof spec === 'object') {
      // keys too: a header check may name its header by a variable (e.g. ${fesProfile.headers.mac})
      return Object.fromEntries(Object.entries(spec).map(([k, v]) => [this.interpolate(k, depth), this.interpolate(v, depth)])) as T;
    }
    return spec;
  }
}

/** A duration in the one grammar of the engine (parseDuration: 1500, 90s, 30m, 2h, 1d, PT30M), in ms. */
export function durationMs(d: number | string | undefined, fallback: number): number {
  if (d === undefined) return fallback;
  try {
    return parseDuration(d);
  } catch (e) {
    throw new VariableError((e as Error).message);
  }
}

/** The JSON type of a declared value: what a `--var` for that variable must be. */
export function valueType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * A `--var name=text` value in the type the packs declare for the variable (the type of its value in the
 * pack or case `vars`): `--var serviceId=301` is the integer 301 where the pack says `serviceId: 1`, so the
 * request carries a number as the regulation wants. `${env:NAME}` as the whole text is read now and typed
 * the same way. A value that does not fit, or a variable the packs declare with different types, is refused.
 * @param declared where each declaration is (`pack` or `pack/case`) → its value
 */
export function typedVar(name: string, text: string, declared: Record<string, unknown>): unknown {
  const types = new Map<string, string[]>();
  for (const [where, value] of Object.entries(declared)) types.set(valueType(value), [...(types.get(valueType(value)) ?? []), where]);
  if (types.size > 1) {
    throw new VariableError(`--var ${name}: the packs declare it with different types (${[...types].map(([t, w]) => `${t} in ${w.join(', ')}`).join('; ')}); run them apart`);
  }
  const [type, where] = [...types][0] ?? ['string', []];
  const env = /^\$\{env:([^}]+)\}$/.exec(text);
  if (env && type !== 'string') {
    const read = process.env[env[1]!];
    if (read === undefined) throw new VariableError(`--var ${name}: environment variable ${env[1]} is not set`);
    text = read;
  }
  const refuse = (): never => {
    throw new VariableError(`--var ${name}=${text}: ${where.join(', ')} declares ${name} as ${type === 'integer' ? 'an' : 'a'} ${type}, and "${text}" is not one`);
  };
  switch (type) {
    case 'string': return text;
    case 'integer': return /^-?\d{1,15}$/.test(text.trim()) ? Number(text) : refuse();
    case 'number': return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : refuse();
    case 'boolean': return text === 'true' ? true : text === 'false' ? false : refuse();
    default: {
      let parsed: unknown;
      try { parsed = JSON.parse(text); } catch { refuse(); }
      return valueType(parsed) === type ? parsed : refuse();
    }
  }
}
