// `poligon` — the command line. Each command lives in src/cli/<command>.ts and registers itself here.
// Exit codes: 0 done, 1 the command ran and failed (e.g. a scenario failed), 2 bad usage (a flag,
// environment variable or file the user gave is wrong: the message says which).
import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from './engine/paths.js';
import { registerServe } from './cli/serve.js';
import { registerPacks } from './cli/packs.js';
import { registerReport } from './cli/report.js';
import { registerRun } from './cli/run.js';
import { registerValidate } from './cli/validate.js';
import { EXIT_USAGE, UsageError } from './cli/usage.js';

export function buildProgram(): Command {
  const program = new Command('poligon')
    .description('Stateful sandbox and conformance suite for FES NSPK (with LK FES), GIS ES and the Yakutia ECS web service')
    .version(PACKAGE_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText('after', `
Examples:
  $ poligon serve                      # every fake on http://localhost:8080 with the demo world
  $ poligon serve --help               # all settings: flags, POLIGON_* variables, config file
  $ poligon <command> --help           # help for one command`);
  registerServe(program);
  registerRun(program);
  registerValidate(program);
  registerReport(program);
  registerPacks(program);
  return program;
}

/** Runs the CLI and returns its exit code (long-running commands like `serve` keep the process alive). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    if (e instanceof UsageError) {
      process.stderr.write(`poligon: ${e.message}\n(run with --help for usage)\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`poligon: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
