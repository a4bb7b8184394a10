// Start-up: wall time from spawning a process to its first successful answer, median of several runs,
// for the CLI (`poligon serve`, polled from here on a free port), the embedded API (startSandbox in
// a fresh process) and, as the baseline, a bare node:http server. Not pinned: a starting process
// uses both cores (V8 compiles on helper threads).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/engine/paths.js';
import { demoCashRegisterSigner, fesHasOperation, FES_ECHO_BODY, FES_ECHO_PATH } from './lib/fes.js';
import { httpRequest } from './lib/http.js';
import { benchScript, ChildChannel, spawnNode } from './lib/proc.js';
import { median } from './lib/stats.js';
import type { StartupReport } from './report.js';

const POLL_INTERVAL_MS = 2;
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; 10 ms resolution), or
 * NaN elsewhere. Unlike wall time it hardly grows when other work competes for the cores.
 */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

interface StartupRun {
  wallMs: number;
  cpuMs: number;
}
const GIVE_UP_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `poligon serve` on a free port; polls with signed echoes until one succeeds. */
async function cliStartup(): Promise<StartupRun> {
  const port = await freePort();
  const sign = demoCashRegisterSigner();
  const started = performance.now();
  const child = spawnNode(join(PACKAGE_ROOT, 'bin', 'poligon.js'), ['serve', '-p', String(port), '--host', '127.0.0.1'], { cwd: PACKAGE_ROOT, quiet: true });
  child.stdout!.resume();
  const channel = new ChildChannel(child, 'poligon serve');
  try {
    for (;;) {
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`poligon serve gave no successful answer within ${GIVE_UP_MS} ms`);
      if (child.exitCode !== null) throw new Error(`poligon serve exited with code ${child.exitCode}`);
      const answer = await (fesHasOperation('echo')
        ? httpRequest(`http://127.0.0.1:${port}/fes${FES_ECHO_PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...sign('POST', FES_ECHO_PATH, FES_ECHO_BODY) },
            body: FES_ECHO_BODY,
          })
        : httpRequest(`http://127.0.0.1:${port}/__admin/health`)).catch(() => undefined);
      if (answer && answer.status === 200) return { wallMs: performance.now() - started, cpuMs: cpuMsOf(child.pid) };
      if (answer) throw new Error(`poligon serve answered ${answer.status}: ${answer.body}`);
      await sleep(POLL_INTERVAL_MS);
    }
  } finally {
    child.kill('SIGTERM');
    await channel.stop();
  }
}

/** A child that reports once it has its answer (startSandbox in-process, or the bare server). */
async function childStartup(script: string, args: string[]): Promise<StartupRun> {
  const started = performance.now();
  const channel = new ChildChannel(spawnNode(benchScript(script), args), script);
  const pid = channel.child.pid;
  try {
    const message = await channel.next<{ status?: number; port?: number }>(GIVE_UP_MS);
    if (message.port !== undefined) {
      const answer = await httpRequest(`http://127.0.0.1:${message.port}/echo`, { method: 'POST', body: '{}' });
      if (answer.status !== 200) throw new Error(`${script} answered ${answer.status}`);
    } else if (message.status !== 200) throw new Error(`${script} answered ${message.status}`);
    return { wallMs: performance.now() - started, cpuMs: cpuMsOf(pid) };
  } finally {
    await channel.stop();
  }
}

export async function measureStartup(runs: number, progress: (line: string) => void): Promise<StartupReport> {
  const kinds: Record<string, () => Promise<StartupRun>> = {
    'baseline: bare node:http server': () => childStartup('servers.js', ['bare-http']),
    'CLI: poligon serve': cliStartup,
    'embedded: startSandbox()': () => childStartup('embedded-start.js', []),
  };
  const allMs: Record<string, number[]> = {};
  const allCpuMs: Record<string, number[]> = {};
  for (const name of Object.keys(kinds)) { allMs[name] = []; allCpuMs[name] = []; }
  // interleaved, so that a slow moment of the machine does not land on one kind only
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(kinds)) {
      const r = await run();
      allMs[name]!.push(Math.round(r.wallMs));
      allCpuMs[name]!.push(r.cpuMs);
    }
  }
  const medianMs = Object.fromEntries(Object.entries(allMs).map(([k, v]) => [k, median(v)]));
  const medianCpuMs = Object.fromEntries(Object.entries(allCpuMs).map(([k, v]) => [k, median(v)]));
  for (const [k, v] of Object.entries(medianMs)) progress(`  ${k.padEnd(34)} median ${v} ms wall, ${medianCpuMs[k]} ms CPU  (${allMs[k]!.join(', ')})`);
  const notes = fesHasOperation('echo') ? [] : ['FES has no echo yet: the first successful answer is GET /__admin/health instead'];
  return { runs, medianMs, allMs, medianCpuMs, notes };
}
