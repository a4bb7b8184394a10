// ECS-17: every check of the ECS packs says what it rests on — the regulation (with its § or Appendix)
// or Poligon's modeled convention — so that a bank is failed only on what the regulation fixes.
import { describe, expect, it } from 'vitest';
import { shippedPack } from '../packs/helpers.js';
import type { Assertion } from '../../src/scenario/types.js';

interface Expectation { basis?: string; statusBasis?: string; status?: unknown; body?: Assertion[]; request?: Assertion[]; headers?: Record<string, string | Assertion> }

describe('ECS packs: the basis of every check', () => {
  for (const id of ['ecs-type-1', 'ecs-type-2', 'ecs-type-3']) {
    it(`${id}: every status, schema, header and body check of a request or await step has a basis`, () => {
      const missing: string[] = [];
      const kinds = new Map<string, number>();
      for (const c of shippedPack(id).spec.cases) {
        c.steps.forEach((step, i) => {
          const [kind, spec] = Object.entries(step)[0] as [string, { expect?: Expectation }];
          if ((kind !== 'request' && kind !== 'await') || !spec.expect) return;
          const e = spec.expect;
          const at = `${c.id} step ${i + 1}`;
          const note = (basis: string | undefined, what: string) => {
            if (basis === undefined) missing.push(`${at}: ${what}`);
            else kinds.set(basis.split(' ')[0]!, (kinds.get(basis.split(' ')[0]!) ?? 0) + 1);
          };
          if (e.status !== undefined) note(e.statusBasis ?? e.basis, 'status');
          for (const a of [...(e.body ?? []), ...(e.request ?? [])]) note(a.basis ?? e.basis, `${a.path ?? a.pointer}`);
          for (const [h, a] of Object.entries(e.headers ?? {})) note(typeof a === 'string' ? e.basis : a.basis ?? e.basis, `header ${h}`);
        });
      }
      expect(missing).toEqual([]);
      expect([...kinds.keys()].sort()).toEqual(['modeled', 'regulation']);
    });
  }

  it('a regulation basis names its § or Appendix', () => {
    const text = ['ecs-type-1', 'ecs-type-2', 'ecs-type-3'].map((id) => JSON.stringify(shippedPack(id).spec)).join('\n');
    const regulation = [...text.matchAll(/"(?:status)?[bB]asis":"(regulation[^"]*)"/g)].map((m) => m[1]!);
    expect(regulation.length).toBeGreaterThan(50);
    expect(regulation.filter((b) => !/(§\d|App\. \d)/.test(b))).toEqual([]);
  });
});
