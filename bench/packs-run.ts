// Runs every scenario pack (scenarios/*.yaml) against one embedded sandbox through the runner API,
// in a fresh process, as `poligon run <every pack> --with-reference-client` does (the reference cash
// register and ticket system play the observe-mode cases): one pack after another, or with the
// argument `side-by-side` as `--packs-side-by-side` runs them (their cases sharing 4 slots). Tells the
// parent the wall time of the whole run and, per pack, from its first case's start to its last
// case's end (side by side, the packs overlap: those do not add up).
import { ReferenceClientDriver } from '../src/reference/index.js';
import { loadPackFile, packFiles } from '../src/scenario/loader.js';
import { runPacks } from '../src/scenario/runner.js';
import { tellParent } from './lib/proc.js';

export interface PacksRun {
  totalMs: number;
  /** From the call to the first case starting: the embedded sandbox's start. */
  sandboxStartMs: number;
  packs: Array<{ name: string; ms: number; cases: number; passed: number; verdict: string }>;
}

const packsSideBySide = process.argv[2] === 'side-by-side';
const packs = packFiles().map((file) => loadPackFile(file));
const spans = new Map<string, { first: number; last: number }>();
const started = performance.now();
const report = await runPacks({
  packs,
  timeoutMs: 10_000,
  packsSideBySide,
  driver: new ReferenceClientDriver(),
  observer: {
    caseStarted: (pack) => { if (!spans.has(pack.spec.id)) spans.set(pack.spec.id, { first: performance.now(), last: performance.now() }); },
    caseFinished: (pack) => { spans.get(pack.spec.id)!.last = performance.now(); },
  },
});
const finished = performance.now();
tellParent({
  totalMs: Math.round(finished - started),
  sandboxStartMs: Math.round(Math.min(...[...spans.values()].map((s) => s.first), finished) - started),
  packs: report.packs.map((p) => ({
    name: p.id,
    ms: Math.round((spans.get(p.id)?.last ?? finished) - (spans.get(p.id)?.first ?? finished)),
    cases: p.cases.length,
    passed: p.cases.filter((c) => c.verdict === 'passed').length,
    verdict: p.cases.every((c) => c.verdict === 'passed' || c.verdict === 'skipped') ? 'passed' : 'failed',
  })),
} satisfies PacksRun);
