// `poligon` — the command line. Each command lives in src/cli/<command>.ts.
import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from './engine/paths.js';
import { registerServe } from './cli/serve.js';

export function buildProgram(): Command {
  const program = new Command('poligon')
    .description('Stateful sandbox and conformance suite for FES NSPK, GIS ES and the Yakutia ECS web service')
    .version(PACKAGE_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServe(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    process.stderr.write(`poligon: ${(e as Error).message}\n`);
    return 2;
  }
}

const exitCode = await main(process.argv);
if (exitCode !== 0) process.exitCode = exitCode;
