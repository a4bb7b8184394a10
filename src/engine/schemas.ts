// The schema registry: every JSON Schema under schemas/ is loaded once per process and compiled by
// ajv on first use. Validation failures come back as Problems (JSON pointer, expected, received),
// which each simulator renders in its own error format.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DOMAIN_FORMATS } from '../data/formats.js';
import type { Problem } from './errors.js';
import { escapePointerToken, pointerGet, pointerTokens } from './json.js';
import { SCHEMAS_DIR } from './paths.js';
import { isSecretName, maskValue } from './secrets.js';

export const SCHEMA_BASE_URI = 'https://poligon.sandbox/schemas/';

export type JsonSchema = Record<string, unknown>;

function listJsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listJsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

function describeExpected(err: ErrorObject): string {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'type': return `type ${String(p.type)}`;
    case 'required': return `field "${String(p.missingProperty)}" to be present`;
    case 'additionalProperties': return 'no fields other than those the schema lists';
    case 'enum': return `one of ${JSON.stringify(p.allowedValues)}`;
    case 'const': return JSON.stringify(p.allowedValue);
    case 'pattern': return `a string matching ${String(p.pattern)}`;
    case 'format': return DOMAIN_FORMATS[String(p.format)]?.description ?? `format ${String(p.format)}`;
    case 'minLength': return `at least ${String(p.limit)} characters`;
    case 'maxLength': return `at most ${String(p.limit)} characters`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `a number ${String(p.comparison)} ${String(p.limit)}`;
    case 'minItems': return `at least ${String(p.limit)} items`;
    case 'maxItems': return `at most ${String(p.limit)} items`;
    case 'multipleOf': return `a multiple of ${String(p.multipleOf)}`;
    default: return err.message ?? err.keyword;
  }
}

function toProblems(errors: ErrorObject[], data: unknown, part: Problem['in']): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const err of errors) {
    // oneOf/anyOf umbrella errors repeat what their branches already said
    if (err.keyword === 'if') continue;
    const p = err.params as Record<string, unknown>;
    let pointer = err.instancePath;
    let received: unknown = pointerGet(data, pointer);
    let message = err.message ?? err.keyword;
    if (err.keyword === 'required') {
      pointer = `${pointer}/${escapePointerToken(String(p.missingProperty))}`;
      received = undefined;
      message = 'is required';
    } else if (err.keyword === 'additionalProperties') {
      pointer = `${pointer}/${escapePointerToken(String(p.additionalProperty))}`;
      received = pointerGet(data, pointer);
      message = 'is not a known field';
    } else if (err.keyword === 'format') {
      message = `is not a valid ${String(p.format)}`;
    }
    // a secret sent in the wrong place is still a secret: never echo it back into logs
    const field = pointerTokens(pointer).pop() ?? '';
    if (received !== undefined && typeof received !== 'object' && isSecretName(field)) received = maskValue(received);
    const key = `${pointer}|${err.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ pointer: pointer || '/', in: part, message, expected: describeExpected(err), received });
  }
  return problems;
}

/** The schema ids (paths under schemas/) a schema's "$ref"s point into; the schemas have no nested "$id". */
function referencedIds(schema: unknown, baseUri: string, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) referencedIds(item, baseUri, found);
  } else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
        const target = new URL(value, baseUri);
        target.hash = '';
        if (target.href.startsWith(SCHEMA_BASE_URI) && target.href.endsWith('.json')) found.add(target.href.slice(SCHEMA_BASE_URI.length, -'.json'.length));
      } else {
        referencedIds(value, baseUri, found);
      }
    }
  }
  return found;
}

export class SchemaRegistry {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly added = new Set<string>();

  constructor(readonly root: string = SCHEMAS_DIR) {
    // validateSchema: false — checking each schema against the 2020-12 meta-schema as it is added cost
    // ~150 ms of every start-up; a unit test (test/embedded) checks them all against it instead.
    this.ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false, coerceTypes: false, validateSchema: false });
    addFormats.default(this.ajv);
    for (const [name, fmt] of Object.entries(DOMAIN_FORMATS)) this.ajv.addFormat(name, fmt.validate);
    for (const file of listJsonFiles(root)) {
      const id = relative(root, file).replace(/\\/g, '/').replace(/\.json$/, '');
      const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
      const expectedId = `${SCHEMA_BASE_URI}${id}.json`;
      if (schema.$id !== expectedId) {
        throw new Error(`schemas/${id}.json: "$id" must be "${expectedId}" (found ${JSON.stringify(schema.$id)})`);
      }
      this.schemas.set(id, schema);
    }
  }

  /**
   * Hands a schema and the schema files it refers to (transitively) to ajv, which resolves $refs only
   * among the schemas it holds: adding all of them up front cost ~40 ms of every start-up.
   */
  /** Ids of the schema files the schema `id` refers to through "$ref" (directly, not transitively). */
  refsOf(id: string): Set<string> {
    return referencedIds(this.get(id), `${SCHEMA_BASE_URI}${id}.json`);
  }

  private addWithRefs(id: string): void {
    if (this.added.has(id)) return;
    this.added.add(id);
    this.ajv.addSchema(this.get(id));
    for (const ref of this.refsOf(id)) {
      if (this.schemas.has(ref)) this.addWithRefs(ref);
    }
  }

  /** Schema ids are paths under schemas/ without ".json", e.g. "fes/echo.request". */
  ids(): string[] {
    return [...this.schemas.keys()].sort();
  }

  has(id: string): boolean {
    return this.schemas.has(id);
  }

  get(id: string): JsonSchema {
    const schema = this.schemas.get(id);
    if (!schema) throw new Error(`unknown schema "${id}"; known: ${this.ids().join(', ')}`);
    return schema;
  }

  /** The compiled validator of a schema (compiled now if it was not yet). */
  validator(id: string): ValidateFunction {
    let fn = this.compiled.get(id);
    if (!fn) {
      this.addWithRefs(id);
      fn = this.ajv.getSchema(`${SCHEMA_BASE_URI}${id}.json`)!;
      this.compiled.set(id, fn);
    }
    return fn;
  }

  /** Compiles every schema now, so that the first request pays nothing and broken schemas fail at start. */
  compileAll(): void {
    for (const id of this.schemas.keys()) this.validator(id);
  }

  validate(id: string, data: unknown, part: Problem['in'] = 'body'): Problem[] {
    const fn = this.validator(id);
    return fn(data) ? [] : toProblems(fn.errors ?? [], data, part);
  }
}

let shared: SchemaRegistry | undefined;

/** The process-wide registry: schemas are read and compiled once however many sandboxes start. */
export function schemaRegistry(): SchemaRegistry {
  shared ??= new SchemaRegistry();
  return shared;
}
