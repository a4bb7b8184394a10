// The facts a benchmark figure means nothing without.
import { cpus, freemem, loadavg, totalmem, type as osType, release } from 'node:os';
import { execSync } from 'node:child_process';
import { mib } from './stats.js';

export interface MachineFacts {
  date: string;
  cores: number;
  cpuModel: string;
  memoryMiB: number;
  freeMemoryMiB: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverage1m: number;
  gitCommit: string;
}

export function machineFacts(): MachineFacts {
  let gitCommit = 'unknown';
  try {
    gitCommit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch { /* not a git checkout */ }
  return {
    date: new Date().toISOString(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryMiB: mib(totalmem()),
    freeMemoryMiB: mib(freemem()),
    os: `${osType()} ${release()}`,
    node: process.version,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    gitCommit,
  };
}
