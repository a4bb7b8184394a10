// The load generator, in its own process: `node load.js <spec as JSON>`. Runs autocannon against one
// target and tells the parent what it measured. Latency percentiles are computed here from every
// response time (autocannon's own histogram keeps whole milliseconds, too coarse for sub-ms answers).
import autocannon, { type AutocannonRequest } from 'autocannon';
import { percentile, round } from './lib/stats.js';
import { TARGETS } from './lib/targets.js';
import { tellParent } from './lib/proc.js';

export interface LoadSpec {
  target: string;
  url: string;
  connections: number;
  durationSec: number;
  namespace: string;
  /** Send one request and report its answer instead of loading (checks a target works before timing it). */
  probe?: boolean;
}

export interface ProbeResult {
  status: number;
  body: string;
}

export interface LoadResult {
  target: string;
  connections: number;
  durationSec: number;
  requests: number;
  /** Successful (2xx) answers per second. */
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** Answers other than 2xx, by status: a target that fails is not measuring what it claims. */
  failures: Record<string, number>;
  errors: number;
  timeouts: number;
}

async function probe(url: string, request: AutocannonRequest): Promise<ProbeResult> {
  const built = request.setupRequest ? request.setupRequest({ ...request }, {}) : request;
  const res = await fetch(`${url}${built.path}`, { method: built.method, headers: built.headers, body: built.body });
  return { status: res.status, body: (await res.text()).slice(0, 2000) };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]!) as LoadSpec;
  const target = TARGETS.find((t) => t.name === spec.target);
  if (!target) throw new Error(`unknown target ${spec.target}`);
  const requests = await target.requests(spec.url, spec.namespace);
  if (spec.probe) {
    tellParent(await probe(spec.url, requests[0]!));
    return;
  }

  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  const started = performance.now();
  const run = autocannon({ url: spec.url, connections: spec.connections, duration: spec.durationSec, requests, timeout: 10 });
  run.on('response', (_client: unknown, status: number, _bytes: number, responseTimeMs: number) => {
    if (status >= 200 && status < 300) latencies.push(responseTimeMs);
    else failures[status] = (failures[status] ?? 0) + 1;
  });
  const result = await run;
  const elapsedSec = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const out: LoadResult = {
    target: spec.target,
    connections: spec.connections,
    durationSec: round(elapsedSec, 2),
    requests: latencies.length,
    requestsPerSec: Math.round(latencies.length / elapsedSec),
    p50Ms: round(percentile(sorted, 50), 3),
    p99Ms: round(percentile(sorted, 99), 3),
    meanMs: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length), 3),
    maxMs: round(sorted[sorted.length - 1] ?? NaN, 3),
    failures,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  tellParent(out);
}

await main();
