// The FES protocol profile: everything about the FES transport that the public record does not fix —
// per operation the method and path, the header names, the timestamp and its window, the MAC (algorithm,
// key encoding, the parts it signs and how they are joined, hex or base64), and per refusal the HTTP
// status and result.code. The simulator, its OpenAPI document, the signers (the reference cash register,
// FesClient) and the packs all read the active profile; Poligon ships its own MODELED one
// (schemas/fes-profile/profiles/modeled.yaml), and `poligon fes align` writes one from a vendor's
// copy of NSPK's protocol. Schema: schemas/fes-profile/profile.json.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isNode, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { SCHEMAS_DIR } from '../../src/engine/paths.js';
import { packageSchemas, type SchemaRegistry } from '../../src/engine/schemas.js';

/** The profile format's schema, compiled on the first profile read and kept. */
let profileSchemas: SchemaRegistry | undefined;
import type { ClientSigner, HttpMethod } from '../../src/engine/simulator.js';
import { fieldNameVariables, fieldOverrideProblems, operationAt, wireNamesOf, type FieldOverrides } from './fields.js';

export const PROFILE_OPERATIONS = [
  'echo', 'preAuthPurchase', 'preAuthReturn', 'findBasketByReceipt', 'sendReceipt', 'getPurchaseBasket', 'listCertificates', 'listBaskets', 'preAuthCancel',
] as const;
export type ProfileOperation = (typeof PROFILE_OPERATIONS)[number];

export const MAC_PARTS = ['method', 'path', 'timestamp', 'apiKey', 'cashRegisterId', 'body', 'bodySha256Hex', 'bodySha256Base64'] as const;
export type MacPart = (typeof MAC_PARTS)[number];

/** The headers of a signed call; requestId only when the profile puts the request id in a header. */
export type HeaderRole = 'apiKey' | 'cashRegisterId' | 'timestamp' | 'mac' | 'requestId';

/**
 * The refusals of the cash-software API a profile gives a status and code. The FES ones must have
 * codes of their own: cash software and the certification pack tell them apart by result.code.
 * POLIGON_* are the sandbox's own request checks (schema, body, routing, injected faults) and may share.
 */
export const PROFILE_OUTCOMES = [
  'API_KEY_MISSING', 'API_KEY_UNKNOWN', 'API_KEY_BLOCKED', 'API_KEY_REVOKED', 'AUTH_HEADER_INVALID', 'CASH_REGISTER_UNKNOWN',
  'TIMESTAMP_OUT_OF_WINDOW', 'MAC_INVALID', 'REPLAYED', 'CASH_REGISTER_BLOCKED_BY_MERCHANT', 'CASH_REGISTER_BLOCKED_BY_NSPK',
  'POINT_NOT_ACTIVATED', 'PREAUTH_BEFORE_ACTIVATION', 'POINT_DISABLED', 'MERCHANT_BLOCKED', 'TRU_INVALID', 'DUPLICATE_ITEM_NUMBER',
  'CERTIFICATE_LAST_NUMBERS_UNKNOWN', 'REQUEST_ID_REUSED', 'PAR_REQUIRED', 'CARD_BLOCKED', 'NO_COVERAGE', 'BASKET_NOT_FOUND',
  'BASKET_EXPIRED', 'BASKET_NOT_OPEN', 'RETURN_BASKET_NOT_FOUND', 'RETURN_ITEM_NOT_FOUND', 'RETURN_TRU_MISMATCH', 'RETURN_TOO_MANY',
  'RETURN_ALREADY_REFUNDED', 'RETURN_BASKET_NOT_PAID', 'CARD_MISMATCH', 'RETURN_WITHOUT_CARD_LATE', 'RECEIPT_BASKET_NOT_FOUND',
  'RECEIPT_SUM_MISMATCH', 'RECEIPT_WRONG_BASKET_STATE', 'RECEIPT_CONFLICT', 'RECEIPT_DATE_TIME_FORMAT', 'RECEIPT_SETTLEMENT_TYPE',
  'RECEIPT_NOT_FOUND', 'RECEIPT_FISCAL_FORMAT', 'PROCESSING_UNAVAILABLE', 'REGISTRY_TIMEOUT',
  'POLIGON_VALIDATION', 'POLIGON_MALFORMED_BODY', 'POLIGON_BODY_TOO_LARGE', 'POLIGON_UNSUPPORTED_MEDIA_TYPE', 'POLIGON_NOT_FOUND',
  'POLIGON_METHOD_NOT_ALLOWED', 'POLIGON_BAD_NAMESPACE', 'POLIGON_FAULT_INJECTED', 'POLIGON_INTERNAL',
] as const;
export type ProfileOutcome = (typeof PROFILE_OUTCOMES)[number];

/** A refusal on the wire: HTTP status, result.code, and the protocol's own result.description when it fixes one. */
export interface Outcome { status: number; code: number; description?: string }

export interface FesProfile {
  name: string;
  description?: string;
  operations: Record<ProfileOperation, { method: 'POST' | 'PUT' | 'PATCH'; path: string }>;
  headers: Record<Exclude<HeaderRole, 'requestId'>, string> & { requestId?: string };
  timestamp: { format: 'iso8601' | 'unix-seconds' | 'unix-millis'; windowSeconds: number };
  mac: {
    algorithm: 'hmac-sha256' | 'hmac-sha512' | 'hmac-sha1';
    key: 'utf8' | 'hex' | 'base64';
    parts: MacPart[];
    separator: string;
    output: 'hex' | 'base64';
  };
  outcomes: Record<string, Outcome>;
  /** Body fields whose name the record does not fix, under another name on the wire (fields.ts). */
  fields?: FieldOverrides;
}

/** A profile as served: its content, the SHA-256 of the file's bytes (reports cite it) and where it came from. */
export interface LoadedProfile {
  profile: FesProfile;
  sha256: string;
  file: string;
}

export interface ProfileProblem { file: string; line: number; column: number; pointer: string; message: string }

export class ProfileError extends Error {
  override name = 'ProfileError';
  constructor(readonly file: string, readonly problems: ProfileProblem[]) {
    super(`FES profile ${file} is refused:\n${problems.map((p) => `  ${p.file}:${p.line}:${p.column}: ${p.pointer ? `${p.pointer}: ` : ''}${p.message}`).join('\n')}`);
  }
}

const unescapePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** Line and column of the deepest YAML node a JSON pointer reaches. */
function position(doc: Document, lc: LineCounter, pointer: string): { line: number; column: number } {
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: [number] } | null)?.range?.[0] ?? 0;
  for (const key of pointer.split('/').slice(1).map(unescapePointer)) {
    let next: unknown;
    let at: number | undefined;
    if (isMap(node)) {
      // a key's line, not its value's: a block mapping's value starts on the next line
      const pair = node.items.find((p) => String(isNode(p.key) ? (p.key as { value?: unknown }).value : p.key) === key);
      next = pair?.value;
      at = isNode(pair?.key) ? pair.key.range?.[0] : undefined;
    } else if (isSeq(node)) {
      next = node.items[Number(key)];
      at = isNode(next) ? next.range?.[0] : undefined;
    }
    if (!isNode(next)) break;
    node = next;
    offset = at ?? offset;
  }
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

/** What the schema cannot say: every outcome present, FES codes told apart, one operation per route, one role per header. */
function semanticProblems(p: FesProfile): Array<{ pointer: string; message: string }> {
  const out: Array<{ pointer: string; message: string }> = [];
  const missing = PROFILE_OUTCOMES.filter((o) => !Object.hasOwn(p.outcomes, o));
  if (missing.length) out.push({ pointer: '/outcomes', message: `lacks ${missing.length === 1 ? 'the outcome' : 'the outcomes'} ${missing.join(', ')}: each refusal needs its status and code` });
  const unknown = Object.keys(p.outcomes).filter((o) => !(PROFILE_OUTCOMES as readonly string[]).includes(o));
  for (const o of unknown) out.push({ pointer: `/outcomes/${o}`, message: `unknown outcome ${o} (known: ${PROFILE_OUTCOMES.join(', ')})` });
  const byCode = new Map<number, string>();
  for (const o of PROFILE_OUTCOMES) {
    const spec = p.outcomes[o];
    if (!spec || o.startsWith('POLIGON_')) continue;
    const first = byCode.get(spec.code);
    if (first) out.push({ pointer: `/outcomes/${o}/code`, message: `code ${spec.code} is already ${first}'s: cash software and the certification pack tell ${first} and ${o} apart by result.code` });
    else byCode.set(spec.code, o);
  }
  const routes = new Map<string, string>();
  for (const op of PROFILE_OPERATIONS) {
    const spec = p.operations[op];
    const route = `${spec.method} ${spec.path}`;
    const first = routes.get(route);
    if (first) out.push({ pointer: `/operations/${op}/path`, message: `${route} is already ${first}'s: one route, one operation` });
    else routes.set(route, op);
  }
  const headers = new Map<string, string>();
  for (const [role, name] of Object.entries(p.headers)) {
    const first = headers.get(name.toLowerCase());
    if (first) out.push({ pointer: `/headers/${role}`, message: `header ${name} is already ${first}'s (header names are case-insensitive)` });
    else headers.set(name.toLowerCase(), role);
  }
  if (!p.mac.parts.some((part) => part === 'body' || part === 'bodySha256Hex' || part === 'bodySha256Base64')) {
    out.push({ pointer: '/mac/parts', message: 'signs no part of the body (body, bodySha256Hex or bodySha256Base64): a MAC must protect what is sent' });
  }
  out.push(...fieldOverrideProblems(p.fields));
  return out;
}

/**
 * Parses and checks a profile (YAML or JSON text); every problem is listed with file:line:column.
 * `shipped`: a profile of this package, checked by its tests; not compiled against the schema again at
 * every start-up (ajv's compile is most of a start-up's time).
 */
export function parseProfile(text: string, file: string, shipped = false): LoadedProfile {
  const shown = /^https?:/.test(file) || relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file) || file;
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ProfileError(shown, doc.errors.map((e) => {
      const { line, col } = lc.linePos(e.pos[0]);
      return { file: shown, line, column: col, pointer: '', message: `YAML: ${e.message.split('\n')[0]}` };
    }));
  }
  const data = doc.toJS() as FesProfile;
  const at = (pointer: string, message: string): ProfileProblem => ({ file: shown, ...position(doc, lc, pointer), pointer, message });
  const schemaProblems = (shipped ? [] : (profileSchemas ??= packageSchemas(['fes-profile/profile'])).validate('fes-profile/profile', data)).map((p) => {
    const pointer = p.pointer === '/' ? '' : p.pointer;
    const unknownPart = /^\/mac\/parts\/\d+$/.test(pointer) ? `unknown MAC part ${JSON.stringify(p.received)}: ` : '';
    return at(pointer, `${unknownPart}${p.message}: expected ${p.expected}${p.received === undefined || unknownPart ? '' : `, found ${JSON.stringify(p.received)}`}`);
  });
  if (schemaProblems.length) throw new ProfileError(shown, schemaProblems);
  const problems = semanticProblems(data).map((p) => at(p.pointer, p.message));
  if (problems.length) throw new ProfileError(shown, problems);
  return { profile: data, sha256: createHash('sha256').update(text).digest('hex'), file: shown };
}

export function loadProfileFile(file: string, shipped = false): LoadedProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ProfileError(file, [{ file, line: 0, column: 0, pointer: '', message: `cannot be read: ${(e as Error).message}` }]);
  }
  return parseProfile(text, file, shipped);
}

/**
 * A profile as a sandbox publishes it (GET /fes/control/v1/profile: name, SHA-256 of its file, content),
 * checked as a file is; it keeps the SHA-256 the sandbox gives, the one its reports cite.
 */
export function publishedProfile(published: unknown, from: string): LoadedProfile {
  const p = published as { sha256?: unknown; profile?: unknown } | null;
  if (typeof p?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p.sha256) || typeof p.profile !== 'object' || p.profile === null) {
    throw new Error(`${from} is not a published FES profile (expected { name, sha256, modeled, profile })`);
  }
  return { ...parseProfile(JSON.stringify(p.profile, null, 2), from), sha256: p.sha256, file: from };
}

export const PROFILES_DIR = join(SCHEMAS_DIR, 'fes-profile', 'profiles');
/** Poligon's own modeled transport: served unless another profile is chosen. */
export const MODELED_PROFILE: LoadedProfile = loadProfileFile(join(PROFILES_DIR, 'modeled.yaml'), true);

// --- what the profile means on the wire ------------------------------------------------------------

export const httpMethodOf = (profile: FesProfile, op: ProfileOperation) => profile.operations[op].method.toLowerCase() as HttpMethod;

const DIGEST = { 'hmac-sha256': 'sha256', 'hmac-sha512': 'sha512', 'hmac-sha1': 'sha1' } as const;
const DIGEST_BYTES = { 'hmac-sha256': 32, 'hmac-sha512': 64, 'hmac-sha1': 20 } as const;

/** The timestamp header's text for a moment. */
export function timestampText(profile: FesProfile, ms: number): string {
  switch (profile.timestamp.format) {
    case 'unix-seconds': return String(Math.floor(ms / 1000));
    case 'unix-millis': return String(Math.floor(ms));
    default: return new Date(ms).toISOString();
  }
}

/** Each timestamp format's shape; packs check the header against the same pattern. */
const TIMESTAMP_FORMATS = {
  iso8601: { pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$', what: 'an ISO-8601 UTC time', example: '2026-01-31T10:15:30Z', shape: 'YYYY-MM-DDTHH:MM:SS[.sss]Z', toMs: Date.parse },
  'unix-seconds': { pattern: '^\\d{9,11}$', what: 'a Unix time in seconds', example: '1769854530', shape: 'decimal seconds since 1970-01-01T00:00:00Z', toMs: (t: string) => Number(t) * 1000 },
  'unix-millis': { pattern: '^\\d{12,14}$', what: 'a Unix time in milliseconds', example: '1769854530123', shape: 'decimal milliseconds since 1970-01-01T00:00:00Z', toMs: Number },
} as const;

export type TimestampShape = Pick<(typeof TIMESTAMP_FORMATS)[keyof typeof TIMESTAMP_FORMATS], 'what' | 'example' | 'shape'>;

/** The moment a timestamp header names, or, when it names none, what was expected. */
export function parseTimestamp(profile: FesProfile, text: string): { at: number } | { expected: TimestampShape } {
  const format = TIMESTAMP_FORMATS[profile.timestamp.format];
  const at = new RegExp(format.pattern).test(text) ? format.toMs(text) : Number.NaN;
  return Number.isNaN(at) ? { expected: format } : { at };
}

export interface MacInput {
  method: string;
  path: string;
  timestamp: string;
  apiKey: string;
  cashRegisterId: string;
  body: string | Buffer;
}

/** The string the MAC signs: the profile's parts, in order, joined by its separator. */
export function macCanonicalString(profile: FesProfile, input: MacInput): string {
  const part = (p: MacPart): string => {
    switch (p) {
      case 'method': return input.method.toUpperCase();
      case 'path': return input.path;
      case 'timestamp': return input.timestamp;
      case 'apiKey': return input.apiKey;
      case 'cashRegisterId': return input.cashRegisterId;
      case 'body': return Buffer.isBuffer(input.body) ? input.body.toString('utf8') : input.body;
      case 'bodySha256Hex': return createHash('sha256').update(input.body).digest('hex');
      case 'bodySha256Base64': return createHash('sha256').update(input.body).digest('base64');
    }
  };
  return profile.mac.parts.map(part).join(profile.mac.separator);
}

export function computeMac(profile: FesProfile, macKey: string, input: MacInput): string {
  const key = profile.mac.key === 'utf8' ? Buffer.from(macKey, 'utf8') : Buffer.from(macKey, profile.mac.key);
  return createHmac(DIGEST[profile.mac.algorithm], key).update(macCanonicalString(profile, input)).digest(profile.mac.output);
}

/** What a well-formed MAC header looks like, for the refusal of a malformed one. */
export function macShape(profile: FesProfile): { pattern: RegExp; what: string; length: string; expected: string } {
  const bytes = DIGEST_BYTES[profile.mac.algorithm];
  const what = `${profile.mac.output} ${profile.mac.algorithm.toUpperCase()}`;
  if (profile.mac.output === 'hex') return { pattern: new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), what, length: `${bytes * 2} hexadecimal characters`, expected: `${bytes * 2} hex characters` };
  const length = Math.ceil(bytes / 3) * 4;
  return { pattern: new RegExp(`^[A-Za-z0-9+/]{${length - 2}}[A-Za-z0-9+/=]{2}$`), what, length: `${length} base64 characters`, expected: `${length} base64 characters` };
}

/** The MAC as compared and remembered (hex is case-insensitive, base64 is not). */
export const normalizedMac = (profile: FesProfile, mac: string): string => (profile.mac.output === 'hex' ? mac.toLowerCase() : mac);

export function macMatches(profile: FesProfile, expected: string, received: string): boolean {
  const a = Buffer.from(normalizedMac(profile, expected), 'utf8');
  const b = Buffer.from(normalizedMac(profile, received), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The MAC rule in one line, for the OpenAPI document and refusal hints. */
export function describeMac(profile: FesProfile): string {
  const parts = profile.mac.parts.map((p) => ({ bodySha256Hex: 'hex SHA-256(body)', bodySha256Base64: 'base64 SHA-256(body)', method: 'METHOD', path: 'PATH', timestamp: 'TIMESTAMP', apiKey: 'API KEY', cashRegisterId: 'CASH REGISTER ID', body: 'BODY' }[p]));
  return `${profile.mac.output} ${profile.mac.algorithm.toUpperCase()}(MAC KEY as ${profile.mac.key}, ${parts.join(JSON.stringify(profile.mac.separator).slice(1, -1))})`;
}

/** What a profile with a request-id header sends there: the body's request id (under its wire name), else a fresh one (as a till makes one per call). */
function requestIdOf(profile: FesProfile, method: string, path: string, body: string | Buffer): string {
  const op = operationAt(profile, method, path);
  const field = op === undefined ? 'requestId' : wireNamesOf(profile, op).requestField('requestId');
  try {
    const id = (JSON.parse(body.toString()) as Record<string, unknown>)[field];
    if (typeof id === 'string') return id;
  } catch { /* not JSON */ }
  return randomUUID();
}

/**
 * The client-side signer (clientAuth['fes-mac']) for a profile: params { apiKey, macKey, cashRegisterId };
 * signs with the request's `now` (the sandbox's virtual time) so signed requests pass the window.
 */
export function signerFor(profile: FesProfile): ClientSigner {
  return ({ method, path, body, params, now }) => {
    const { apiKey, macKey, cashRegisterId } = params as { apiKey: string; macKey: string; cashRegisterId: string };
    const timestamp = timestampText(profile, now);
    return {
      ...(profile.headers.requestId === undefined ? {} : { [profile.headers.requestId]: requestIdOf(profile, method, path, body) }),
      [profile.headers.apiKey]: apiKey,
      [profile.headers.cashRegisterId]: cashRegisterId,
      [profile.headers.timestamp]: timestamp,
      [profile.headers.mac]: computeMac(profile, macKey, { method, path, timestamp, apiKey, cashRegisterId, body }),
    };
  };
}

/** What packs read of the active profile, as `${fesProfile.…}`: header names (lower case, as journaled), codes, statuses, where a refusal's explanation is, fields' wire names. */
export function packVariables(loaded: LoadedProfile) {
  const { profile } = loaded;
  return {
    name: profile.name,
    sha256: loaded.sha256,
    headers: Object.fromEntries(Object.entries(profile.headers).map(([role, name]) => [role, name.toLowerCase()])),
    timestampPattern: TIMESTAMP_FORMATS[profile.timestamp.format].pattern,
    code: Object.fromEntries(Object.entries(profile.outcomes).map(([o, s]) => [o, s.code])),
    status: Object.fromEntries(Object.entries(profile.outcomes).map(([o, s]) => [o, s.status])),
    // where a refusal's explanation is: result.description, or detail when the profile fixes the description's text
    explanation: Object.fromEntries(Object.entries(profile.outcomes).map(([o, s]) => [o, s.description === undefined ? '$.result.description' : '$.detail'])),
    // a field's wire name, for what names it in text (a refusal's explanation): packs' paths name the canonical field
    field: fieldNameVariables(profile),
  };
}

/** A shell line (bash, coreutils, openssl, curl) that signs and sends an echo the way the profile says. */
export function curlEcho(profile: FesProfile, to: { baseUrl: string; apiKey: string; macKey: string; cashRegisterId: string }): string {
  const shellQuoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const printfLiteral = (s: string) => s.replace(/\\/g, '\\\\').replace(/%/g, '%%').replace(/\n/g, '\\n').replace(/'/g, `'\\''`);
  const { method, path } = profile.operations.echo;
  const digest = DIGEST[profile.mac.algorithm];
  const pieces = profile.mac.parts.map((p): { format: string; arg?: string } => {
    switch (p) {
      case 'method': return { format: printfLiteral(method) };
      case 'path': return { format: printfLiteral(path) };
      case 'apiKey': return { format: printfLiteral(to.apiKey) };
      case 'cashRegisterId': return { format: printfLiteral(to.cashRegisterId) };
      case 'timestamp': return { format: '%s', arg: '"$TS"' };
      case 'body': return { format: '%s', arg: '"$BODY"' };
      case 'bodySha256Hex': return { format: '%s', arg: `"$(printf %s "$BODY" | sha256sum | cut -d' ' -f1)"` };
      case 'bodySha256Base64': return { format: '%s', arg: '"$(printf %s "$BODY" | openssl dgst -sha256 -binary | base64)"' };
    }
  });
  const format = pieces.map((p) => p.format).join(printfLiteral(profile.mac.separator));
  const args = pieces.flatMap((p) => (p.arg ? [p.arg] : [])).join(' ');
  const key = profile.mac.key === 'utf8' ? `-hmac ${shellQuoted(to.macKey)}`
    : profile.mac.key === 'hex' ? `-mac HMAC -macopt hexkey:${to.macKey}`
      : `-mac HMAC -macopt hexkey:$(printf %s ${shellQuoted(to.macKey)} | base64 -d | od -An -tx1 | tr -d ' \\n')`;
  // base64 wraps at 76 characters: an HMAC-SHA512 (88) would break the header
  const output = profile.mac.output === 'hex' ? ` | sed 's/^.* //'` : ' -binary | base64 -w0';
  const ts = { iso8601: 'date -u +%Y-%m-%dT%H:%M:%S.%3NZ', 'unix-seconds': 'date +%s', 'unix-millis': 'date +%s%3N' }[profile.timestamp.format];
  const h = profile.headers;
  const idField = wireNamesOf(profile, 'echo').requestField('requestId');
  // the request id under its wire name, and in its header too where the profile puts it there
  return `TS=$(${ts}); ID=$(cat /proc/sys/kernel/random/uuid); BODY="{\\"${idField}\\":\\"$ID\\"}"; MAC=$(printf '${format}'${args ? ` ${args}` : ''} | openssl dgst -${digest} ${key}${output}); `
    + `curl -s${method === 'POST' ? '' : ` -X ${method}`} ${to.baseUrl}${path} -H 'Content-Type: application/json'${h.requestId === undefined ? '' : ` -H "${h.requestId}: $ID"`} -H '${h.apiKey}: ${to.apiKey}' -H '${h.cashRegisterId}: ${to.cashRegisterId}' -H "${h.timestamp}: $TS" -H "${h.mac}: $MAC" -d "$BODY"`;
}
