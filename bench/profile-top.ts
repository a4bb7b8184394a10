// Reads V8 .cpuprofile files (node --cpu-prof) and prints the functions with the most self time:
// `node bench/results/build/bench/profile-top.js <file.cpuprofile> [how many]`.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function topSelfTime(profile: CpuProfile, count: number): Array<{ name: string; ms: number; share: number }> {
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = byNode.get(node.id);
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.startsWith('file:') ? relative(process.cwd(), fileURLToPath(url)) : url}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const total = profile.endTime - profile.startTime;
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: Math.round((us / total) * 1000) / 10 }));
}

if (process.argv[1]?.endsWith('profile-top.js')) {
  const [file, count = '25'] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top.js <file.cpuprofile> [count]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(`${file}: ${Math.round((profile.endTime - profile.startTime) / 1000)} ms profiled`);
  for (const row of topSelfTime(profile, Number(count))) console.log(`${String(row.ms).padStart(9)} ms ${String(row.share).padStart(5)} %  ${row.name}`);
}
