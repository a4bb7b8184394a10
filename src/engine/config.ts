// Configuration: embedded defaults < config file (JSON or YAML) < environment (POLIGON_*) < flags
// (the CLI reads the environment and flags: src/cli/settings.ts).
// The merged result is checked against schemas/config.json, so a typo fails at start with its name.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { packageSchemas, type SchemaRegistry } from './schemas.js';

// The YAML parser (72 modules) is loaded only when a YAML config file is read: the benchmark showed it
// costing start-up time for every sandbox, most of which never see one.
const require = createRequire(import.meta.url);
const parseYaml = (text: string): unknown => (require('yaml') as typeof import('yaml')).parse(text);

export interface PoligonConfig {
  port: number;
  host: string;
  /** Which simulators to serve, by name; empty means all. */
  simulators: string[];
  /** The namespace that requests without a /ns/<name> prefix or X-Poligon-Namespace header use. */
  defaultNamespace: string;
  /** Seed every new namespace with the demo world. */
  demo: boolean;
  /** Seed for generated ids and keys: the same seed gives the same world. */
  seed: string;
  bodyLimitBytes: number;
  /** A JSON body nesting deeper than this is refused (400) before it is parsed. */
  jsonMaxDepth: number;
  /** A JSON body with an array longer than this is refused (400) before it is parsed. */
  jsonMaxArrayItems: number;
  /** Entries each namespace's journal keeps. */
  journalLimit: number;
  /** Bytes each namespace's journal keeps (oldest entries dropped first). */
  journalMaxBytes: number;
  /** Bytes all journals keep together (the sandbox's oldest entries dropped first). */
  journalTotalMaxBytes: number;
  /** A body or answer larger than this is journaled truncated, with its size and SHA-256. */
  journalBodyMaxBytes: number;
  /** Largest snapshot PUT /__admin/snapshot takes, counted decompressed (a small gzip bomb stops there). */
  snapshotMaxBytes: number;
  /** Namespaces kept at most; a new one beyond it replaces one idle for namespaceIdleMs, or is refused (503). */
  maxNamespaces: number;
  /** A namespace unused for this long (real time) is deleted when room is needed; never the default namespace. */
  namespaceIdleMs: number;
  /** Trust X-Forwarded-For from a proxy (Express's `trust proxy` setting): false, true, a hop count or a list of addresses. */
  trustProxy: boolean | number | string;
  /** Requests slower than this count as late in the service-level counters (ECS §6.4: 3 s). */
  slowThresholdMs: number;
  /** Check every answer against its schema (a failing one becomes an INTERNAL error). Tests turn it on. */
  validateResponses: boolean;
  /** Open connections at most (each is a file descriptor); more are closed as they come. */
  maxConnections: number;
  /** Time a client has to send the request headers (node:http headersTimeout). */
  headersTimeoutMs: number;
  /** Time a client has to send the whole request (node:http requestTimeout). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /** Requests one kept-alive connection may carry (0: no limit). */
  maxRequestsPerSocket: number;
  /** On stop, requests being answered get this long to finish before their connections are closed. */
  shutdownGraceMs: number;
  /** Required as a bearer token on the admin API when set (the health check stays open). */
  adminToken?: string;
  /** Origins (scheme://host[:port]) whose web pages may send state-changing requests; the sandbox's own always may. */
  allowedOrigins: string[];
  /** Load this snapshot into the default namespace at start, and save it there on shutdown. */
  stateFile?: string;
  logLevel: 'silent' | 'info' | 'debug';
  /** Per-simulator options, e.g. { ecs: { contradictions: 'lenient' } }. */
  simulatorOptions: Record<string, Record<string, unknown>>;
}

export const DEFAULT_CONFIG: PoligonConfig = {
  port: 8080,
  host: '0.0.0.0',
  simulators: [],
  defaultNamespace: 'default',
  demo: true,
  seed: 'poligon',
  bodyLimitBytes: 256 * 1024,
  jsonMaxDepth: 64,
  jsonMaxArrayItems: 10_000,
  journalLimit: 5000,
  journalMaxBytes: 16 * 1024 * 1024,
  journalTotalMaxBytes: 256 * 1024 * 1024,
  journalBodyMaxBytes: 64 * 1024,
  snapshotMaxBytes: 256 * 1024 * 1024,
  maxNamespaces: 1000,
  namespaceIdleMs: 60 * 60 * 1000,
  trustProxy: false,
  slowThresholdMs: 3000,
  validateResponses: false,
  allowedOrigins: [],
  maxConnections: 1000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 0,
  shutdownGraceMs: 10_000,
  logLevel: 'info',
  simulatorOptions: {},
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function configFromFile(path: string): Partial<PoligonConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected a mapping of settings');
    return data as Partial<PoligonConfig>;
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid: ${(e as Error).message}`);
  }
}

/** Merges the layers (later wins) and checks the result. */
/** The configuration's schema, compiled on the first configuration checked and kept for the next ones. */
let configRegistry: SchemaRegistry | undefined;
const configSchemas = () => (configRegistry ??= packageSchemas(['config']));

export function resolveConfig(...layers: Array<Partial<PoligonConfig> | undefined>): PoligonConfig {
  const merged = Object.assign({}, DEFAULT_CONFIG, ...layers.map((l) => Object.fromEntries(Object.entries(l ?? {}).filter(([, v]) => v !== undefined))));
  const problems = configSchemas().validate('config', merged);
  if (problems.length) {
    throw new ConfigError(`invalid configuration: ${problems.map((p) => `${p.pointer.slice(1)} ${p.message}${p.expected ? ` (expected ${p.expected}, got ${JSON.stringify(p.received)})` : ''}`).join('; ')}`);
  }
  return merged as PoligonConfig;
}
