// Realistic data generated from the schemas: json-schema-faker with @faker-js/faker's Russian locale,
// and the domain formats (INN, SNILS, Mir PAN, TRU …) producing values that pass their checksums.
// A seed makes a run repeatable.
import { Faker, ru, en, base } from '@faker-js/faker';
import { JSONSchemaFaker } from 'json-schema-faker';
import type { JsonSchema, SchemaRegistry } from '../engine/schemas.js';
import { seededRandom, type Random } from './checksums.js';
import { DOMAIN_FORMATS } from './formats.js';

export function russianFaker(seed: number | string): Faker {
  const faker = new Faker({ locale: [ru, en, base] });
  faker.seed(typeof seed === 'number' ? seed : [...seed].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
  return faker;
}

let currentRandom: Random = Math.random;
for (const [name, fmt] of Object.entries(DOMAIN_FORMATS)) JSONSchemaFaker.format(name, () => fmt.generate(currentRandom));

/** A value for the schema `schemaId` (e.g. "fes/preauth-purchase.request"), repeatable for a seed. */
export function generateFromSchema(registry: SchemaRegistry, schemaId: string, seed: number | string = 'poligon'): unknown {
  const { schemas, refs } = resolvedRefs(registry);
  currentRandom = seededRandom(`${seed}/formats`);
  const faker = russianFaker(seed);
  JSONSchemaFaker.extend('faker', () => faker);
  JSONSchemaFaker.option({
    random: seededRandom(String(seed)),
    alwaysFakeOptionals: false,
    optionalsProbability: 0.5,
    useExamplesValue: false,
    failOnInvalidFormat: false,
    refDepthMax: 5,
  });
  return JSONSchemaFaker.generate(schemas.get(schemaId) as never, refs as never);
}

type Registry = SchemaRegistry;
const resolvedByRegistry = new WeakMap<Registry, { schemas: Map<string, JsonSchema>; refs: Record<string, unknown> }>();

/**
 * json-schema-faker looks a `$ref` up as it is written and cannot follow a relative one
 * ("common.json#/$defs/requestId") into another file: every `$ref` is made absolute against the `$id`
 * of its file, and each target is handed to it under that absolute name.
 */
function resolvedRefs(registry: Registry): { schemas: Map<string, JsonSchema>; refs: Record<string, unknown> } {
  const known = resolvedByRegistry.get(registry);
  if (known) return known;
  const schemas = new Map<string, JsonSchema>();
  const byUrl = new Map<string, JsonSchema>();
  const wanted = new Set<string>();
  const absolute = (node: unknown, base: string | undefined): unknown => {
    if (Array.isArray(node)) return node.map((n) => absolute(n, base));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && base) {
        out[key] = new URL(value, base).href;
        wanted.add(out[key] as string);
      } else out[key] = absolute(value, base);
    }
    return out;
  };
  for (const id of registry.ids()) {
    const schema = registry.get(id);
    const base = typeof schema.$id === 'string' ? schema.$id : undefined;
    const rewritten = absolute(schema, base) as JsonSchema;
    schemas.set(id, rewritten);
    if (base) byUrl.set(base, rewritten);
  }
  const refs: Record<string, unknown> = {};
  for (const ref of wanted) {
    const [url, pointer = ''] = ref.split('#');
    let target: unknown = byUrl.get(url!);
    for (const part of pointer.split('/').filter(Boolean)) target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target !== undefined) refs[ref] = target;
  }
  const result = { schemas, refs };
  resolvedByRegistry.set(registry, result);
  return result;
}
