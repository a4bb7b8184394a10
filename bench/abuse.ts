// Memory under abuse (issue 13): a served sandbox with its default limits gets 5,000 refused 250 KB
// posts into one namespace, then requests in 10,000 namespaces; its RSS after GC is read before (the
// baseline, same process), after each, and compared with the bound the default limits promise.
import { randomBytes } from 'node:crypto';
import { DEFAULT_CONFIG } from '../src/engine/config.js';
import { benchScript, ChildChannel, spawnNode } from './lib/proc.js';

/** What the default limits promise: a sandbox stays under 1 GB whatever clients send. */
export const ABUSE_RSS_BOUND_MIB = 1024;
const POSTS = 5_000;
const POST_BYTES = 250 * 1024;
const NAMESPACES = 10_000;
const CONCURRENCY = 16;

export interface AbuseReport {
  boundMiB: number;
  baselineRssMiB: number;
  afterLargePostsRssMiB: number;
  afterNamespacesRssMiB: number;
  /** Answers by status, per phase (the refusals the sandbox gave). */
  statuses: { largePosts: Record<string, number>; namespaces: Record<string, number> };
  limits: { journalMaxBytes: number; journalTotalMaxBytes: number; maxNamespaces: number };
}

const mib = (bytes: number) => Math.round(bytes / 1048576);

/** Sends `count` requests, `CONCURRENCY` at a time, and counts the answers by status. */
async function flood(count: number, send: (i: number) => Promise<Response>): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const status = await send(i).then(async (r) => { await r.arrayBuffer(); return String(r.status); }, () => 'connection error');
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return statuses;
}

export async function measureAbuse(progress: (line: string) => void): Promise<AbuseReport> {
  const server = new ChildChannel(spawnNode(benchScript('servers.js'), ['poligon'], { nodeArgs: ['--expose-gc'] }), 'poligon server');
  try {
    const { port } = await server.next<{ port: number }>(60_000);
    const base = `http://127.0.0.1:${port}`;
    const rss = async () => {
      server.child.stdin!.write('memory\n');
      return mib((await server.next<NodeJS.MemoryUsage>()).rss);
    };
    const baselineRssMiB = await rss();
    // unsigned, so FES refuses each one (401); the journal keeps every refused request
    const filler = JSON.stringify({ requestId: crypto.randomUUID(), echoData: randomBytes(POST_BYTES * 0.74).toString('base64') });
    const largePosts = await flood(POSTS, () => fetch(`${base}/ns/abuse/fes/api/v1/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: filler }));
    const afterLargePostsRssMiB = await rss();
    progress(`  ${POSTS} refused ${POST_BYTES / 1024} KB posts into one namespace: RSS ${baselineRssMiB} → ${afterLargePostsRssMiB} MiB (${JSON.stringify(largePosts)})`);
    const namespaces = await flood(NAMESPACES, (i) => fetch(`${base}/ns/abuse-${i}/fes/api/v1/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    const afterNamespacesRssMiB = await rss();
    progress(`  requests in ${NAMESPACES} namespaces: RSS ${afterNamespacesRssMiB} MiB (${JSON.stringify(namespaces)})`);
    return {
      boundMiB: ABUSE_RSS_BOUND_MIB,
      baselineRssMiB,
      afterLargePostsRssMiB,
      afterNamespacesRssMiB,
      statuses: { largePosts, namespaces },
      limits: { journalMaxBytes: DEFAULT_CONFIG.journalMaxBytes, journalTotalMaxBytes: DEFAULT_CONFIG.journalTotalMaxBytes, maxNamespaces: DEFAULT_CONFIG.maxNamespaces },
    };
  } finally {
    await server.stop();
  }
}
