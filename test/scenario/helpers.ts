// Shared by the scenario and report tests: packs run against the shop fixture on an embedded sandbox.
import { parsePack } from '../../src/scenario/loader.js';
import { runPacks, type RunOptions } from '../../src/scenario/runner.js';
import type { LoadedPack } from '../../src/scenario/types.js';
import { shopSimulator } from './fixtures/shop.js';

export const simulators = [shopSimulator];

export function pack(yaml: string, file = 'test-pack.yaml'): LoadedPack {
  return parsePack(yaml, file, { simulators });
}

export function run(packs: LoadedPack[], options: Partial<RunOptions> = {}) {
  return runPacks({ packs, simulators, timeoutMs: 5_000, ...options });
}
