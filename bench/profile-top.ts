// Reads a V8 .cpuprofile (node --cpu-prof) and prints where the busy time went: the functions with
// the most self time, and self time by area (a package under node_modules, a source folder, Node's
// internals). Idle time is left out of the shares; --skip-ms leaves out the start of the profile
// (module loading, schema compilation) so that what remains is the steady state under load.
// By default the count starts at the first request (the first sample under Node's parserOnIncoming).
//   node bench/results/build/bench/profile-top.js <file.cpuprofile> [--top 30] [--skip-ms 0] [--start-at parserOnIncoming]
//     [--requests N: the requests the server answered, for µs per request]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  functions: Array<{ name: string; ms: number; share: number }>;
  areas: Array<{ area: string; ms: number; share: number }>;
}

const NOT_BUSY = new Set(['(idle)', '(program)']);

/** A file's path relative to the working directory, without the bench build prefix. */
function location(url: string): string {
  if (!url) return '';
  return url.startsWith('file:') ? relative(process.cwd(), fileURLToPath(url)).replace(/^bench\/results\/build\//, '') : url;
}

function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = location(url);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1]!;
  const source = /^(src\/[^/]+|simulators\/[^/]+|bench)\//.exec(path);
  return source ? source[1]! : path;
}

/**
 * @param startAt only samples from the first one whose stack holds a function of this name on (e.g.
 *   "parserOnIncoming", Node's HTTP server taking a request: from the first request on), or from the
 *   start when undefined
 */
export function summarize(profile: CpuProfile, top: number, skipMs = 0, startAt?: string): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const inStack = (id: number): boolean => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parents.get(cur)) {
      if (nodes.get(cur)!.callFrame.functionName === startAt) return true;
    }
    return false;
  };
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let elapsed = 0;
  let busy = 0;
  let idle = 0;
  let started = startAt === undefined;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    elapsed += us;
    if (elapsed < skipMs * 1000) return;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    started ||= inStack(id);
    if (!started) return;
    if (NOT_BUSY.has(functionName)) { idle += us; return; }
    busy += us;
    const where = location(url);
    const name = `${functionName || '(anonymous)'}${where ? ` ${where}:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  });
  const rows = <K extends string>(m: Map<string, number>, key: K) => [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => ({ [key]: k, ms: Math.round(us / 100) / 10, share: Math.round((us / busy) * 1000) / 10 }) as { [P in K]: string } & { ms: number; share: number });
  return { busyMs: Math.round(busy / 1000), idleMs: Math.round(idle / 1000), functions: rows(byFunction, 'name'), areas: rows(byArea, 'area') };
}

if (process.argv[1]?.endsWith('profile-top.js')) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: {
    top: { type: 'string', default: '30' },
    'skip-ms': { type: 'string', default: '0' },
    'start-at': { type: 'string', default: 'parserOnIncoming' },
    requests: { type: 'string' },
  } });
  const file = positionals[0];
  if (!file) throw new Error('usage: profile-top.js <file.cpuprofile> [--top 30] [--skip-ms 0] [--start-at parserOnIncoming] [--requests N]');
  const s = summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(values.top), Number(values['skip-ms']), values['start-at'] || undefined);
  // with the number of requests the profiled server answered, each row also gives µs per request
  const requests = values.requests ? Number(values.requests) : undefined;
  const perRequest = (ms: number) => (requests ? `${String(Math.round((ms * 1000) / requests)).padStart(6)} µs/req ` : '');
  console.log(`${file}: ${s.busyMs} ms busy, ${s.idleMs} ms idle (shares are of busy time)${requests ? `; ${perRequest(s.busyMs)}busy` : ''}`);
  console.log('\nself time by area');
  for (const a of s.areas) console.log(`${String(a.ms).padStart(9)} ms ${perRequest(a.ms)}${String(a.share).padStart(5)} %  ${a.area}`);
  console.log('\nself time by function');
  for (const f of s.functions) console.log(`${String(f.ms).padStart(9)} ms ${perRequest(f.ms)}${String(f.share).padStart(5)} %  ${f.name}`);
}
