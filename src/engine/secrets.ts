// Secrets (API KEY, MAC KEY, client secrets, tokens, passwords) never leave the sandbox in clear
// through the journal, logs or reports. Masking is by field or header name at any depth (parsed
// JSON, forms, query strings, and name/value pairs found in text that could not be parsed), and by
// value: every secret a namespace holds or has seen under a secret name is replaced wherever it
// appears. A masked value keeps its last four characters so that an operator can still tell two
// keys apart.

const SECRET_NAMES = /^(authorization|proxy-authorization|cookie|set-cookie|access_token|refresh_token|id_token|client_secret|password|newpassword|apikey|api_key|x-api-key|mackey|mac_key|mac|x-mac|x-fes-api-key|x-fes-mac|secret|token|accesstoken|clientsecret|setpasswordtoken)$/i;
/** Any name that says it holds a secret, e.g. linkToken, adminPassword, client-secret. */
const SECRET_NAME_PARTS = /secret|password|passwd|(?:^|[^a-z])token$|[a-z]Token$|api_?key|mac_?key/i;
/** What a name says about a secret without holding it (apiKeyStatus: ACTIVE, macKeyLast4): shown, or an operator cannot read a key's state. */
const ABOUT_A_SECRET = /[a-z_-](?:status|state|last4)$/i;
/** When a secret was set or stops working (passwordSetAt, passwordUsableFrom, token_expires_at): a time, shown; a secret value it was, a date equal to it anywhere else got masked. */
const WHEN_OF_A_SECRET = /[a-z](?:At|From|Until)$|[a-z][_-](?:at|from|until)$/;

/** Verdicts by name are cached (the journal asks about the same few names on every request); field names come from clients, so the cache starts over rather than grow without bound. */
const MAX_CACHED_VERDICTS = 10_000;

/**
 * The names secrets travel under, in one sandbox or one scenario run: names any system uses for a
 * secret, plus those its simulators declare (`Simulator.secretNames`, e.g. FES's MAC header). Built
 * from the simulators it is given; never changed afterwards.
 */
export class SecretNames {
  private readonly declared: ReadonlySet<string>;
  private readonly verdicts = new Map<string, boolean>();

  constructor(declared: Iterable<string> = []) {
    this.declared = new Set([...declared].map((n) => n.toLowerCase()));
  }

  /** The names any system uses and those the simulators declare. */
  static of(simulators: Iterable<{ secretNames?: readonly string[] }>): SecretNames {
    return new SecretNames([...simulators].flatMap((sim) => sim.secretNames ?? []));
  }

  has(name: string): boolean {
    let secret = this.verdicts.get(name);
    if (secret === undefined) {
      secret = SECRET_NAMES.test(name) || (SECRET_NAME_PARTS.test(name) && !ABOUT_A_SECRET.test(name) && !WHEN_OF_A_SECRET.test(name)) || this.declared.has(name.toLowerCase());
      if (this.verdicts.size >= MAX_CACHED_VERDICTS) this.verdicts.clear();
      this.verdicts.set(name, secret);
    }
    return secret;
  }
}

/** Only the names any system uses: for what serves no simulator (a console line before a sandbox exists, a pack file). */
export const GENERIC_SECRET_NAMES = new SecretNames();

export function maskValue(value: unknown): string {
  const s = String(value);
  if (s.length <= 8) return '****';
  const bearer = /^(Bearer|Basic)\s+/i.exec(s);
  const prefix = bearer ? bearer[0] : '';
  return `${prefix}****${s.slice(-4)}`;
}

/** Shorter values are not looked for by value: too likely to be something else (a port, a year). */
export const MIN_SECRET_VALUE_LENGTH = 8;
/** Deeper than this, a value is not copied but replaced (nothing the sandbox accepts nests so deep). */
const MAX_MASK_DEPTH = 256;
const TOO_DEEP = '[not shown: nested too deep]';

/**
 * Secret values to replace wherever they appear. Built from a set of values (see
 * collectSecretValues); an empty set masks nothing by value.
 */
export class SecretValues {
  private readonly pattern: RegExp | undefined;
  private readonly shortest: number;

  constructor(readonly values: ReadonlySet<string> = new Set()) {
    const usable = [...values].filter((v) => v.length >= MIN_SECRET_VALUE_LENGTH).sort((a, b) => b.length - a.length);
    this.shortest = usable.length ? usable[usable.length - 1]!.length : Infinity;
    this.pattern = usable.length ? new RegExp(usable.map(escapeRegExp).join('|'), 'g') : undefined;
  }

  /** `text` with every known secret in it masked. */
  replaceIn(text: string): string {
    if (!this.pattern || text.length < this.shortest) return text;
    return text.replace(this.pattern, (s) => maskValue(s));
  }
}

const NO_VALUES = new SecretValues();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Adds to `into` every string held under a secret name in `data`, at any depth (a Bearer token without its scheme too). */
export function collectSecretValues(data: unknown, names: SecretNames, into: Set<string>): void {
  const stack: unknown[] = [data];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      if (typeof item === 'string') {
        if (item.length >= MIN_SECRET_VALUE_LENGTH && names.has(k)) addSecret(item, into);
      } else if (item !== null && typeof item === 'object') stack.push(item);
    }
  }
}

/** Adds a secret found in a header or field (a "Bearer xyz" header adds xyz). */
export function addSecret(value: string, into: Set<string>): void {
  const scheme = /^(?:Bearer|Basic)\s+(\S+)$/i.exec(value);
  const secret = scheme ? scheme[1]! : value;
  if (secret.length >= MIN_SECRET_VALUE_LENGTH) into.add(secret);
}

/** A deep copy of `data` with every secret-named field masked, at any depth, and every known secret value. */
export function maskSecrets<T>(data: T, names: SecretNames, known: SecretValues = NO_VALUES): T {
  return maskCopy(data, names, known, 0) as T;
}

function maskCopy(data: unknown, names: SecretNames, known: SecretValues, depth: number): unknown {
  if (typeof data === 'string') return known.replaceIn(data);
  if (data === null || typeof data !== 'object') return data;
  if (depth > MAX_MASK_DEPTH) return TOO_DEEP;
  if (Array.isArray(data)) return data.map((v) => maskCopy(v, names, known, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(data as Record<string, unknown>)) {
    const masked = names.has(name) && v !== null && v !== undefined && typeof v !== 'object'
      ? maskValue(v)
      : maskCopy(v, names, known, depth + 1);
    // a secret can be a key too (an index by API KEY)
    const k = known.replaceIn(name);
    // a "__proto__" key (legal in JSON) stays data
    if (k === '__proto__') Object.defineProperty(out, k, { value: masked, enumerable: true, writable: true, configurable: true });
    else out[k] = masked;
  }
  return out;
}

function decodeFormPart(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Masks secrets inside a URL-encoded string or query (e.g. a token request body). */
export function maskQueryString(qs: string, names: SecretNames, known: SecretValues = NO_VALUES): string {
  // a name starts at the text's start or after a separator: without the lookbehind, text with no "="
  // (a 25 KB body) was scanned again from every position, 2 s of CPU on each journal read
  return known.replaceIn(qs.replace(/(?<![^&=?\s])([^&=?\s]+)=([^&\s]*)/g, (all, k: string, v: string) =>
    names.has(decodeFormPart(k)) ? `${k}=${maskValue(decodeFormPart(v))}` : all,
  ));
}

// Name/value pairs as they appear in text that was not parsed (broken JSON, a form sent as JSON,
// a log line): "name": "value" or "name": bare, name=value, and header-like `Name: value`.
const JSON_STRING_PAIR = /("((?:[^"\\\n]|\\.){1,128})"\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
const JSON_BARE_PAIR = /("((?:[^"\\\n]|\\.){1,128})"\s*:\s*)(-?[\w.+-]+)/g;
const HEADER_LINE = /^([A-Za-z][\w-]{0,127}):[ \t]*(.+)$/gm;

/** Masks secrets in text that may hold JSON, a form or header lines, by name and by value. */
export function maskText(text: string, names: SecretNames, known: SecretValues = NO_VALUES): string {
  const named = maskQueryString(
    text
      .replace(JSON_STRING_PAIR, (all, head: string, name: string, value: string) => (names.has(name) ? `${head}"${maskValue(value)}"` : all))
      .replace(JSON_BARE_PAIR, (all, head: string, name: string, value: string) => (names.has(name) && !/^(true|false|null)$/.test(value) ? `${head}"${maskValue(value)}"` : all))
      .replace(HEADER_LINE, (all, name: string, value: string) => (names.has(name) ? `${name}: ${maskValue(value.trim())}` : all)),
    names,
  );
  return known.replaceIn(named);
}
