// The request journal: every request a namespace receives and what it answered, secrets masked.
// It is what observe-mode scenarios wait on (`waitFor`), and what reports and HAR files are made of.
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

export function pickHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && HEADERS_KEPT.test(k)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return maskSecrets(out);
}

export function matches(entry: JournalEntry, f: JournalFilter): boolean {
  return (f.simulator === undefined || entry.simulator === f.simulator)
    && (f.operation === undefined || entry.operation === f.operation || entry.operation?.endsWith(`.${f.operation}`) === true)
    && (f.method === undefined || entry.method.toUpperCase() === f.method.toUpperCase())
    && (f.pathContains === undefined || entry.path.includes(f.pathContains))
    && (f.status === undefined || entry.status === f.status)
    && (f.afterSeq === undefined || entry.seq > f.afterSeq)
    && (!f.errorsOnly || entry.status >= 400);
}

type Waiter = { filter: JournalFilter; resolve: (e: JournalEntry | undefined) => void; timer: NodeJS.Timeout };

export class Journal {
  private entries: JournalEntry[] = [];
  private nextSeq = 1;
  private waiters = new Set<Waiter>();

  constructor(private readonly limit = 5000) {}

  append(entry: Omit<JournalEntry, 'seq' | 'requestBody' | 'responseBody' | 'query'> & { requestBody: unknown; responseBody: unknown; query: Record<string, unknown> }): JournalEntry {
    const full: JournalEntry = {
      ...entry,
      seq: this.nextSeq++,
      query: maskSecrets(entry.query),
      requestBody: maskSecrets(entry.requestBody),
      responseBody: maskSecrets(entry.responseBody),
    };
    this.entries.push(full);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    for (const w of this.waiters) {
      if (matches(full, w.filter)) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(full);
      }
    }
    return full;
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const found = this.entries.filter((e) => matches(e, filter));
    return filter.limit ? found.slice(-filter.limit) : found;
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Resolves with the first entry (already logged or still to come) matching `filter`, or undefined after `timeoutMs`. */
  waitFor(filter: JournalFilter, timeoutMs: number): Promise<JournalEntry | undefined> {
    const existing = this.entries.find((e) => matches(e, filter));
    if (existing) return Promise.resolve(existing);
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
