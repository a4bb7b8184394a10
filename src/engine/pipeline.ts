// The request pipeline for one simulator (after Prism's router → validator → mocker):
//   match operation → read body (size, media type, syntax) → faults → tick (the virtual clock's effects)
//   → authenticate (no state change yet) → validate → admit what authentication changes → handle
//   → (optionally) check the answer against its schema → journal → send.
// Every failure on the way is a PoligonError, rendered in the simulator's own error format.
// The admin API is served by the same stages (adminPipeline, below), without those of traffic.
// The core's dispatcher (app.ts) hands each pipeline its requests as values.
import type { AdminOperation, AdminReply } from './admin-operations.js';
import { EngineErrors, PoligonError, isPoligonError, renderAdminError, type ErrorCatalogue, type Problem } from './errors.js';
import { htmlErrorPage } from './faults.js';
import { jsonAnswer, readBodyOf, type CoreRequest, type CoreResponse } from './http.js';
import { jsonShapeProblem, type JsonShapeLimits } from './json.js';
import type { JournalRecord } from './journal.js';
import type { Namespace } from './namespace.js';
import { BadPathEncoding, OperationTable, type RouteMatch } from './routes.js';
import type { SchemaRegistry } from './schemas.js';
import type { SecretNames } from './secrets.js';
import type { Call, HttpMethod, Operation, Reply, Simulator } from './simulator.js';

export interface PipelineOptions {
  /** The sandbox's error catalogue: injected faults are built from it, keeping the faked system's code. */
  catalogue: ErrorCatalogue;
  bodyLimitBytes: number;
  /** How deep and long a JSON body may be: checked before it is parsed. */
  jsonLimits: JsonShapeLimits;
  validateResponses: boolean;
  slowThresholdMs: number;
  log: (line: string) => void;
  /** The sandbox's secret names: a secret received in the wrong place is not echoed in a validation error. */
  secretNames: SecretNames;
}

/** One request for a simulator, as the core's dispatcher has taken it apart. */
export interface SimulatorRequest {
  /** The request as a value; its method is in upper case. */
  request: CoreRequest;
  namespace: Namespace;
  /** Path below the simulator's mount point, as sent (e.g. /api/v1/echo). */
  path: string;
  /** The whole path as sent (namespace prefix included), for the journal. */
  fullPath: string;
  query: Record<string, unknown>;
  /** The query string as sent, without "?" (what the journal keeps). */
  search: string;
  ip: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the stages read of an operation: a simulator's or an admin one. */
type Described = Pick<Operation<unknown>, 'id' | 'method' | 'path' | 'request' | 'responses'>;

/**
 * The match stage: the operation a request names, or why none does (404; 405 with the methods the
 * path answers, for `Allow`; a path parameter that is not valid percent-encoding).
 */
function matchOperation<O extends { method: HttpMethod; path: string }>(table: OperationTable<O>, method: string, path: string, served: string):
  RouteMatch<O> | { refused: PoligonError; allow?: string } {
  let found;
  try {
    found = table.match(method, path);
  } catch (e) {
    if (!(e instanceof BadPathEncoding)) throw e;
    const problem: Problem = { pointer: '/', in: 'path', message: e.message, expected: 'a percent-encoded path', received: path };
    return { refused: EngineErrors.VALIDATION({ summary: e.message }, [problem]) };
  }
  if (found) return found;
  const allowed = table.allowedMethods(path);
  if (allowed.length) {
    const allow = allowed.join(', ');
    return { refused: EngineErrors.METHOD_NOT_ALLOWED({ method, path, simulator: served, allowed: allow }), allow };
  }
  // anything under the mount point that no operation matched is answered in the served API's format
  return { refused: EngineErrors.NOT_FOUND({ method, path, simulator: served }) };
}

function parseBody(op: Described, req: CoreRequest, raw: Buffer, jsonLimits: JsonShapeLimits): unknown {
  if (raw.length === 0) return undefined;
  const expected = op.request?.contentType ?? 'application/json';
  const received = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (received && received !== expected && !(expected === 'application/json' && received.endsWith('+json'))) {
    throw EngineErrors.UNSUPPORTED_MEDIA_TYPE({ received, expected });
  }
  const text = raw.toString('utf8');
  if (expected === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(text));
  }
  const tooComplex = jsonShapeProblem(text, jsonLimits);
  if (tooComplex) throw EngineErrors.BODY_TOO_COMPLEX({ reason: tooComplex });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw EngineErrors.MALFORMED_BODY({ format: 'JSON', reason: (e as Error).message });
  }
}

const isEmptyObject = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;

function summarize(problems: Problem[]): string {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${first.in} ${first.pointer} ${first.message}${more}`;
}

function validatePart(registry: SchemaRegistry, names: SecretNames, schemaId: string | undefined, data: unknown, part: Problem['in']): Problem[] {
  if (!schemaId) return [];
  if (data === undefined && part === 'body') {
    return [{ pointer: '/', in: 'body', message: 'a request body is required', expected: 'a JSON body', received: undefined }];
  }
  return registry.validate(schemaId, data, part, names);
}

/** The validate stage: what breaks the operation's schemas for its path parameters, query and body. */
function requestProblems(registry: SchemaRegistry, names: SecretNames, op: Described, params: Record<string, string>, query: Record<string, unknown>, body: unknown, raw: Buffer): Problem[] {
  const problems = [
    ...validatePart(registry, names, op.request?.params, params, 'path'),
    ...validatePart(registry, names, op.request?.query, query, 'query'),
    ...validatePart(registry, names, op.request?.body, body, 'body'),
  ];
  if (op.request?.body === undefined && raw.length > 0 && op.method !== 'get' && !isEmptyObject(body)) {
    // an operation that takes no body is strict about it, so typos in tooling surface early;
    // `{}` is let through: many HTTP clients send it on every POST
    problems.push({ pointer: '/', in: 'body', message: 'this operation takes no request body', expected: 'no body', received: body });
  }
  return problems;
}

/**
 * Why an answer breaks what its operation declares, or undefined. A success must have a listed
 * status; an error answer is checked when its status is listed with a schema (faults and engine
 * refusals may answer statuses an operation does not list).
 */
function answerProblem(registry: SchemaRegistry, op: Described, reply: Reply & { status: number }, isError: boolean): string | undefined {
  const spec = op.responses[reply.status];
  if (!spec) return isError ? undefined : `answered status ${reply.status}, which its responses do not list`;
  if (!spec.schema) return undefined;
  const problems = registry.validate(spec.schema, reply.body);
  return problems.length ? `answered ${reply.status} breaking ${spec.schema}: ${summarize(problems)}` : undefined;
}

/** Answers requests for one simulator; `handle` is given every request under its mount point. */
export function simulatorPipeline(sim: Simulator<any>, registry: SchemaRegistry, opts: PipelineOptions): (request: SimulatorRequest) => Promise<CoreResponse> {
  const table = new OperationTable(sim.operations);

  return async function handle({ request: req, namespace: ns, path, fullPath, query, search, ip }: SimulatorRequest): Promise<CoreResponse> {
    const started = performance.now();
    const virtualAt = ns.clock.now();
    const found = matchOperation(table, req.method, path, sim.name);
    if ('refused' in found) {
      const rendered = sim.renderError(found.refused);
      // the status and Allow of a 405 are HTTP's, whatever the faked system's error body
      const reply = found.allow ? { ...rendered, status: 405, headers: { ...rendered.headers, Allow: found.allow } } : rendered;
      const text = reply.body === undefined ? undefined : JSON.stringify(reply.body);
      journal({ ns, started, virtualAt, req, fullPath, search, ip, status: reply.status, responseText: text, responseHeaders: reply.headers, errorCode: found.refused.code });
      return jsonAnswer(reply.status, text, reply.headers);
    }
    const { op, params } = found;
    const operationName = `${sim.name}.${op.id}`;
    let raw: Buffer = Buffer.alloc(0);
    let body: unknown;
    let reply: Reply & { status: number };
    let errorCode: string | undefined;
    let faultId: string | undefined;
    /** An error fault made the answer: it is what the fault was told to answer, not checked. */
    let faultAnswered = false;
    try {
      raw = await readBodyOf(req.body, req.headers, opts.bodyLimitBytes);
      body = parseBody(op, req, raw, opts.jsonLimits);
      for (const { rule, delayMs } of ns.faults.take(operationName)) {
        faultId = rule.id;
        if (delayMs > 0) await sleep(delayMs);
        if (rule.kind === 'drop') {
          ns.recordStats(operationName, performance.now() - started, 0, opts.slowThresholdMs, true);
          appendJournal(0, undefined, undefined, 'FAULT_DROP');
          return { status: 0, headers: {}, body: '', dropped: true };
        }
        if (rule.kind === 'html') {
          const status = rule.status ?? 502;
          const page = htmlErrorPage(status);
          const headers = { 'content-type': 'text/html; charset=utf-8' };
          ns.recordStats(operationName, performance.now() - started, status, opts.slowThresholdMs);
          appendJournal(status, page, headers, 'FAULT_HTML');
          return { status, headers: { ...headers, 'content-length': String(Buffer.byteLength(page)) }, body: page };
        }
        if (rule.kind === 'error') {
          faultAnswered = true;
          if (rule.errorCode) throw opts.catalogue.create(rule.errorCode, { operation: operationName }, rule.status);
          throw Object.assign(EngineErrors.FAULT_INJECTED({ operation: operationName }), { rawReply: { status: rule.status ?? 503, body: rule.body } });
        }
      }
      const callBase = {
        state: ns.state(sim.name),
        ctx: ns.context(sim.name),
        method: req.method,
        path,
        params,
        query,
        headers: req.headers,
        body,
        rawBody: raw,
        ip,
      };
      ns.tick(sim);
      // what authentication changes waits until the request is valid (Authenticator)
      const admitted: Array<() => void> = [];
      const auth = op.auth ? await sim.authenticators![op.auth]!(callBase, (change) => admitted.push(change)) : undefined;
      const problems = requestProblems(registry, opts.secretNames, op, params, query, body, raw);
      if (problems.length) throw EngineErrors.VALIDATION({ summary: summarize(problems) }, problems);
      for (const change of admitted) change();
      const call: Call<unknown> = { ...callBase, auth };
      const out = await op.handle(call);
      reply = { status: out.status ?? 200, body: out.body, headers: out.headers };
    } catch (e) {
      reply = renderFailure(e, op.id);
      errorCode = isPoligonError(e) ? e.code : EngineErrors.INTERNAL.code;
    }
    // every answer, errors too, is checked against what the operation declares; not an injected
    // fault's (it answers what it was told to) nor an internal error's (what a broken answer becomes)
    const checked = opts.validateResponses && !faultAnswered && errorCode !== EngineErrors.INTERNAL.code;
    const broken = checked ? answerProblem(registry, op, reply, errorCode !== undefined) : undefined;
    if (broken) {
      opts.log(`[${sim.name}] internal error: ${op.id} ${broken}`);
      reply = renderFailure(EngineErrors.INTERNAL({ operation: op.id, reason: broken }), op.id);
      errorCode = EngineErrors.INTERNAL.code;
    }
    ns.recordStats(operationName, performance.now() - started, reply.status, opts.slowThresholdMs);
    const responseText = reply.body === undefined ? undefined : JSON.stringify(reply.body);
    appendJournal(reply.status, responseText, reply.headers, errorCode);
    return jsonAnswer(reply.status, responseText, reply.headers);

    function appendJournal(status: number, responseText: string | undefined, headers: Record<string, string> | undefined, code?: string) {
      journal({
        ns, started, virtualAt, req, fullPath, search, ip, operation: operationName, status, responseText, responseHeaders: headers, errorCode: code, fault: faultId,
        requestBody: { bytes: raw, kind: body === undefined ? 'text' : op.request?.contentType === 'application/x-www-form-urlencoded' ? 'form' : 'json' },
      });
    }
  };

  /** Every request goes into its namespace's journal, matched or not. */
  function journal(e: {
    ns: Namespace; started: number; virtualAt: number; req: CoreRequest; fullPath: string; search: string; ip: string;
    operation?: string; status: number; responseText: string | undefined; responseHeaders: Record<string, string> | undefined;
    errorCode?: string; fault?: string; requestBody?: JournalRecord['requestBody'];
  }): void {
    e.ns.journal.append({
      at: Date.now(),
      virtualAt: e.virtualAt,
      namespace: e.ns.id,
      simulator: sim.name,
      operation: e.operation,
      method: e.req.method,
      path: e.fullPath,
      search: e.search,
      requestHeaders: e.req.headers,
      requestBody: e.requestBody ?? { bytes: Buffer.alloc(0), kind: 'text' },
      status: e.status,
      responseHeaders: { 'content-type': e.responseText === undefined ? undefined : 'application/json', ...e.responseHeaders },
      responseText: e.responseText,
      durationMs: Math.round((performance.now() - e.started) * 1000) / 1000,
      remoteAddress: e.ip,
      errorCode: e.errorCode,
      fault: e.fault,
    });
  }

  function renderFailure(e: unknown, operationId: string): Reply & { status: number } {
    if (isPoligonError(e)) {
      const raw = (e as PoligonError & { rawReply?: { status: number; body?: unknown } }).rawReply;
      if (raw && raw.body !== undefined) return { status: raw.status, body: raw.body };
      const rendered = sim.renderError(e, operationId);
      return raw ? { ...rendered, status: raw.status } : rendered;
    }
    opts.log(`[${sim.name}] internal error: ${(e as Error).stack ?? String(e)}`);
    return sim.renderError(EngineErrors.INTERNAL({ operation: operationId, reason: (e as Error).message }), operationId);
  }
}

export interface AdminPipelineOptions {
  /** The admin API's body limit (decompressed); an operation may set its own (a snapshot import). */
  bodyLimitBytes: number;
  jsonLimits: JsonShapeLimits;
  validateResponses: boolean;
  log: (line: string) => void;
  secretNames: SecretNames;
}

/** One admin request, as the core's dispatcher has taken it apart (`path` is below /__admin). */
export interface AdminRequest extends Pick<SimulatorRequest, 'request' | 'namespace' | 'path' | 'query' | 'ip'> {
  /** The namespace was named by the path prefix. */
  prefixed: boolean;
}

/** The admin API's name in its errors ("No operation GET /x in __admin"). */
const ADMIN = '__admin';

/**
 * The admin API served as a built-in simulator, by the same stages: match (404, 405 with `Allow`) →
 * read body → validate (schemas/admin/*) → handle → (optionally) check the answer; every failure in
 * the admin error format. It is the control plane, not traffic: no faults, no clock tick, no
 * counters, and its calls are not journaled (a client long-polling the journal would read its own
 * polls).
 */
export function adminPipeline(operations: ReadonlyArray<AdminOperation>, registry: SchemaRegistry, opts: AdminPipelineOptions): (request: AdminRequest) => Promise<CoreResponse> {
  const table = new OperationTable(operations);

  return async function handle({ request: req, namespace, path, query, ip, prefixed }: AdminRequest): Promise<CoreResponse> {
    const found = matchOperation(table, req.method, path, ADMIN);
    if ('refused' in found) {
      const r = renderAdminError(found.refused);
      return jsonAnswer(r.status, JSON.stringify(r.body), found.allow ? { Allow: found.allow } : undefined);
    }
    const { op, params } = found;
    let reply: AdminReply & { status: number };
    let errorCode: string | undefined;
    try {
      const raw = await readBodyOf(req.body, req.headers, op.bodyLimitBytes ?? opts.bodyLimitBytes);
      // an admin body may be left out: it reads as {} (its schema says whether that will do)
      const body = op.rawBody ? undefined : parseBody(op, req, raw, opts.jsonLimits) ?? (op.request?.body ? {} : undefined);
      const problems = requestProblems(registry, opts.secretNames, op, params, query, body, op.rawBody ? Buffer.alloc(0) : raw);
      if (problems.length) throw EngineErrors.VALIDATION({ summary: summarize(problems) }, problems);
      const out = await op.handle({ namespace, prefixed, method: req.method, path, params, query, headers: req.headers, body, rawBody: raw, ip });
      reply = { ...out, status: out.status ?? 200 };
    } catch (e) {
      reply = failure(e, op.id);
      errorCode = isPoligonError(e) ? e.code : EngineErrors.INTERNAL.code;
    }
    // every answer, errors too, as the simulators' (an internal error is what a broken answer becomes)
    const checked = opts.validateResponses && errorCode !== EngineErrors.INTERNAL.code;
    const broken = checked ? answerProblem(registry, op, reply, errorCode !== undefined) : undefined;
    if (broken) {
      opts.log(`[${ADMIN}] internal error: ${op.id} ${broken}`);
      reply = failure(EngineErrors.INTERNAL({ operation: op.id, reason: broken }), op.id);
    }
    if (reply.jsonPieces) {
      const bytes = joined(reply.jsonPieces);
      return { status: reply.status, headers: { ...reply.headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(bytes.length) }, body: bytes };
    }
    return jsonAnswer(reply.status, reply.body === undefined ? undefined : JSON.stringify(reply.body), reply.headers);
  };

  function failure(e: unknown, operationId: string): Reply & { status: number } {
    if (!isPoligonError(e)) opts.log(`[${ADMIN}] internal error: ${(e as Error).stack ?? String(e)}`);
    return renderAdminError(isPoligonError(e) ? e : EngineErrors.INTERNAL({ operation: operationId, reason: (e as Error).message }));
  }
}

/** Text in pieces as one buffer, each piece encoded straight into it (a whole world's snapshot is tens of MB). */
function joined(pieces: string[]): Buffer {
  const out = Buffer.allocUnsafe(pieces.reduce((n, piece) => n + Buffer.byteLength(piece), 0));
  let at = 0;
  for (const piece of pieces) at += out.write(piece, at);
  return out;
}
