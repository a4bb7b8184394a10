// The admin API's operations as data (per namespace: /__admin/… or /ns/<name>/__admin/…): the core
// serves them as a built-in simulator (admin.ts gives each its handler, pipeline.ts's adminPipeline
// routes, reads, validates and answers them), and /openapi/admin.json is built from the same
// operations with the simulators' documents' builder, so the document lists every admin operation
// and nothing else.
import type { Namespace } from './namespace.js';
import type { Call, Operation, Reply } from './simulator.js';

/** What an operation is, without how it is handled: enough for routing and the OpenAPI document. */
export type OperationDescription = Omit<Operation<unknown>, 'handle'>;

/**
 * A request to an admin operation: a simulator's call, but on the namespace itself (its clock,
 * journal, faults, state as a whole) rather than on one simulator's state.
 */
export interface AdminCall extends Omit<Call<never>, 'state' | 'ctx' | 'auth'> {
  readonly namespace: Namespace;
  /** The namespace was named by the path (/ns/<name>/__admin/…), not by header or default. */
  readonly prefixed: boolean;
}

export interface AdminReply extends Reply {
  /** The body as JSON text already, in pieces (a whole snapshot, serialized straight from the live state). */
  jsonPieces?: string[];
}

/** An admin operation: a simulator's operation (a thin variant: its call is on the namespace). */
export interface AdminOperation extends OperationDescription {
  handle(call: AdminCall): AdminReply | Promise<AdminReply>;
  /** This operation's own body limit (decompressed), instead of the admin API's. */
  bodyLimitBytes?: number;
  /** The body is handed to the handler as bytes, unparsed (it parses it itself: a snapshot's parse may become the state). */
  rawBody?: boolean;
}

const TAG = { world: 'World', journal: 'Journal', time: 'Clock', faults: 'Faults', about: 'About', runs: 'Runs (/ui/api)' };
const ok = (description: string) => ({ 200: { description } });
const refused = { 400: { description: 'Refused: `{ error: { code, message, problems?, hint? } }` (codes at GET /__admin/errors)' } };

export const ADMIN_OPERATIONS = [
  { id: 'health', method: 'get', path: '/health', tag: TAG.about, summary: 'Readiness: status, version, served simulators, uptime', responses: ok('Up') },
  { id: 'namespaces', method: 'get', path: '/namespaces', tag: TAG.about, summary: 'The namespaces made so far',
    description: 'A namespace is made on first use: name it by the path prefix /ns/<name>/ or the X-Poligon-Namespace header. Names: 1–64 letters, digits, "-" or "_", starting with a letter or digit.',
    responses: ok('`{ namespaces: string[] }`: on a guarded sandbox, a namespace with its own token only to its token\'s or the admin token\'s holder') },
  { id: 'setToken', method: 'put', path: '/token', tag: TAG.world, summary: "Gives the namespace its own admin token (a bearer token that then opens this namespace's admin API)",
    request: { body: 'admin/token.request' }, responses: { ...ok('`{ namespace, token: "set" }`'), ...refused } },
  { id: 'errors', method: 'get', path: '/errors', tag: TAG.about, summary: "This sandbox's error catalogue: the engine's codes and those of the simulators it serves",
    responses: ok('`{ errors: [{ code, status, message, systemCode?, hint?, section }] }`') },
  { id: 'demo', method: 'get', path: '/demo', tag: TAG.world, summary: "The namespace's demo world: what the banner prints, and the credentials as data", responses: ok('`{ namespace, sections, credentials }`') },
  { id: 'reset', method: 'post', path: '/reset', tag: TAG.world, summary: 'Back to a fresh world (with the demo unless `demo: false`), clock, journal, faults and counters included',
    request: { body: 'admin/reset.request' }, responses: { ...ok('`{ namespace, reset: true }`'), ...refused } },
  { id: 'deleteNamespace', method: 'delete', path: '/namespace', tag: TAG.world, summary: 'Forgets the namespace (made again, fresh, on its next use)', responses: ok('`{ namespace, deleted }`') },
  { id: 'exportSnapshot', method: 'get', path: '/snapshot', tag: TAG.world, summary: "The namespace's whole state as JSON (format poligon-snapshot/1)",
    description: 'On a sandbox started with an admin token, secrets come masked unless asked for with `?secrets=include`.', responses: ok('The snapshot') },
  { id: 'view', method: 'get', path: '/view', tag: TAG.world, summary: "The namespace's state as a person reads it: each simulator's records, statuses, balances and what expires when, at the virtual now",
    description: "Each simulator's part is under `simulators.<name>`, described by the component `<name>.view` of this document (GIS ES: merchants and points; FES: merchants, points, кассы, certificates with their balances, open baskets with their time left; ECS: organizations and transactions). Secrets are always masked (the last four characters kept). Unlike the snapshot, its shape is documented and kept stable: read this, not the snapshot, to show a sandbox's state.",
    responses: { 200: { description: 'The view', schema: 'admin/view' } } },
  { id: 'importSnapshot', method: 'put', path: '/snapshot', tag: TAG.world, summary: 'Replaces the whole state with a snapshot, or changes nothing',
    description: 'Body: a snapshot as GET /snapshot gives it (up to 256 MiB). Every part is checked before the live state changes.',
    responses: { ...ok('`{ namespace, restored: true }`'), ...refused } },
  { id: 'journal', method: 'get', path: '/journal', tag: TAG.journal, summary: 'Every request the namespace received, matched or not (the admin API\'s own calls aside), secrets masked; filtered, or long-polled with waitMs',
    request: { query: 'admin/journal.query' }, responses: { ...ok('`{ entries, lastSeq, timedOut? }`'), ...refused } },
  { id: 'clearJournal', method: 'delete', path: '/journal', tag: TAG.journal, summary: 'Empties the journal', responses: ok('`{ cleared: true }`') },
  { id: 'clock', method: 'get', path: '/clock', tag: TAG.time, summary: "The namespace's virtual now and its offset from real time", responses: ok('`{ now, offsetMs }`') },
  { id: 'moveClock', method: 'post', path: '/clock', tag: TAG.time, summary: 'Moves the virtual clock forward: `advance` a duration, or `set` a later time',
    description: 'Durations: milliseconds (1500), 90s, 30m, 2h, 1d, or ISO-8601 (PT30M, P1DT2H). The clock never runs backwards.',
    request: { body: 'admin/clock.request' }, responses: { ...ok('`{ now, offsetMs }`'), ...refused } },
  { id: 'faults', method: 'get', path: '/faults', tag: TAG.faults, summary: 'The fault rules in force', responses: ok('`{ faults }`') },
  { id: 'addFault', method: 'post', path: '/faults', tag: TAG.faults, summary: 'Adds a fault rule: latency, an error (a catalogue code of the engine or of the faked system, or a raw answer), an HTML error page or a dropped connection',
    request: { body: 'admin/fault.request' }, responses: { 201: { description: 'The rule, with its id' }, ...refused } },
  { id: 'clearFaults', method: 'delete', path: '/faults', tag: TAG.faults, summary: 'Removes every fault rule', responses: ok('`{ cleared: true }`') },
  { id: 'removeFault', method: 'delete', path: '/faults/:id', tag: TAG.faults, summary: 'Removes one fault rule', responses: { ...ok('`{ removed }`'), ...refused } },
  { id: 'stats', method: 'get', path: '/stats', tag: TAG.about, summary: 'Per-operation service-level counters (count, errors, slow, unanswered, times)', responses: ok('`{ slowThresholdMs, total, operations }`') },
] as const satisfies ReadonlyArray<OperationDescription>;

export type AdminOperationId = (typeof ADMIN_OPERATIONS)[number]['id'];

/**
 * The runs API the web console starts packs with (src/ui/runs.ts routes these), below /ui/api: one per
 * sandbox, not per namespace, guarded as the admin API is. Documented in the admin API's document.
 */
export const RUNS_OPERATIONS = [
  { id: 'listPacks', method: 'get', path: '/packs', tag: TAG.runs, summary: 'The packs a run can start', responses: ok('`{ packs: [{ id, title, system, cases }] }`') },
  { id: 'startRun', method: 'post', path: '/runs', tag: TAG.runs, summary: 'Starts a run of packs against this sandbox, each case in its own namespace',
    description: 'As `poligon run <packs> --target <this sandbox>`: the run acts with the bearer token of this request (a guarded sandbox\'s admin token, or a namespace\'s own for a pack with a fixed namespace); two runs at a time at most, the last 20 kept. Reports go to a folder of the machine\'s temporary directory.',
    request: { body: 'admin/run.request' },
    responses: { 202: { description: 'The run, started: `{ id, packs, driver, status: "running", startedAt, cases, instructions }`' }, ...refused, 409: { description: 'Two runs are running already (`POLIGON_BUSY`)' } } },
  { id: 'listRuns', method: 'get', path: '/runs', tag: TAG.runs, summary: 'The runs of this sandbox, newest first', responses: ok('`{ runs: [run] }`') },
  { id: 'getRun', method: 'get', path: '/runs/:id', tag: TAG.runs, summary: "A run: status, each case's namespace and verdict, the operator instructions so far (keys made during the run masked)",
    responses: { ...ok('`{ id, packs, driver, status: running|finished|failed, startedAt, finishedAt?, verdict?, error?, cases: [{ pack, id, title, namespace?, verdict?, reason? }], instructions: [{ pack, case, text, at }], reportHtml? }`'), 404: { description: 'No such run' } } },
  { id: 'stopRun', method: 'post', path: '/runs/:id/stop', tag: TAG.runs, summary: 'Interrupts a run: waits end, unfinished cases are interrupted, the reports are still written',
    responses: { 202: { description: 'The run' }, 404: { description: 'No such run' } } },
  { id: 'runReport', method: 'get', path: '/runs/:id/report.html', tag: TAG.runs, summary: "The run's HTML report, once written",
    responses: { 200: { description: 'text/html' }, 404: { description: 'No such run' }, 409: { description: 'No report yet (`POLIGON_NOT_READY`)' } } },
] as const satisfies ReadonlyArray<OperationDescription>;

/** The admin API described like a simulator; the OpenAPI document takes its operations from those the core serves. */
export const ADMIN_API = {
  name: 'admin',
  title: 'Poligon admin API',
  description: 'Per-namespace control of the sandbox: reset, snapshots, the journal, the virtual clock, fault injection, counters and the error catalogue. '
    + 'Every path also answers under /ns/<namespace>/__admin/…; without the prefix it acts on the namespace the X-Poligon-Namespace header names, or the default one.',
  protocolVersion: '1',
  schemas: ['admin/clock.request', 'admin/fault.request', 'admin/journal.query', 'admin/reset.request', 'admin/run.request', 'admin/token.request', 'admin/view'],
  elsewhere: [{ serverUrl: '/ui/api', operations: RUNS_OPERATIONS as ReadonlyArray<OperationDescription> }],
};
