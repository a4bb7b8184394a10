// The request journal: every request a namespace receives and what it answered, secrets masked.
// It is what observe-mode scenarios wait on (`waitFor`), and what reports and HAR files are made of.
// The pipeline records what it has anyway (the body bytes received, the answer's JSON text, the
// header object); parsing and masking wait until an entry is first read, so that a request costs
// no deep copies. Those inputs are never changed afterwards, so a late reading sees the request
// exactly as it came.
import type { IncomingHttpHeaders } from 'node:http';
import { parseQuery } from './http.js';
import { maskSecrets } from './secrets.js';

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

const HEADERS_KEPT = /^(content-type|accept|user-agent|x-|authorization|date|location|www-authenticate|retry-after)/i;

function pickHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && HEADERS_KEPT.test(k)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return maskSecrets(out);
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
export interface JournalRecord extends Omit<JournalEntry, 'seq' | 'time' | 'virtualTime' | 'query' | 'requestHeaders' | 'requestBody' | 'responseHeaders' | 'responseBody'> {
  /** Real and virtual time the request arrived (ms since the epoch). */
  at: number;
  virtualAt: number;
  /** The query string without "?". */
  search: string;
  requestHeaders: IncomingHttpHeaders;
  requestBody: { bytes: Buffer; kind: RecordedBodyKind };
  responseHeaders: Record<string, string | undefined>;
  /** The answer's JSON text as sent (undefined for an empty answer). */
  responseText: string | undefined;
}

/** A recorded request until it is read: filters look only at fields it already has. */
type Pending = JournalRecord & { seq: number };

const TEXT_SHOWN_CHARS = 4096;

function recordedBody({ bytes, kind }: JournalRecord['requestBody']): unknown {
  if (bytes.length === 0) return undefined;
  const text = bytes.toString('utf8');
  if (kind === 'form') return maskSecrets(Object.fromEntries(new URLSearchParams(text)));
  if (kind === 'json') return maskSecrets(JSON.parse(text));
  return text.slice(0, TEXT_SHOWN_CHARS);
}

function materialize(p: Pending): JournalEntry {
  const { at, virtualAt, search, requestHeaders, requestBody, responseHeaders, responseText, ...rest } = p;
  return {
    ...rest,
    time: new Date(at).toISOString(),
    virtualTime: new Date(virtualAt).toISOString(),
    query: maskSecrets(parseQuery(search)),
    requestHeaders: pickHeaders(requestHeaders),
    requestBody: recordedBody(requestBody),
    responseHeaders: pickHeaders(responseHeaders),
    responseBody: responseText === undefined ? undefined : maskSecrets(JSON.parse(responseText)),
  };
}

type Waiter = { filter: JournalFilter; resolve: (e: JournalEntry | undefined) => void; timer: NodeJS.Timeout };

export class Journal {
  private entries: Array<JournalEntry | Pending> = [];
  private nextSeq = 1;
  private waiters = new Set<Waiter>();

  constructor(private readonly limit = 5000) {}

  append(record: JournalRecord): void {
    const pending: Pending = { ...record, seq: this.nextSeq++ };
    this.entries.push(pending);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    for (const w of this.waiters) {
      if (matches(pending, w.filter)) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(this.read(this.entries.length - 1));
      }
    }
  }

  /** The entry at `index`, parsed and masked on its first reading. */
  private read(index: number): JournalEntry {
    const e = this.entries[index]!;
    if (!('search' in e)) return e;
    const full = materialize(e);
    this.entries[index] = full;
    return full;
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const found: number[] = [];
    this.entries.forEach((e, i) => { if (matches(e, filter)) found.push(i); });
    return (filter.limit ? found.slice(-filter.limit) : found).map((i) => this.read(i));
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Resolves with the first entry (already logged or still to come) matching `filter`, or undefined after `timeoutMs`. */
  waitFor(filter: JournalFilter, timeoutMs: number): Promise<JournalEntry | undefined> {
    const existing = this.entries.findIndex((e) => matches(e, filter));
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
    this.entries = [];
  }

  /** Ends every pending wait (on reset or shutdown) so that nothing hangs. */
  close(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(undefined);
    }
    this.waiters.clear();
  }
}
