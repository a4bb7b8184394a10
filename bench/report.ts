// The benchmark's outputs: the targets of issue 7 checked against the figures, the console table,
// and the generated part of bench/RESULTS.md (between the markers; the rest is written by hand).
import type { AbuseReport } from './abuse.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/engine/paths.js';
import type { MachineFacts } from './lib/machine.js';
import type { ThroughputPoint, ThroughputReport } from './throughput.js';

export const BENCH_DIR = join(PACKAGE_ROOT, 'bench');
export const RESULTS_DIR = join(BENCH_DIR, 'results');

export interface StartupReport {
  runs: number;
  /** Median ms from spawning the process to its first successful answer, per kind. */
  medianMs: Record<string, number>;
  allMs: Record<string, number[]>;
  /** Median CPU time (user + system) the process had used by then: robust to a busy machine. */
  medianCpuMs: Record<string, number>;
  notes: string[];
}

export interface MemoryReport {
  world: { certificates: number; cards: number; cashRegisters: number };
  /** RSS of the same fresh process before the world is loaded (modules and demo loaded, after GC). */
  baselineRssMiB: number;
  rssMiB: number;
  heapUsedMiB: number;
  /** V8 heap reserved (used + free); RSS also holds code, Node's own memory and freed pages not yet returned. */
  heapTotalMiB: number;
  /** V8's young generation (new space), physical: empty after GC but kept at the size loading grew it to. */
  youngGenerationMiB: number;
  /** The same world in a process with a smaller young generation. */
  tunedRss: { flag: string; rssMiB: number; youngGenerationMiB: number };
  snapshotBytes: number;
  inProcess: { snapshotMs: number; restoreMs: number };
  admin?: { snapshotMs: number; restoreMs: number; rssAfterRestoreMiB: number };
  /** Median FES echo time at one connection in a fresh namespace and in the namespace holding the world. */
  echoMedianMs?: { freshWorld: number; largeWorld: number };
  notes: string[];
}

export interface PacksReport {
  packs: Array<{ name: string; ms: number; cases?: number; passed: boolean; detail?: string }>;
  /** One pack after another (`poligon run`'s default). */
  totalMs: number;
  /** The same packs side by side (`--packs-side-by-side`). */
  sideBySide?: { totalMs: number; passed: boolean };
  notes: string[];
}

export interface TargetCheck {
  goal: string;
  measured: string;
  /** undefined when not measured in this run. */
  met?: boolean;
}

export interface BenchReport {
  machine: MachineFacts;
  settings: { durationSec: number; warmupSec: number; connections: number[]; pinned: boolean; sections: string[] };
  throughput?: ThroughputReport;
  startup?: StartupReport;
  memory?: MemoryReport;
  abuse?: AbuseReport;
  packs?: PacksReport;
  targets?: TargetCheck[];
}

const pct = (ratio: number | undefined) => (ratio === undefined ? '—' : `${Math.round(ratio * 100)} %`);

function ratioGoal(points: ThroughputPoint[], target: string, goal: string, min: number): TargetCheck {
  const mine = points.filter((p) => p.target === target && p.vsExpress !== undefined);
  if (mine.length === 0) return { goal, measured: 'not measured' };
  const valid = mine.every((p) => Object.keys(p.failures).length === 0);
  return {
    goal,
    measured: mine.map((p) => `${pct(p.vsExpress)} at ${p.connections}`).join(', ') + (valid ? '' : ' (had failed answers)'),
    met: valid && mine.every((p) => p.vsExpress! >= min),
  };
}

export function evaluateTargets(r: BenchReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const points = r.throughput?.points ?? [];
  checks.push(ratioGoal(points, 'fes-echo', 'FES echo ≥ 80 % of minimal express req/s', 0.8));
  checks.push(ratioGoal(points, 'fes-preauth', 'FES Pre-Auth ≥ 50 % of minimal express req/s', 0.5));
  checks.push(ratioGoal(points, 'ecs-check', 'ECS CheckClientBenefits ≥ 50 % of minimal express req/s', 0.5));
  const poligonAt16 = points.filter((p) => p.connections === 16 && !['node-http', 'express'].includes(p.target));
  const expressAt16 = points.find((p) => p.connections === 16 && p.target === 'express');
  checks.push(poligonAt16.length
    ? {
        goal: 'p99 < 10 ms at 16 connections (every Poligon target)',
        measured: poligonAt16.map((p) => `${p.target} ${p.p99Ms.toFixed(1)} ms`).join(', ') + (expressAt16 ? ` (minimal express: ${expressAt16.p99Ms.toFixed(1)} ms)` : ''),
        met: poligonAt16.every((p) => p.p99Ms < 10),
      }
    : { goal: 'p99 < 10 ms at 16 connections (every Poligon target)', measured: 'not measured' });
  if (poligonAt16.length) {
    // Little's law: with 16 requests always in flight, the mean latency is 16 ÷ throughput, whatever
    // the server does; a p99 under 10 ms needs well over 1,600 answers a second.
    checks.push({
      goal: 'mean latency at 16 connections that the throughput alone implies (16 ÷ req/s; no p99 can be lower)',
      measured: [...(expressAt16 ? [expressAt16] : []), ...poligonAt16].map((p) => `${p.target} ${(16_000 / p.requestsPerSec).toFixed(1)} ms`).join(', '),
    });
  }
  const at64 = points.filter((p) => p.connections === 64);
  if (at64.length) {
    checks.push({ goal: 'p99 at 64 connections (queueing; reported, no target)', measured: at64.map((p) => `${p.target} ${p.p99Ms.toFixed(1)} ms`).join(', ') });
  }
  if (r.startup) {
    for (const [kind, ms] of Object.entries(r.startup.medianMs)) {
      if (kind.startsWith('baseline')) continue;
      checks.push({ goal: `start-up < 500 ms (${kind})`, measured: `${ms} ms median of ${r.startup.runs} (${r.startup.medianCpuMs[kind]} ms CPU)`, met: ms < 500 });
    }
  } else checks.push({ goal: 'start-up < 500 ms', measured: 'not measured' });
  if (r.memory) {
    const m = r.memory;
    const mb = (x: number) => Math.round(x * 1.048576);
    checks.push({ goal: '100k certificates / 50k cards / 10k кассы < 150 MB RSS (default node flags)', measured: `${mb(m.rssMiB)} MB (${m.rssMiB} MiB)`, met: mb(m.rssMiB) < 150 });
    checks.push({ goal: `the same with node ${m.tunedRss.flag}`, measured: `${mb(m.tunedRss.rssMiB)} MB (${m.tunedRss.rssMiB} MiB)`, met: mb(m.tunedRss.rssMiB) < 150 });
    const times = [`in-process snapshot ${m.inProcess.snapshotMs} ms`, `restore ${m.inProcess.restoreMs} ms`];
    const all = [m.inProcess.snapshotMs, m.inProcess.restoreMs];
    if (m.admin) {
      times.push(`admin GET ${m.admin.snapshotMs} ms`, `PUT ${m.admin.restoreMs} ms`);
      all.push(m.admin.snapshotMs, m.admin.restoreMs);
    }
    checks.push({ goal: 'snapshot and restore of that world < 1 s each', measured: times.join(', '), met: all.every((t) => t < 1000) });
  } else checks.push({ goal: '100k-certificate world < 150 MB RSS; snapshot/restore < 1 s', measured: 'not measured' });
  if (r.abuse) {
    const a = r.abuse;
    const worst = Math.max(a.afterLargePostsRssMiB, a.afterNamespacesRssMiB);
    checks.push({
      goal: `RSS under ${a.boundMiB} MiB after 5,000 refused 250 KB posts into one namespace and 10,000 namespaces (default limits)`,
      measured: `${a.afterLargePostsRssMiB} / ${a.afterNamespacesRssMiB} MiB (${(worst / a.baselineRssMiB).toFixed(1)}× the fresh sandbox's ${a.baselineRssMiB} MiB)`,
      met: worst < a.boundMiB,
    });
  } else checks.push({ goal: 'RSS bounded under abuse', measured: 'not measured' });
  checks.push(r.packs
    ? {
        goal: 'all scenario packs together < 5 s',
        measured: `${r.packs.totalMs} ms for ${r.packs.packs.length} packs one after another${r.packs.packs.every((p) => p.passed) ? '' : ' (some failed)'}`
          + (r.packs.sideBySide ? `; ${r.packs.sideBySide.totalMs} ms side by side${r.packs.sideBySide.passed ? '' : ' (some failed)'}` : ''),
        met: r.packs.totalMs < 5000,
      }
    : { goal: 'all scenario packs together < 5 s', measured: 'not measured' });
  return checks;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const metLabel = (met: boolean | undefined) => (met === undefined ? '—' : met ? 'met' : 'MISSED');

/** The tables, in Markdown (readable on a console as well). */
export function consoleTable(r: BenchReport): string {
  const parts: string[] = [];
  const points = r.throughput?.points ?? [];
  if (points.length) {
    parts.push(table(
      ['target', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'vs node:http', 'vs express', 'server CPU µs/req', 'CPU cost vs express', 'failed answers'],
      points.map((p) => [
        p.title, String(p.connections), String(p.requestsPerSec), p.p50Ms.toFixed(2), p.p99Ms.toFixed(2),
        pct(p.vsNodeHttp), pct(p.vsExpress), String(p.serverCpuUsPerRequest), pct(p.cpuVsExpress),
        Object.entries(p.failures).map(([s, n]) => `${n}×${s}`).join(' ') || (p.errors ? `${p.errors} errors` : '0'),
      ]),
    ));
  }
  for (const s of r.throughput?.skipped ?? []) parts.push(`skipped ${s.target}: ${s.reason}`);
  if (r.startup) {
    parts.push(table(['start-up (spawn → first successful answer)', 'median wall ms', 'median CPU ms', 'all runs, wall ms'],
      Object.entries(r.startup.medianMs).map(([k, v]) => [k, String(v), String(r.startup!.medianCpuMs[k]), r.startup!.allMs[k]!.join(', ')])));
  }
  if (r.memory) {
    const m = r.memory;
    const rows = [
      ['RSS before loading (fresh process, after GC)', `${m.baselineRssMiB} MiB`],
      [`RSS with ${m.world.certificates} certificates, ${m.world.cards} cards, ${m.world.cashRegisters} кассы (after GC)`, `${m.rssMiB} MiB`],
      ['V8 heap used / reserved (of which young generation, empty)', `${m.heapUsedMiB} MiB / ${m.heapTotalMiB} MiB (${m.youngGenerationMiB} MiB)`],
      [`RSS with the world, node ${m.tunedRss.flag}`, `${m.tunedRss.rssMiB} MiB (young generation ${m.tunedRss.youngGenerationMiB} MiB)`],
      ['snapshot size (JSON)', `${(m.snapshotBytes / 1048576).toFixed(1)} MiB`],
      ['in-process snapshot / restore', `${m.inProcess.snapshotMs} ms / ${m.inProcess.restoreMs} ms`],
    ];
    if (m.admin) {
      rows.push(['admin GET / PUT /__admin/snapshot', `${m.admin.snapshotMs} ms / ${m.admin.restoreMs} ms`]);
      rows.push(['RSS of a sandbox after PUT of that snapshot (after GC)', `${m.admin.rssAfterRestoreMiB} MiB`]);
    }
    if (m.echoMedianMs) rows.push(['FES echo median at 1 connection: fresh world / large world', `${m.echoMedianMs.freshWorld} ms / ${m.echoMedianMs.largeWorld} ms`]);
    for (const note of m.notes) rows.push(['note', note]);
    parts.push(table(['memory', 'value'], rows));
  }
  if (r.abuse) {
    const a = r.abuse;
    const answers = (s: Record<string, number>) => Object.entries(s).map(([k, n]) => `${n}×${k}`).join(' ');
    parts.push(table(['memory under abuse (default limits)', 'RSS after GC', 'answers'], [
      ['fresh sandbox (baseline, same process)', `${a.baselineRssMiB} MiB`, ''],
      ['after 5,000 refused 250 KB posts into one namespace', `${a.afterLargePostsRssMiB} MiB`, answers(a.statuses.largePosts)],
      [`after requests in 10,000 namespaces (at most ${a.limits.maxNamespaces} kept)`, `${a.afterNamespacesRssMiB} MiB`, answers(a.statuses.namespaces)],
      ['bound promised by the default limits', `${a.boundMiB} MiB`, `journal ${a.limits.journalMaxBytes / 1048576} MiB per namespace, ${a.limits.journalTotalMaxBytes / 1048576} MiB in total`],
    ]));
  }
  if (r.packs) {
    parts.push(table(['scenario pack', 'wall ms', 'result'], [
      ...r.packs.packs.map((p) => [p.name, String(p.ms), p.passed ? `passed${p.cases === undefined ? '' : ` (${p.cases} cases)`}` : `FAILED${p.detail ? `: ${p.detail}` : ''}`]),
      ['all packs, one after another', String(r.packs.totalMs), r.packs.notes.join('; ')],
      ...(r.packs.sideBySide ? [['all packs side by side (--packs-side-by-side)', String(r.packs.sideBySide.totalMs), r.packs.sideBySide.passed ? 'passed' : 'FAILED']] : []),
    ]));
  }
  if (r.targets) parts.push(table(['target (issue 7)', 'measured', 'status'], r.targets.map((t) => [t.goal, t.measured, metLabel(t.met)])));
  return parts.join('\n\n');
}

const START = '<!-- bench:latest:start (generated by npm run bench; do not edit by hand) -->';
const END = '<!-- bench:latest:end -->';

/** Replaces the generated part of RESULTS.md with this run's figures; the rest of the file is kept. */
export function updateResultsMarkdown(r: BenchReport, path: string): string {
  const m = r.machine;
  const generated = [
    START,
    `## Latest run: ${m.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryMiB} MiB RAM, ${m.os}, Node ${m.node}, commit ${m.gitCommit}, ` +
      `1-minute load average at start ${m.loadAverage1m}. ` +
      (r.settings.pinned ? 'Server under test pinned to core 0, load generator to core 1. ' : 'Processes not pinned. ') +
      `${r.settings.durationSec} s per point after a ${r.settings.warmupSec} s warm-up.`,
    '',
    consoleTable(r),
    END,
  ].join('\n');
  const old = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmark results\n\n${START}\n${END}\n`;
  const from = old.indexOf(START);
  const to = old.indexOf(END);
  const next = from >= 0 && to > from ? old.slice(0, from) + generated + old.slice(to + END.length) : `${old.trimEnd()}\n\n${generated}\n`;
  writeFileSync(path, next);
  return path;
}
