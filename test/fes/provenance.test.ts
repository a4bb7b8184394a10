// Provenance (issue #14): every field of the cash-software API, the terminal and LK FES says, in one place
// (`x-poligon-provenance` in schemas/fes), whether it is public record (with its source) or modeled (with
// why); docs/fes.md's provenance table lists every field with the same basis, and the OpenAPI document
// carries the extension.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { startFesSandbox } from './helpers.js';

type Schema = Record<string, any>;
interface Provenance { basis: 'public-record' | 'modeled'; source?: string; why?: string }

const MESSAGES = [
  'echo.request', 'echo.response', 'preauth-purchase.request', 'preauth-purchase.response', 'preauth-return.request', 'preauth-return.response',
  'find-basket-by-receipt.request', 'find-basket-by-receipt.response', 'receipt.request', 'receipt.response', 'get-purchase-basket.request',
  'get-purchase-basket.response', 'list-certificates.request', 'list-certificates.response', 'list-baskets.request', 'list-baskets.response',
  'preauth-cancel.request', 'preauth-cancel.response', 'terminal-payment.request', 'terminal-payment.response', 'terminal-refund.request',
  'terminal-refund.response', 'refusal',
];
/** LK FES: every schemas/fes/lk-* message. */
const LK_MESSAGES = readdirSync(new URL('../../schemas/fes/', import.meta.url)).filter((f) => f.startsWith('lk-')).map((f) => f.replace(/\.json$/, ''));
const read = (name: string): Schema => JSON.parse(readFileSync(new URL(`../../schemas/fes/${name}.json`, import.meta.url), 'utf8'));
const defs = read('common').$defs as Record<string, Schema>;
const PROVENANCE = 'x-poligon-provenance';

const resolve = (s: Schema): Schema | undefined => (typeof s.$ref === 'string' && s.$ref.startsWith('common.json#/$defs/') ? defs[s.$ref.split('/').pop()!] : undefined);
const provenanceOf = (s: Schema): Provenance | undefined => s[PROVENANCE] ?? (resolve(s) ? provenanceOf(resolve(s)!) : undefined);

function propertiesOf(s: Schema): Record<string, Schema> {
  const target = resolve(s);
  const merged = target ? { ...target, ...s, $ref: undefined } : s;
  if (merged.items) return propertiesOf(merged.items);
  return Object.assign({}, ...(merged.allOf ?? []).map(propertiesOf), merged.properties ?? {});
}

const isArray = (s: Schema) => Boolean((resolve(s) ?? s).items);

/** [message, field path, provenance] for every field, nested ones as `a.b`, array items as `a[].b`. */
function fields(message: string, prefix: string, s: Schema): Array<[string, string, Provenance | undefined]> {
  return Object.entries(propertiesOf(s)).flatMap(([name, sub]) => [
    [message, `${prefix}${name}`, provenanceOf(sub)] as [string, string, Provenance | undefined],
    ...fields(message, `${prefix}${name}${isArray(sub) ? '[].' : '.'}`, sub),
  ]);
}

const all = [...MESSAGES, ...LK_MESSAGES].flatMap((m) => fields(m, '', read(m)));

describe('provenance of the FES API and LK FES fields', () => {
  it('every field says public-record (with its source) or modeled (with why)', () => {
    expect(LK_MESSAGES.length).toBeGreaterThan(20);
    expect(all.length).toBeGreaterThan(350);
    const unmarked = all.filter(([, , p]) => !p || !((p.basis === 'public-record' && p.source) || (p.basis === 'modeled' && p.why)));
    expect(unmarked.map(([m, f]) => `${m} ${f}`)).toEqual([]);
  });

  it('docs/fes.md lists every field with the same basis', () => {
    const doc = readFileSync(new URL('../../docs/fes.md', import.meta.url), 'utf8');
    const rows = new Map([...doc.matchAll(/^\| `([^`]+)` \| `([^`]+)` \| (public-record|modeled) \|/gm)].map((m) => [`${m[1]} ${m[2]}`, m[3]]));
    const differing = all.filter(([m, f, p]) => rows.get(`${m} ${f}`) !== p!.basis).map(([m, f, p]) => `${m} ${f}: schema ${p!.basis}, docs ${rows.get(`${m} ${f}`) ?? 'absent'}`);
    expect(differing).toEqual([]);
  });

  describe('in the OpenAPI document', () => {
    let sb: Sandbox;
    beforeAll(async () => { sb = await startFesSandbox(); });
    afterAll(() => sb.stop());

    it('the components carry x-poligon-provenance', async () => {
      const doc = await (await fetch(`${sb.url}/openapi/fes.json`)).json() as Schema;
      const text = JSON.stringify(doc.components);
      expect(text).toContain('"x-poligon-provenance":{"basis":"public-record","source":"FES-PUBLIC-RECORD.md, Items: articleNumber"}');
      expect(text).toContain('"x-poligon-provenance":{"basis":"modeled"');
      // LK FES (seed 000 §4): the fields the seed fixes carry their §
      expect(text).toContain('"x-poligon-provenance":{"basis":"public-record","source":"seed 000 §4.1: a password lives 2 months"}');
    });
  });
});
