// The fuzz suite of issue 13: for every operation of every simulator, requests generated from its
// request schema (json-schema-faker, seeded) and mutated into invalid ones: fixed mutations (wrong
// types, missing and extra members) and arbitrary JSON from fast-check, whole or in one member. FES cash-software
// requests are signed properly, so that they reach validation and the handler. Every answer must be
// below 500 (with validateResponses on, an answer that breaks its declared schema would be a 500),
// a refusal must come in that system's own error format and leave the namespace's state unchanged.
// FUZZ_RUNS=<n> generates n requests of each kind per operation (default 1, to stay quick in npm test).
import fc from 'fast-check';
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFromSchema } from '../../src/data/generate.js';
import { EngineErrors } from '../../src/engine/errors.js';
import type { Operation, Simulator } from '../../src/engine/simulator.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { builtinSimulators } from '../../simulators/index.js';

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1));
/** Accepted requests per simulator: a suite where nothing gets through would test only refusals. */
const accepted = new Map<string, number>();

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ validateResponses: true });
});
afterAll(() => sb.stop());

/** Invalid variants of a generated body: wrong types, missing members, wrong shapes. */
function mutations(valid: unknown, run: number): unknown[] {
  const out: unknown[] = [{}, [], 'text', 12345, null];
  if (valid !== null && typeof valid === 'object' && !Array.isArray(valid)) {
    const keys = Object.keys(valid);
    if (keys.length) {
      const key = keys[run % keys.length]!;
      out.push({ ...valid, [key]: null }, { ...valid, [key]: -1 }, { ...valid, [key]: 'x'.repeat(300) }, { ...valid, [key]: [{}] });
      const { [key]: _dropped, ...rest } = valid as Record<string, unknown>;
      out.push(rest);
    }
    out.push({ ...valid, unexpected: true });
  }
  return [...out, ...arbitraryMutations(valid, run)];
}

/** Arbitrary JSON (fast-check, seeded by the run): a whole body, and one member of the valid body replaced. */
function arbitraryMutations(valid: unknown, run: number): unknown[] {
  const json = fc.jsonValue({ maxDepth: 4 });
  const out = fc.sample(json, { seed: run, numRuns: 2 });
  if (valid !== null && typeof valid === 'object' && !Array.isArray(valid) && Object.keys(valid).length) {
    const member = fc.record({ key: fc.constantFrom(...Object.keys(valid)), value: json });
    for (const { key, value } of fc.sample(member, { seed: run, numRuns: 2 })) out.push({ ...valid, [key]: value });
  }
  return out;
}

function pathFor(op: Operation<unknown>, run: number): string {
  let params: Record<string, unknown> = {};
  if (op.request?.params) {
    try {
      params = generateFromSchema(sb.poligon.registry, op.request.params, `params/${op.id}/${run}`) as Record<string, unknown>;
    } catch {
      params = {};
    }
  }
  return op.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? `x${run}`)));
}

/** The top-level members of this system's error answers (for an operation). */
function errorMembers(sim: Simulator<any>, operationId: string): string[] {
  const keys = new Set<string>();
  for (const e of [EngineErrors.VALIDATION({ summary: 'x' }, []), EngineErrors.NOT_FOUND({ method: 'GET', path: '/', simulator: sim.name })]) {
    const body = sim.renderError(e, operationId).body;
    if (body !== null && typeof body === 'object') for (const k of Object.keys(body)) keys.add(k);
  }
  return [...keys];
}

async function send(sim: Simulator<any>, ns: string, op: Operation<unknown>, path: string, body: unknown) {
  const form = op.request?.contentType === 'application/x-www-form-urlencoded';
  const raw = body === undefined ? '' : form && body !== null && typeof body === 'object'
    ? new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()
    : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' };
  if (op.auth === 'fes-mac' && sim.clientAuth?.['fes-mac']) {
    const fes = sb.demo(ns).fes!;
    const clock = await sb.admin.forNamespace(ns).clock();
    Object.assign(headers, sim.clientAuth['fes-mac']({ method: op.method.toUpperCase(), path, body: raw, params: { ...fes }, now: Date.parse(clock.now) }));
  }
  const r = inProcess(sb)[op.method](`/ns/${ns}/${sim.name}${path}`).set(headers);
  return op.method === 'get' ? r : r.send(raw);
}

const stateOf = async (ns: string) => {
  const { simulators } = await sb.admin.forNamespace(ns).snapshot();
  // the FES replay cache records every authentic request, refused or not: not business state
  const { seenMacs: _seen, ...fes } = (simulators.fes ?? {}) as Record<string, unknown>;
  return { ...simulators, fes };
};

for (const sim of builtinSimulators) {
  describe(`fuzz: ${sim.name}`, () => {
    for (const op of sim.operations) {
      it(`${op.method.toUpperCase()} ${op.path} (${op.id}): never 5xx, refusals in ${sim.name}'s format and changing nothing`, async () => {
        const ns = `fuzz-${sim.name}-${op.id}`.slice(0, 64).replace(/[^A-Za-z0-9_-]/g, '-');
        const members = errorMembers(sim, op.id);
        for (let run = 0; run < RUNS; run++) {
          const path = pathFor(op, run);
          let valid: unknown;
          if (op.request?.body) {
            try {
              valid = generateFromSchema(sb.poligon.registry, op.request.body, `${op.id}/${run}`);
            } catch {
              valid = {};
            }
          }
          const bodies = op.request?.body ? [valid, ...mutations(valid, run)] : [undefined, { unexpected: true }];
          for (const body of bodies) {
            const before = await stateOf(ns);
            const r = await send(sim, ns, op, path, body);
            const what = `${op.method.toUpperCase()} ${path} ${JSON.stringify(body)?.slice(0, 200)} → ${r.status} ${r.text.slice(0, 300)}`;
            expect(r.status, what).toBeLessThan(500);
            if (r.status < 300) accepted.set(sim.name, (accepted.get(sim.name) ?? 0) + 1);
            if (r.status >= 400) {
              expect(r.body !== null && typeof r.body === 'object', what).toBe(true);
              expect(Object.keys(r.body).some((k) => members.includes(k)), `${what}: expected members ${members.join(', ')}`).toBe(true);
              expect(await stateOf(ns), what).toEqual(before);
            }
          }
        }
      });
    }
    it(`some generated requests were accepted by ${sim.name} (signing and generation work)`, () => {
      expect(accepted.get(sim.name) ?? 0).toBeGreaterThan(0);
    });
  });
}
