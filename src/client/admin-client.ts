// A typed client for the admin API of one namespace: what embedded users, the scenario runner and
// the testcontainers module use to set the sandbox up between tests.
import type { FaultRule, FaultRuleInput } from '../engine/faults.js';
import type { JournalEntry } from '../engine/journal.js';
import type { OperationStats, Snapshot } from '../engine/namespace.js';
import type { DemoSection } from '../engine/simulator.js';
import type { StateView } from '../engine/view.js';
import type { DemoCredentials } from './fes-client.js';
import { httpRequest, requestInProcess, type HttpRequest, type InProcessCore } from './http.js';

export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(readonly status: number, readonly body: unknown, what: string) {
    super(`${what} failed with HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

export interface JournalQuery {
  simulator?: string;
  operation?: string;
  method?: string;
  path?: string;
  status?: number;
  afterSeq?: number;
  errorsOnly?: boolean;
  limit?: number;
}

export interface AdminClientOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** An embedded sandbox's core (`PoligonApp.handle`): it answers in process, with no socket. */
  core?: InProcessCore;
}

export class AdminClient {
  /**
   * @param baseUrl the sandbox root, e.g. http://localhost:8080
   * @param namespace a namespace by name; omitted, the sandbox's default namespace (no URL prefix)
   */
  constructor(readonly baseUrl: string, readonly namespace?: string, private readonly options: AdminClientOptions = {}) {}

  /** The admin client of another namespace on the same sandbox (with the same token). */
  forNamespace(namespace: string): AdminClient {
    return new AdminClient(this.baseUrl, namespace, this.options);
  }

  /** The same client sending `Authorization: Bearer <token>` (the sandbox's admin token or the namespace's own). */
  withToken(token: string): AdminClient {
    return new AdminClient(this.baseUrl, this.namespace, { ...this.options, token });
  }

  /** Base URL of a simulator in this namespace, e.g. url('fes') → http://…/ns/<name>/fes */
  url(simulator: string): string {
    return `${this.prefix()}/${simulator}`;
  }

  private prefix(): string {
    return this.namespace === undefined ? this.baseUrl : `${this.baseUrl}/ns/${encodeURIComponent(this.namespace)}`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const request: HttpRequest = {
      method,
      url: `${this.prefix()}/__admin${path}`,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    };
    const res = this.options.core ? await requestInProcess(this.options.core, request) : await httpRequest(request);
    const data = res.text ? JSON.parse(res.text) : undefined;
    if (res.status < 200 || res.status > 299) throw new AdminApiError(res.status, data, `${method} /__admin${path}`);
    return data as T;
  }

  health() { return this.call<{ status: string; version: string; simulators: string[] }>('GET', '/health'); }
  reset(options: { demo?: boolean } = {}) { return this.call<{ reset: boolean }>('POST', '/reset', options); }
  deleteNamespace() { return this.call<{ deleted: boolean }>('DELETE', '/namespace'); }
  /** The whole state, secrets included (a guarded sandbox gives them only with the token). */
  snapshot() { return this.call<Snapshot>('GET', '/snapshot?secrets=include'); }
  /** Gives the namespace its own admin token: from then on its admin API needs it (or the sandbox's admin token). */
  setNamespaceToken(token: string) { return this.call<{ token: string }>('PUT', '/token', { token }); }
  /** The state as a person reads it (each simulator's records, balances, what expires when), secrets masked. */
  view() { return this.call<StateView>('GET', '/view'); }
  restore(snapshot: Snapshot) { return this.call<{ restored: boolean }>('PUT', '/snapshot', snapshot); }
  /** The demo world: `credentials` as data (per fake), `sections` as the banner prints them. */
  demo() { return this.call<{ namespace: string; sections: DemoSection[]; credentials: DemoCredentials }>('GET', '/demo'); }
  clock() { return this.call<{ now: string; offsetMs: number }>('GET', '/clock'); }
  /** @param by a duration: ms, "90s", "30m", "2h", "1d" or ISO-8601 "PT30M" */
  advanceClock(by: string | number) { return this.call<{ now: string; offsetMs: number }>('POST', '/clock', { advance: by }); }
  setClock(at: string) { return this.call<{ now: string; offsetMs: number }>('POST', '/clock', { set: at }); }
  addFault(rule: FaultRuleInput) { return this.call<FaultRule>('POST', '/faults', rule); }
  faults() { return this.call<{ faults: FaultRule[] }>('GET', '/faults'); }
  clearFaults() { return this.call<{ cleared: boolean }>('DELETE', '/faults'); }
  stats() { return this.call<{ slowThresholdMs: number; total: { count: number; slowOrUnanswered: number; share: number }; operations: Record<string, OperationStats> }>('GET', '/stats'); }
  clearJournal() { return this.call<{ cleared: boolean }>('DELETE', '/journal'); }

  journal(query: JournalQuery = {}) {
    return this.call<{ entries: JournalEntry[]; lastSeq: number }>('GET', `/journal${toQuery(query)}`);
  }

  /** Waits (long-poll) for a request matching `query` to reach the sandbox; undefined on timeout. */
  async waitFor(query: JournalQuery, timeoutMs: number): Promise<JournalEntry | undefined> {
    const r = await this.call<{ entries: JournalEntry[] }>('GET', `/journal${toQuery({ ...query, waitMs: timeoutMs })}`);
    return r.entries[0];
  }
}

function toQuery(q: object): string {
  const entries = Object.entries(q).filter(([, v]) => v !== undefined);
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)]))}` : '';
}
