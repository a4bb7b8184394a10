// Runs the CLI as a user types it: `node bin/poligon.js …` against the compiled dist/.
// ensureBuilt() runs `npm run build` once when dist/ is older than the sources (a lock keeps
// test files that run in parallel from building twice).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmdirSync, statSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/poligon.js');
const BUILT = join(ROOT, 'dist/bundle/cli.js');
const LOCK = join(tmpdir(), `poligon-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const isStale = () =>
  !existsSync(BUILT) ||
  Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'simulators')), newestSource(join(ROOT, 'scripts')), statSync(join(ROOT, 'package.json')).mtimeMs) >
    statSync(BUILT).mtimeMs;

export async function ensureBuilt(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // another test file is building; a lock older than 3 minutes was left by a killed run
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 180_000) rmdirSync(LOCK);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (isStale()) {
      // tsc emits even when a work-in-progress file elsewhere has type errors; `npm test` reports those.
      spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
      if (!existsSync(BUILT)) throw new Error('`npm run build` did not produce dist/bundle/cli.js');
    }
  } finally {
    rmdirSync(LOCK);
  }
}

/** The environment of a user with no POLIGON_* settings, plus `extra`. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('POLIGON_')));
  return { ...env, ...extra };
}

export interface CliResult { code: number | null; stdout: string; stderr: string }

export function poligon(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: userEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningServe {
  url: string;
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills the servers a failed test left running (call from afterAll). */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Starts `poligon serve …` and resolves once its banner names the URL it serves on. */
export function serve(args: string[], options: { env?: Record<string, string> } = {}): Promise<RunningServe> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: userEnv(options.env) });
  running.add(child);
  child.on('close', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      const url = /serving on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) {
        resolve({
          url,
          child,
          stdout: () => stdout,
          stderr: () => stderr,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code} before it was ready:\n${stderr}`)));
  });
}
