// Runs every scenario pack (scenarios/*.yaml) against one embedded sandbox through the runner API,
// in a fresh process, as `poligon run <every pack> --with-reference-client` does (the reference cash
// register and ticket system play the observe-mode cases), and tells the parent the wall time of the
// whole run and of each pack.
import { REFERENCE_SCRIPTS, ReferenceClientDriver } from '../src/reference/index.js';
import { loadPackFile, packFiles } from '../src/scenario/loader.js';
import { runPacks } from '../src/scenario/runner.js';
import type { LoadedPack } from '../src/scenario/types.js';
import { tellParent } from './lib/proc.js';

export interface PacksRun {
  totalMs: number;
  /** From the call to the first pack starting: the embedded sandbox's start. */
  sandboxStartMs: number;
  packs: Array<{ name: string; ms: number; cases: number; passed: number; verdict: string }>;
}

const packs = packFiles().map((file) => loadPackFile(file));
const starts: Array<{ pack: LoadedPack; at: number }> = [];
const started = performance.now();
const report = await runPacks({
  packs,
  timeoutMs: 10_000,
  observer: new ReferenceClientDriver(REFERENCE_SCRIPTS, { packStarted: (pack) => starts.push({ pack, at: performance.now() }) }, () => {}),
});
const finished = performance.now();
tellParent({
  totalMs: Math.round(finished - started),
  sandboxStartMs: Math.round((starts[0]?.at ?? finished) - started),
  packs: report.packs.map((p, i) => ({
    name: p.id,
    ms: Math.round((starts[i + 1]?.at ?? finished) - starts[i]!.at),
    cases: p.cases.length,
    passed: p.cases.filter((c) => c.verdict === 'passed').length,
    verdict: p.cases.every((c) => c.verdict === 'passed' || c.verdict === 'skipped') ? 'passed' : 'failed',
  })),
} satisfies PacksRun);
