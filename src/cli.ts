// `poligon` — the command line. Each command lives in src/cli/<command>.ts and registers itself here.
// Exit codes: 0 done, 1 the command ran and failed (e.g. a scenario failed), 2 bad usage (a flag,
// environment variable or file the user gave is wrong: the message says which).
import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from './engine/paths.js';
import { EXIT_USAGE, UsageError } from './cli/usage.js';

type Register = (program: Command) => void;

// Loaded on demand: only the command named on the command line is imported (all of them for the
// top-level --help), so `serve` does not pay for the report renderers and `--port abc` fails fast.
const COMMANDS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./cli/serve.js')).registerServe,
  run: async () => (await import('./cli/run.js')).registerRun,
  validate: async () => (await import('./cli/validate.js')).registerValidate,
  report: async () => (await import('./cli/report.js')).registerReport,
  packs: async () => (await import('./cli/packs.js')).registerPacks,
  fes: async () => (await import('./cli/fes.js')).registerFes,
  driver: async () => (await import('./cli/driver.js')).registerDriver,
};

/** The program with the commands named in `only` (default: all of them). */
export async function buildProgram(only: string[] = Object.keys(COMMANDS)): Promise<Command> {
  const program = new Command('poligon')
    .description('Stateful sandbox and conformance suite for FES NSPK (with LK FES), GIS ES and the Yakutia ECS web service')
    .version(PACKAGE_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText('after', `
Examples:
  $ poligon serve                      # every fake on http://localhost:8080 with the demo world
  $ poligon serve --help               # all settings: flags, POLIGON_* variables, config file
  $ poligon run sandbox-smoke --target http://localhost:8080   # a scenario pack against it
  $ poligon <command> --help           # help for one command`);
  for (const name of only) (await COMMANDS[name]!())(program);
  return program;
}

/** Runs the CLI and returns its exit code (long-running commands like `serve` keep the process alive). */
export async function main(argv: string[]): Promise<number> {
  const named = argv.slice(2).find((a) => !a.startsWith('-'));
  const program = await buildProgram(named && named in COMMANDS ? [named] : undefined);
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
