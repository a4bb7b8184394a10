// The app factory: mounts each simulator at /<name> and /ns/<namespace>/<name>, the admin API at
// /__admin and /ns/<namespace>/__admin, and the OpenAPI documents and docs pages.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { adminRouter, renderAdminError } from './admin.js';
import type { PoligonConfig } from './config.js';
import { EngineErrors, isPoligonError } from './errors.js';
import type { Logger } from './log.js';
import { NamespaceStore } from './namespace.js';
import { docsRouter } from './openapi.js';
import { simulatorRouter, type NamespacedRequest } from './pipeline.js';
import { schemaRegistry } from './schemas.js';
import { registerSecretNames } from './secrets.js';
import type { Simulator } from './simulator.js';

export const NAMESPACE_HEADER = 'x-poligon-namespace';

export interface PoligonApp {
  app: Express;
  store: NamespaceStore;
  simulators: ReadonlyArray<Simulator<any>>;
  config: PoligonConfig;
  /** Set by the server once it listens, so that demo descriptions can give full URLs. */
  setBaseUrl(url: string): void;
  baseUrl(): string;
}

export function selectSimulators(all: ReadonlyArray<Simulator<any>>, names: string[]): Array<Simulator<any>> {
  if (names.length === 0) return [...all];
  const unknown = names.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown simulator(s) ${unknown.join(', ')}; available: ${all.map((s) => s.name).join(', ')}`);
  return all.filter((s) => names.includes(s.name));
}

export function createApp(config: PoligonConfig, available: ReadonlyArray<Simulator<any>>, log: Logger): PoligonApp {
  const simulators = selectSimulators(available, config.simulators);
  for (const sim of simulators) {
    registerSecretNames(sim.secretNames ?? []);
    sim.checkOptions?.(config.simulatorOptions[sim.name] ?? {});
  }
  const registry = schemaRegistry();
  // validators compile on first use; startSandbox compiles the rest in the background once listening
  const store = new NamespaceStore(simulators, {
    seed: config.seed,
    demo: config.demo,
    journalLimit: config.journalLimit,
    simulatorOptions: config.simulatorOptions,
  });
  let baseUrl = `http://localhost:${config.port}`;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);

  const selectNamespace = (req: Request, _res: Response, next: NextFunction) => {
    const fromPath = (req.params as Record<string, string>).namespace;
    const fromHeader = req.headers[NAMESPACE_HEADER];
    const id = fromPath ?? (typeof fromHeader === 'string' && fromHeader ? fromHeader : config.defaultNamespace);
    try {
      (req as NamespacedRequest).poligonNamespace = store.get(id);
      next();
    } catch (e) {
      next(e);
    }
  };

  const admin = adminRouter({
    store, simulators, registry,
    bodyLimitBytes: config.bodyLimitBytes,
    slowThresholdMs: config.slowThresholdMs,
    startedAt: Date.now(),
    baseUrl: () => baseUrl,
  });
  const pipelineOptions = {
    bodyLimitBytes: config.bodyLimitBytes,
    validateResponses: config.validateResponses,
    slowThresholdMs: config.slowThresholdMs,
    log: log.error,
  };
  for (const prefix of ['', '/ns/:namespace']) {
    app.use(`${prefix}/__admin`, selectNamespace, admin);
    for (const sim of simulators) {
      app.use(`${prefix}/${sim.name}`, selectNamespace, simulatorRouter(sim, registry, pipelineOptions));
    }
  }
  app.use(docsRouter(simulators, registry));
  app.get('/', (_req, res) => {
    res.json({
      name: 'poligon',
      simulators: simulators.map((s) => ({ name: s.name, title: s.title, baseUrl: `/${s.name}`, openapi: `/openapi/${s.name}.json`, docs: `/docs/${s.name}` })),
      admin: '/__admin',
      namespaces: 'prefix any path with /ns/<name>, or send the X-Poligon-Namespace header',
    });
  });
  app.use((req: Request, res: Response) => {
    const r = renderAdminError(EngineErrors.NOT_FOUND({ method: req.method, path: req.path, simulator: 'poligon' }));
    res.status(r.status).json(r.body);
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = isPoligonError(err) ? err : EngineErrors.INTERNAL({ operation: 'routing', reason: (err as Error).message });
    if (!isPoligonError(err)) log.error(`internal error: ${(err as Error).stack}`);
    const r = renderAdminError(e);
    res.status(r.status).json(r.body);
  });

  return { app, store, simulators, config, setBaseUrl: (u) => { baseUrl = u; }, baseUrl: () => baseUrl };
}
