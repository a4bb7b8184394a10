// The admin API's handlers, per namespace (/__admin/… or /ns/<name>/__admin/…): reset, snapshot
// export and import, the journal (filtered, or long-polled for observe-mode scenarios), the virtual
// clock, fault injection, per-operation service-level counters and the error catalogue. The core
// serves them as a built-in simulator (pipeline.ts, adminPipeline): it reads and validates each body
// from schemas/admin/* before the handler runs, and answers every failure in the admin error format.
import { ADMIN_OPERATIONS, type AdminCall, type AdminOperation, type AdminOperationId, type AdminReply } from './admin-operations.js';
import { parseDuration } from './clock.js';
import { ENGINE_SECTION, EngineErrors, type ErrorCatalogue } from './errors.js';
import type { FaultRuleInput } from './faults.js';
import { bearerToken, sameSecret } from './guard.js';
import { parseJsonBytes } from './json.js';
import type { JournalFilter } from './journal.js';
import type { Namespace, NamespaceStore } from './namespace.js';
import { maskSecrets, SecretValues, type SecretNames } from './secrets.js';
import type { Simulator } from './simulator.js';
import { stateView } from './view.js';

export interface AdminDeps {
  store: NamespaceStore;
  simulators: ReadonlyArray<Simulator<any>>;
  catalogue: ErrorCatalogue;
  /** The sandbox's secret names: what a masked snapshot hides. */
  secretNames: SecretNames;
  /** Largest snapshot import, counted decompressed. */
  snapshotMaxBytes: number;
  /** The sandbox's admin token, if it has one: snapshots are then exported masked unless asked with ?secrets=include. */
  adminToken?: string;
  slowThresholdMs: number;
  /** The health answer: status, version, simulators, uptime. */
  health: () => unknown;
  /** The base URL clients reach this sandbox at (for demo descriptions). */
  baseUrl: () => string;
}

const MAX_WAIT_MS = 120_000;

type Handler = (call: AdminCall) => AdminReply | Promise<AdminReply>;

/** The admin operations the core serves: each description of ADMIN_OPERATIONS with its handler. */
export function adminOperations(deps: AdminDeps): AdminOperation[] {
  // one import at a time: each holds its whole body and parse in memory
  let importing = false;

  // every operation id needs a handler (the compiler says which one is missing)
  const handlers: Record<AdminOperationId, Handler> = {
    health: () => ({ body: deps.health() }),
    // a namespace with its own token is listed only to its token's or the admin token's holder
    namespaces: ({ headers }) => {
      const given = bearerToken({ headers });
      const admin = deps.adminToken !== undefined && sameSecret(given, deps.adminToken);
      return { body: { namespaces: deps.store.list().filter((id) => {
        const own = deps.store.find(id)?.token;
        return own === undefined || admin || sameSecret(given, own);
      }) } };
    },
    setToken: ({ namespace, body }) => {
      namespace.token = (body as { token: string }).token;
      return { body: { namespace: namespace.id, token: 'set' } };
    },
    errors: () => ({ body: { errors: deps.catalogue.list() } }),
    demo: ({ namespace, prefixed }) => {
      const base = deps.baseUrl() + (prefixed ? `/ns/${namespace.id}` : '');
      return { body: { namespace: namespace.id, sections: deps.store.describeDemo(namespace.id, base), credentials: deps.store.demoCredentials(namespace.id, base) } };
    },
    reset: ({ namespace, body }) => {
      namespace.reset((body as { demo?: boolean }).demo);
      return { body: { namespace: namespace.id, reset: true } };
    },
    deleteNamespace: ({ namespace }) => ({ body: { namespace: namespace.id, deleted: deps.store.delete(namespace.id) } }),

    view: ({ namespace }) => ({ body: stateView(namespace, deps.simulators, deps.secretNames) }),

    // A snapshot holds a whole world (a 100,000-certificate FES world is about 45 MB of JSON): what GET
    // gives, PUT must take back, whatever the request body limit of the simulators.
    exportSnapshot: ({ namespace, query }) => {
      // a guarded sandbox gives secrets in clear only to who asks for them (the guard checked the token)
      if (deps.adminToken !== undefined && query.secrets !== 'include') {
        return { body: maskSecrets(namespace.snapshot(), deps.secretNames, new SecretValues(namespace.heldSecrets())) };
      }
      return { jsonPieces: namespace.snapshotPieces() };
    },
    importSnapshot: ({ namespace, headers, rawBody }) => {
      if (importing) throw EngineErrors.BUSY({ reason: 'another snapshot is being imported; try again when it is done' });
      importing = true;
      try {
        // parsed here, so that the namespace may keep the parse as its state; what is not JSON is no snapshot
        let parsed: unknown;
        if ((headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json') {
          try {
            parsed = parseJsonBytes(rawBody);
          } catch (e) {
            throw EngineErrors.MALFORMED_BODY({ format: 'JSON', reason: (e as Error).message });
          }
        }
        namespace.restoreParsed(parsed);
      } finally {
        importing = false;
      }
      return { body: { namespace: namespace.id, restored: true } };
    },

    journal: async ({ namespace, query }) => {
      const q = query as Record<string, string | undefined>;
      const filter: JournalFilter = {
        simulator: q.simulator,
        operation: q.operation,
        method: q.method,
        pathContains: q.path,
        status: q.status === undefined ? undefined : Number(q.status),
        afterSeq: q.afterSeq === undefined ? undefined : Number(q.afterSeq),
        errorsOnly: q.errorsOnly === 'true',
        limit: q.limit === undefined ? undefined : Number(q.limit),
      };
      const journal = namespace.journal;
      if (q.waitMs !== undefined) {
        const entry = await journal.waitFor(filter, Math.min(Number(q.waitMs), MAX_WAIT_MS));
        return { body: { entries: entry ? [entry] : [], lastSeq: journal.lastSeq, timedOut: !entry } };
      }
      return { body: { entries: journal.list(filter), lastSeq: journal.lastSeq } };
    },
    clearJournal: ({ namespace }) => {
      namespace.journal.clear();
      return { body: { cleared: true } };
    },

    clock: ({ namespace }) => ({ body: { now: namespace.clock.date().toISOString(), offsetMs: namespace.clock.offset } }),
    moveClock: ({ namespace, body }) => {
      const { advance, set } = body as { advance?: string | number; set?: string };
      const clock = namespace.clock;
      try {
        if (advance !== undefined) clock.advance(parseDuration(advance));
        if (set !== undefined) clock.set(Date.parse(set));
      } catch (e) {
        throw EngineErrors.BAD_ADMIN_REQUEST({ reason: (e as Error).message });
      }
      return { body: { now: clock.date().toISOString(), offsetMs: clock.offset } };
    },

    faults: ({ namespace }) => ({ body: { faults: namespace.faults.list() } }),
    addFault: ({ namespace, body }) => {
      const input = body as FaultRuleInput;
      if (input.latencyMaxMs !== undefined && input.latencyMaxMs < input.latencyMs!) {
        throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `latencyMaxMs ${input.latencyMaxMs} is below latencyMs ${input.latencyMs}: the delay is drawn between latencyMs and latencyMaxMs` });
      }
      const known = deps.simulators.flatMap((s) => [`${s.name}.*`, ...s.operations.map((o) => `${s.name}.${o.id}`)]);
      if (input.operation !== '*' && !known.includes(input.operation)) {
        throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `unknown operation "${input.operation}"; known: *, ${known.join(', ')}` });
      }
      const error = input.errorCode === undefined ? undefined : deps.catalogue.get(input.errorCode);
      if (input.errorCode !== undefined) {
        if (!error) throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `unknown errorCode "${input.errorCode}": this sandbox serves ${deps.simulators.map((s) => s.name).join(', ')}; GET /__admin/errors lists their codes` });
        // a fault answers in the faked system's own format: only its codes and the engine's fit it
        const target = input.operation === '*' ? undefined : input.operation.split('.')[0];
        if (error.section !== ENGINE_SECTION && error.section !== target) {
          throw EngineErrors.BAD_ADMIN_REQUEST({
            reason: `errorCode "${input.errorCode}" is ${error.section}'s, but the fault is for ${input.operation === '*' ? 'every operation' : `"${input.operation}"`}: use an engine code (POLIGON_…)${target ? ` or one of ${target}'s` : ''}`,
          });
        }
      }
      return { status: 201, body: namespace.faults.add(error && input.status === undefined ? { ...input, status: error.status } : input) };
    },
    clearFaults: ({ namespace }) => {
      namespace.faults.clear();
      return { body: { cleared: true } };
    },
    removeFault: ({ namespace, params }) => {
      if (!namespace.faults.remove(params.id!)) throw EngineErrors.BAD_ADMIN_REQUEST({ reason: `no fault "${params.id}"` });
      return { body: { removed: params.id } };
    },

    // ?operations=a.x,b.y: the total over these operations only (a service level counts some calls, not all)
    stats: ({ namespace, query }) => {
      const only = typeof query.operations === 'string' ? new Set(query.operations.split(',').map((o) => o.trim())) : undefined;
      const operations = Object.fromEntries([...namespace.stats].filter(([op]) => !only || only.has(op)));
      let count = 0, late = 0;
      for (const s of Object.values(operations)) { count += s.count; late += s.slow + s.unanswered; }
      return { body: {
        slowThresholdMs: deps.slowThresholdMs,
        total: { count, slowOrUnanswered: late, share: count ? late / count : 0 },
        operations,
        limits: limitsUsage(deps.store, namespace),
      } };
    },
  };

  return ADMIN_OPERATIONS.map((op): AdminOperation => ({
    ...op,
    handle: handlers[op.id],
    ...(op.id === 'importSnapshot' ? { bodyLimitBytes: deps.snapshotMaxBytes, rawBody: true } : {}),
  }));
}

/** How close the namespace and the sandbox are to each memory limit (`share` = used / limit). */
function limitsUsage(store: NamespaceStore, namespace: Namespace) {
  const usage = (used: number, limit: number) => ({ used, limit: Number.isFinite(limit) ? limit : null, share: Number.isFinite(limit) ? used / limit : 0 });
  const journal = namespace.journal.usage();
  return {
    journalBytes: usage(journal.bytes, namespace.journal.limits.maxBytes),
    journalEntries: usage(journal.entries, namespace.journal.limits.maxEntries),
    journalBodyMaxBytes: namespace.journal.limits.maxBodyBytes,
    allJournalsBytes: usage(store.journalBudget.used, store.journalBudget.maxBytes),
    namespaces: { ...usage(store.size, store.limits.maxNamespaces), idleMs: Number.isFinite(store.limits.idleMs) ? store.limits.idleMs : null },
  };
}
