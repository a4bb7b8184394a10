// Starting and stopping a sandbox: in-process for Node test suites (`startSandbox`), and under the
// CLI's `serve`. Stopping closes every socket and pending journal wait, so nothing leaks.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { builtinSimulators } from '../simulators/index.js';
import { AdminClient } from './client/admin-client.js';
import type { InProcessCore } from './client/http.js';
import { demoFesClient, type DemoCredentials, type FesClient } from './client/fes-client.js';
import { createApp, type PoligonApp } from './engine/app.js';
import { ConfigError, resolveConfig, type PoligonConfig } from './engine/config.js';
import { isLoopback } from './engine/guard.js';
import { createLogger, type Logger } from './engine/log.js';
import { parseJsonBytes } from './engine/json.js';
import type { DemoSection, Simulator } from './engine/simulator.js';
import { withWebUi } from './ui/pages.js';

export interface SandboxOptions extends Partial<PoligonConfig> {
  /** Simulators to offer (default: the built-in FES, GIS ES and ECS fakes). */
  available?: ReadonlyArray<Simulator<any>>;
}

export interface Sandbox {
  /** Root URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Base URL of each simulator in the default namespace, e.g. urls.fes. */
  urls: Record<string, string>;
  /** The admin API of the default namespace (`forNamespace` for others), answered by the core in process. */
  admin: AdminClient;
  config: PoligonConfig;
  /** The demo world of a namespace as data: typed credentials, ids and cards of every fake served. */
  demo(namespace?: string): DemoCredentials;
  /** The demo world of a namespace as the start-up banner prints it (label → value lines). */
  demoSections(namespace?: string): DemoSection[];
  /**
   * Signed FES requests as the demo касса of the default namespace, with its virtual time
   * (`await sandbox.fes!.post('/api/v1/echo', { echoData: 'hi' })`); undefined without FES or the demo world.
   */
  fes: FesClient | undefined;
  stop(): Promise<void>;
  /** The app behind the server; `poligon.handler` is its node:http request listener (e.g. for supertest). */
  readonly poligon: PoligonApp;
}

/**
 * Starts the sandbox in-process. Port 0 (the default here) picks a free port.
 *
 * ```ts
 * const sandbox = await startSandbox();
 * const res = await fetch(`${sandbox.urls.fes}/api/v1/echo`, …);
 * await sandbox.stop();
 * ```
 */
export async function startSandbox(options: SandboxOptions = {}, log?: Logger): Promise<Sandbox> {
  const { available = builtinSimulators, ...overrides } = options;
  const config = resolveConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }, overrides);
  const logger = log ?? createLogger(config.logLevel);
  const poligon = createApp(config, available, logger);
  if (config.stateFile) loadStateFile(poligon, config.stateFile, logger);

  if (!config.adminToken && !isLoopback(config.host)) {
    logger.error(`WARNING: bound to ${config.host} without an admin token: anyone who reaches this port can read every secret `
      + '(GET /__admin/snapshot) and reset or change any namespace. Set --admin-token (POLIGON_ADMIN_TOKEN) on a shared machine.');
  }

  const server: Server = createServer({
    // node:http's own limits: a slow or idle client cannot hold a connection (a file descriptor) for long
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
  }, withWebUi(poligon)); // the web UI's pages and runs API beside the app (src/ui/pages.ts)
  server.maxConnections = config.maxConnections;
  server.maxRequestsPerSocket = config.maxRequestsPerSocket;
  const sockets = new Set<Socket>();
  /** Requests being answered: a graceful stop lets them finish. */
  let inFlight = 0;
  const drained: Array<() => void> = [];
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => {
      if (--inFlight === 0) for (const done of drained.splice(0)) done();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  poligon.setBaseUrl(url);
  const stopWarmingUp = warmUpInBackground(poligon, logger);

  let stopped = false;
  // the sandbox is in this process: its admin client asks the core directly, with no socket; once
  // stopped, it is refused as a closed port would be
  const core: InProcessCore = (request) => (stopped ? Promise.reject(new Error(`the sandbox at ${url} is stopped`)) : poligon.handle(request));
  const admin = new AdminClient(url, undefined, { token: config.adminToken, core });
  const demo = (namespace = config.defaultNamespace) => poligon.store.demoCredentials(namespace, url) as DemoCredentials;
  return {
    url,
    port,
    urls: Object.fromEntries(poligon.simulators.map((s) => [s.name, `${url}/${s.name}`])),
    admin,
    config,
    poligon,
    demo,
    demoSections: (namespace = config.defaultNamespace) => poligon.store.describeDemo(namespace, url),
    fes: demoFesClient(demo(), admin, poligon.simulators.find((s) => s.name === 'fes')?.clientAuth?.['fes-mac']),
    async stop() {
      if (stopped) return;
      stopped = true;
      stopWarmingUp();
      // stop accepting, let the requests being answered finish (bounded), then save and close the rest
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, config.shutdownGraceMs);
          drained.push(() => { clearTimeout(timer); resolve(); });
        });
      }
      if (config.stateFile) saveStateFile(poligon, config.stateFile, logger);
      poligon.store.close();
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

/**
 * Warms up once the port is open: loads the docs pages (express), then compiles the schemas
 * not compiled yet, one per event-loop turn. Doing it all up front costs about a second of CPU,
 * which would hold the sandbox's start-up (the Docker image must be ready well under a second after
 * it starts). It begins a moment after the port opens, so that the first requests (a health check,
 * a client's first call) do not wait behind it. Requests are served meanwhile; one that needs a part
 * not loaded yet loads it itself.
 */
const BACKGROUND_WARM_UP_DELAY_MS = 500;

function warmUpInBackground(poligon: PoligonApp, log: Logger): () => void {
  const { registry } = poligon;
  const pending = registry.ids();
  let next: NodeJS.Immediate | undefined;
  const compileOne = () => {
    const id = pending.shift();
    if (id === undefined) return;
    try {
      registry.validator(id);
    } catch (e) {
      log.error(`schema ${id} does not compile: ${(e as Error).message}`);
    }
    next = setImmediate(compileOne);
  };
  const start = setTimeout(() => {
    poligon.preload();
    next = setImmediate(compileOne);
  }, BACKGROUND_WARM_UP_DELAY_MS);
  return () => {
    clearTimeout(start);
    clearImmediate(next);
  };
}

function loadStateFile(poligon: PoligonApp, path: string, log: Logger): void {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    log.info(`state file ${path} does not exist yet; it will be written on shutdown`);
    return;
  }
  try {
    poligon.store.get(poligon.config.defaultNamespace).restoreParsed(parseJsonBytes(bytes));
  } catch (e) {
    throw new ConfigError(`state file ${path} cannot be loaded: ${(e as Error).message}. Fix or delete it (it is rewritten on shutdown).`);
  }
  log.info(`state restored from ${path}`);
}

/**
 * Writes the state beside the file, flushes it and renames it over the file: a stop cut short (kill -9,
 * a full disk) leaves the previous state whole rather than half a file.
 */
export function saveStateFile(poligon: PoligonApp, path: string, log: Logger): void {
  const text = poligon.store.get(poligon.config.defaultNamespace).snapshotPieces();
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    for (const piece of text) writeSync(fd, piece);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  log.info(`state saved to ${path}`);
}
