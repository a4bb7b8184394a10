// Runs the `poligon` CLI in this process (no build, no spawn), capturing what it prints: `out` both
// streams as they came, `stdout` and `stderr` apart. As a user with no POLIGON_* settings, plus `env`.
import { vi } from 'vitest';
import { main } from '../../src/cli.js';

export interface InProcessResult { code: number; out: string; stdout: string; stderr: string }

export const poligonInProcess = (...args: string[]): Promise<InProcessResult> => poligonInProcessWithEnv({}, ...args);

export async function poligonInProcessWithEnv(env: Record<string, string>, ...args: string[]): Promise<InProcessResult> {
  const saved = Object.entries(process.env).filter(([name]) => name.startsWith('POLIGON_') || name in env);
  for (const [name] of saved) delete process.env[name];
  Object.assign(process.env, env);
  const out: string[] = [];
  const streams = { stdout: [] as string[], stderr: [] as string[] };
  const writer = (name: keyof typeof streams) => (chunk: unknown) => {
    out.push(String(chunk));
    streams[name].push(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(writer('stdout'));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(writer('stderr'));
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'poligon', ...args]);
    return { code, out: out.join(''), stdout: streams.stdout.join(''), stderr: streams.stderr.join('') };
  } finally {
    process.exitCode = undefined;
    for (const name of Object.keys(env)) delete process.env[name];
    Object.assign(process.env, Object.fromEntries(saved));
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
