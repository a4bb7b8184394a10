// Runs the shipped packs against an embedded sandbox, observe-mode cases played by the reference client.
import { resolvePack } from '../../src/scenario/loader.js';
import { runPacks, type RunOptions } from '../../src/scenario/runner.js';
import type { LoadedPack, RunReport, StepSpec } from '../../src/scenario/types.js';
import { withReferenceClient } from '../../src/reference/index.js';

export const SHIPPED_PACKS = ['fes-certification', 'gis-es-onboarding', 'lk-fes-access', 'ecs-type-1', 'ecs-type-2', 'ecs-type-3', 'e2e-sale'] as const;

export function runWithReferenceClient(packs: LoadedPack[], options: Partial<RunOptions> = {}): Promise<RunReport> {
  return runPacks(withReferenceClient({ packs, timeoutMs: 5_000, ...options }));
}

const parsed = new Map<string, LoadedPack>();

/** A shipped pack, its YAML read once per test process (most of a one-case run's CPU was parsing it); each call gets its own copy. */
export function shippedPack(id: string): LoadedPack {
  let pack = parsed.get(id);
  if (!pack) parsed.set(id, (pack = resolvePack(id)));
  return { ...pack, spec: structuredClone(pack.spec) };
}

/** One shipped case alone, with steps put before its own: how a test makes the fake misbehave first. */
export function shippedCase(packId: string, caseId: string, before: StepSpec[] = []): LoadedPack {
  const pack = shippedPack(packId);
  const { spec } = pack;
  const c = spec.cases.find((x) => x.id === caseId);
  if (!c) throw new Error(`${packId} has no case ${caseId}`);
  c.steps = [...before, ...c.steps];
  spec.cases = [c];
  return { ...pack, spec };
}

/** One line per case that neither passed nor was skipped, with its reason (what a failing assertion prints). */
export function notPassed(report: RunReport): string[] {
  return report.packs.flatMap((p) => p.cases.filter((c) => c.verdict !== 'passed' && c.verdict !== 'skipped').map((c) => `${p.id}/${c.id}: ${c.verdict}: ${c.reason}`));
}
