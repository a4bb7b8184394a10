// Memory and snapshots of the large FES world (world.ts): a fresh --expose-gc process builds it and
// times the in-process snapshot and restore (memory-world.ts); then a served sandbox gets that
// snapshot through PUT /__admin/snapshot and gives it back through GET, timed from here, and we ask
// it its resident size and time FES echoes in that world against echoes in a fresh namespace.
import { readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { demoCashRegisterSigner, fesHasOperation, FES_ECHO_BODY, FES_ECHO_PATH } from './lib/fes.js';
import { httpRequest } from './lib/http.js';
import { benchScript, ChildChannel, spawnNode } from './lib/proc.js';
import { median, mib, round } from './lib/stats.js';
import type { InProcessMemory } from './memory-world.js';
import { RESULTS_DIR, type MemoryReport } from './report.js';

const ECHOES = 200;
/** A smaller young generation (V8's default maximum semi-space is 16 MiB) for the tuned RSS figure. */
const SMALL_SEMI_SPACE_MIB = 8;

/** Median ms of sequential signed echoes from the demo касса in `namespace`. */
async function echoLatency(url: string, namespace: string): Promise<number> {
  const sign = demoCashRegisterSigner();
  const times: number[] = [];
  for (let i = 0; i < ECHOES; i++) {
    const t = performance.now();
    const answer = await httpRequest(`${url}/fes${FES_ECHO_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-poligon-namespace': namespace, ...sign('POST', FES_ECHO_PATH, FES_ECHO_BODY) },
      body: FES_ECHO_BODY,
    });
    times.push(performance.now() - t);
    if (answer.status !== 200) throw new Error(`echo in ${namespace} answered ${answer.status}: ${answer.body}`);
  }
  return round(median(times), 2);
}

/**
 * One request with a byte body, answered as bytes, timed from sending to the answer's last byte: the
 * snapshot travels as `curl --data-binary @file` would send it and `curl -o file` receive it, without
 * this side's conversions between UTF-8 bytes and strings (a few hundred ms for 45 MB) in the figure.
 */
function timedTransfer(url: string, method: 'GET' | 'PUT', body?: Buffer): Promise<{ status: number; body: Buffer; ms: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const headers = body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {};
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: round(performance.now() - start, 0) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function measureMemory(progress: (line: string) => void): Promise<MemoryReport> {
  const snapshotPath = join(RESULTS_DIR, 'world-snapshot.json');
  const world = new ChildChannel(spawnNode(benchScript('memory-world.js'), [snapshotPath], { nodeArgs: ['--expose-gc'] }), 'memory-world');
  const inProcess = await world.next<InProcessMemory>(300_000);
  await world.stop();
  const smallYoung = new ChildChannel(spawnNode(benchScript('memory-world.js'), [], { nodeArgs: ['--expose-gc', `--max-semi-space-size=${SMALL_SEMI_SPACE_MIB}`] }), 'memory-world');
  const tuned = await smallYoung.next<InProcessMemory>(300_000);
  await smallYoung.stop();
  progress(`  built ${inProcess.world.certificates} certificates, ${inProcess.world.cards} cards, ${inProcess.world.cashRegisters} кассы in ${inProcess.loadMs} ms`);
  progress(`  with ${`--max-semi-space-size=${SMALL_SEMI_SPACE_MIB}`}: RSS ${tuned.rssMiB} MiB (young generation ${tuned.youngGenerationMiB} MiB)`);
  progress(`  RSS ${inProcess.baselineRssMiB} → ${inProcess.rssMiB} MiB (young generation ${inProcess.youngGenerationMiB} MiB); in-process snapshot ${inProcess.snapshotMs} ms, restore ${inProcess.restoreMs} ms; snapshot ${mib(inProcess.snapshotBytes)} MiB`);
  const report: MemoryReport = {
    world: inProcess.world,
    baselineRssMiB: inProcess.baselineRssMiB,
    rssMiB: inProcess.rssMiB,
    heapUsedMiB: inProcess.heapUsedMiB,
    heapTotalMiB: inProcess.heapTotalMiB,
    youngGenerationMiB: inProcess.youngGenerationMiB,
    tunedRss: { flag: `--max-semi-space-size=${SMALL_SEMI_SPACE_MIB}`, rssMiB: tuned.rssMiB, youngGenerationMiB: tuned.youngGenerationMiB },
    snapshotBytes: inProcess.snapshotBytes,
    inProcess: { snapshotMs: inProcess.snapshotMs, restoreMs: inProcess.restoreMs },
    notes: [
      `building the world through the FES domain actions took ${inProcess.loadMs} ms`,
      `in process, as JSON bytes (the admin API's work without HTTP): snapshot ${inProcess.textSnapshotMs} ms, restore ${inProcess.textRestoreMs} ms`,
    ],
  };

  // Not pinned: pinning keeps the load generator off the server's core in the throughput runs; here
  // one client sends one request, and a pinned server would also confine V8's collector threads,
  // which a snapshot's allocation burst keeps busy, to one core of a machine that has two.
  const server = new ChildChannel(spawnNode(benchScript('servers.js'), ['poligon'], { nodeArgs: ['--expose-gc'] }), 'poligon server');
  try {
    const { port } = await server.next<{ port: number }>(60_000);
    const url = `http://127.0.0.1:${port}`;
    const body = readFileSync(snapshotPath);
    /** The step's result and the server's CPU time (all threads, ms) while it ran. */
    const withServerCpu = async <T>(step: () => Promise<T>): Promise<[T, number]> => {
      server.child.stdin!.write('cpu\n');
      const before = await server.next<NodeJS.CpuUsage>();
      const result = await step();
      server.child.stdin!.write('cpu\n');
      const after = await server.next<NodeJS.CpuUsage>();
      return [result, round((after.user + after.system - before.user - before.system) / 1000, 0)];
    };
    const [put, putCpuMs] = await withServerCpu(() => timedTransfer(`${url}/__admin/snapshot`, 'PUT', body));
    const restoreMs = put.ms;
    if (put.status !== 200) {
      const answer = put.body.toString('utf8').slice(0, 300);
      report.notes.push(`PUT /__admin/snapshot of the ${mib(inProcess.snapshotBytes)} MiB world was refused with ${put.status}: ${answer}`);
      progress(`  admin PUT refused: ${put.status} ${answer}`);
      return report;
    }
    const [got, getCpuMs] = await withServerCpu(() => timedTransfer(`${url}/__admin/snapshot`, 'GET'));
    const snapshotMs = got.ms;
    if (got.status !== 200) throw new Error(`GET /__admin/snapshot answered ${got.status}`);
    report.notes.push(`admin PUT / GET of the snapshot: ${restoreMs} / ${snapshotMs} ms from the client, ${putCpuMs} / ${getCpuMs} ms of the server's CPU`);
    server.child.stdin!.write('memory\n');
    const usage = await server.next<NodeJS.MemoryUsage>();
    report.admin = { snapshotMs, restoreMs, rssAfterRestoreMiB: mib(usage.rss) };
    progress(`  admin PUT ${restoreMs} ms (server CPU ${putCpuMs} ms), GET ${snapshotMs} ms (server CPU ${getCpuMs} ms); served sandbox RSS ${mib(usage.rss)} MiB`);
    if (fesHasOperation('echo')) {
      const fresh = await echoLatency(url, 'bench-fresh');
      const large = await echoLatency(url, 'default');
      report.echoMedianMs = { freshWorld: fresh, largeWorld: large };
      progress(`  FES echo median (1 connection, ${ECHOES} requests): fresh world ${fresh} ms, large world ${large} ms`);
    }
  } finally {
    await server.stop();
    rmSync(snapshotPath, { force: true });
  }
  return report;
}
