// `npm start` and `prepare`: build dist/ only when it is missing or older than the sources, and say
// nothing when it is current, so that the sandbox's banner is the first thing `npm start` prints.
// Without a compiler (a path install of a clone with production dependencies only) it says what to do.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'bundle', 'cli.js');

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = ['src', 'simulators', 'scripts', 'ui'].map((d) => newest(join(root, d)));
const current = existsSync(built) && Math.max(...sources, statSync(join(root, 'package.json')).mtimeMs) <= statSync(built).mtimeMs;
if (current) process.exit(0);

let compiler = true;
try {
  createRequire(join(root, 'package.json')).resolve('typescript');
} catch {
  compiler = false;
}
if (!compiler) {
  if (existsSync(built)) process.exit(0); // a packed copy: dist/ ships built, sources are not there to compare
  console.error(`poligon: dist/ is not built and the TypeScript compiler is not installed here (${root}).\n` +
    'Run `npm ci` in that folder first, or install the packed package instead: `npm pack` there, then `npm install ./poligon-<version>.tgz`.');
  process.exit(1);
}
const run = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
