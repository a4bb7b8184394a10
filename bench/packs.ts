// Scenario packs: the wall time of running every pack against the embedded sandbox (one process,
// one sandbox, the runner API as `poligon run --packs-side-by-side` uses it), the sandbox's start
// included. The packs overlap: each pack's time is from its first case's start to its last case's end.
import { benchScript, ChildChannel, spawnNode } from './lib/proc.js';
import type { PacksRun } from './packs-run.js';
import type { PacksReport } from './report.js';

export async function measurePacks(progress: (line: string) => void): Promise<PacksReport> {
  const channel = new ChildChannel(spawnNode(benchScript('packs-run.js'), []), 'packs run');
  const run = await channel.next<PacksRun>(600_000);
  await channel.stop();
  for (const p of run.packs) progress(`  ${p.name.padEnd(28)} ${String(p.ms).padStart(6)} ms  ${p.passed}/${p.cases} cases passed`);
  progress(`  all ${run.packs.length} packs: ${run.totalMs} ms (embedded sandbox start ${run.sandboxStartMs} ms of it)`);
  return {
    packs: run.packs.map((p) => ({ name: p.name, ms: p.ms, cases: p.cases, passed: p.verdict === 'passed', detail: p.verdict === 'passed' ? undefined : `${p.passed}/${p.cases} cases passed` })),
    totalMs: run.totalMs,
    notes: [`the embedded sandbox's start is ${run.sandboxStartMs} ms of the total`, 'the packs run side by side (their cases share 4 slots): per-pack times overlap and do not add up to the total'],
  };
}
