// `poligon serve`: the sandbox as a long-running process (a terminal, the Docker image, compose).
// Prints where everything is and the demo world's credentials; SIGTERM/SIGINT stop it cleanly
// (the state file, if any, is saved) with exit code 0.
import { accessSync, constants, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ProfileError } from '../../simulators/fes/profile.js';
import { ConfigError, type PoligonConfig } from '../engine/config.js';
import { createLogger } from '../engine/log.js';
import { PACKAGE_VERSION } from '../engine/paths.js';
import { startSandbox, type Sandbox } from '../sandbox.js';
import { UI_PAGES } from '../ui/pages.js';
import { CONFIG_FILE_ENV, serveConfig, settingOptions } from './settings.js';
import { UsageError } from './usage.js';

export function registerServe(program: Command): void {
  const serve = program
    .command('serve')
    .description('start the sandbox: all fakes (FES NSPK with LK FES, GIS ES, ECS) or a chosen set, with the demo world');
  for (const option of settingOptions()) serve.addOption(option);
  serve
    .addOption(new Option('-c, --config <file>', `settings file, JSON or YAML, with the keys listed below [env ${CONFIG_FILE_ENV}]`))
    .addOption(new Option('--fes-profile <file>', `FES protocol profile to serve (docs/fes.md; default: the modeled one) [env ${FES_PROFILE_ENV}; config file simulatorOptions.fes.profile]`))
    .addHelpText('after', `
Settings come from (later wins): defaults < config file < POLIGON_* environment variables < flags.
Config file keys: port, host, simulators, demo, seed, stateFile, logLevel, bodyLimitBytes,
jsonMaxDepth, jsonMaxArrayItems, journalLimit, journalMaxBytes, journalTotalMaxBytes, journalBodyMaxBytes, snapshotMaxBytes, maxNamespaces,
namespaceIdleMs, maxConnections, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs,
maxRequestsPerSocket, shutdownGraceMs, adminToken, allowedOrigins, slowThresholdMs, trustProxy, validateResponses,
simulatorOptions.

Examples:
  $ poligon serve                              # every fake on :8080 with the demo world
  $ poligon serve -p 9000 -s fes               # only FES NSPK (with LK FES) on :9000
  $ poligon serve --no-demo --seed ci-42       # an empty world, reproducible generated ids
  $ poligon serve --state-file .poligon/state.json   # keep the default namespace across restarts
  $ POLIGON_PORT=8081 POLIGON_SIMULATORS=gis,fes poligon serve
  $ poligon serve -c poligon.yaml              # e.g. "port: 8081\\nsimulators: [ecs]"
  $ poligon serve --fes-profile nspk.yaml      # FES with a vendor's transport (poligon fes align --write-profile)

Once it runs: docs at http://localhost:8080/docs, health at /__admin/health, the demo world at /__admin/demo.`)
    .action(async (flags: Record<string, unknown>) => {
      const config = withFesProfile(serveConfig(flags), flags.fesProfile as string | undefined);
      if (config.stateFile) checkStateFileWritable(config.stateFile);
      const log = createLogger(config.logLevel);
      const sandbox = await listen(config, log);
      const urlFile = writeUrlFile(sandbox, log);
      if (config.logLevel !== 'silent') process.stdout.write(banner(sandbox));
      stopOnSignals(sandbox, urlFile);
    });
}

const FES_PROFILE_ENV = 'POLIGON_FES_PROFILE';

/** --fes-profile, else POLIGON_FES_PROFILE, else the config file's simulatorOptions.fes.profile. */
function withFesProfile(config: PoligonConfig, flag: string | undefined): PoligonConfig {
  const file = flag ?? (process.env[FES_PROFILE_ENV] || undefined);
  if (file === undefined) return config;
  return { ...config, simulatorOptions: { ...config.simulatorOptions, fes: { ...config.simulatorOptions.fes, profile: file } } };
}

/** The state file is written at stop: find out now, not after the session's state is built, whether it can be. */
function checkStateFileWritable(path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`--state-file ${path}: folder ${folder} does not exist`);
  }
  const target = existsSync(path) ? resolve(path) : folder;
  try {
    accessSync(target, constants.W_OK);
  } catch {
    const user = process.getuid ? ` (uid ${process.getuid()})` : '';
    throw new UsageError(`--state-file ${path}: ${target} is not writable by this user${user}, so the state could not be saved at stop. ` +
      'In the Docker image, keep it on the node-owned /data volume (e.g. -v poligon-data:/data -e POLIGON_STATE_FILE=/data/state.json)');
  }
}

/**
 * POLIGON_URL_FILE (set in the Docker image): where to write the URL the server actually answers on,
 * so the image's HEALTHCHECK asks the bound port whatever set it (flag, variable or config file).
 * A read-only file system only costs the file: the check then falls back to POLIGON_PORT or 8080.
 */
function writeUrlFile(sandbox: Sandbox, log: ReturnType<typeof createLogger>): string | undefined {
  const path = process.env.POLIGON_URL_FILE;
  if (!path) return undefined;
  try {
    writeFileSync(path, `${sandbox.url}\n`);
    return path;
  } catch (e) {
    log.info(`POLIGON_URL_FILE ${path} not written (${(e as Error).message}); the health check falls back to POLIGON_PORT or 8080`);
    return undefined;
  }
}

async function listen(config: PoligonConfig, log: ReturnType<typeof createLogger>): Promise<Sandbox> {
  try {
    return await startSandbox(config, log);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof ProfileError) throw new UsageError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${config.port} is already in use on ${config.host}: choose another with --port or POLIGON_PORT`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot bind to host ${config.host}: use an address of this machine, e.g. 0.0.0.0 or 127.0.0.1`);
    throw e;
  }
}

function banner(sandbox: Sandbox): string {
  const out = [
    `Poligon ${PACKAGE_VERSION} serving on ${sandbox.url} (bound to ${sandbox.config.host}:${sandbox.port}, ready ${Math.round(process.uptime() * 1000)} ms after start)`,
    ...Object.entries(sandbox.urls).map(([name, url]) => `  ${name.padEnd(6)} ${url}`),
    `  docs   ${sandbox.url}/docs`,
    `  ui     ${sandbox.url}${UI_PAGES.console} (sandbox console) · ${sandbox.url}${UI_PAGES.gis} (GIS ES cabinet) · ${sandbox.url}${UI_PAGES.fes} (LK FES cabinet)`,
    // /__admin itself has no page: name addresses that answer
    `  admin  ${sandbox.url}/__admin/health · ${sandbox.url}/__admin/demo (the demo world as data)`,
  ];
  if (sandbox.config.demo) {
    for (const section of sandbox.demoSections()) {
      out.push('', section.title);
      for (const [label, value] of section.lines) out.push(`  ${label.padEnd(28)} ${value}`);
    }
  } else {
    out.push('', 'Demo world off: every namespace starts empty.');
  }
  return `${out.join('\n')}\n\n`;
}

function stopOnSignals(sandbox: Sandbox, urlFile: string | undefined): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`poligon: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`poligon: ${signal} received, stopping\n`);
    if (urlFile) rmSync(urlFile, { force: true });
    sandbox.stop().then(
      () => process.exit(0),
      (e: Error) => {
        process.stderr.write(`poligon: could not stop cleanly: ${e.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
