// `npm run bench`: builds, then measures throughput and latency, start-up, memory and the scenario
// packs, each next to its baseline; prints a table, writes bench/results/latest.json and refreshes
// the figures in bench/RESULTS.md. Options: --duration <s> --warmup <s> --connections 1,16,64
// --only throughput,startup,memory,abuse,packs --targets fes-echo,… --startup-runs 7 --no-pin --profile
// --no-results-md --render-only (tables and RESULTS.md again from bench/results/latest.json)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineFacts } from './lib/machine.js';
import { canPin } from './lib/proc.js';
import { BENCH_DIR, RESULTS_DIR, consoleTable, evaluateTargets, updateResultsMarkdown, type BenchReport } from './report.js';
import { measureAbuse } from './abuse.js';
import { measureMemory } from './memory.js';
import { measurePacks } from './packs.js';
import { measureStartup } from './startup.js';
import { measureThroughput } from './throughput.js';

const SECTIONS = ['throughput', 'startup', 'memory', 'abuse', 'packs'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '4' },
      warmup: { type: 'string', default: '1.5' },
      connections: { type: 'string', default: '1,16,64' },
      only: { type: 'string', default: SECTIONS.join(',') },
      targets: { type: 'string' },
      'no-pin': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'no-results-md': { type: 'boolean', default: false },
      'startup-runs': { type: 'string', default: '7' },
      'render-only': { type: 'boolean', default: false },
    },
  });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (values['render-only']) {
    // the tables and RESULTS.md again from the last run's figures (after a change to the report)
    const last = JSON.parse(readFileSync(join(RESULTS_DIR, 'latest.json'), 'utf8')) as BenchReport;
    last.targets = evaluateTargets(last);
    say(consoleTable(last));
    if (!values['no-results-md']) say(`updated: ${updateResultsMarkdown(last, join(BENCH_DIR, 'RESULTS.md'))}`);
    return;
  }
  const only = new Set(values.only!.split(','));
  const pin = !values['no-pin'] && canPin;
  const report: BenchReport = {
    machine: machineFacts(),
    settings: {
      durationSec: Number(values.duration),
      warmupSec: Number(values.warmup),
      connections: values.connections!.split(',').map(Number),
      pinned: pin,
      sections: [...only],
    },
  };
  say(`Poligon benchmark — ${report.machine.cpuModel}, ${report.machine.cores} cores, Node ${report.machine.node}, load average ${report.machine.loadAverage1m}`);
  say(pin ? 'server under test pinned to core 0, load generator to core 1 (taskset)' : 'processes not pinned to cores');

  if (only.has('throughput')) {
    say('\nThroughput and latency');
    report.throughput = await measureThroughput({
      connections: report.settings.connections,
      durationSec: report.settings.durationSec,
      warmupSec: report.settings.warmupSec,
      pin,
      only: values.targets?.split(','),
      profileDir: values.profile ? join(RESULTS_DIR, 'profiles') : undefined,
    }, say);
  }

  if (only.has('startup')) {
    say('\nStart-up');
    report.startup = await measureStartup(Number(values['startup-runs']), say);
  }

  if (only.has('memory')) {
    say('\nMemory and snapshots');
    report.memory = await measureMemory(say);
  }

  if (only.has('abuse')) {
    say('\nMemory under abuse (default limits)');
    report.abuse = await measureAbuse(say);
  }

  if (only.has('packs')) {
    say('\nScenario packs');
    report.packs = await measurePacks(say);
  }

  report.targets = evaluateTargets(report);
  say(`\n${consoleTable(report)}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const jsonPath = join(RESULTS_DIR, 'latest.json');
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  say(`\nwritten: ${jsonPath}`);
  if (!values['no-results-md']) say(`updated: ${updateResultsMarkdown(report, join(BENCH_DIR, 'RESULTS.md'))}`);
}

await main();
