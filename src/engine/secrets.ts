// Secrets (API KEY, MAC KEY, client secrets, tokens, passwords) never leave the sandbox in clear
// through the journal, logs or reports. Masking is by field or header name, keeping the last four
// characters so that an operator can still tell two keys apart.

const SECRET_NAMES = /^(authorization|proxy-authorization|cookie|set-cookie|access_token|refresh_token|id_token|client_secret|password|newpassword|apikey|api_key|x-api-key|mackey|mac_key|mac|x-mac|x-fes-api-key|x-fes-mac|secret|token|accesstoken|clientsecret|setpasswordtoken)$/i;

const extraNames = new Set<string>();
/** Verdicts by name: the journal asks about the same few header and field names on every request. */
const verdicts = new Map<string, boolean>();
/** Field names come from clients: the cache starts over rather than grow without bound. */
const MAX_CACHED_VERDICTS = 10_000;

/** Simulators add the header and field names their own secrets travel in (e.g. a MAC header). */
export function registerSecretNames(names: Iterable<string>): void {
  for (const n of names) extraNames.add(n.toLowerCase());
  verdicts.clear();
}

export function isSecretName(name: string): boolean {
  let secret = verdicts.get(name);
  if (secret === undefined) {
    secret = SECRET_NAMES.test(name) || /secret|password/i.test(name) || extraNames.has(name.toLowerCase());
    if (verdicts.size >= MAX_CACHED_VERDICTS) verdicts.clear();
    verdicts.set(name, secret);
  }
  return secret;
}

export function maskValue(value: unknown): string {
  const s = String(value);
  if (s.length <= 8) return '****';
  const bearer = /^Bearer\s+/i.exec(s);
  const prefix = bearer ? bearer[0] : '';
  return `${prefix}****${s.slice(-4)}`;
}

/** A deep copy of `data` with every secret-named field masked. */
export function maskSecrets<T>(data: T, depth = 0): T {
  if (depth > 32 || data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) return data.map((v) => maskSecrets(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    out[k] = isSecretName(k) && v !== null && v !== undefined && typeof v !== 'object'
      ? maskValue(v)
      : maskSecrets(v, depth + 1);
  }
  return out as T;
}

/** Masks secrets inside a URL-encoded string or query (e.g. a token request body). */
export function maskQueryString(qs: string): string {
  return qs.replace(/([^&=?]+)=([^&]*)/g, (all, k: string, v: string) =>
    isSecretName(decodeURIComponent(k)) ? `${k}=${maskValue(decodeURIComponent(v))}` : all,
  );
}
