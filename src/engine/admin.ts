// The admin API, per namespace (/__admin/… or /ns/<name>/__admin/…): reset, snapshot export and
// import, the journal (filtered, or long-polled for observe-mode scenarios), the virtual clock,
// fault injection, per-operation service-level counters and the error catalogue.
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { ADMIN_OPERATIONS, type AdminOperationId } from './admin-operations.js';
import { parseDuration } from './clock.js';
import { ENGINE_SECTION, EngineErrors, isPoligonError, renderAdminError, type ErrorCatalogue, type PoligonError, type Problem } from './errors.js';
import type { FaultRuleInput } from './faults.js';
import { bearerToken, sameSecret } from './guard.js';
import { readBody } from './http.js';
import { jsonShapeProblem, parseJsonBytes, type JsonShapeLimits } from './json.js';
import type { JournalFilter } from './journal.js';
import type { Namespace, NamespaceStore } from './namespace.js';
import type { SchemaRegistry } from './schemas.js';
import { maskSecrets, SecretValues, type SecretNames } from './secrets.js';
import type { Simulator } from './simulator.js';

/** Set on the request by the namespace middleware (express-app.ts). */
export interface NamespacedRequest extends Request {
  poligonNamespace?: Namespace;
}

export interface AdminDeps {
  store: NamespaceStore;
  simulators: ReadonlyArray<Simulator<any>>;
  registry: SchemaRegistry;
  catalogue: ErrorCatalogue;
  /** The sandbox's secret names: what a masked snapshot and a validation error hide. */
  secretNames: SecretNames;
  bodyLimitBytes: number;
  /** Largest snapshot import, counted decompressed. */
  snapshotMaxBytes: number;
  jsonLimits: JsonShapeLimits;
  /** The sandbox's admin token, if it has one: snapshots are then exported masked unless asked with ?secrets=include. */
  adminToken?: string;
  slowThresholdMs: number;
  /** The health answer (app.ts also serves it without loading express: it is the readiness probe). */
  health: () => unknown;
  /** The base URL clients reach this sandbox at (for demo descriptions). */
  baseUrl: () => string;
}

const MAX_WAIT_MS = 120_000;
/** Admin bodies (a fault's raw answer) may be larger than a simulator request, within the same reader. */
const ADMIN_BODY_LIMIT_FACTOR = 64;

export function adminRouter(deps: AdminDeps): Router {
  const router = express.Router({ mergeParams: true });
  // Bodies are read as the simulators' are (same limits, encodings and errors); PUT /snapshot reads its own (below).
  const jsonBody = async (req: Request, next: NextFunction) => {
    try {
      req.body = await readAdminJson(req, deps);
      next();
    } catch (e) {
      next(e);
    }
  };
  router.use((req, _res, next) => (req.method === 'PUT' && req.path === '/snapshot' ? next() : void jsonBody(req, next)));

  const routed = new Set<AdminOperationId>();
  const route = (id: AdminOperationId, handler: RequestHandler) => {
    const op = ADMIN_OPERATIONS.find((o) => o.id === id)!;
    router[op.method](op.path, handler);
    routed.add(id);
  };
  const ns = (req: Request) => (req as NamespacedRequest).poligonNamespace!;
  const check = (schemaId: string, body: unknown) => {
    const problems: Problem[] = deps.registry.validate(schemaId, body ?? {}, 'body', deps.secretNames);
    if (problems.length) throw EngineErrors.VALIDATION({ summary: `${problems[0]!.pointer} ${problems[0]!.message}` }, problems);
  };

  route('health', (_req, res) => res.json(deps.health()));
  // a namespace with its own token is listed only to its token's or the admin token's holder
  route('namespaces', (req, res) => {
    const given = bearerToken(req);
    const admin = deps.adminToken !== undefined && sameSecret(given, deps.adminToken);
    res.json({ namespaces: deps.store.list().filter((id) => {
      const own = deps.store.find(id)?.token;
      return own === undefined || admin || sameSecret(given, own);
    }) });
  });
  route('setToken', (req, res) => {
    check('admin/token.request', req.body);
    ns(req).token = (req.body as { token: string }).token;
    res.json({ namespace: ns(req).id, token: 'set' });
  });
  route('errors', (_req, res) => res.json({ errors: deps.catalogue.list() }));
  route('demo', (req, res) => {
    const base = deps.baseUrl() + (req.baseUrl.startsWith('/ns/') ? `/ns/${ns(req).id}` : '');
    res.json({ namespace: ns(req).id, sections: deps.store.describeDemo(ns(req).id, base), credentials: deps.store.demoCredentials(ns(req).id, base) });
  });

  route('reset', (req, res) => {
    check('admin/reset.request', req.body);
    ns(req).reset(req.body?.demo);
    res.json({ namespace: ns(req).id, reset: true });
  });
  route('deleteNamespace', (req, res) => {
    res.json({ namespace: ns(req).id, deleted: deps.store.delete(ns(req).id) });
  });

  // A snapshot holds a whole world (a 100,000-certificate FES world is about 45 MB of JSON): what GET
  // gives, PUT must take back, whatever the request body limit of the simulators.
  route('exportSnapshot', (req, res) => {
    // a guarded sandbox gives secrets in clear only to who asks for them (the guard checked the token)
    if (deps.adminToken !== undefined && req.query.secrets !== 'include') {
      res.json(maskSecrets(ns(req).snapshot(), deps.secretNames, new SecretValues(ns(req).heldSecrets())));
      return;
    }
    const pieces = ns(req).snapshotPieces().map((piece) => Buffer.from(piece));
    res.type('application/json').setHeader('Content-Length', pieces.reduce((n, b) => n + b.length, 0));
    res.cork();
    for (const piece of pieces) res.write(piece);
    res.end();
  });
  // one import at a time: each holds its whole body and parse in memory
  let importing = false;
  route('importSnapshot', async (req, res) => {
    if (importing) throw EngineErrors.BUSY({ reason: 'another snapshot is being imported; try again when it is done' });
    importing = true;
    try {
      await importSnapshot(req);
    } finally {
      importing = false;
    }
    res.json({ namespace: ns(req).id, restored: true });
  });
  const importSnapshot = async (req: Request) => {
    // parsed here rather than by express.json, so the namespace may keep the parse as its state
    let parsed: unknown;
    if (req.is('application/json')) {
      // the limit counts decompressed bytes: a small gzip bomb stops there
      const bytes = await readBody(req, deps.snapshotMaxBytes);
      try {
        parsed = parseJsonBytes(bytes);
      } catch (e) {
        throw EngineErrors.MALFORMED_BODY({ format: 'JSON', reason: (e as Error).message });
      }
    }
    ns(req).restoreParsed(parsed);
  };

  route('journal', async (req, res) => {
    check('admin/journal.query', req.query);
    const q = req.query as Record<string, string | undefined>;
    const filter: JournalFilter = {
      simulator: q.simulator,
      operation: q.operation,
      method: q.method,
      pathContains: q.path,
      status: q.status === undefined ? undefined : Number(q.status),
      afterSeq: q.afterSeq === undefined ? undefined : Number(q.afterSeq),
      errorsOnly: q.errorsOnly === 'true',
      limit: q.limit === undefined ? undefined : Number(q.limit),
    };
    const journal = ns(req).journal;
    if (q.waitMs !== undefined) {
      const entry = await journal.waitFor(filter, Math.min(Number(q.waitMs), MAX_WAIT_MS));
      res.json({ entries: entry ? [entry] : [], lastSeq: journal.lastSeq, timedOut: !entry });
      return;
    }
    res.json({ entries: journal.list(filter), lastSeq: journal.lastSeq });
  });
  route('clearJournal', (req, res) => {
    ns(req).journal.clear();
    res.json({ cleared: true });
  });

  route('clock', (req, res) => {
    res.json({ now: ns(req).clock.date().toISOString(), offsetMs: ns(req).clock.offset });
  });
  route('moveClock', (req, res) => {
    check('admin/clock.request', req.body);
    const clock = ns(req).clock;
    try {
      if (req.body.advance !== undefined) clock.advance(parseDuration(req.body.advance));
      if (req.body.set !== undefined) clock.set(Date.parse(req.body.set));
    } catch (e) {
      throw EngineErrors.BAD_ADMIN_REQUEST({ reason: (e as Error).message });
    }
    res.json({ now: clock.date().toISOString(), offsetMs: clock.offset });
  });

  route('faults', (req, res) => res.json({ faults: ns(req).faults.list() }));
  route('addFault', (req, res) => {
    check('admin/fault.request', req.body);
    const input = req.body as FaultRuleInput;
    if (input.latencyMaxMs !== undefined && input.latencyMaxMs < input.latencyMs!) {
      throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `latencyMaxMs ${input.latencyMaxMs} is below latencyMs ${input.latencyMs}: the delay is drawn between latencyMs and latencyMaxMs` });
    }
    const known = deps.simulators.flatMap((s) => [`${s.name}.*`, ...s.operations.map((o) => `${s.name}.${o.id}`)]);
    if (input.operation !== '*' && !known.includes(input.operation)) {
      throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `unknown operation "${input.operation}"; known: *, ${known.join(', ')}` });
    }
    const error = input.errorCode === undefined ? undefined : deps.catalogue.get(input.errorCode);
    if (input.errorCode !== undefined) {
      if (!error) throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `unknown errorCode "${input.errorCode}": this sandbox serves ${deps.simulators.map((s) => s.name).join(', ')}; GET /__admin/errors lists their codes` });
      // a fault answers in the faked system's own format: only its codes and the engine's fit it
      const target = input.operation === '*' ? undefined : input.operation.split('.')[0];
      if (error.section !== ENGINE_SECTION && error.section !== target) {
        throw EngineErrors.BAD_ADMIN_REQUEST({
          reason: `errorCode "${input.errorCode}" is ${error.section}'s, but the fault is for ${input.operation === '*' ? 'every operation' : `"${input.operation}"`}: use an engine code (POLIGON_…)${target ? ` or one of ${target}'s` : ''}`,
        });
      }
    }
    const rule = ns(req).faults.add(error && input.status === undefined ? { ...input, status: error.status } : input);
    res.status(201).json(rule);
  });
  route('clearFaults', (req, res) => {
    ns(req).faults.clear();
    res.json({ cleared: true });
  });
  route('removeFault', (req, res) => {
    const id = String(req.params.id);
    if (!ns(req).faults.remove(id)) throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `no fault "${id}"` });
    res.json({ removed: id });
  });

  // ?operations=a.x,b.y: the total over these operations only (a service level counts some calls, not all)
  route('stats', (req, res) => {
    const only = typeof req.query.operations === 'string' ? new Set(req.query.operations.split(',').map((o) => o.trim())) : undefined;
    const operations = Object.fromEntries([...ns(req).stats].filter(([op]) => !only || only.has(op)));
    let count = 0, late = 0;
    for (const s of Object.values(operations)) { count += s.count; late += s.slow + s.unanswered; }
    res.json({
      slowThresholdMs: deps.slowThresholdMs,
      total: { count, slowOrUnanswered: late, share: count ? late / count : 0 },
      operations,
      limits: limitsUsage(deps.store, ns(req)),
    });
  });

  const unrouted = ADMIN_OPERATIONS.filter((o) => !routed.has(o.id)).map((o) => o.id);
  if (unrouted.length) throw new Error(`admin operations without a handler: ${unrouted.join(', ')}`);
  router.use((req: Request, res: Response) => {
    const r = renderAdminError(EngineErrors.NOT_FOUND({ method: req.method, path: req.path, simulator: '__admin' }));
    res.status(r.status).json(r.body);
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const r = renderAdminError(adminError(err));
    res.status(r.status).json(r.body);
  });
  return router;
}

/** The JSON body of an admin request (undefined when empty), read under the simulators' limits. */
async function readAdminJson(req: Request, deps: Pick<AdminDeps, 'bodyLimitBytes' | 'jsonLimits'>): Promise<unknown> {
  const raw = await readBody(req, deps.bodyLimitBytes * ADMIN_BODY_LIMIT_FACTOR);
  if (raw.length === 0) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type && type !== 'application/json' && !type.endsWith('+json')) throw EngineErrors.UNSUPPORTED_MEDIA_TYPE({ received: type, expected: 'application/json' });
  const text = raw.toString('utf8');
  const tooComplex = jsonShapeProblem(text, deps.jsonLimits);
  if (tooComplex) throw EngineErrors.BODY_TOO_COMPLEX({ reason: tooComplex });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw EngineErrors.MALFORMED_BODY({ format: 'JSON', reason: (e as Error).message });
  }
}

/**
 * What an admin request failed with, as a PoligonError: express's own 4xx errors (a path that is not
 * valid percent-encoding, …) stay client errors; only a real failure is INTERNAL.
 */
export function adminError(err: unknown): PoligonError {
  if (isPoligonError(err)) return err;
  const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return EngineErrors.BAD_ADMIN_REQUEST({ reason: (err as Error).message });
  return EngineErrors.INTERNAL({ operation: 'admin', reason: (err as Error).message });
}

/** How close the namespace and the sandbox are to each memory limit (`share` = used / limit). */
function limitsUsage(store: NamespaceStore, namespace: Namespace) {
  const usage = (used: number, limit: number) => ({ used, limit: Number.isFinite(limit) ? limit : null, share: Number.isFinite(limit) ? used / limit : 0 });
  const journal = namespace.journal.usage();
  return {
    journalBytes: usage(journal.bytes, namespace.journal.limits.maxBytes),
    journalEntries: usage(journal.entries, namespace.journal.limits.maxEntries),
    journalBodyMaxBytes: namespace.journal.limits.maxBodyBytes,
    allJournalsBytes: usage(store.journalBudget.used, store.journalBudget.maxBytes),
    namespaces: { ...usage(store.size, store.limits.maxNamespaces), idleMs: Number.isFinite(store.limits.idleMs) ? store.limits.idleMs : null },
  };
}
