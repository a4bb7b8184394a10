// What is neither simulator traffic nor the admin API: the OpenAPI documents and docs pages (Swagger
// UI's static assets), the root index and the answer for unknown paths. Loaded on the first such
// request (app.ts), so that a sandbox answers its first request without express.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { PoligonConfig } from './config.js';
import { EngineErrors, isPoligonError, renderAdminError, type ErrorCatalogue, type PoligonError } from './errors.js';
import type { Logger } from './log.js';
import type { NamespaceStore } from './namespace.js';
import { docsRouter, type ApiDescription } from './openapi.js';
import type { SchemaRegistry } from './schemas.js';
import type { Simulator } from './simulator.js';

export interface ExpressAppDeps {
  config: PoligonConfig;
  store: NamespaceStore;
  simulators: ReadonlyArray<Simulator<any>>;
  registry: SchemaRegistry;
  catalogue: ErrorCatalogue;
  log: Logger;
  /** The admin API as the core serves it, for its document and docs page. */
  adminApi: ApiDescription;
  /** The namespace a request names by header, or the default one. */
  namespaceOf: (req: Request) => string;
}

export function createExpressApp(deps: ExpressAppDeps): Express {
  const { config, store, simulators, registry, catalogue, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);

  app.use(docsRouter(simulators, deps.adminApi, registry, catalogue));
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
    const e = expressError(err);
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

/**
 * What express failed with, as a PoligonError: its own 4xx errors (a path that is not valid
 * percent-encoding, …) stay client errors; only a real failure is INTERNAL.
 */
function expressError(err: unknown): PoligonError {
  if (isPoligonError(err)) return err;
  const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return EngineErrors.BAD_ADMIN_REQUEST({ reason: (err as Error).message });
  return EngineErrors.INTERNAL({ operation: 'docs', reason: (err as Error).message });
}
