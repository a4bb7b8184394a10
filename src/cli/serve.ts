import type { Command } from 'commander';
import { configFromEnv, configFromFile, type PoligonConfig } from '../engine/config.js';
import { createLogger } from '../engine/log.js';
import { startSandbox } from '../sandbox.js';

interface ServeFlags {
  port?: string;
  host?: string;
  simulators?: string;
  demo?: boolean;
  stateFile?: string;
  seed?: string;
  config?: string;
  logLevel?: PoligonConfig['logLevel'];
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the sandbox (all fakes, or a chosen set) with its demo world')
    .option('-p, --port <port>', 'port to listen on (env POLIGON_PORT)', undefined)
    .option('--host <host>', 'address to bind (env POLIGON_HOST)')
    .option('-s, --simulators <names>', 'comma-separated fakes to serve: gis,fes,ecs (env POLIGON_SIMULATORS)')
    .option('--no-demo', 'start with an empty world (env POLIGON_DEMO=false)')
    .option('--state-file <path>', 'load the default namespace from this snapshot and save it on exit')
    .option('--seed <seed>', 'seed for generated ids and keys')
    .option('-c, --config <file>', 'config file, JSON or YAML (env POLIGON_CONFIG)')
    .option('--log-level <level>', 'silent, info or debug')
    .addHelpText('after', `
Examples:
  $ poligon serve                         # everything on :8080 with the demo world
  $ poligon serve -p 9000 -s fes          # only FES NSPK (with LK FES) on :9000
  $ POLIGON_DEMO=false poligon serve      # an empty world`)
    .action(async (flags: ServeFlags) => {
      const file = flags.config ?? process.env.POLIGON_CONFIG;
      const layers: Array<Partial<PoligonConfig>> = [
        { logLevel: 'info' },
        file ? configFromFile(file) : {},
        configFromEnv(),
        {
          port: flags.port === undefined ? undefined : Number(flags.port),
          host: flags.host,
          simulators: flags.simulators?.split(',').map((s) => s.trim()).filter(Boolean),
          demo: flags.demo === false ? false : undefined,
          stateFile: flags.stateFile,
          seed: flags.seed,
          logLevel: flags.logLevel,
        },
      ];
      const merged = Object.assign({ port: 8080, host: '0.0.0.0' }, ...layers.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined))));
      const log = createLogger(merged.logLevel);
      const sandbox = await startSandbox(merged, log);
      log.info(`Poligon listening on ${sandbox.url} (simulators: ${Object.keys(sandbox.urls).join(', ')})`);
      log.info(`  docs:  ${sandbox.url}/docs    admin: ${sandbox.url}/__admin`);
      if (sandbox.config.demo) {
        for (const section of sandbox.demo()) {
          log.info(`\n${section.title}`);
          for (const [label, value] of section.lines) log.info(`  ${label.padEnd(24)} ${value}`);
        }
      }
      const shutdown = async (signal: string) => {
        log.info(`${signal}: stopping`);
        await sandbox.stop();
        process.exit(0);
      };
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      process.once('SIGINT', () => void shutdown('SIGINT'));
    });
}
