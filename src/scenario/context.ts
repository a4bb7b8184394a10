// What a step sees of its case: the variables, the case namespace on the target, the HTTP exchange
// (journaled by the sandbox, or logged by the runner for a target outside it), traffic references,
// and the operator console.
import { ANSWER_GRACE_MS, type DriverAction, type DriverOutcome } from './driver.js';
import { AdminClient } from '../client/admin-client.js';
import { httpRequest, requestInProcess, type InProcessCore } from '../client/http.js';
import type { JournalEntry } from '../engine/journal.js';
import type { SchemaRegistry } from '../engine/schemas.js';
import type { NamespaceStore } from '../engine/namespace.js';
import { maskQueryString, maskSecrets, type SecretNames } from '../engine/secrets.js';
import type { Simulator } from '../engine/simulator.js';
import { inProcess, overAdminApi, type Bookkeeping } from './bookkeeping.js';
import type { TrafficRef } from './types.js';
import type { Variables } from './vars.js';
import { engineMessage } from '../reports/i18n.js';

export interface Target {
  kind: 'embedded' | 'url';
  /** Root URL of the Poligon sandbox (or of the system when there is no sandbox). */
  root: string;
  /** Whether root serves the Poligon admin API (namespaces, journal, clock, faults). */
  sandbox: boolean;
  /** Simulator name → base URL of an implementation under test outside the sandbox (e.g. a bank's ECS). */
  overrides: Record<string, string>;
  /** The embedded sandbox's namespaces, for the runner's bookkeeping (bookkeeping.ts). */
  namespaces?: NamespaceStore;
  /** The embedded sandbox's core: the runner's own calls to it (admin API included) are answered in process, not through a socket. */
  core?: InProcessCore;
  /** Sent as `Authorization: Bearer` on the sandbox's admin API (a guarded sandbox's admin token, or a namespace's own). */
  adminToken?: string;
}

/** A step that needs the sandbox's admin API met a target without one: the case is skipped, not failed. */
export class NeedsSandbox extends Error {
  override name = 'NeedsSandbox';
}

export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Body bytes as sent (already serialized). */
  body?: string;
  /** For the traffic log of calls outside the sandbox. */
  simulator: string;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text: string;
  durationMs: number;
  curl: string;
}

/** Secret values met during a run (captured tokens, signer keys): scrubbed from every report. */
export class SecretValues {
  private readonly values = new Set<string>();

  /** `names`: the run's secret names (the generic ones and those of the simulators it uses). */
  constructor(readonly names: SecretNames) {}

  add(value: unknown): void {
    if (typeof value === 'string' && value.length >= 6) this.values.add(value);
  }

  /** Notes every secret-named string in `data` (e.g. signer params, a token response). */
  collect(data: unknown, depth = 0): void {
    if (depth > 16 || data === null || typeof data !== 'object') return;
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
      if (this.names.has(k) && typeof v === 'string') this.add(v);
      else this.collect(v, depth + 1);
    }
  }

  scrub(text: string): string {
    let out = text;
    for (const v of this.values) out = out.split(v).join(`****${v.slice(-4)}`);
    return out;
  }

  list(): string[] {
    return [...this.values];
  }
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlLine(call: Pick<HttpCall, 'method' | 'url' | 'headers' | 'body'>, names: SecretNames): string {
  const headers = maskSecrets(call.headers, names);
  const parts = ['curl', '-sS', '-X', call.method.toUpperCase(), quote(call.url)];
  for (const [k, v] of Object.entries(headers)) parts.push('-H', quote(`${k}: ${v}`));
  if (call.body !== undefined && call.body !== '') {
    let body = call.body;
    try {
      body = JSON.stringify(maskSecrets(JSON.parse(call.body), names));
    } catch {
      body = maskQueryString(call.body, names);
    }
    parts.push('--data-raw', quote(body));
  }
  return parts.join(' ');
}

function parseBody(text: string, contentType: string): unknown {
  if (!text) return undefined;
  if (/json/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export class CaseContext {
  /** Journal seq up to which await steps have consumed the system's calls (keeps their order). */
  awaitCursor = 0;
  private trafficCursor = 0;
  private readonly recorded: JournalEntry[] = [];
  private recordedTaken = 0;
  private readonly collected: JournalEntry[] = [];
  readonly admin: AdminClient | undefined;
  /** Reset, journal and clock for the runner itself; undefined off the sandbox. */
  readonly bookkeeping: Bookkeeping | undefined;
  /** The step running now (1-based index and title): what a driver is told. */
  step = { index: 0, title: '' };
  /** Plays an await step's action through the run's driver; undefined when a person plays (the console). */
  play?: (action: DriverAction, instructions: string, timeoutMs: number) => Promise<DriverOutcome>;
  /** The run's language: the operator's instructions are given in it. */
  lang: 'ru' | 'en' = 'ru';
  /** How long after a driver's answer its call may still reach the journal (RunOptions.answerGraceMs). */
  answerGraceMs = ANSWER_GRACE_MS;

  constructor(
    readonly packId: string,
    readonly caseId: string,
    readonly namespace: string,
    readonly target: Target,
    readonly vars: Variables,
    readonly timeoutMs: number,
    readonly simulators: ReadonlyArray<Simulator<any>>,
    /** The run's schemas: those of the simulators it uses (what a step's `schema` names). */
    readonly schemas: SchemaRegistry,
    readonly secrets: SecretValues,
    /** Shows the operator what to do (await instructions) and where the system must send its call. */
    readonly say: (text: string, url: string) => void,
  ) {
    this.admin = target.sandbox ? new AdminClient(target.root, namespace, { token: target.adminToken, core: target.core }) : undefined;
    this.bookkeeping = target.namespaces ? inProcess(target.namespaces, namespace) : this.admin && overAdminApi(this.admin);
  }

  /** Base URL of a simulator for this case: the override, or its mount in the case namespace. */
  simulatorUrl(name: string): string {
    return this.target.overrides[name] ?? `${this.target.root}/ns/${this.namespace}/${name}`;
  }

  adminUrl(path: string): string {
    return `${this.target.root}/ns/${this.namespace}/__admin${path}`;
  }

  /** What a call to adminUrl() carries: the admin token when the run has one. */
  adminHeaders(): Record<string, string> {
    return this.target.adminToken === undefined ? {} : { authorization: `Bearer ${this.target.adminToken}` };
  }

  /** The admin API; with `simulator`, also that the simulator is the sandbox's own (not pointed elsewhere by an override). */
  requireAdmin(what: string, simulator?: string): AdminClient {
    if (!this.admin) throw new NeedsSandbox(engineMessage('engine.needsSandbox', { what, root: this.target.root }));
    const elsewhere = simulator === undefined ? undefined : this.target.overrides[simulator];
    if (elsewhere) throw new NeedsSandbox(engineMessage('engine.needsSandboxSimulator', { what, simulator: simulator!, url: elsewhere }));
    return this.admin;
  }

  /** The namespace's virtual now (what signatures are stamped with), or the real now off the sandbox. */
  async virtualNow(): Promise<number> {
    return this.bookkeeping ? this.bookkeeping.now() : Date.now();
  }

  private inSandbox(url: string): boolean {
    return this.target.sandbox && url.startsWith(`${this.target.root}/`);
  }

  /** Whether the embedded sandbox's core answers `url` in process: all it serves but the web UI, which sits beside the core. */
  private answeredByCore(url: string): boolean {
    if (!this.target.core || !this.inSandbox(url)) return false;
    const path = url.slice(this.target.root.length).split('?')[0]!;
    return path !== '/ui' && !path.startsWith('/ui/');
  }

  /** Whether a call to `url` is judged against an implementation outside the Poligon sandbox. */
  isExternal(url: string): boolean {
    return !this.inSandbox(url);
  }

  async exchange(call: HttpCall): Promise<HttpAnswer> {
    const started = performance.now();
    const request = { method: call.method, url: call.url, headers: call.headers, body: call.body, timeoutMs: call.timeoutMs };
    const { status, headers, text } = this.answeredByCore(call.url) ? await requestInProcess(this.target.core!, request) : await httpRequest(request);
    const durationMs = Math.round(performance.now() - started);
    const body = parseBody(text, headers['content-type'] ?? '');
    if (!this.inSandbox(call.url)) this.record(call, status, headers, body, durationMs);
    return { status, headers, body, text, durationMs, curl: curlLine(call, this.secrets.names) };
  }

  private record(call: HttpCall, status: number, headers: Record<string, string>, body: unknown, durationMs: number): void {
    const url = new URL(call.url);
    let requestBody: unknown = call.body;
    try { requestBody = call.body ? JSON.parse(call.body) : undefined; } catch { /* form or text: kept as sent */ }
    const now = new Date().toISOString();
    const { names } = this.secrets;
    this.recorded.push({
      seq: this.recorded.length + 1, time: now, virtualTime: now, namespace: 'runner', simulator: call.simulator,
      // the full URL: the call went outside the sandbox, and the HAR must say where
      method: call.method.toUpperCase(), path: `${url.origin}${url.pathname}`, query: Object.fromEntries(url.searchParams),
      requestHeaders: maskSecrets(call.headers, names), requestBody: typeof requestBody === 'string' ? maskQueryString(requestBody, names) : maskSecrets(requestBody, names),
      status, responseHeaders: maskSecrets(headers, names), responseBody: maskSecrets(body, names), durationMs,
    });
  }

  ref(entry: JournalEntry): TrafficRef {
    const id = entry.namespace === 'runner' ? `${this.packId}/${this.caseId}#r${entry.seq}` : `${this.packId}/${this.caseId}#${entry.seq}`;
    return { id, seq: entry.seq, time: entry.time, method: entry.method, path: entry.path, status: entry.status };
  }

  /** References to the traffic since the previous call (what the step just caused or saw); kept for the reports. */
  async takeTraffic(): Promise<TrafficRef[]> {
    const fresh: JournalEntry[] = [];
    if (this.bookkeeping) {
      const entries = await this.bookkeeping.journalAfter(this.trafficCursor);
      fresh.push(...entries);
      if (entries.length) this.trafficCursor = entries[entries.length - 1]!.seq;
    }
    fresh.push(...this.recorded.slice(this.recordedTaken));
    this.recordedTaken = this.recorded.length;
    this.collected.push(...fresh);
    return fresh.map((e) => this.ref(e));
  }

  /** The whole traffic of the case (collected step by step, so a reset or cleared journal loses nothing). */
  async allTraffic(): Promise<JournalEntry[]> {
    await this.takeTraffic();
    return this.collected;
  }

  /** Finds the simulator that offers a client signer (e.g. fes-mac), so the engine needs to know none. */
  signer(name: string) {
    for (const sim of this.simulators) {
      const s = sim.clientAuth?.[name];
      if (s) return s;
    }
    const known = this.simulators.flatMap((s) => Object.keys(s.clientAuth ?? {}));
    throw new Error(`unknown signer "${name}"; known: ${known.join(', ') || 'none'}`);
  }
}
