// Issue #14, REP-03: every check of the FES certification pack says what it rests on — the public record
// (FES-PUBLIC-RECORD.md, with the operation or part), a seed (§) or Poligon's modeled convention (with why).
import { describe, expect, it } from 'vitest';
import { shippedPack } from '../packs/helpers.js';
import type { Assertion } from '../../src/scenario/types.js';

interface Expectation {
  basis?: string; statusBasis?: string; status?: unknown; schema?: string; requestSchema?: string;
  body?: Assertion[]; request?: Assertion[]; headers?: Record<string, string | Assertion>; requestHeaders?: Record<string, string | Assertion>;
}

const pack = shippedPack('fes-certification').spec;

/** Every check of every step (request, await, control, expect-state) with the basis it is reported under. */
function checks(): Array<{ at: string; what: string; basis: string | undefined }> {
  return pack.cases.flatMap((c) => c.steps.flatMap((step, i) => {
    const [, spec] = Object.entries(step)[0] as [string, { expect?: Expectation }];
    const e = spec.expect;
    if (!e) return [];
    const at = `${c.id} step ${i + 1}`;
    const headerBasis = (a: string | Assertion) => (typeof a === 'string' ? e.basis : a.basis ?? e.basis);
    return [
      ...(e.status === undefined ? [] : [{ at, what: 'status', basis: e.statusBasis ?? e.basis }]),
      ...[e.schema, e.requestSchema].filter(Boolean).map((s) => ({ at, what: `schema ${s}`, basis: e.basis })),
      ...[...(e.body ?? []), ...(e.request ?? [])].map((a) => ({ at, what: String(a.path ?? a.pointer), basis: a.basis ?? e.basis })),
      ...Object.entries({ ...e.headers, ...e.requestHeaders }).map(([h, a]) => ({ at, what: `header ${h}`, basis: headerBasis(a) })),
    ];
  }));
}

describe('fes-certification: the basis of every check', () => {
  it('every status, schema, header and body check of every step has a basis', () => {
    const all = checks();
    expect(all.length).toBeGreaterThan(200);
    expect(all.filter((c) => c.basis === undefined).map((c) => `${c.at}: ${c.what}`)).toEqual([]);
    expect([...new Set(all.map((c) => c.basis!.split(' ')[0]))].sort()).toEqual(['modeled', 'public-record', 'seed']);
  });

  it('the public record is cited by its part, a seed by its §, and refusal codes other than 0 are modeled (only 513 comes from §4.6)', () => {
    const all = checks();
    expect(all.filter((c) => c.basis!.startsWith('public-record') && !c.basis!.includes('FES-PUBLIC-RECORD.md')).map((c) => c.at)).toEqual([]);
    expect(all.filter((c) => c.basis!.startsWith('seed') && !/seed 00[01]( §\d|\s)/.test(c.basis!)).map((c) => c.at)).toEqual([]);
    const codes = pack.cases.flatMap((c) => c.steps.flatMap((step) => {
      const e = (Object.values(step)[0] as { expect?: Expectation }).expect;
      return (e?.body ?? []).filter((a) => a.path === '$.result.code' && a.equals !== 0).map((a) => [a.equals, a.basis!.split(' ')[0]]);
    }));
    expect(codes.length).toBeGreaterThan(15);
    expect(codes.filter(([code, kind]) => (code === 513 ? kind !== 'seed' : kind !== 'modeled'))).toEqual([]);
  });
});
