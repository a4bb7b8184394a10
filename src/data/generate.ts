// Realistic data generated from the schemas: json-schema-faker with @faker-js/faker's Russian locale,
// and the domain formats (INN, SNILS, Mir PAN, TRU …) producing values that pass their checksums.
// A seed makes a run repeatable.
import { Faker, ru, en, base } from '@faker-js/faker';
import { JSONSchemaFaker } from 'json-schema-faker';
import { schemaRegistry, type JsonSchema } from '../engine/schemas.js';
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
export function generateFromSchema(schemaId: string, seed: number | string = 'poligon'): unknown {
  const registry = schemaRegistry();
  const refs = registry.ids().map((id) => registry.get(id));
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
  return JSONSchemaFaker.generate(registry.get(schemaId) as JsonSchema as never, refs as never);
}
