// The request journal: every request a namespace receives and what it answered, secrets masked.
// It is bounded by bytes, per namespace and across all of them (oldest entries dropped first), and
// a body larger than a set size is kept truncated, with its size and SHA-256, so that no client can
// make the sandbox hold more than its configuration says.
// It is what observe-mode scenarios wait on (`waitFor`), and what reports and HAR files are made of.
// The pipeline records what it has anyway (the body bytes received, the answer's JSON text, the
// header object); parsing and masking wait until an entry is first read, so that a request costs
// no deep copies. Those inputs are never changed afterwards, so a late reading sees the request
// exactly as it came.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { parseQuery } from './http.js';
import { SecretValues, addSecret, collectSecretValues, maskSecrets, maskText, type SecretNames } from './secrets.js';

export interface JournalEntry {
  seq: number;
  /** Real wall-clock time the request arrived (ISO). */
  time: string;
  /** The namespace's virtual time when it arrived (ISO). */
  virtualTime: string;
  namespace: string;
  simulator: string;
  /** `simulator.operationId`, or undefined when no operation matched. */
  operation?: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  durationMs: number;
  remoteAddress?: string;
  /** The error code when the answer was an error. */
  errorCode?: string;
  /** Set when an injected fault shaped this answer. */
  fault?: string;
  /** Set when the request body was larger than the journal keeps: it is shown truncated (as text). */
  requestBodyTruncated?: TruncatedBody;
  /** Set when the answer was larger than the journal keeps: it is shown truncated (as text). */
  responseBodyTruncated?: TruncatedBody;
}

export interface TruncatedBody {
  /** The whole body's size in bytes. */
  size: number;
  /** SHA-256 of the whole body, hex. */
  sha256: string;
}

export interface JournalFilter {
  simulator?: string;
  operation?: string;
  method?: string;
  pathContains?: string;
  status?: number;
  afterSeq?: number;
  errorsOnly?: boolean;
  limit?: number;
}

const HEADERS_KEPT = /^(content-type|accept|allow|user-agent|x-|authorization|date|location|www-authenticate|retry-after)/i;
/**
 * What an entry is read with: the sandbox's secret names, the secret values known when it is read,
 * and the header names its simulators' wire formats carry beyond HEADERS_KEPT (Simulator.journalHeaders,
 * e.g. a FES profile's, without X-: await steps judge them), lower-case.
 */
interface Masking {
  names: SecretNames;
  known: SecretValues;
  kept: ReadonlySet<string>;
}

function pickHeaders(headers: Record<string, unknown>, { names, known, kept }: Masking): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && (HEADERS_KEPT.test(k) || kept.has(k.toLowerCase()))) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return maskSecrets(out, names, known);
}

export function matches(entry: Pick<JournalEntry, 'simulator' | 'operation' | 'method' | 'path' | 'status' | 'seq'>, f: JournalFilter): boolean {
  return (f.simulator === undefined || entry.simulator === f.simulator)
    && (f.operation === undefined || entry.operation === f.operation || entry.operation?.endsWith(`.${f.operation}`) === true)
    && (f.method === undefined || entry.method.toUpperCase() === f.method.toUpperCase())
    && (f.pathContains === undefined || entry.path.includes(f.pathContains))
    && (f.status === undefined || entry.status === f.status)
    && (f.afterSeq === undefined || entry.seq > f.afterSeq)
    && (!f.errorsOnly || entry.status >= 400);
}

/** How the request body is shown: parsed as the operation parsed it, or as text when it was not. */
export type RecordedBodyKind = 'json' | 'form' | 'text';

/** What the pipeline records per request: the journal parses and masks it when the entry is first read. */
export interface JournalRecord extends Omit<JournalEntry, 'seq' | 'time' | 'virtualTime' | 'query' | 'requestHeaders' | 'requestBody' | 'responseHeaders' | 'responseBody' | 'requestBodyTruncated' | 'responseBodyTruncated'> {
  /** Real and virtual time the request arrived (ms since the epoch). */
  at: number;
  virtualAt: number;
  /** The query string without "?". */
  search: string;
  requestHeaders: IncomingHttpHeaders;
  requestBody: { bytes: Buffer; kind: RecordedBodyKind; truncated?: TruncatedBody };
  responseHeaders: Record<string, string | undefined>;
  /** The answer's JSON text as sent (undefined for an empty answer). */
  responseText: string | undefined;
  responseTruncated?: TruncatedBody;
}

/** A recorded request until it is read: filters look only at fields it already has. */
type Pending = JournalRecord & { seq: number };

/** Every entry, recorded or read, with what the journal counts it as holding. */
type Kept = { entry: JournalEntry | Pending; bytes: number; order: number };


/** How much the journals may hold. */
export interface JournalLimits {
  /** Bytes one namespace's journal may hold (bodies, answers and a fixed allowance per entry). */
  maxBytes: number;
  /** A request body or answer larger than this is kept truncated to it, with its size and hash. */
  maxBodyBytes: number;
  /** Entries one journal keeps, whatever their size. */
  maxEntries: number;
}

export const DEFAULT_JOURNAL_LIMITS: JournalLimits = { maxBytes: 16 * 1024 * 1024, maxBodyBytes: 64 * 1024, maxEntries: 5000 };

/** What an entry costs beyond its bodies: headers, path, times, the parsed copy's overhead. */
const ENTRY_OVERHEAD_BYTES = 1024;
/** Text bodies (not parsed) are shown up to this many characters. */
const TEXT_SHOWN_CHARS = 4096;
/** Secrets seen in requests and answers (a client's password, an issued token), kept to mask them elsewhere. */
const MAX_LEARNED_SECRETS = 10_000;

/**
 * The bytes all journals of a sandbox hold together. When a journal's entry takes the total over
 * `maxBytes`, the oldest entries of the whole sandbox go first.
 */
export class JournalBudget {
  used = 0;
  private next = 0;
  readonly journals = new Set<Journal>();

  constructor(readonly maxBytes: number = Infinity) {}

  order(): number {
    return this.next++;
  }

  /** Drops the sandbox's oldest entries until the total fits. */
  enforce(): void {
    while (this.used > this.maxBytes) {
      let oldest: Journal | undefined;
      for (const j of this.journals) if (j.oldestOrder !== undefined && (oldest === undefined || j.oldestOrder < oldest.oldestOrder!)) oldest = j;
      if (!oldest) return;
      oldest.dropOldest();
    }
  }
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The record with its bodies cut to `maxBodyBytes` (size and hash kept) and copied out of larger buffers. */
function bounded(record: JournalRecord, maxBodyBytes: number): JournalRecord {
  let { requestBody, responseText, responseTruncated } = record;
  const { bytes } = requestBody;
  if (bytes.length > maxBodyBytes) {
    requestBody = { bytes: Buffer.from(bytes.subarray(0, maxBodyBytes)), kind: 'text', truncated: { size: bytes.length, sha256: sha256(bytes) } };
  } else if (bytes.buffer.byteLength > bytes.length + 4096) {
    // a slice of a larger buffer would keep all of it alive
    requestBody = { ...requestBody, bytes: Buffer.from(bytes) };
  }
  if (responseText !== undefined && responseText.length > maxBodyBytes) {
    const size = Buffer.byteLength(responseText);
    if (size > maxBodyBytes) {
      responseTruncated = { size, sha256: sha256(responseText) };
      responseText = responseText.slice(0, maxBodyBytes);
    }
  }
  return requestBody === record.requestBody && responseTruncated === undefined ? record : { ...record, requestBody, responseText, responseTruncated };
}

function sizeOf(record: JournalRecord): number {
  return record.requestBody.bytes.length + (record.responseText?.length ?? 0) + record.path.length + record.search.length + ENTRY_OVERHEAD_BYTES;
}

function shownText(text: string, { names, known }: Masking): string {
  // masked whole, then cut: a cut secret would otherwise escape both kinds of masking
  return maskText(text, names, known).slice(0, TEXT_SHOWN_CHARS);
}

function recordedBody({ bytes, kind }: JournalRecord['requestBody'], masking: Masking): unknown {
  if (bytes.length === 0) return undefined;
  const text = bytes.toString('utf8');
  if (kind === 'form') return maskSecrets(Object.fromEntries(new URLSearchParams(text)), masking.names, masking.known);
  if (kind === 'json') return maskSecrets(JSON.parse(text), masking.names, masking.known);
  return shownText(text, masking);
}

function responseBodyOf(p: Pending, masking: Masking): unknown {
  if (p.responseText === undefined) return undefined;
  if (p.responseTruncated) return shownText(p.responseText, masking);
  return maskSecrets(JSON.parse(p.responseText), masking.names, masking.known);
}

/** Adds the secrets a request or its answer carries under a secret name (a password sent, a token issued). */
function learnSecrets(p: Pending, names: SecretNames, into: Set<string>): void {
  for (const [name, value] of Object.entries(p.requestHeaders)) {
    if (typeof value === 'string' && names.has(name)) addSecret(value, into);
  }
  for (const [name, value] of Object.entries(p.responseHeaders)) {
    if (typeof value === 'string' && names.has(name)) addSecret(value, into);
  }
  collectSecretValues(parseQuery(p.search), names, into);
  const { bytes, kind } = p.requestBody;
  if (bytes.length && kind === 'json') collectSecretValues(JSON.parse(bytes.toString('utf8')), names, into);
  if (bytes.length && kind === 'form') collectSecretValues(Object.fromEntries(new URLSearchParams(bytes.toString('utf8'))), names, into);
  if (p.responseText !== undefined && !p.responseTruncated) collectSecretValues(JSON.parse(p.responseText), names, into);
}

function materialize(p: Pending, masking: Masking): JournalEntry {
  const { known } = masking;
  const { at, virtualAt, search, requestHeaders, requestBody, responseHeaders, responseText, responseTruncated, ...rest } = p;
  return {
    ...rest,
    path: known.replaceIn(rest.path),
    time: new Date(at).toISOString(),
    virtualTime: new Date(virtualAt).toISOString(),
    query: maskSecrets(parseQuery(search), masking.names, known),
    requestHeaders: pickHeaders(requestHeaders, masking),
    requestBody: recordedBody(requestBody, masking),
    ...(requestBody.truncated ? { requestBodyTruncated: requestBody.truncated } : {}),
    responseHeaders: pickHeaders(responseHeaders, masking),
    responseBody: responseBodyOf(p, masking),
    ...(responseTruncated ? { responseBodyTruncated: responseTruncated } : {}),
  };
}

type Waiter = { filter: JournalFilter; resolve: (e: JournalEntry | undefined) => void; timer: NodeJS.Timeout };

export interface JournalOptions {
  limits?: Partial<JournalLimits>;
  /** Shared by every journal of a sandbox: the total bound. */
  budget?: JournalBudget;
  /** The secrets the namespace holds now (keys, client secrets, password hashes, set-password tokens): the same set until they change. */
  heldSecrets?: () => ReadonlySet<string>;
  /** The sandbox's secret names: what entries are masked by. */
  secretNames: SecretNames;
  /** Header names (lower-case) kept beyond the usual ones: those the sandbox's simulators name. */
  keptHeaders?: ReadonlySet<string>;
}

export class Journal {
  private entries: Kept[] = [];
  /** Entries before this index have had their secrets learned (in order, so a token is known before its use). */
  private learnedUpTo = 0;
  private readonly learned = new Set<string>();
  private nextSeq = 1;
  private bytes = 0;
  private waiters = new Set<Waiter>();
  /** The namespace is gone (the sandbox stopped): nothing will be logged again. */
  private disposed = false;
  readonly limits: JournalLimits;
  private readonly budget: JournalBudget;
  private readonly heldSecrets: () => ReadonlySet<string>;
  private readonly secretNames: SecretNames;
  private readonly keptHeaders: ReadonlySet<string>;
  private known: { learned: number; held: ReadonlySet<string>; values: SecretValues } | undefined;

  constructor(options: JournalOptions) {
    this.limits = { ...DEFAULT_JOURNAL_LIMITS, ...options.limits };
    this.budget = options.budget ?? new JournalBudget();
    const none = new Set<string>();
    this.heldSecrets = options.heldSecrets ?? (() => none);
    this.secretNames = options.secretNames;
    this.keptHeaders = options.keptHeaders ?? new Set();
    this.budget.journals.add(this);
  }

  append(record: JournalRecord): void {
    const kept = bounded(record, this.limits.maxBodyBytes);
    const pending: Pending = { ...kept, seq: this.nextSeq++ };
    const bytes = sizeOf(kept);
    this.entries.push({ entry: pending, bytes, order: this.budget.order() });
    this.bytes += bytes;
    this.budget.used += bytes;
    while (this.entries.length > 1 && (this.bytes > this.limits.maxBytes || this.entries.length > this.limits.maxEntries)) this.dropOldest();
    this.budget.enforce();
    const stillKept = this.entries[this.entries.length - 1]?.entry === pending;
    for (const w of this.waiters) {
      if (stillKept && matches(pending, w.filter)) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(this.read(this.entries.length - 1));
      }
    }
  }

  /** The budget's order of the oldest entry (undefined when empty). */
  get oldestOrder(): number | undefined {
    return this.entries[0]?.order;
  }

  dropOldest(): void {
    const gone = this.entries.shift();
    if (!gone) return;
    this.bytes -= gone.bytes;
    this.budget.used -= gone.bytes;
    if (this.learnedUpTo > 0) this.learnedUpTo--;
  }

  /** Bytes and entries held now, for /__admin/stats. */
  usage(): { bytes: number; entries: number } {
    return { bytes: this.bytes, entries: this.entries.length };
  }

  /** The entry at `index`, parsed and masked on its first reading. */
  private read(index: number): JournalEntry {
    const kept = this.entries[index]!;
    if (!('search' in kept.entry)) return kept.entry;
    const known = this.knownSecrets(index);
    const full = materialize(kept.entry, { names: this.secretNames, known, kept: this.keptHeaders });
    kept.entry = full;
    return full;
  }

  /** Every secret held by the namespace or seen in an entry up to `index`. */
  private knownSecrets(index: number): SecretValues {
    for (; this.learnedUpTo <= index && this.learnedUpTo < this.entries.length; this.learnedUpTo++) {
      const e = this.entries[this.learnedUpTo]!.entry;
      if ('search' in e) learnSecrets(e, this.secretNames, this.learned);
      if (this.learned.size > MAX_LEARNED_SECRETS) this.learned.clear();
    }
    const held = this.heldSecrets();
    if (this.known?.learned !== this.learned.size || this.known.held !== held) {
      this.known = { learned: this.learned.size, held, values: new SecretValues(new Set([...this.learned, ...held])) };
    }
    return this.known.values;
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const found: number[] = [];
    this.entries.forEach((e, i) => { if (matches(e.entry, filter)) found.push(i); });
    return (filter.limit ? found.slice(-filter.limit) : found).map((i) => this.read(i));
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Resolves with the first entry (already logged or still to come) matching `filter`, or undefined after `timeoutMs`. */
  waitFor(filter: JournalFilter, timeoutMs: number): Promise<JournalEntry | undefined> {
    // a request already on its way when the sandbox stopped (in process, no socket to cut) waits for nothing
    if (this.disposed) return Promise.resolve(undefined);
    const existing = this.entries.findIndex((e) => matches(e.entry, filter));
    if (existing !== -1) return Promise.resolve(this.read(existing));
    return new Promise((resolve) => {
      const waiter: Waiter = {
        filter,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(undefined);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  clear(): void {
    this.budget.used -= this.bytes;
    this.bytes = 0;
    this.entries = [];
    this.learnedUpTo = 0;
  }

  /** Ends every pending wait (on reset or shutdown) so that nothing hangs. */
  close(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(undefined);
    }
    this.waiters.clear();
  }

  /** Gives its bytes back to the budget for good (the namespace is gone). */
  dispose(): void {
    this.disposed = true;
    this.close();
    this.clear();
    this.budget.journals.delete(this);
  }
}
