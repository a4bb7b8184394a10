// The sandbox's core: `handle` takes a request as a plain value (method, URL, headers, body bytes)
// and gives the answer as one (status, headers, body), with no socket; node:http is a thin adapter
// over it (`handler`). Simulator traffic (/<simulator>/… and /ns/<namespace>/<simulator>/…) goes
// straight to that simulator's pipeline, the admin API (/__admin/…, /ns/<namespace>/__admin/…) to
// its own, a built-in simulator served by the same stages; the core answers the index and unknown
// paths too. Only the OpenAPI documents and docs pages go to an express app, loaded on the first
// such request (the adapter hands it node:http's request as it is; `handle` answers it through the
// same app in process): loading express is a third of a sandbox's start-up.
import type { IncomingHttpHeaders, RequestListener } from 'node:http';
import type { Readable } from 'node:stream';
import type { PoligonConfig } from './config.js';
import { ENGINE_SECTION, EngineErrors, ErrorCatalogue, renderAdminError, type PoligonError } from './errors.js';
import { answerInProcess, clientAddressResolver, jsonAnswer, parseQuery, requestOf, splitUrl, writeAnswer, type CoreRequest, type CoreResponse } from './http.js';
import { maskingLogger, type Logger } from './log.js';
import { PACKAGE_VERSION } from './paths.js';
import { guardRequest, type AdminTarget, type GuardOptions } from './guard.js';
import { JournalBudget } from './journal.js';
import { NamespaceStore, type Namespace } from './namespace.js';
import { adminPipeline, simulatorPipeline, type SimulatorRequest } from './pipeline.js';
import { adminOperations } from './admin.js';
import { ADMIN_API } from './admin-operations.js';
import { SCHEMAS_DIR } from './paths.js';
import { sharedSchemaRegistry, type SchemaRegistry, type SchemaSource } from './schemas.js';
import { SecretNames } from './secrets.js';
import type { Simulator } from './simulator.js';

export const NAMESPACE_HEADER = 'x-poligon-namespace';
/** Where the admin API is mounted, in every namespace. */
const ADMIN_MOUNT = '__admin';
/** What the express app serves (at the root, not per namespace): the OpenAPI documents and the docs pages with their assets. */
const DOCS_MOUNTS = new Set(['docs', 'openapi']);
/** Admin bodies (a fault's raw answer) may be larger than a simulator request, within the same reader. */
const ADMIN_BODY_LIMIT_FACTOR = 64;

export interface PoligonApp {
  /**
   * The core: a request as a plain value (method, URL, headers, body bytes) to its answer (status,
   * headers, body), with no socket. A drop fault answers `dropped`.
   */
  handle(request: CoreRequest): Promise<CoreResponse>;
  /** The node:http request listener serving everything (also usable with supertest): a thin adapter over `handle`. */
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
  /** Loads the docs (express) ahead of their first request (the server does it once it is up). */
  preload(): void;
  baseUrl(): string;
}

/** The schema ids a simulator names: its own list, its operations', the events it publishes and its state's. */
function schemaIdsOf(sim: Simulator<any>): string[] {
  const ids = [...sim.schemas, ...Object.values(sim.publishes ?? {}), ...(sim.stateSchema ? [sim.stateSchema] : []), ...(sim.view ? [sim.view.schema] : [])];
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
    ...simulators.map((sim) => ({ root: sim.schemaRoot ?? SCHEMAS_DIR, ids: schemaIdsOf(sim), derived: sim.derivedSchemas })),
  ];
}

/** The schemas of a sandbox (or a scenario run) with these simulators: shared by all with the same ones. */
export function sandboxSchemas(simulators: ReadonlyArray<Simulator<any>>): SchemaRegistry {
  return sharedSchemaRegistry(schemaSources(simulators));
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

function lowerCased(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

export function createApp(config: PoligonConfig, available: ReadonlyArray<Simulator<any>>, consoleLog: Logger): PoligonApp {
  // a simulator whose shape follows its options (FES: the protocol profile) is configured first
  const simulators = selectSimulators(available, config.simulators).map((sim) => sim.configure?.(config.simulatorOptions[sim.name] ?? {}) ?? sim);
  for (const sim of simulators) sim.checkOptions?.(config.simulatorOptions[sim.name] ?? {});
  const secretNames = SecretNames.of(simulators);
  const registry = sandboxSchemas(simulators);
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
    journalHeaders: new Set(simulators.flatMap((sim) => (sim.journalHeaders ?? []).map((name) => name.toLowerCase()))),
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
  const namespaceOf = (req: { headers: IncomingHttpHeaders }): string => {
    const fromHeader = req.headers[NAMESPACE_HEADER];
    return typeof fromHeader === 'string' && fromHeader ? fromHeader : config.defaultNamespace;
  };

  const adminAnswer = (e: PoligonError): CoreResponse => {
    const r = renderAdminError(e);
    return jsonAnswer(r.status, JSON.stringify(r.body));
  };
  const internalError = (what: string) => (err: unknown): CoreResponse => {
    log.error(`internal error in ${what}: ${(err as Error).stack ?? String(err)}`);
    return adminAnswer(EngineErrors.INTERNAL({ operation: what, reason: (err as Error).message }));
  };

  const admin = adminOperations({
    store, simulators, catalogue, secretNames,
    snapshotMaxBytes: config.snapshotMaxBytes,
    adminToken: config.adminToken,
    slowThresholdMs: config.slowThresholdMs,
    health: () => ({ status: 'ok', version: PACKAGE_VERSION, simulators: simulators.map((s) => s.name), uptimeMs: Date.now() - startedAt }),
    baseUrl: () => baseUrl,
  });
  const adminPipe = adminPipeline(admin, registry, { ...pipelineOptions, bodyLimitBytes: config.bodyLimitBytes * ADMIN_BODY_LIMIT_FACTOR });
  let everythingElse: Promise<RequestListener> | undefined;
  const loadEverythingElse = () =>
    (everythingElse ??= import('./express-app.js').then(({ createExpressApp }) =>
      createExpressApp({ simulators, registry, catalogue, log, adminApi: { ...ADMIN_API, operations: admin }, unknownPath }) as unknown as RequestListener));

  const index = JSON.stringify({
    name: 'poligon',
    simulators: simulators.map((s) => ({ name: s.name, title: s.title, baseUrl: `/${s.name}`, openapi: `/openapi/${s.name}.json`, docs: `/docs/${s.name}` })),
    admin: '/__admin',
    namespaces: 'prefix any path with /ns/<name>, or send the X-Poligon-Namespace header',
  });
  /** A path nobody serves: 404 in the admin format, journaled in the namespace it names (or the default one). */
  const unknownPath = (req: CoreRequest): CoreResponse => {
    const { pathname, search } = splitUrl(req.url);
    const prefix = /^\/ns\/([^/]+)/i.exec(pathname);
    const error = EngineErrors.NOT_FOUND({ method: req.method, path: pathname, simulator: 'poligon' });
    const r = renderAdminError(error);
    const text = JSON.stringify(r.body);
    let ns: Namespace | undefined;
    try {
      ns = store.get(prefix ? decodeURIComponent(prefix[1]!) : namespaceOf(req));
    } catch {
      // not a valid namespace name: there is no journal to write to
    }
    ns?.journal.append({
      at: Date.now(), virtualAt: ns.clock.now(), namespace: ns.id, simulator: 'poligon', method: req.method, path: pathname, search,
      requestHeaders: req.headers, requestBody: { bytes: Buffer.alloc(0), kind: 'text' },
      status: r.status, responseHeaders: { 'content-type': 'application/json' }, responseText: text,
      durationMs: 0, remoteAddress: addressOf(req), errorCode: error.code,
    });
    return jsonAnswer(r.status, text);
  };


  const guard: GuardOptions = {
    adminToken: config.adminToken,
    allowedOrigins: config.allowedOrigins,
    namespaceToken: (id) => store.find(id)?.token,
  };
  const adminTargetOf = (req: CoreRequest, target: Target): AdminTarget | undefined => {
    if (target.mount !== ADMIN_MOUNT) return undefined;
    let namespace = config.defaultNamespace;
    try {
      namespace = target.namespace === undefined ? namespaceOf(req) : decodeURIComponent(target.namespace);
    } catch {
      // an undecodable name: no namespace has it, the admin API refuses it after the guard
    }
    return { namespace, path: target.path };
  };

  /**
   * The core's answer to a request, or `elsewhere` for what the express app answers (the OpenAPI
   * documents and docs pages): the guard, the namespace, then the simulator's pipeline or the admin
   * API's; the index and unknown paths.
   */
  const route = (req: CoreRequest): Promise<CoreResponse> | 'elsewhere' => {
    const { pathname, search } = splitUrl(req.url);
    const target = targetOf(pathname);
    const refused = guardRequest(req, adminTargetOf(req, target), guard);
    if (refused) {
      const sim = simulatorByMount.get(target.mount);
      const r = sim ? sim.renderError(refused) : renderAdminError(refused);
      return Promise.resolve(jsonAnswer(r.status, JSON.stringify(r.body), { ...(r as { headers?: Record<string, string> }).headers, ...(refused.code === EngineErrors.ADMIN_TOKEN_REQUIRED.code ? { 'WWW-Authenticate': 'Bearer realm="poligon-admin"' } : {}) }));
    }
    const pipeline = pipelines.get(target.mount);
    if (!pipeline && target.mount !== ADMIN_MOUNT) {
      if (target.namespace === undefined && DOCS_MOUNTS.has(target.mount)) return 'elsewhere';
      if (pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) return Promise.resolve(jsonAnswer(200, index));
      return Promise.resolve(unknownPath(req));
    }
    let namespaceId: string;
    try {
      namespaceId = target.namespace === undefined ? namespaceOf(req) : decodeURIComponent(target.namespace);
    } catch {
      return Promise.resolve(adminAnswer(EngineErrors.BAD_NAMESPACE({ namespace: target.namespace })));
    }
    let namespace: Namespace;
    try {
      namespace = store.get(namespaceId);
    } catch (e) {
      return Promise.resolve(adminAnswer(e as PoligonError)); // a name that is not a valid namespace, or no room for a new one
    }
    const request: SimulatorRequest = { request: req, namespace, path: target.path, fullPath: pathname, query: parseQuery(search), search, ip: addressOf(req) };
    const answer = pipeline ? pipeline(request) : adminPipe({ ...request, prefixed: target.namespace !== undefined });
    return answer.catch(internalError(`${target.mount} ${target.path}`));
  };

  /** The express app in process: the request as node:http would give it. */
  const answerElsewhere = async (req: CoreRequest): Promise<CoreResponse> => {
    const app = await loadEverythingElse();
    const body = req.body === undefined || req.body instanceof Uint8Array ? req.body : await readStream(req.body);
    return answerInProcess(app, { ...req, body });
  };

  /** The transport-free core: every request as a value, every answer as a value. */
  const handle = async (request: CoreRequest): Promise<CoreResponse> => {
    const req: CoreRequest = { ...request, method: request.method.toUpperCase(), headers: lowerCased(request.headers) };
    const routed = route(req);
    return routed === 'elsewhere' ? answerElsewhere(req).catch(internalError('the docs')) : routed;
  };

  /** The node:http adapter: the request as a value (its body still a stream), the answer written back; express gets the rest as it is. */
  const handler: RequestListener = (req, res) => {
    const routed = route(requestOf(req));
    if (routed === 'elsewhere') {
      loadEverythingElse().then((app) => app(req, res), (e) => writeAnswer(req, res, internalError('loading the docs')(e)));
      return;
    }
    void routed.then((answer) => writeAnswer(req, res, answer));
  };

  return {
    handle, handler, store, simulators, catalogue, registry, secretNames, config,
    setBaseUrl: (u) => { baseUrl = u; },
    baseUrl: () => baseUrl,
    preload: () => { loadEverythingElse().catch((e: Error) => log.error(`the docs failed to load: ${e.stack ?? e.message}`)); },
  };
}
