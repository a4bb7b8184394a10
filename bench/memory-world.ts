// Memory, in a fresh process run with --expose-gc: the resident size of a namespace holding the large
// FES world, and the in-process snapshot and restore of it. Writes the snapshot as JSON to the path it
// is given (the admin-API half of the measurement PUTs that file into a served sandbox).
import { writeFileSync } from 'node:fs';
import { builtinSimulators } from '../simulators/index.js';
import type { FesState } from '../simulators/fes/state.js';
import { DEFAULT_CONFIG } from '../src/engine/config.js';
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
  snapshotMs: number;
  restoreMs: number;
  snapshotBytes: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const settle = () => { gc(); gc(); };

const snapshotPath = process.argv[2]!;
const store = new NamespaceStore(builtinSimulators, {
  seed: DEFAULT_CONFIG.seed, demo: true, journalLimit: DEFAULT_CONFIG.journalLimit, simulatorOptions: {},
});
const ns = store.get('default');
settle();
const baselineRss = process.memoryUsage().rss;

let t = performance.now();
loadWorld(ns.state<FesState>('fes'), ns.context('fes'));
const loadMs = performance.now() - t;
settle();
const loaded = process.memoryUsage();
const fes = ns.state<FesState>('fes');

t = performance.now();
const snapshot = ns.snapshot();
const snapshotMs = performance.now() - t;
const text = JSON.stringify(snapshot);
writeFileSync(snapshotPath, text);
t = performance.now();
ns.restore(snapshot);
const restoreMs = performance.now() - t;

const result: InProcessMemory = {
  world: { certificates: Object.keys(fes.certificates).length, cards: Object.keys(fes.cards).length, cashRegisters: Object.keys(fes.cashRegisters).length },
  loadMs: Math.round(loadMs),
  baselineRssMiB: mib(baselineRss),
  rssMiB: mib(loaded.rss),
  heapUsedMiB: mib(loaded.heapUsed),
  snapshotMs: round(snapshotMs, 0),
  restoreMs: round(restoreMs, 0),
  snapshotBytes: Buffer.byteLength(text),
};
tellParent(result);
