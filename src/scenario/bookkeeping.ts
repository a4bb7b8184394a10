// The runner's own work on the sandbox around the steps: the reset before a case, the journal reads
// behind every step's traffic references and every await, the virtual clock a signature is stamped
// with. Against a sandbox at a URL it goes through the admin API; against the embedded sandbox it
// calls the namespace directly, as the admin routes do, without an HTTP round trip each (more than
// half of a pack run's requests were these). What the steps themselves send to /__admin (control,
// expect-state) always goes through the API, so it is checked as the API checks it.
import type { AdminClient, JournalQuery } from '../client/admin-client.js';
import type { JournalEntry } from '../engine/journal.js';
import type { NamespaceStore } from '../engine/namespace.js';

/** The same longest wait GET /__admin/journal?waitMs allows. */
const MAX_WAIT_MS = 120_000;

export interface Bookkeeping {
  reset(demo: boolean): Promise<void>;
  /** Journal entries after `seq`, oldest first. */
  journalAfter(seq: number): Promise<JournalEntry[]>;
  /** The first entry matching `query` (already there or still to come), or undefined after timeoutMs. */
  waitFor(query: JournalQuery, timeoutMs: number): Promise<JournalEntry | undefined>;
  /** The namespace's virtual now, in ms. */
  now(): Promise<number>;
}

export function overAdminApi(admin: AdminClient): Bookkeeping {
  return {
    reset: async (demo) => { await admin.reset({ demo }); },
    journalAfter: async (seq) => (await admin.journal({ afterSeq: seq })).entries,
    waitFor: (query, timeoutMs) => admin.waitFor(query, timeoutMs),
    now: async () => Date.parse((await admin.clock()).now),
  };
}

/** Entries as the admin API gives them (a JSON copy: no live journal objects, no undefined members). */
const asServed = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function inProcess(store: NamespaceStore, namespace: string): Bookkeeping {
  const ns = () => store.get(namespace);
  return {
    reset: async (demo) => { ns().reset(demo); },
    journalAfter: async (seq) => asServed(ns().journal.list({ afterSeq: seq })),
    waitFor: async (query, timeoutMs) => {
      const entry = await ns().journal.waitFor({
        simulator: query.simulator, operation: query.operation, method: query.method, pathContains: query.path, status: query.status,
        afterSeq: query.afterSeq, errorsOnly: query.errorsOnly, limit: query.limit,
      }, Math.min(timeoutMs, MAX_WAIT_MS));
      return entry && asServed(entry);
    },
    now: async () => ns().clock.now(),
  };
}
