// `npm test`: the typecheck and the unit suite side by side. tsc is single-threaded and the suite
// leaves a core partly idle while its tests wait on sockets and child processes: run one after the
// other, a 2-core machine had a core idle for the whole typecheck. tsc's report comes after the
// suite's, so the two never interleave; the command fails if either does. Arguments go to vitest.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const exited = (child) => new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const typecheck = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], { stdio: ['ignore', 'pipe', 'pipe'] });
const report = [];
typecheck.stdout.on('data', (d) => report.push(d));
typecheck.stderr.on('data', (d) => report.push(d));
const suite = spawn(process.execPath, [join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs'), 'run', '--project', 'unit', ...process.argv.slice(2)], { stdio: 'inherit' });

const [typed, tested] = await Promise.all([exited(typecheck), exited(suite)]);
process.stdout.write(Buffer.concat(report));
console.log(typed === 0 ? 'typecheck (tsc --noEmit): no errors' : `typecheck (tsc --noEmit) failed with exit code ${typed}`);
process.exitCode = typed || tested;
