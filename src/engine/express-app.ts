// What is neither simulator traffic nor the admin API: the OpenAPI documents and docs pages, with
// Swagger UI's static assets. Loaded on the first such request (app.ts), so that a sandbox answers
// its first request without express.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { EngineErrors, isPoligonError, renderAdminError, type ErrorCatalogue, type PoligonError } from './errors.js';
import { requestOf, writeAnswer, type CoreRequest, type CoreResponse } from './http.js';
import type { Logger } from './log.js';
import { docsRouter, type ApiDescription } from './openapi.js';
import type { SchemaRegistry } from './schemas.js';
import type { Simulator } from './simulator.js';

export interface ExpressAppDeps {
  simulators: ReadonlyArray<Simulator<any>>;
  registry: SchemaRegistry;
  catalogue: ErrorCatalogue;
  log: Logger;
  /** The admin API as the core serves it, for its document and docs page. */
  adminApi: ApiDescription;
  /** The core's answer to a path nobody serves (journaled there). */
  unknownPath: (req: CoreRequest) => CoreResponse;
}

export function createExpressApp(deps: ExpressAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(docsRouter(deps.simulators, deps.adminApi, deps.registry, deps.catalogue));
  app.use((req: Request, res: Response) => writeAnswer(req, res, deps.unknownPath({ ...requestOf(req), url: req.originalUrl })));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = expressError(err);
    if (e.code === EngineErrors.INTERNAL.code) deps.log.error(`internal error: ${(err as Error).stack}`);
    const r = renderAdminError(e);
    res.status(r.status).json(r.body);
  });
  return app;
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
