// What is not simulator traffic: the admin API (/__admin and /ns/<name>/__admin), the OpenAPI
// documents and docs pages, the root index and the answer for unknown paths. Loaded on the first
// such request (app.ts), so that a sandbox answers its first simulator request without express.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { adminError, adminRouter } from './admin.js';
import type { PoligonConfig } from './config.js';
import { EngineErrors, renderAdminError, type ErrorCatalogue } from './errors.js';
import type { Logger } from './log.js';
import type { NamespaceStore } from './namespace.js';
import { docsRouter } from './openapi.js';
import type { NamespacedRequest } from './admin.js';
import type { SchemaRegistry } from './schemas.js';
import type { SecretNames } from './secrets.js';
import type { Simulator } from './simulator.js';

export interface ExpressAppDeps {
  config: PoligonConfig;
  store: NamespaceStore;
  simulators: ReadonlyArray<Simulator<any>>;
  registry: SchemaRegistry;
  catalogue: ErrorCatalogue;
  secretNames: SecretNames;
  log: Logger;
  health: () => unknown;
  baseUrl: () => string;
  /** The namespace a request names by header, or the default one. */
  namespaceOf: (req: Request) => string;
}

export function createExpressApp(deps: ExpressAppDeps): Express {
  const { config, store, simulators, registry, catalogue, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);

  const selectNamespace = (req: Request, _res: Response, next: NextFunction) => {
    const fromPath = (req.params as Record<string, string>).namespace;
    try {
      (req as NamespacedRequest).poligonNamespace = store.get(fromPath ?? deps.namespaceOf(req));
      next();
    } catch (e) {
      next(e);
    }
  };

  const admin = adminRouter({
    store, simulators, registry, catalogue,
    secretNames: deps.secretNames,
    bodyLimitBytes: config.bodyLimitBytes,
    snapshotMaxBytes: config.snapshotMaxBytes,
    jsonLimits: { maxDepth: config.jsonMaxDepth, maxArrayItems: config.jsonMaxArrayItems },
    adminToken: config.adminToken,
    slowThresholdMs: config.slowThresholdMs,
    health: deps.health,
    baseUrl: deps.baseUrl,
  });
  for (const prefix of ['', '/ns/:namespace']) app.use(`${prefix}/__admin`, selectNamespace, admin);
  app.use(docsRouter(simulators, registry, catalogue));
  app.get('/', (_req, res) => {
    res.json({
      name: 'poligon',
      simulators: simulators.map((s) => ({ name: s.name, title: s.title, baseUrl: `/${s.name}`, openapi: `/openapi/${s.name}.json`, docs: `/docs/${s.name}` })),
      admin: '/__admin',
      namespaces: 'prefix any path with /ns/<name>, or send the X-Poligon-Namespace header',
    });
  });
  app.use((req: Request, res: Response) => {
    const error = EngineErrors.NOT_FOUND({ method: req.method, path: req.path, simulator: 'poligon' });
    const r = renderAdminError(error);
    journalUnknownPath(req, r.status, r.body, error.code);
    res.status(r.status).json(r.body);
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = adminError(err);
    if (e.code === EngineErrors.INTERNAL.code) log.error(`internal error: ${(err as Error).stack}`);
    const r = renderAdminError(e);
    res.status(r.status).json(r.body);
  });
  return app;

  /** A path nobody serves still goes into the journal of the namespace it names (or the default one). */
  function journalUnknownPath(req: Request, status: number, body: unknown, errorCode: string): void {
    const prefix = /^\/ns\/([^/]+)/i.exec(req.path);
    let ns;
    try {
      ns = store.get(prefix ? decodeURIComponent(prefix[1]!) : deps.namespaceOf(req));
    } catch {
      return; // not a valid namespace name: there is no journal to write to
    }
    const q = req.originalUrl.indexOf('?');
    ns.journal.append({
      at: Date.now(), virtualAt: ns.clock.now(), namespace: ns.id, simulator: 'poligon',
      method: req.method, path: q === -1 ? req.originalUrl : req.originalUrl.slice(0, q), search: q === -1 ? '' : req.originalUrl.slice(q + 1),
      requestHeaders: req.headers, requestBody: { bytes: Buffer.alloc(0), kind: 'text' },
      status, responseHeaders: { 'content-type': 'application/json' }, responseText: JSON.stringify(body),
      durationMs: 0, remoteAddress: req.ip, errorCode,
    });
  }
}
