// packsSideBySide: the packs run at once, their cases sharing the concurrency slots; a fixed-namespace
// pack still runs alone. The results must be those of running the packs one after another.
import { describe, expect, it } from 'vitest';
import type { RunObserver } from '../../src/scenario/runner.js';
import type { RunReport } from '../../src/scenario/types.js';
import { pack, run } from './helpers.js';

const counting = (id: string, n: number, extra = '') => pack(`
id: ${id}
version: '1.0'
title: Counting ${id}
system: sandbox
${extra}cases:
${Array.from({ length: n }, (_, i) => `  - id: c${i}
    title: Case ${i}
    requirements: [FES-01]
    steps:
      - control: { simulator: shop, path: /control/v1/value, body: { by: ${i} } }
      - request: { simulator: shop, path: /value, expect: { status: 200, body: [ { path: $.value, equals: ${i} } ] } }
      - request: { simulator: shop, path: /value, expect: { status: 200, body: [ { path: $.value, equals: ${i % 2 ? i : 'wrong'} } ] } }
`).join('')}`, `${id}.yaml`);

/** Verdicts, reasons, steps' outcomes and traffic, without times. */
function outcome(report: RunReport): unknown {
  const packs = report.packs.map((p) => ({
    id: p.id,
    cases: p.cases.map((c) => ({ id: c.id, namespace: c.namespace, verdict: c.verdict, reason: c.reason, steps: c.steps.map((s) => [s.verdict, s.failures.map((f) => f.message), s.traffic.map((t) => t.id)]),
      traffic: c.traffic.map((t) => [t.seq, t.method, t.path, t.status, t.requestBody, t.responseBody]) })),
  }));
  return JSON.parse(JSON.stringify(packs).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '(time)'));
}

function watcher() {
  let running = 0;
  const packsRunning = new Map<string, number>();
  const seen = { most: 0, fixedWithOthers: false, packsAtOnce: 0 };
  const observer: RunObserver = {
    caseStarted: (p) => {
      running++;
      seen.most = Math.max(seen.most, running);
      if (p.spec.namespace && running > 1) seen.fixedWithOthers = true;
      packsRunning.set(p.spec.id, (packsRunning.get(p.spec.id) ?? 0) + 1);
      seen.packsAtOnce = Math.max(seen.packsAtOnce, [...packsRunning.values()].filter((n) => n > 0).length);
    },
    caseFinished: (p) => {
      running--;
      packsRunning.set(p.spec.id, packsRunning.get(p.spec.id)! - 1);
    },
  };
  return { observer, seen };
}

describe('packs side by side', () => {
  const packs = () => [counting('first', 5), counting('fixed', 2, 'namespace: side-fixed\n'), counting('second', 6)];

  it('REP-01: gives the same cases, verdicts and traffic as one pack after another, at most `concurrency` cases at a time', async () => {
    const sequential = await run(packs(), { runId: 'side-run' });
    const w = watcher();
    const sideBySide = await run(packs(), { runId: 'side-run', packsSideBySide: true, concurrency: 3, observer: w.observer });
    expect(sideBySide.summary).toEqual(sequential.summary);
    expect(sideBySide.summary).toMatchObject({ total: 13, passed: 6, failed: 7 });
    expect(outcome(sideBySide)).toEqual(outcome(sequential));
    expect(w.seen.most).toBe(3);
    expect(w.seen.packsAtOnce).toBe(2);
    expect(w.seen.fixedWithOthers).toBe(false);
  });
});
