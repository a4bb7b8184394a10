// Memory, in a fresh process run with --expose-gc: the resident size of a namespace holding the large
// FES world, and the in-process snapshot and restore of it (as objects, and as JSON bytes). Writes the snapshot as JSON to the path it
// is given (the admin-API half of the measurement PUTs that file into a served sandbox); with no path,
// measures the resident size only.
import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { builtinSimulators } from '../simulators/index.js';
import type { FesState } from '../simulators/fes/state.js';
import { SecretNames } from '../src/engine/secrets.js';
import { DEFAULT_CONFIG } from '../src/engine/config.js';
import { parseJsonBytes } from '../src/engine/json.js';
import { NamespaceStore } from '../src/engine/namespace.js';
import { tellParent } from './lib/proc.js';
import { mib, round } from './lib/stats.js';
import { loadWorld } from './world.js';

export interface InProcessMemory {
  world: { certificates: number; cards: number; cashRegisters: number };
  loadMs: number;
  baselineRssMiB: number;
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  /** Physical size of V8's young generation: grown by the allocation burst of loading, empty, kept. */
  youngGenerationMiB: number;
  snapshotMs: number;
  restoreMs: number;
  /** What the admin API does without the HTTP: the snapshot as JSON bytes, and a restore from them. */
  textSnapshotMs: number;
  textRestoreMs: number;
  snapshotBytes: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const settle = () => { gc(); gc(); };

const snapshotPath = process.argv[2];
const store = new NamespaceStore(builtinSimulators, {
  seed: DEFAULT_CONFIG.seed, secretNames: SecretNames.of(builtinSimulators), demo: true, journalLimit: DEFAULT_CONFIG.journalLimit, simulatorOptions: {},
});
const ns = store.get('default');
settle();
const baselineRss = process.memoryUsage().rss;

let t = performance.now();
loadWorld(ns.state<FesState>('fes'), ns.context('fes'));
const loadMs = performance.now() - t;
settle();
const loaded = process.memoryUsage();
const youngGeneration = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;
const fes = ns.state<FesState>('fes');

/** ms that `step` takes, from a collected heap (what earlier steps left is not its garbage to collect). */
function timed(step: () => void): number {
  settle();
  const t = performance.now();
  step();
  return performance.now() - t;
}

let snapshotMs = Number.NaN;
let restoreMs = Number.NaN;
let textSnapshotMs = Number.NaN;
let textRestoreMs = Number.NaN;
let snapshotBytes = Number.NaN;
if (snapshotPath) {
  let snapshot: unknown;
  snapshotMs = timed(() => { snapshot = ns.snapshot(); });
  restoreMs = timed(() => ns.restore(snapshot));
  snapshot = undefined;
  let bytes = Buffer.alloc(0);
  textSnapshotMs = timed(() => { bytes = Buffer.concat(ns.snapshotPieces().map((piece) => Buffer.from(piece))); });
  writeFileSync(snapshotPath, bytes);
  snapshotBytes = bytes.length;
  textRestoreMs = timed(() => ns.restoreParsed(parseJsonBytes(bytes)));
}

const result: InProcessMemory = {
  world: { certificates: Object.keys(fes.certificates).length, cards: Object.keys(fes.cards).length, cashRegisters: Object.keys(fes.cashRegisters).length },
  loadMs: Math.round(loadMs),
  baselineRssMiB: mib(baselineRss),
  rssMiB: mib(loaded.rss),
  heapUsedMiB: mib(loaded.heapUsed),
  heapTotalMiB: mib(loaded.heapTotal),
  youngGenerationMiB: mib(youngGeneration),
  snapshotMs: round(snapshotMs, 0),
  restoreMs: round(restoreMs, 0),
  textSnapshotMs: round(textSnapshotMs, 0),
  textRestoreMs: round(textRestoreMs, 0),
  snapshotBytes,
};
tellParent(result);
