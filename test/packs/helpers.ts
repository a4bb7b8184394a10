// Runs the shipped packs against an embedded sandbox, observe-mode cases played by the reference client.
import { resolvePack } from '../../src/scenario/loader.js';
import { runPacks, type RunOptions } from '../../src/scenario/runner.js';
import type { CaseResult, RunReport } from '../../src/scenario/types.js';
import { REFERENCE_SCRIPTS } from '../../src/reference/index.js';
import { withReferenceClient } from '../../src/reference/driver.js';

export function runShipped(packIds: string[], options: Partial<RunOptions> = {}): Promise<RunReport> {
  return runPacks(withReferenceClient({ packs: packIds.map((id) => resolvePack(id)), timeoutMs: 5_000, ...options }, REFERENCE_SCRIPTS));
}

/** One line per case that did not pass, with its reason: what a failing assertion prints. */
export function notPassed(report: RunReport): string[] {
  return report.packs.flatMap((p) => p.cases.filter((c) => c.verdict !== 'passed' && c.verdict !== 'skipped').map((c: CaseResult) => `${p.id}/${c.id}: ${c.verdict}: ${c.reason}`));
}
