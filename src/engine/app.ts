// The app: one request listener. Simulator traffic (/<simulator>/… and /ns/<namespace>/<simulator>/…)
// goes straight to that simulator's pipeline on node:http; everything else (the admin API, the
// OpenAPI documents and docs pages, the index, unknown paths) to an express app that is loaded on
// the first such request. Express's router and body-parser cost more per request than the whole
// rest of an FES echo, and loading express is a third of a sandbox's start-up.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { PoligonConfig } from './config.js';
import { ENGINE_SECTION, EngineErrors, ErrorCatalogue, renderAdminError, type PoligonError } from './errors.js';
import { clientAddressResolver, parseQuery, sendJson, splitUrl } from './http.js';
import { maskingLogger, type Logger } from './log.js';
import { PACKAGE_VERSION } from './paths.js';
import { guardRequest, type AdminTarget, type GuardOptions } from './guard.js';
import { JournalBudget, keepJournalHeaders } from './journal.js';
import { NamespaceStore, type Namespace } from './namespace.js';
import { simulatorPipeline, type SimulatorRequest } from './pipeline.js';
import { ADMIN_API } from './admin-operations.js';
import { SCHEMAS_DIR } from './paths.js';
import { sharedSchemaRegistry, type SchemaRegistry, type SchemaSource } from './schemas.js';
import { SecretNames } from './secrets.js';
import type { Simulator } from './simulator.js';

export const NAMESPACE_HEADER = 'x-poligon-namespace';
/** The readiness probe (Docker HEALTHCHECK, testcontainers): answered without loading the admin API. */
const HEALTH_PATH = '/__admin/health';

export interface PoligonApp {
  /** The node:http request listener serving everything (also usable with supertest). */
  handler: RequestListener;
  store: NamespaceStore;
  simulators: ReadonlyArray<Simulator<any>>;
  /** This sandbox's errors: the engine's and its simulators'. */
  catalogue: ErrorCatalogue;
  /** This sandbox's schemas: the admin API's and those its simulators name. */
  registry: SchemaRegistry;
  /** The names this sandbox's secrets travel under: the generic ones and its simulators'. */
  secretNames: SecretNames;
  config: PoligonConfig;
  /** Set by the server once it listens, so that demo descriptions can give full URLs. */
  setBaseUrl(url: string): void;
  /** Loads the admin API and docs ahead of their first request (the server does it once it is up). */
  preload(): void;
  baseUrl(): string;
}

/** The schema ids a simulator names: its own list, its operations', the events it publishes and its state's. */
function schemaIdsOf(sim: Simulator<any>): string[] {
  const ids = [...sim.schemas, ...Object.values(sim.publishes ?? {}), ...(sim.stateSchema ? [sim.stateSchema] : [])];
  for (const op of sim.operations) {
    ids.push(...[op.request?.body, op.request?.query, op.request?.params].filter((id): id is string => id !== undefined));
    for (const response of Object.values(op.responses)) if (response.schema) ids.push(response.schema);
  }
  return ids;
}

/** The sandbox's schema sources: the admin API's, then each simulator's from its own folder. */
export function schemaSources(simulators: ReadonlyArray<Simulator<any>>): SchemaSource[] {
  return [
    { root: SCHEMAS_DIR, ids: ADMIN_API.schemas },
    ...simulators.map((sim) => ({ root: sim.schemaRoot ?? SCHEMAS_DIR, ids: schemaIdsOf(sim) })),
  ];
}

export function selectSimulators(all: ReadonlyArray<Simulator<any>>, names: string[]): Array<Simulator<any>> {
  if (names.length === 0) return [...all];
  const unknown = names.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown simulator(s) ${unknown.join(', ')}; available: ${all.map((s) => s.name).join(', ')}`);
  return all.filter((s) => names.includes(s.name));
}

/** Where a path points: a simulator's mount (its name lower-cased, as express matched mounts) and the rest. */
interface Target {
  /** From a /ns/<namespace> prefix, still percent-encoded. */
  namespace?: string;
  mount: string;
  /** Below the mount point, as sent. */
  path: string;
}

function targetOf(pathname: string): Target {
  const segments = pathname.split('/');
  if (segments[1]?.toLowerCase() === 'ns' && segments[2] && segments.length > 3) {
    return { namespace: segments[2], mount: segments[3]!.toLowerCase(), path: `/${segments.slice(4).join('/')}` };
  }
  return { mount: (segments[1] ?? '').toLowerCase(), path: `/${segments.slice(2).join('/')}` };
}

/**
 * A topic a simulator publishes that no simulator it could be served with hears is a mistake (a typo,
 * a forgotten subscriber): refused at start in development (responses validated), logged otherwise.
 * Heard among all the simulators offered, not only those served: LK FES served without GIS ES still
 * announces its кассы, to nobody.
 */
function checkEventContracts(served: ReadonlyArray<Simulator<any>>, offered: ReadonlyArray<Simulator<any>>, strict: boolean, log: Logger): void {
  const heard = new Set(offered.flatMap((s) => Object.keys(s.events ?? {})));
  for (const sim of served) {
    for (const topic of Object.keys(sim.publishes ?? {})) {
      if (heard.has(topic)) continue;
      const problem = `simulator "${sim.name}" publishes "${topic}", which no simulator subscribes to`;
      if (strict) throw new Error(problem);
      log.error(problem);
    }
  }
}

export function createApp(config: PoligonConfig, available: ReadonlyArray<Simulator<any>>, consoleLog: Logger): PoligonApp {
  // a simulator whose shape follows its options (FES: the protocol profile) is configured first
  const simulators = selectSimulators(available, config.simulators).map((sim) => sim.configure?.(config.simulatorOptions[sim.name] ?? {}) ?? sim);
  for (const sim of simulators) {
    keepJournalHeaders(sim.journalHeaders ?? []);
    sim.checkOptions?.(config.simulatorOptions[sim.name] ?? {});
  }
  const secretNames = SecretNames.of(simulators);
  const registry = sharedSchemaRegistry(schemaSources(simulators));
  // validators compile on first use; startSandbox compiles the rest in the background once listening
  checkEventContracts(simulators, available, config.validateResponses, consoleLog);
  const store = new NamespaceStore(simulators, {
    // events are few (onboarding steps, not payments): their payloads are always checked
    checkEvent: (schemaId, topic, payload) => {
      const problems = registry.validate(schemaId, payload);
      if (problems.length) throw new Error(`event "${topic}" breaks ${schemaId}: ${problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
    },
    checkState: (schemaId, state) => registry.validate(schemaId, state),
    secretNames,
    seed: config.seed,
    demo: config.demo,
    journalLimit: config.journalLimit,
    journal: { maxBytes: config.journalMaxBytes, maxBodyBytes: config.journalBodyMaxBytes },
    journalBudget: new JournalBudget(config.journalTotalMaxBytes),
    simulatorOptions: config.simulatorOptions,
  }, { maxNamespaces: config.maxNamespaces, idleMs: config.namespaceIdleMs, defaultNamespace: config.defaultNamespace });
  const log = maskingLogger(consoleLog, secretNames, () => store.heldSecrets());
  let baseUrl = `http://localhost:${config.port}`;
  const startedAt = Date.now();
  const catalogue = new ErrorCatalogue([
    { section: ENGINE_SECTION, errors: [EngineErrors] },
    ...simulators.map((sim) => ({ section: sim.name, errors: sim.errors ?? [] })),
  ]);
  const pipelineOptions = {
    catalogue,
    bodyLimitBytes: config.bodyLimitBytes,
    jsonLimits: { maxDepth: config.jsonMaxDepth, maxArrayItems: config.jsonMaxArrayItems },
    validateResponses: config.validateResponses,
    slowThresholdMs: config.slowThresholdMs,
    log: log.error,
    secretNames,
  };
  const simulatorByMount = new Map(simulators.map((sim) => [sim.name.toLowerCase(), sim]));
  const pipelines = new Map(simulators.map((sim) => [sim.name.toLowerCase(), simulatorPipeline(sim, registry, pipelineOptions)]));
  const addressOf = clientAddressResolver(config.trustProxy);
  const namespaceOf = (req: IncomingMessage): string => {
    const fromHeader = req.headers[NAMESPACE_HEADER];
    return typeof fromHeader === 'string' && fromHeader ? fromHeader : config.defaultNamespace;
  };

  const fail = (res: ServerResponse, e: PoligonError) => {
    const r = renderAdminError(e);
    sendJson(res, r.status, r.body);
  };
  const internalError = (res: ServerResponse, what: string) => (err: unknown) => {
    log.error(`internal error in ${what}: ${(err as Error).stack ?? String(err)}`);
    if (res.headersSent) res.destroy();
    else fail(res, EngineErrors.INTERNAL({ operation: what, reason: (err as Error).message }));
  };

  const health = () => ({ status: 'ok', version: PACKAGE_VERSION, simulators: simulators.map((s) => s.name), uptimeMs: Date.now() - startedAt });
  let everythingElse: Promise<RequestListener> | undefined;
  const loadEverythingElse = () =>
    (everythingElse ??= import('./express-app.js').then(({ createExpressApp }) =>
      createExpressApp({ config, store, simulators, registry, catalogue, secretNames, log, health, baseUrl: () => baseUrl, namespaceOf }) as unknown as RequestListener));
  const serveEverythingElse = (req: IncomingMessage, res: ServerResponse) => {
    loadEverythingElse().then((app) => app(req, res), internalError(res, 'loading the admin API'));
  };

  const guard: GuardOptions = {
    adminToken: config.adminToken,
    allowedOrigins: config.allowedOrigins,
    namespaceToken: (id) => store.find(id)?.token,
  };
  const adminTargetOf = (req: IncomingMessage, target: Target): AdminTarget | undefined => {
    if (target.mount !== '__admin') return undefined;
    let namespace = config.defaultNamespace;
    try {
      namespace = target.namespace === undefined ? namespaceOf(req) : decodeURIComponent(target.namespace);
    } catch {
      // an undecodable name: no namespace has it, the admin API refuses it after the guard
    }
    return { namespace, path: target.path };
  };

  const handler: RequestListener = (req, res) => {
    const { pathname, search } = splitUrl(req.url);
    if (pathname === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      sendJson(res, 200, health());
      return;
    }
    const target = targetOf(pathname);
    const refused = guardRequest(req, adminTargetOf(req, target), guard);
    if (refused) {
      const sim = simulatorByMount.get(target.mount);
      const r = sim ? sim.renderError(refused) : renderAdminError(refused);
      sendJson(res, r.status, r.body, { ...(r as { headers?: Record<string, string> }).headers, ...(refused.code === EngineErrors.ADMIN_TOKEN_REQUIRED.code ? { 'WWW-Authenticate': 'Bearer realm="poligon-admin"' } : {}) });
      return;
    }
    const pipeline = pipelines.get(target.mount);
    if (!pipeline) {
      serveEverythingElse(req, res);
      return;
    }
    let namespaceId: string;
    try {
      namespaceId = target.namespace === undefined ? namespaceOf(req) : decodeURIComponent(target.namespace);
    } catch {
      fail(res, EngineErrors.BAD_NAMESPACE({ namespace: target.namespace }));
      return;
    }
    let namespace: Namespace;
    try {
      namespace = store.get(namespaceId);
    } catch (e) {
      fail(res, e as PoligonError); // a name that is not a valid namespace, or no room for a new one
      return;
    }
    const request: SimulatorRequest = { req, res, namespace, path: target.path, fullPath: pathname, query: parseQuery(search), search, ip: addressOf(req) };
    pipeline(request).catch(internalError(res, `${target.mount} ${target.path}`));
  };

  return {
    handler, store, simulators, catalogue, registry, secretNames, config,
    setBaseUrl: (u) => { baseUrl = u; },
    baseUrl: () => baseUrl,
    preload: () => { loadEverythingElse().catch((e: Error) => log.error(`the admin API failed to load: ${e.stack ?? e.message}`)); },
  };
}
