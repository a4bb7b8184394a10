// Scenario packs: the wall time of running every pack against the embedded sandbox (one process,
// one sandbox, the runner API as `poligon run` uses it), the sandbox's start included: one pack after
// another (the default, per-pack times add up), then side by side (`--packs-side-by-side`).
import { benchScript, ChildChannel, spawnNode } from './lib/proc.js';
import type { PacksRun } from './packs-run.js';
import type { PacksReport } from './report.js';

async function runAll(sideBySide: boolean): Promise<PacksRun> {
  const channel = new ChildChannel(spawnNode(benchScript('packs-run.js'), sideBySide ? ['side-by-side'] : []), 'packs run');
  const run = await channel.next<PacksRun>(600_000);
  await channel.stop();
  return run;
}

export async function measurePacks(progress: (line: string) => void): Promise<PacksReport> {
  const run = await runAll(false);
  for (const p of run.packs) progress(`  ${p.name.padEnd(28)} ${String(p.ms).padStart(6)} ms  ${p.passed}/${p.cases} cases passed`);
  progress(`  all ${run.packs.length} packs, one after another: ${run.totalMs} ms (embedded sandbox start ${run.sandboxStartMs} ms of it)`);
  const sideBySide = await runAll(true);
  const sideBySideFailed = sideBySide.packs.filter((p) => p.verdict !== 'passed').map((p) => p.name);
  progress(`  all ${sideBySide.packs.length} packs side by side: ${sideBySide.totalMs} ms${sideBySideFailed.length ? ` (failed: ${sideBySideFailed.join(', ')})` : ''}`);
  return {
    packs: run.packs.map((p) => ({ name: p.name, ms: p.ms, cases: p.cases, passed: p.verdict === 'passed', detail: p.verdict === 'passed' ? undefined : `${p.passed}/${p.cases} cases passed` })),
    totalMs: run.totalMs,
    sideBySide: { totalMs: sideBySide.totalMs, passed: sideBySideFailed.length === 0 },
    notes: [`the embedded sandbox's start is ${run.sandboxStartMs} ms of the total`],
  };
}
