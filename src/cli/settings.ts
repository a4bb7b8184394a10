// The sandbox settings `serve` takes, each by flag, POLIGON_* environment variable and config-file key.
// Values are checked here, so a bad one is reported the way the user wrote it
// ("--port must be a number from 0 to 65535, got abc"), before the engine's schema check.
import { Option } from 'commander';
import { builtinSimulators } from '../../simulators/index.js';
import { ConfigError, configFromFile, resolveConfig, type PoligonConfig } from '../engine/config.js';
import { NAMESPACE_PATTERN } from '../engine/namespace.js';
import { UsageError } from './usage.js';

const INVALID = Symbol('invalid');
type Reader = { expect: string; read(raw: unknown): unknown };

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

const integer = (min: number, max?: number): Reader => ({
  expect: max === undefined ? `a whole number of at least ${min}` : `a number from ${min} to ${max}`,
  read: (raw) => {
    const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && (max === undefined || n <= max) ? n : INVALID;
  },
});

const boolean: Reader = {
  expect: `one of ${[...TRUE, ...FALSE].join(', ')}`,
  read: (raw) => {
    if (typeof raw === 'boolean') return raw;
    const v = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
    return v !== undefined && TRUE.includes(v) ? true : v !== undefined && FALSE.includes(v) ? false : INVALID;
  },
};

const text: Reader = {
  expect: 'a non-empty text',
  read: (raw) => ((typeof raw === 'string' && raw.trim()) || typeof raw === 'number' ? String(raw) : INVALID),
};

const oneOf = (values: string[]): Reader => ({
  expect: `one of ${values.join(', ')}`,
  read: (raw) => (typeof raw === 'string' && values.includes(raw) ? raw : INVALID),
});

const namespaceName: Reader = {
  expect: '1–64 letters, digits, "-" or "_"',
  read: (raw) => (typeof raw === 'string' && NAMESPACE_PATTERN.test(raw) ? raw : INVALID),
};

const SIMULATOR_NAMES = builtinSimulators.map((s) => s.name);
const simulatorList: Reader = {
  expect: `a comma-separated list of ${SIMULATOR_NAMES.join(', ')}`,
  read: (raw) => {
    const list = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw;
    if (!Array.isArray(list) || list.length === 0 || !list.every((n) => SIMULATOR_NAMES.includes(n))) return INVALID;
    return [...new Set(list as string[])];
  },
};

const trustProxy: Reader = {
  expect: 'true, false, a hop count or a comma-separated list of addresses',
  read: (raw) => {
    if (typeof raw === 'number') return integer(0).read(raw);
    const asBool = boolean.read(raw);
    if (asBool !== INVALID) return asBool;
    if (typeof raw !== 'string' || !raw.trim()) return INVALID;
    return /^\d+$/.test(raw) ? Number(raw) : raw;
  },
};

const secretToken: Reader = {
  expect: 'a token of 16 characters or more',
  read: (raw) => (typeof raw === 'string' && raw.trim().length >= 16 ? raw.trim() : INVALID),
};

const originList: Reader = {
  expect: 'a comma-separated list of origins like https://qa.example:8443',
  read: (raw) => {
    const list = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw;
    return Array.isArray(list) && list.every((o) => typeof o === 'string' && /^https?:\/\/[^/]+$/.test(o)) ? list : INVALID;
  },
};

const plainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const simulatorOptions: Reader = {
  expect: 'a mapping of fake name to its options, e.g. { ecs: { contradictions: lenient } }',
  read: (raw) => (plainObject(raw) && Object.values(raw).every(plainObject) ? raw : INVALID),
};

interface Setting {
  key: keyof PoligonConfig;
  /** Long flag name without dashes; absent for file-only settings. */
  flag?: string;
  short?: string;
  env?: string;
  /** Placeholder in --help; absent for on/off flags. */
  arg?: string;
  help: string;
  reader: Reader;
}

export const SETTINGS: readonly Setting[] = [
  { key: 'port', flag: 'port', short: 'p', env: 'POLIGON_PORT', arg: 'number', help: 'port to listen on (default 8080; 0 picks a free one)', reader: integer(0, 65535) },
  { key: 'host', flag: 'host', env: 'POLIGON_HOST', arg: 'address', help: 'address to bind (default 0.0.0.0)', reader: text },
  { key: 'simulators', flag: 'simulators', short: 's', env: 'POLIGON_SIMULATORS', arg: 'names', help: `fakes to serve, comma-separated: ${SIMULATOR_NAMES.join(',')} (default all)`, reader: simulatorList },
  { key: 'defaultNamespace', flag: 'namespace', short: 'n', env: 'POLIGON_NAMESPACE', arg: 'name', help: 'namespace for requests without /ns/<name> or X-Poligon-Namespace (default "default")', reader: namespaceName },
  { key: 'demo', flag: 'demo', env: 'POLIGON_DEMO', help: 'seed the demo world (default on; --no-demo starts empty)', reader: boolean },
  { key: 'seed', flag: 'seed', env: 'POLIGON_SEED', arg: 'text', help: 'seed for generated ids and keys: the same seed gives the same world', reader: text },
  { key: 'stateFile', flag: 'state-file', env: 'POLIGON_STATE_FILE', arg: 'path', help: 'load the default namespace from this file at start, save it there on stop', reader: text },
  { key: 'logLevel', flag: 'log-level', env: 'POLIGON_LOG_LEVEL', arg: 'level', help: 'silent, info or debug (default info)', reader: oneOf(['silent', 'info', 'debug']) },
  { key: 'bodyLimitBytes', flag: 'body-limit', env: 'POLIGON_BODY_LIMIT', arg: 'bytes', help: 'largest request body accepted (default 262144)', reader: integer(1024) },
  { key: 'jsonMaxDepth', flag: 'json-max-depth', env: 'POLIGON_JSON_MAX_DEPTH', arg: 'levels', help: 'deepest JSON body accepted (default 64)', reader: integer(8, 1000) },
  { key: 'jsonMaxArrayItems', flag: 'json-max-array-items', env: 'POLIGON_JSON_MAX_ARRAY_ITEMS', arg: 'count', help: 'longest array in a JSON body accepted (default 10000)', reader: integer(100) },
  { key: 'journalLimit', flag: 'journal-limit', env: 'POLIGON_JOURNAL_LIMIT', arg: 'count', help: 'requests kept in each namespace journal (default 5000)', reader: integer(10) },
  { key: 'journalMaxBytes', flag: 'journal-max-bytes', env: 'POLIGON_JOURNAL_MAX_BYTES', arg: 'bytes', help: 'bytes each namespace journal keeps, oldest dropped first (default 16777216)', reader: integer(65536) },
  { key: 'journalTotalMaxBytes', flag: 'journal-total-max-bytes', env: 'POLIGON_JOURNAL_TOTAL_MAX_BYTES', arg: 'bytes', help: 'bytes all journals keep together (default 268435456)', reader: integer(65536) },
  { key: 'snapshotMaxBytes', flag: 'snapshot-max-bytes', env: 'POLIGON_SNAPSHOT_MAX_BYTES', arg: 'bytes', help: 'largest snapshot import, counted decompressed (default 268435456)', reader: integer(1024) },
  { key: 'journalBodyMaxBytes', flag: 'journal-body-max-bytes', env: 'POLIGON_JOURNAL_BODY_MAX_BYTES', arg: 'bytes', help: 'larger bodies are journaled truncated, with size and SHA-256 (default 65536)', reader: integer(1024) },
  { key: 'maxNamespaces', flag: 'max-namespaces', env: 'POLIGON_MAX_NAMESPACES', arg: 'count', help: 'namespaces kept at most (default 1000)', reader: integer(1) },
  { key: 'namespaceIdleMs', flag: 'namespace-idle-ms', env: 'POLIGON_NAMESPACE_IDLE_MS', arg: 'ms', help: 'a namespace unused this long makes room for a new one; never the default (default 3600000)', reader: integer(0) },
  { key: 'slowThresholdMs', flag: 'slow-threshold-ms', env: 'POLIGON_SLOW_THRESHOLD_MS', arg: 'ms', help: 'answers slower than this count as late in /__admin/stats (default 3000)', reader: integer(1) },
  { key: 'trustProxy', flag: 'trust-proxy', env: 'POLIGON_TRUST_PROXY', arg: 'value', help: 'trust X-Forwarded-For: true, false, a hop count or addresses (default false)', reader: trustProxy },
  { key: 'validateResponses', flag: 'validate-responses', env: 'POLIGON_VALIDATE_RESPONSES', help: "check every answer against its schema (the sandbox's own self-test)", reader: boolean },
  { key: 'maxConnections', flag: 'max-connections', env: 'POLIGON_MAX_CONNECTIONS', arg: 'count', help: 'open connections at most; more are closed (default 1000)', reader: integer(1) },
  { key: 'headersTimeoutMs', flag: 'headers-timeout-ms', env: 'POLIGON_HEADERS_TIMEOUT_MS', arg: 'ms', help: 'time a client has to send its request headers (default 10000)', reader: integer(1000) },
  { key: 'requestTimeoutMs', flag: 'request-timeout-ms', env: 'POLIGON_REQUEST_TIMEOUT_MS', arg: 'ms', help: 'time a client has to send its whole request (default 30000)', reader: integer(1000) },
  { key: 'keepAliveTimeoutMs', flag: 'keep-alive-timeout-ms', env: 'POLIGON_KEEP_ALIVE_TIMEOUT_MS', arg: 'ms', help: 'an idle kept-alive connection is closed after this long (default 5000)', reader: integer(0) },
  { key: 'maxRequestsPerSocket', flag: 'max-requests-per-socket', env: 'POLIGON_MAX_REQUESTS_PER_SOCKET', arg: 'count', help: 'requests one kept-alive connection may carry, 0 for no limit (default 0)', reader: integer(0) },
  { key: 'shutdownGraceMs', flag: 'shutdown-grace-ms', env: 'POLIGON_SHUTDOWN_GRACE_MS', arg: 'ms', help: 'on SIGTERM, time requests being answered get to finish (default 10000)', reader: integer(0) },
  { key: 'adminToken', flag: 'admin-token', env: 'POLIGON_ADMIN_TOKEN', arg: 'token', help: 'require "Authorization: Bearer <token>" on /__admin (16 characters or more)', reader: secretToken },
  { key: 'allowedOrigins', flag: 'allowed-origins', env: 'POLIGON_ALLOWED_ORIGINS', arg: 'origins', help: 'comma-separated origins (https://host:port) whose web pages may change state (default none but the sandbox itself)', reader: originList },
  { key: 'simulatorOptions', help: 'per-fake options (config file only)', reader: simulatorOptions },
];

export const CONFIG_FILE_ENV = 'POLIGON_CONFIG';

/** The commander options for every setting that has a flag. */
export function settingOptions(): Option[] {
  return SETTINGS.flatMap((s) => {
    if (!s.flag) return [];
    const envNote = s.env ? ` [env ${s.env}]` : '';
    const long = `${s.short ? `-${s.short}, ` : ''}--${s.flag}`;
    if (s.arg) return [new Option(`${long} <${s.arg}>`, s.help + envNote)];
    return [new Option(long, s.help + envNote), new Option(`--no-${s.flag}`).hideHelp()];
  });
}

function check(setting: Setting, raw: unknown, name: string): unknown {
  const value = setting.reader.read(raw);
  if (value === INVALID) {
    const got = typeof raw === 'string' ? (raw === '' ? '""' : raw) : JSON.stringify(raw);
    throw new UsageError(`${name} must be ${setting.reader.expect}, got ${got}`);
  }
  return value;
}

function fromFile(path: string): Partial<PoligonConfig> {
  let data: Record<string, unknown>;
  try {
    data = configFromFile(path) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(data)) {
    const setting = SETTINGS.find((s) => s.key === key);
    if (!setting) {
      throw new UsageError(`config file ${path}: unknown setting "${key}" (known: ${SETTINGS.map((s) => s.key).join(', ')})`);
    }
    out[key] = check(setting, raw, `config file ${path}: ${key}`);
  }
  return out;
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<PoligonConfig> {
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const raw = s.env ? env[s.env] : undefined;
    if (raw !== undefined && raw !== '') out[s.key] = check(s, raw, s.env!);
  }
  return out;
}

function fromFlags(flags: Record<string, unknown>): Partial<PoligonConfig> {
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    if (!s.flag) continue;
    const raw = flags[s.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
    if (raw !== undefined) out[s.key] = check(s, raw, `--${s.flag}`);
  }
  return out;
}

/**
 * The configuration `serve` runs with: defaults < config file (--config or POLIGON_CONFIG) <
 * POLIGON_* environment < flags. Throws UsageError naming the flag, variable or file at fault.
 */
export function serveConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): PoligonConfig {
  const file = (flags.config as string | undefined) ?? (env[CONFIG_FILE_ENV] || undefined);
  try {
    return resolveConfig(file ? fromFile(file) : {}, fromEnv(env), fromFlags(flags));
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}
