// The admin API, per namespace (/__admin/… or /ns/<name>/__admin/…): reset, snapshot export and
// import, the journal (filtered, or long-polled for observe-mode scenarios), the virtual clock,
// fault injection, per-operation service-level counters and the error catalogue.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { parseDuration } from './clock.js';
import { EngineErrors, errorCatalogue, isPoligonError, renderAdminError, type Problem } from './errors.js';
import type { FaultRuleInput } from './faults.js';
import { readBody } from './http.js';
import { parseJsonBytes } from './json.js';
import type { JournalFilter } from './journal.js';
import type { Namespace, NamespaceStore } from './namespace.js';
import type { SchemaRegistry } from './schemas.js';
import type { Simulator } from './simulator.js';

/** Set on the request by the namespace middleware (express-app.ts). */
export interface NamespacedRequest extends Request {
  poligonNamespace?: Namespace;
}

export interface AdminDeps {
  store: NamespaceStore;
  simulators: ReadonlyArray<Simulator<any>>;
  registry: SchemaRegistry;
  bodyLimitBytes: number;
  slowThresholdMs: number;
  /** The health answer (app.ts also serves it without loading express: it is the readiness probe). */
  health: () => unknown;
  /** The base URL clients reach this sandbox at (for demo descriptions). */
  baseUrl: () => string;
}

const MAX_WAIT_MS = 120_000;
/** Largest snapshot PUT /snapshot accepts (well under V8's largest string). */
export const SNAPSHOT_LIMIT_BYTES = 256 * 1024 * 1024;

export function adminRouter(deps: AdminDeps): Router {
  const router = express.Router({ mergeParams: true });
  // PUT /snapshot reads its own body (below).
  const jsonBody = express.json({ limit: deps.bodyLimitBytes * 64 });
  router.use((req, res, next) => (req.method === 'PUT' && req.path === '/snapshot' ? next() : jsonBody(req, res, next)));

  const ns = (req: Request) => (req as NamespacedRequest).poligonNamespace!;
  const check = (schemaId: string, body: unknown) => {
    const problems: Problem[] = deps.registry.validate(schemaId, body ?? {});
    if (problems.length) throw EngineErrors.VALIDATION({ summary: `${problems[0]!.pointer} ${problems[0]!.message}` }, problems);
  };

  router.get('/health', (_req, res) => res.json(deps.health()));
  router.get('/namespaces', (_req, res) => res.json({ namespaces: deps.store.list() }));
  router.get('/errors', (_req, res) => res.json({ errors: errorCatalogue() }));
  router.get('/demo', (req, res) => {
    const base = deps.baseUrl() + (req.baseUrl.startsWith('/ns/') ? `/ns/${ns(req).id}` : '');
    res.json({ namespace: ns(req).id, sections: deps.store.describeDemo(ns(req).id, base), credentials: deps.store.demoCredentials(ns(req).id, base) });
  });

  router.post('/reset', (req, res) => {
    check('admin/reset.request', req.body);
    ns(req).reset(req.body?.demo);
    res.json({ namespace: ns(req).id, reset: true });
  });
  router.delete('/namespace', (req, res) => {
    res.json({ namespace: ns(req).id, deleted: deps.store.delete(ns(req).id) });
  });

  // A snapshot holds a whole world (a 100,000-certificate FES world is about 45 MB of JSON): what GET
  // gives, PUT must take back, whatever the request body limit of the simulators.
  router.get('/snapshot', (req, res) => {
    const pieces = ns(req).snapshotPieces().map((piece) => Buffer.from(piece));
    res.type('application/json').setHeader('Content-Length', pieces.reduce((n, b) => n + b.length, 0));
    res.cork();
    for (const piece of pieces) res.write(piece);
    res.end();
  });
  router.put('/snapshot', async (req, res) => {
    // parsed here rather than by express.json, so the namespace may keep the parse as its state
    let parsed: unknown;
    if (req.is('application/json')) {
      const bytes = await readBody(req, SNAPSHOT_LIMIT_BYTES);
      try {
        parsed = parseJsonBytes(bytes);
      } catch (e) {
        throw EngineErrors.MALFORMED_BODY({ format: 'JSON', reason: (e as Error).message });
      }
    }
    ns(req).restoreParsed(parsed);
    res.json({ namespace: ns(req).id, restored: true });
  });

  router.get('/journal', async (req, res) => {
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
  router.delete('/journal', (req, res) => {
    ns(req).journal.clear();
    res.json({ cleared: true });
  });

  router.get('/clock', (req, res) => {
    res.json({ now: ns(req).clock.date().toISOString(), offsetMs: ns(req).clock.offset });
  });
  router.post('/clock', (req, res) => {
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

  router.get('/faults', (req, res) => res.json({ faults: ns(req).faults.list() }));
  router.post('/faults', (req, res) => {
    check('admin/fault.request', req.body);
    const input = req.body as FaultRuleInput;
    const known = deps.simulators.flatMap((s) => [`${s.name}.*`, ...s.operations.map((o) => `${s.name}.${o.id}`)]);
    if (input.operation !== '*' && !known.includes(input.operation)) {
      throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `unknown operation "${input.operation}"; known: *, ${known.join(', ')}` });
    }
    if (input.errorCode && !errorCatalogue().some((e) => e.code === input.errorCode)) {
      throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `unknown errorCode "${input.errorCode}"; GET /__admin/errors lists them` });
    }
    const rule = ns(req).faults.add(input.errorCode && input.status === undefined
      ? { ...input, status: errorCatalogue().find((e) => e.code === input.errorCode)!.status }
      : input);
    res.status(201).json(rule);
  });
  router.delete('/faults', (req, res) => {
    ns(req).faults.clear();
    res.json({ cleared: true });
  });
  router.delete('/faults/:id', (req, res) => {
    if (!ns(req).faults.remove(req.params.id!)) throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `no fault "${req.params.id}"` });
    res.json({ removed: req.params.id });
  });

  // ?operations=a.x,b.y: the total over these operations only (a service level counts some calls, not all)
  router.get('/stats', (req, res) => {
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

  router.use((req: Request, res: Response) => {
    const r = renderAdminError(EngineErrors.NOT_FOUND({ method: req.method, path: req.path, simulator: '__admin' }));
    res.status(r.status).json(r.body);
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = isPoligonError(err)
      ? err
      : (err as { status?: number }).status === 413
        ? EngineErrors.BODY_TOO_LARGE({ limit: (err as { limit?: number }).limit ?? deps.bodyLimitBytes * 64 })
        : (err as { type?: string }).type === 'entity.parse.failed'
          ? EngineErrors.MALFORMED_BODY({ format: 'JSON', reason: (err as Error).message })
          : EngineErrors.INTERNAL({ operation: 'admin', reason: (err as Error).message });
    const r = renderAdminError(e);
    res.status(r.status).json(r.body);
  });
  return router;
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
