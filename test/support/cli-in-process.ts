// Runs the `poligon` CLI in this process (no build, no spawn), capturing what it prints.
import { vi } from 'vitest';
import { main } from '../../src/cli.js';

export async function poligonInProcess(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const write = (chunk: unknown) => { out.push(String(chunk)); return true; };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(write);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(write);
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'poligon', ...args]);
    return { code, out: out.join('') };
  } finally {
    process.exitCode = undefined;
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
