// Isolated namespaces: each has its own simulator states, virtual clock, journal, faults and event
// bus. Two test suites that share one sandbox pick different namespaces (by path prefix /ns/<name>/…
// or the X-Poligon-Namespace header) and never see each other.
import { seededRandom, type Random } from '../data/checksums.js';
import { EventBus } from './bus.js';
import { clockOffsetProblem, VirtualClock } from './clock.js';
import { EngineErrors, type Problem } from './errors.js';
import { FaultSet } from './faults.js';
import { cloneJson, stringifyPieces } from './json.js';
import { Journal, JournalBudget, type JournalLimits } from './journal.js';
import { collectSecretValues, type SecretNames } from './secrets.js';
import type { DemoSection, Simulator, SimulatorContext } from './simulator.js';

export const DEFAULT_NAMESPACE = 'default';
export const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const SNAPSHOT_FORMAT = 'poligon-snapshot/1';

export interface NamespaceOptions {
  /** Checks an event's payload against its schema; throws when it breaks it. */
  checkEvent?: (schemaId: string, topic: string, payload: unknown) => void;
  /** Checks a restored state against its schema (Simulator.stateSchema): the problems, pointers into the state. */
  checkState?: (schemaId: string, state: unknown) => Problem[];
  /** The sandbox's secret names (from its simulators): what the journal masks, what held secrets are found under. */
  secretNames: SecretNames;
  /** Header names (lower-case) the journal keeps beyond the usual ones: those the sandbox's simulators name. */
  journalHeaders?: ReadonlySet<string>;
  seed: string;
  demo: boolean;
  /** Entries each journal keeps at most. */
  journalLimit: number;
  /** Bytes each journal keeps, and the size beyond which a body is kept truncated. */
  journal?: Partial<Omit<JournalLimits, 'maxEntries'>>;
  /** Shared by every namespace of a store: bounds the journals' bytes in total. */
  journalBudget?: JournalBudget;
  simulatorOptions: Record<string, Record<string, unknown>>;
  /** A restored state nesting deeper is refused (it could not be written back as JSON). */
  maxStateDepth?: number;
}

const DEFAULT_MAX_STATE_DEPTH = 64;
/** Keys that would reach an object's prototype when a simulator indexes by them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_LISTED_PROBLEMS = 20;

/**
 * What no simulator state may hold, whatever its simulator: prototype keys (a "__proto__"
 * certificate id), and nesting deeper than `maxDepth` (such a state could not be saved again).
 * Walked without recursion, so that the walk itself cannot overflow.
 */
function snapshotShapeProblems(simulators: object, maxDepth: number): Problem[] {
  const problems: Problem[] = [];
  const stack: Array<{ value: unknown; pointer: string; depth: number }> = [{ value: simulators, pointer: '/simulators', depth: 1 }];
  while (stack.length && problems.length < MAX_LISTED_PROBLEMS) {
    const { value, pointer, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) {
      problems.push({ pointer, in: 'body', message: `nests deeper than ${maxDepth} levels`, expected: `at most ${maxDepth} levels` });
      continue;
    }
    for (const key of Object.keys(value)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (PROTOTYPE_KEYS.has(key)) problems.push({ pointer: at, in: 'body', message: `"${key}" is not allowed as a key`, received: key });
      else stack.push({ value: (value as Record<string, unknown>)[key], pointer: at, depth: depth + 1 });
    }
  }
  return problems;
}

export interface OperationStats {
  count: number;
  errors: number;
  /** Answered later than the slow threshold. */
  slow: number;
  /** Connection dropped without an answer. */
  unanswered: number;
  totalMs: number;
  maxMs: number;
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  namespace: string;
  createdAt: string;
  clockOffsetMs: number;
  simulators: Record<string, unknown>;
}

export class Namespace {
  readonly clock = new VirtualClock();
  readonly journal: Journal;
  readonly faults: FaultSet;
  readonly random: Random;
  readonly stats = new Map<string, OperationStats>();
  private bus = new EventBus();
  private states = new Map<string, unknown>();
  private contexts = new Map<string, SimulatorContext>();
  /** Changes whenever the state is replaced wholesale (reset, restore): secrets held are found again. */
  private generation = 0;
  private held: { key: string; secrets: Set<string> } | undefined;
  /** Real time of the last request or admin call (for idle eviction). */
  lastUsedAt = Date.now();
  /** The namespace's own admin token (PUT /ns/<name>/__admin/token): a reset keeps it. */
  token: string | undefined;

  constructor(
    readonly id: string,
    private readonly simulators: ReadonlyArray<Simulator<any>>,
    private readonly options: NamespaceOptions,
  ) {
    this.random = seededRandom(`${options.seed}/${id}`);
    this.journal = new Journal({
      limits: { ...options.journal, maxEntries: options.journalLimit },
      budget: options.journalBudget,
      heldSecrets: () => this.heldSecrets(),
      secretNames: options.secretNames,
      keptHeaders: options.journalHeaders,
    });
    this.faults = new FaultSet(seededRandom(`${options.seed}/${id}/faults`));
    this.build(options.demo);
  }

  /**
   * Every secret the simulators' states hold under a secret name (API and MAC keys, client secrets,
   * password hashes, set-password tokens), masked by value in the journal. States change only through
   * requests (each journaled) and wholesale replacement, so the set is found again only then.
   */
  heldSecrets(): ReadonlySet<string> {
    const key = `${this.generation}/${this.journal.lastSeq}`;
    if (this.held?.key !== key) {
      const secrets = new Set<string>();
      for (const state of this.states.values()) collectSecretValues(state, this.options.secretNames, secrets);
      this.held = { key, secrets };
    }
    return this.held.secrets;
  }

  private build(demo: boolean): void {
    this.generation++;
    this.bus = new EventBus();
    this.states = new Map();
    this.contexts = new Map();
    for (const sim of this.simulators) {
      const ctx: SimulatorContext = {
        namespace: this.id,
        clock: this.clock,
        random: this.random,
        options: this.options.simulatorOptions[sim.name] ?? {},
        emit: (topic, payload) => {
          const schemaId = sim.publishes?.[topic];
          if (schemaId === undefined) throw new Error(`simulator "${sim.name}" published "${topic}", which is not among the topics it declares (publishes)`);
          this.options.checkEvent?.(schemaId, topic, payload);
          this.bus.emit(topic, payload);
        },
      };
      this.contexts.set(sim.name, ctx);
      this.states.set(sim.name, sim.createState(ctx));
    }
    for (const sim of this.simulators) {
      for (const [topic, handler] of Object.entries(sim.events ?? {})) {
        this.bus.on(topic, (payload) => {
          this.tick(sim);
          handler(this.states.get(sim.name), payload, this.contexts.get(sim.name)!);
        });
      }
    }
    if (!demo) return;
    for (const phase of [1, 2] as const) {
      for (const sim of this.simulators) sim.seedDemo?.(this.states.get(sim.name), this.contexts.get(sim.name)!, phase);
    }
  }

  state<S>(simulator: string): S {
    return this.states.get(simulator) as S;
  }

  context(simulator: string): SimulatorContext {
    return this.contexts.get(simulator)!;
  }

  /** Lets the virtual clock's effects happen (Simulator.tick) in one simulator's state, or in all. */
  tick(simulator?: Simulator<any>): void {
    const now = this.clock.now();
    for (const sim of simulator ? [simulator] : this.simulators) sim.tick?.(this.states.get(sim.name), now, this.contexts.get(sim.name)!);
  }

  /** Back to a fresh world (with or without the demo), clock, journal, faults and counters included. */
  reset(demo = this.options.demo): void {
    this.journal.close();
    this.journal.clear();
    this.faults.clear();
    this.stats.clear();
    this.clock.restoreOffset(0);
    this.build(demo);
  }

  recordStats(operation: string, durationMs: number, status: number, slowThresholdMs: number, unanswered = false): void {
    const s = this.stats.get(operation) ?? { count: 0, errors: 0, slow: 0, unanswered: 0, totalMs: 0, maxMs: 0 };
    s.count++;
    if (unanswered) s.unanswered++;
    else {
      if (status >= 500) s.errors++;
      if (durationMs > slowThresholdMs) s.slow++;
    }
    s.totalMs += durationMs;
    s.maxMs = Math.max(s.maxMs, durationMs);
    this.stats.set(operation, s);
  }

  /** A detached copy of the whole state (states are plain JSON by contract). */
  snapshot(): Snapshot {
    return cloneJson(this.liveSnapshot());
  }

  /**
   * The snapshot as JSON text, serialized straight from the live state (no intermediate copy), in
   * pieces down to each simulator state's members (see stringifyPieces).
   */
  snapshotPieces(): string[] {
    return stringifyPieces(this.liveSnapshot(), 3);
  }

  private liveSnapshot(): Snapshot {
    this.tick(); // a snapshot shows the world at the namespace's now
    const simulators: Record<string, unknown> = {};
    for (const sim of this.simulators) simulators[sim.name] = this.states.get(sim.name);
    return {
      format: SNAPSHOT_FORMAT,
      namespace: this.id,
      createdAt: this.clock.date().toISOString(),
      clockOffsetMs: this.clock.offset,
      simulators,
    };
  }

  /**
   * Replaces the whole state, or nothing: every part is checked before the live state changes. The
   * new state is a copy: `input` stays the caller's.
   */
  restore(input: unknown): void {
    this.replaceState(input, true);
  }

  /**
   * restore() of a snapshot just parsed from JSON text that nothing else holds (PUT /__admin/snapshot,
   * a state file): its objects become the live state without a copy, which for a large world is most
   * of the cost of a restore.
   */
  restoreParsed(parsed: unknown): void {
    this.replaceState(parsed, false);
  }

  private replaceState(input: unknown, copy: boolean): void {
    const snap = input as Partial<Snapshot> | null;
    const bad = (reason: string) => EngineErrors.BAD_SNAPSHOT({ reason });
    if (!snap || typeof snap !== 'object' || Array.isArray(snap)) throw bad('expected a JSON object');
    if (snap.format !== SNAPSHOT_FORMAT) throw bad(`"format" must be "${SNAPSHOT_FORMAT}", got ${JSON.stringify(snap.format)}`);
    const clockProblem = clockOffsetProblem(snap.clockOffsetMs);
    if (clockProblem) throw bad(`"clockOffsetMs": ${clockProblem}`);
    if (!snap.simulators || typeof snap.simulators !== 'object') throw bad('"simulators" must be an object');
    const problems = snapshotShapeProblems(snap.simulators, this.options.maxStateDepth ?? DEFAULT_MAX_STATE_DEPTH);
    if (problems.length) {
      throw EngineErrors.BAD_SNAPSHOT({ reason: `${problems.length} problem(s), first ${problems[0]!.pointer}: ${problems[0]!.message}` }, problems);
    }
    const next = new Map<string, unknown>();
    const stateProblems: Problem[] = [];
    for (const sim of this.simulators) {
      const data = (snap.simulators as Record<string, unknown>)[sim.name];
      if (data === undefined) throw bad(`it has no state for simulator "${sim.name}"`);
      let restored: unknown;
      try {
        const own = copy ? cloneJson(data) : data;
        restored = sim.restore ? sim.restore(own) : own;
      } catch (e) {
        throw bad(`state of "${sim.name}": ${(e as Error).message}`);
      }
      // the invariants read what the schema promises: checked only on a state that keeps it
      const found = sim.stateSchema ? this.options.checkState?.(sim.stateSchema, restored) ?? [] : [];
      if (!found.length && sim.stateProblems) found.push(...sim.stateProblems(restored));
      stateProblems.push(...found.map((p) => ({ ...p, pointer: `/simulators/${sim.name}${p.pointer}` })));
      next.set(sim.name, restored);
    }
    if (stateProblems.length) {
      const listed = stateProblems.slice(0, MAX_LISTED_PROBLEMS);
      throw EngineErrors.BAD_SNAPSHOT({ reason: `${stateProblems.length} problem(s), first ${listed[0]!.pointer}: ${listed[0]!.message}` }, listed);
    }
    this.states = next;
    this.generation++;
    this.clock.restoreOffset(snap.clockOffsetMs as number);
  }
}

/** How many namespaces a store keeps, and when an unused one may go. */
export interface NamespaceLimits {
  maxNamespaces: number;
  /** When the store is full, the least recently used namespace makes room for a new one if unused (real time) for this long. */
  idleMs: number;
  /** Never evicted. */
  defaultNamespace: string;
}

export class NamespaceStore {
  /** In order of last use, least recent first. */
  private readonly namespaces = new Map<string, Namespace>();
  readonly journalBudget: JournalBudget;
  readonly limits: NamespaceLimits;

  constructor(
    private readonly simulators: ReadonlyArray<Simulator<any>>,
    private readonly options: NamespaceOptions,
    limits: Partial<NamespaceLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { maxNamespaces: Infinity, idleMs: Infinity, defaultNamespace: DEFAULT_NAMESPACE, ...limits };
    this.journalBudget = options.journalBudget ?? new JournalBudget();
  }

  /** The namespace, made on first use: a client only has to pick a name. */
  get(id: string): Namespace {
    const known = this.namespaces.get(id);
    const now = this.now();
    if (known) {
      known.lastUsedAt = now;
      // moved to the end: the map stays in order of last use
      this.namespaces.delete(id);
      this.namespaces.set(id, known);
      return known;
    }
    if (!NAMESPACE_PATTERN.test(id)) throw EngineErrors.BAD_NAMESPACE({ namespace: id });
    // the default namespace is always there to be made (the admin API and the state file use it)
    if (id !== this.limits.defaultNamespace && this.namespaces.size >= this.limits.maxNamespaces && !this.evictLeastRecentlyUsed(now)) {
      throw EngineErrors.TOO_MANY_NAMESPACES({ max: this.limits.maxNamespaces, idle: Math.round(this.limits.idleMs / 1000) });
    }
    const ns = new Namespace(id, this.simulators, { ...this.options, journalBudget: this.journalBudget });
    ns.lastUsedAt = now;
    this.namespaces.set(id, ns);
    return ns;
  }

  /** The namespace if it exists (never makes one). */
  find(id: string): Namespace | undefined {
    return this.namespaces.get(id);
  }

  /** Deletes the least recently used namespace (never the default one) if it has been idle long enough. */
  private evictLeastRecentlyUsed(now: number): boolean {
    for (const [id, ns] of this.namespaces) {
      if (id === this.limits.defaultNamespace) continue;
      if (now - ns.lastUsedAt < this.limits.idleMs) return false;
      return this.delete(id);
    }
    return false;
  }

  list(): string[] {
    return [...this.namespaces.keys()].sort();
  }

  /** The secrets every namespace holds (for the console log's masking). */
  *heldSecrets(): Iterable<string> {
    for (const ns of this.namespaces.values()) yield* ns.heldSecrets();
  }

  get size(): number {
    return this.namespaces.size;
  }

  delete(id: string): boolean {
    const ns = this.namespaces.get(id);
    ns?.journal.dispose();
    return this.namespaces.delete(id);
  }

  close(): void {
    for (const ns of this.namespaces.values()) ns.journal.dispose();
    this.namespaces.clear();
  }

  /** The demo world of a namespace (credentials included), as printed at start-up and served at /__admin/demo. */
  describeDemo(id: string, baseUrl: string): DemoSection[] {
    const ns = this.get(id);
    return this.simulators.flatMap((s) => s.describeDemo?.(ns.state(s.name), baseUrl, ns.context(s.name)) ?? []);
  }

  /** The demo world of a namespace as data, by simulator name (only those that have one now). */
  demoCredentials(id: string, baseUrl: string): Record<string, object> {
    const ns = this.get(id);
    const entries = this.simulators.map((s) => [s.name, s.demoCredentials?.(ns.state(s.name), baseUrl, ns.context(s.name))] as const);
    return Object.fromEntries(entries.filter((entry): entry is readonly [string, object] => entry[1] !== undefined));
  }
}
