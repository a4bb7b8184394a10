// Schema registries. A sandbox has its own, built from the schemas its simulators name (operations,
// events, `schemas`) and what they refer to, read from each simulator's own schema folder
// (Simulator.schemaRoot), plus the admin API's: a third-party simulator brings its schemas, and a
// sandbox knows no schema of a simulator it does not serve; a scenario run has the registry of the
// simulators it uses. What is not a sandbox (a pack file, the configuration file, a driver's answer)
// builds a registry of the few package schemas it needs (packageSchemas).
// Schemas compile with ajv on first use. Validation failures come back as Problems (JSON pointer,
// expected, received), which each simulator renders in its own error format.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DOMAIN_FORMATS } from '../data/formats.js';
import type { Problem } from './errors.js';
import { escapePointerToken, pointerGet, pointerTokens } from './json.js';
import { SCHEMAS_DIR } from './paths.js';
import { GENERIC_SECRET_NAMES, maskValue, type SecretNames } from './secrets.js';

export const SCHEMA_BASE_URI = 'https://poligon.sandbox/schemas/';

export type JsonSchema = Record<string, unknown>;

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

function toProblems(errors: ErrorObject[], data: unknown, part: Problem['in'], names: SecretNames): Problem[] {
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
    if (received !== undefined && typeof received !== 'object' && names.has(field)) received = maskValue(received);
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

/** Schemas to load: `ids` (paths under `root` without ".json", e.g. "fes/echo.request") and what they refer to. */
export interface SchemaSource {
  root: string;
  ids: Iterable<string>;
  /** Schemas derived at start-up from those files (Simulator.derivedSchemas), by id: they replace the files'. */
  derived?: DerivedSchemas;
}

/** Schemas a simulator derives from its files at start-up (FES: a profile's field names), under the files' ids; `key` tells one derivation from another. */
export interface DerivedSchemas { key: string; schemas: ReadonlyMap<string, JsonSchema> }

/** Parsed schema files by path: files do not change while the process runs, and sandboxes share them. */
const parsedFiles = new Map<string, JsonSchema>();

function readSchemaFile(root: string, id: string): JsonSchema {
  const file = join(root, `${id}.json`);
  let schema = parsedFiles.get(file);
  if (!schema) {
    if (!existsSync(file)) throw new Error(`schema "${id}" is not in ${root} (no ${id}.json)`);
    schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
    const expectedId = `${SCHEMA_BASE_URI}${id}.json`;
    if (schema.$id !== expectedId) throw new Error(`${file}: "$id" must be "${expectedId}" (found ${JSON.stringify(schema.$id)})`);
    parsedFiles.set(file, schema);
  }
  return schema;
}

export class SchemaRegistry {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly schemas = new Map<string, JsonSchema>();
  /** Where each schema was read from: one id may not come from two folders. */
  private readonly roots = new Map<string, string>();
  private readonly added = new Set<string>();

  constructor(sources: Iterable<SchemaSource>) {
    // validateSchema: false — checking each schema against the 2020-12 meta-schema as it is added cost
    // ~150 ms of every start-up; a unit test (test/embedded) checks them all against it instead.
    this.ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false, coerceTypes: false, validateSchema: false });
    addFormats.default(this.ajv);
    for (const [name, fmt] of Object.entries(DOMAIN_FORMATS)) this.ajv.addFormat(name, fmt.validate);
    for (const { root, ids, derived } of sources) for (const id of ids) this.load(root, id, derived);
  }

  /** Reads `id` from `root` (or takes its derived version), then the schema files it refers to, from the same folder. */
  private load(root: string, id: string, derived?: DerivedSchemas): void {
    const known = this.roots.get(id);
    if (known === root) return;
    if (known !== undefined) throw new Error(`schema "${id}" is given twice: by ${known} and by ${root}`);
    this.roots.set(id, root);
    this.schemas.set(id, derived?.schemas.get(id) ?? readSchemaFile(root, id));
    for (const ref of this.refsOf(id)) this.load(root, ref, derived);
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

  /** The problems of `data` against schema `id`; a value received under one of `names` is masked. */
  validate(id: string, data: unknown, part: Problem['in'] = 'body', names: SecretNames = GENERIC_SECRET_NAMES): Problem[] {
    const fn = this.validator(id);
    return fn(data) ? [] : toProblems(fn.errors ?? [], data, part, names);
  }
}

/**
 * A registry of schemas under the package's schemas/ that are not a sandbox's (a scenario pack, the
 * configuration file, a driver's answer, a protocol profile): `ids` and what they refer to. Each
 * caller builds the one it needs (and keeps it, if it wants it again).
 */
export function packageSchemas(ids: Iterable<string>): SchemaRegistry {
  return new SchemaRegistry([{ root: SCHEMAS_DIR, ids }]);
}

/**
 * Registries by what they hold: sandboxes started with the same simulators (a test suite starts
 * dozens) share one, and so its compiled validators. A registry never changes once built.
 */
const registriesBySources = new Map<string, SchemaRegistry>();

export function sharedSchemaRegistry(sources: SchemaSource[]): SchemaRegistry {
  const key = JSON.stringify(sources.map(({ root, ids, derived }) => [root, [...new Set(ids)].sort(), derived?.key]));
  let registry = registriesBySources.get(key);
  if (!registry) {
    registry = new SchemaRegistry(sources);
    registriesBySources.set(key, registry);
  }
  return registry;
}
