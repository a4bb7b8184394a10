// Throughput and latency: each target has its own server process (all pinned to one core; only the
// one under load is busy) and each measured point a fresh load-generator process (pinned to the
// other core). Every server is warmed up once, then the targets are measured in turns.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult, LoadSpec, ProbeResult } from './load.js';
import { benchScript, ChildChannel, CORES, spawnNode } from './lib/proc.js';
import { round } from './lib/stats.js';
import { TARGETS, type Target } from './lib/targets.js';

export interface ThroughputOptions {
  connections: number[];
  durationSec: number;
  warmupSec: number;
  pin: boolean;
  /** Target names to run (default: all). */
  only?: string[];
  /** Write a CPU profile of each Poligon server process here. */
  profileDir?: string;
}

export interface ThroughputPoint extends LoadResult {
  title: string;
  /**
   * CPU time (user + system) the server process spent per answered request. Unlike requests/s it
   * hardly depends on what else the machine is running, so it compares targets on a busy machine.
   */
  serverCpuUsPerRequest: number;
  /** requests/s one fully busy core would answer at that CPU cost: 1e6 / serverCpuUsPerRequest. */
  cpuBoundRequestsPerSec: number;
  /** CPU cost of the baseline per request divided by this target's (1 = as cheap as the baseline). */
  cpuVsNodeHttp?: number;
  cpuVsExpress?: number;
  /** requests/s as a share of the baseline's at the same connection count. */
  vsNodeHttp?: number;
  vsExpress?: number;
}

export interface ThroughputReport {
  points: ThroughputPoint[];
  skipped: Array<{ target: string; reason: string }>;
  /** With --profile: each server's CPU profile and how many requests it answered (warm-up included). */
  profiles?: Array<{ target: string; file: string; requests: number }>;
}

async function startServer(target: Target, opts: ThroughputOptions): Promise<{ url: string; channel: ChildChannel }> {
  const profiling = opts.profileDir !== undefined;
  if (profiling) mkdirSync(opts.profileDir!, { recursive: true });
  const child = spawnNode(benchScript('servers.js'), [target.server], {
    cpu: CORES.server,
    pin: opts.pin,
    nodeArgs: profiling ? ['--cpu-prof', '--cpu-prof-dir', opts.profileDir!, '--cpu-prof-name', `${target.name}.cpuprofile`] : [],
  });
  const channel = new ChildChannel(child, `${target.server} server`);
  const { port } = await channel.next<{ port: number }>(60_000);
  return { url: `http://127.0.0.1:${port}`, channel };
}

async function serverCpu(channel: ChildChannel): Promise<NodeJS.CpuUsage> {
  channel.child.stdin!.write('cpu\n');
  return channel.next<NodeJS.CpuUsage>(10_000);
}

async function load<T>(spec: LoadSpec, pin: boolean): Promise<T> {
  const child = spawnNode(benchScript('load.js'), [JSON.stringify(spec)], { cpu: CORES.load, pin });
  const channel = new ChildChannel(child, `load generator (${spec.target}, ${spec.connections} connections)`);
  const result = await channel.next<T>(spec.durationSec * 1000 + 60_000);
  await channel.stop();
  return result;
}

interface RunningServer {
  target: Target;
  url: string;
  channel: ChildChannel;
  /** Requests it answered, warm-up included (for µs per request in its profile). */
  answered: number;
}

const answeredBy = (r: LoadResult) => r.requests + Object.values(r.failures).reduce((a, b) => a + b, 0);

/**
 * Starts, checks and warms up every target's server first, then measures them in turns, one
 * connection count at a time: the points a ratio compares are taken within a minute of each other,
 * so that a change in what else the machine is running skews them alike.
 */
export async function measureThroughput(opts: ThroughputOptions, progress: (line: string) => void): Promise<ThroughputReport> {
  const points: ThroughputPoint[] = [];
  const skipped: ThroughputReport['skipped'] = [];
  const running: RunningServer[] = [];
  const spec = (s: RunningServer, connections: number, durationSec: number, namespace: string): LoadSpec =>
    ({ target: s.target.name, url: s.url, connections, durationSec, namespace });
  try {
    for (const target of TARGETS.filter((t) => !opts.only || opts.only.includes(t.name))) {
      const missing = target.missing();
      if (missing) {
        skipped.push({ target: target.name, reason: missing });
        progress(`  ${target.name}: skipped (${missing})`);
        continue;
      }
      const server: RunningServer = { target, ...(await startServer(target, opts)), answered: 0 };
      const probe = await load<ProbeResult>({ ...spec(server, 1, 0, 'bench-probe'), probe: true }, opts.pin);
      if (probe.status < 200 || probe.status >= 300) {
        const reason = `a probe request was answered ${probe.status}: ${probe.body}`;
        skipped.push({ target: target.name, reason });
        progress(`  ${target.name}: skipped (${reason})`);
        await server.channel.stop();
        continue;
      }
      const warmup = await load<LoadResult>(spec(server, 16, opts.warmupSec, 'bench-warmup'), opts.pin);
      server.answered = 1 + answeredBy(warmup);
      running.push(server);
    }
    for (const connections of opts.connections) {
      for (const server of running) {
        const before = await serverCpu(server.channel);
        const r = await load<LoadResult>(spec(server, connections, opts.durationSec, `bench-${server.target.name}-c${connections}`), opts.pin);
        const after = await serverCpu(server.channel);
        server.answered += answeredBy(r);
        const cpuUs = (after.user - before.user + after.system - before.system) / Math.max(1, answeredBy(r));
        points.push({ ...r, title: server.target.title, serverCpuUsPerRequest: Math.round(cpuUs), cpuBoundRequestsPerSec: Math.round(1e6 / cpuUs) });
        const failed = Object.entries(r.failures).map(([status, n]) => `${n}×${status}`).join(' ');
        progress(`  ${server.target.name.padEnd(12)} c=${String(connections).padStart(2)}  ${String(r.requestsPerSec).padStart(6)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  server CPU ${Math.round(cpuUs)} µs/request${failed ? `  FAILED: ${failed}` : ''}`);
      }
    }
  } finally {
    for (const server of running) await server.channel.stop();
  }
  const profiles = opts.profileDir
    ? running.map((s) => ({ target: s.target.name, file: join(opts.profileDir!, `${s.target.name}.cpuprofile`), requests: s.answered }))
    : undefined;
  for (const p of points) {
    const base = (name: string) => points.find((b) => b.target === name && b.connections === p.connections);
    const node = base('node-http');
    const exp = base('express');
    if (node) {
      p.vsNodeHttp = round(p.requestsPerSec / node.requestsPerSec, 3);
      p.cpuVsNodeHttp = round(node.serverCpuUsPerRequest / p.serverCpuUsPerRequest, 3);
    }
    if (exp) {
      p.vsExpress = round(p.requestsPerSec / exp.requestsPerSec, 3);
      p.cpuVsExpress = round(exp.serverCpuUsPerRequest / p.serverCpuUsPerRequest, 3);
    }
  }
  for (const p of profiles ?? []) progress(`  profile of ${p.target}: ${p.file} (${p.requests} requests; node bench/results/build/bench/profile-top.js ${p.file} --requests ${p.requests})`);
  return { points, skipped, profiles };
}
