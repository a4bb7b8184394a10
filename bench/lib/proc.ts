// Child processes of the benchmark: the server under test and the load generator each get their own
// process (and, when `taskset` exists on a machine with 2 or more cores, their own core), so that they
// never share an event loop. Children talk back with lines "@bench <json>" on stdout.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MESSAGE_PREFIX = '@bench ';

/** Cores the server under test and the load generator are pinned to. */
export const CORES = { server: 0, load: 1 } as const;

export const canPin = cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Absolute path of a compiled bench module, e.g. benchScript('servers.js'). */
export const benchScript = (name: string): string => fileURLToPath(new URL(`../${name}`, import.meta.url));

export interface SpawnOptions {
  /** Core to pin to (ignored when pinning is off or unavailable). */
  cpu?: number;
  pin?: boolean;
  nodeArgs?: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Drop the child's stderr (e.g. the CLI's own shutdown message) instead of passing it through. */
  quiet?: boolean;
}

export function spawnNode(script: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  const nodeArgv = [...(opts.nodeArgs ?? []), script, ...args];
  const pinned = opts.pin !== false && canPin && opts.cpu !== undefined;
  const [command, argv] = pinned ? ['taskset', ['-c', String(opts.cpu), process.execPath, ...nodeArgv]] : [process.execPath, nodeArgv];
  return spawn(command, argv, {
    stdio: ['pipe', 'pipe', opts.quiet ? 'ignore' : 'inherit'],
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd,
  });
}

/** Resolves with the messages a child sends, one at a time. */
export class ChildChannel {
  private queue: unknown[] = [];
  private waiting: Array<{ resolve: (m: unknown) => void; reject: (e: Error) => void }> = [];
  private exited: Error | undefined;

  constructor(readonly child: ChildProcess, private readonly label: string) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith(MESSAGE_PREFIX)) return;
      const message = JSON.parse(line.slice(MESSAGE_PREFIX.length));
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(message);
      else this.queue.push(message);
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(`${label} exited (code ${code}, signal ${signal}) before answering`);
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    });
  }

  next<T>(timeoutMs = 120_000): Promise<T> {
    if (this.queue.length) return Promise.resolve(this.queue.shift() as T);
    if (this.exited) return Promise.reject(this.exited);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label} did not answer within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push({
        resolve: (m) => { clearTimeout(timer); resolve(m as T); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
    });
  }

  /** Asks the child to exit (closing its stdin) and waits for it; kills it if it lingers. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  }
}

/** In a child: sends one message to the parent. */
export function tellParent(message: unknown): void {
  process.stdout.write(`${MESSAGE_PREFIX}${JSON.stringify(message)}\n`);
}

/** In a child: exit cleanly (so that --cpu-prof profiles get written) when the parent closes stdin or sends SIGTERM. */
export function exitWithParent(beforeExit?: () => Promise<void> | void): void {
  const exit = async () => {
    await beforeExit?.();
    process.exit(0);
  };
  process.stdin.on('end', () => void exit());
  process.stdin.resume();
  process.once('SIGTERM', () => void exit());
}
