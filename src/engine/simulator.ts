// What a simulator is, to the engine: a name, a state factory, operations as data, the way it renders
// errors, and optional event handlers and demo world. The engine routes, validates, injects faults,
// journals and snapshots; it never knows which simulators exist.
import type { IncomingHttpHeaders } from 'node:http';
import type { Random } from '../data/checksums.js';
import type { VirtualClock } from './clock.js';
import type { ErrorFactory, PoligonError, Problem } from './errors.js';
import type { DerivedSchemas } from './schemas.js';

export interface SimulatorContext {
  readonly namespace: string;
  readonly clock: VirtualClock;
  /** Seeded per namespace, so that generated ids and keys repeat for the same seed. */
  readonly random: Random;
  /** Options for this simulator from the configuration (`simulators.<name>` in the config file). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Publishes an event to the other simulators of this namespace. */
  emit(topic: string, payload: unknown): void;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Call<S> {
  readonly state: S;
  readonly ctx: SimulatorContext;
  readonly method: string;
  /** Path below the simulator's mount point, e.g. /api/v1/echo. */
  readonly path: string;
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  /** The bytes as received: what a MAC is computed over. */
  readonly rawBody: Buffer;
  /** The client's address (honours X-Forwarded-For only when trustProxy is configured). */
  readonly ip: string;
  /** What the operation's authenticator returned. */
  readonly auth: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ResponseSpec {
  description: string;
  schema?: string;
}

export interface Operation<S> {
  /** Unique within the simulator; faults and the journal name it `simulator.id`. */
  id: string;
  method: HttpMethod;
  /** Express-style path below the mount point, e.g. /lk/v1/merchants/:merchantId. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** The authenticator (by name, from `Simulator.authenticators`) run before validation. */
  auth?: string;
  request?: {
    /** Schema id for the body. */
    body?: string;
    query?: string;
    params?: string;
    contentType?: 'application/json' | 'application/x-www-form-urlencoded';
  };
  responses: Record<number, ResponseSpec>;
  handle(call: Call<S>): Reply | Promise<Reply>;
  /**
   * When the wire names some body fields otherwise than its schemas' canonical names (FES: a profile's
   * field names): a body renamed either way. Packs speak the canonical names; the runner renames what
   * it sends and what it judges by path (schema checks judge the wire body).
   */
  rename?(part: 'request' | 'response', body: unknown, to: 'wire' | 'canonical'): unknown;
}

/**
 * Checks who calls, before the request is validated (so an unsigned or forged request learns nothing
 * about the body rules), and returns what the handler gets as `call.auth`; throws the faked system's
 * refusal. It changes no state itself: what an authentic request changes (a MAC remembered against
 * replay…) goes to `admit`, which the core runs only once the request is valid too.
 */
export type Authenticator<S> = (call: Omit<Call<S>, 'auth'>, admit: (change: () => void) => void) => unknown;

export interface DemoSection {
  title: string;
  /** Label → value lines printed at start-up and served at /__admin/demo. */
  lines: Array<[string, string]>;
}

export interface Simulator<S = unknown> {
  name: string;
  title: string;
  description: string;
  /** Version of the faked protocol (modeled or from the source document). */
  protocolVersion: string;
  /**
   * Schema ids that describe this simulator's messages beyond those its operations and events name;
   * all become OpenAPI components. Ids are paths under `schemaRoot` without ".json".
   */
  schemas: string[];
  /**
   * The folder holding this simulator's schema files (an id "shop/order" is `<schemaRoot>/shop/order.json`,
   * with "$id" https://poligon.sandbox/schemas/shop/order.json); the package's schemas/ when not given.
   * A sandbox loads the schemas its simulators name, and what those refer to, from their own folders.
   */
  schemaRoot?: string;
  /** Schemas it derives from its files at start-up, replacing them under the same ids (FES: the wire names a profile gives body fields). */
  derivedSchemas?: DerivedSchemas;
  createState(ctx: SimulatorContext): S;
  /** Checks this simulator's options (`simulatorOptions.<name>`) at start-up; throws an Error naming the bad one. */
  checkOptions?(options: Readonly<Record<string, unknown>>): void;
  /**
   * The simulator its options make, when they change its routes or wire format (not only its behaviour),
   * or undefined to serve it as it is; called once at start-up. Throws an Error naming what is wrong.
   */
  configure?(options: Readonly<Record<string, unknown>>): Simulator<S> | undefined;
  /** The replaceable wire format this simulator serves (FES: its protocol profile): reports name it with its SHA-256. */
  wireProfile?: { name: string; sha256: string; modeled: boolean };
  /**
   * Where a sandbox publishes the wire profile this simulator serves (a GET path below its mount answering
   * { name, sha256, modeled, profile }), and this simulator configured with such a published one: a run
   * against a Poligon sandbox signs and judges as that sandbox serves. Throws an Error naming what is wrong.
   */
  publishedWireProfile?: { path: string; adopt(published: unknown, from: string): Simulator<S> };
  /** Values scenario packs read as `${name…}` (e.g. the result codes and header names this simulator's wire format gives). */
  packVariables?: Record<string, unknown>;
  operations: Array<Operation<S>>;
  /**
   * What the virtual clock has made true by `now` (baskets past their lifetime expire, old replay
   * entries go…). The core calls it before a request reaches the simulator's authenticator, before an
   * event reaches its handler and before a snapshot is taken: simulators never sweep by hand. Runs
   * often: it must be idempotent and cheap when nothing is due.
   */
  tick?(state: S, now: number, ctx: SimulatorContext): void;
  authenticators?: Record<string, Authenticator<S>>;
  /** OpenAPI security schemes, keyed by authenticator name. */
  securitySchemes?: Record<string, Record<string, unknown>>;
  /**
   * Authenticator name → the other security schemes an operation under it presents together (OpenAPI:
   * one requirement naming them all), e.g. each header of a signed call as its own apiKey scheme.
   */
  securityTogether?: Record<string, string[]>;
  /**
   * This simulator's error sections (what `defineErrors` returned): a sandbox's catalogue holds the
   * engine's errors and those of the simulators it serves, and an injected fault may name only those.
   */
  errors?: Array<Record<string, ErrorFactory>>;
  /** Header and field names that carry this simulator's secrets; masked in the journal, logs and reports. */
  secretNames?: string[];
  /** Header names of its wire format the journal keeps besides the usual ones (content-type, authorization, X-…). */
  journalHeaders?: string[];
  /**
   * Renders any error in the faked system's own error format. `operationId` is the operation the
   * request matched (undefined for an unknown path), for systems whose error format differs by
   * endpoint (e.g. OAuth errors at a token endpoint).
   */
  renderError(error: PoligonError, operationId?: string): Reply & { status: number };
  /** Topic → handler (the topics it hears); the handler may change this simulator's state. */
  events?: Record<string, (state: S, payload: unknown, ctx: SimulatorContext) => void>;
  /**
   * Topic → schema id of its payload: the only topics `ctx.emit` may publish. A payload that breaks
   * its schema is refused (the publishing request fails), and a sandbox refuses to start (when
   * responses are validated: development) if a topic published here has no subscriber among the
   * simulators it was given.
   */
  publishes?: Record<string, string>;
  /**
   * Builds the demo world into a fresh state. The engine runs phase 1 for every simulator (in the
   * order they are listed), then phase 2, so that a flow crossing systems (GIS ES sends a point to
   * activation → LK FES registers its касса → GIS ES activates it) can be built through events.
   */
  seedDemo?(state: S, ctx: SimulatorContext, phase: 1 | 2): void;
  /** What the demo world holds now (the namespace's virtual now: `ctx.clock`), as printed at start-up. */
  describeDemo?(state: S, baseUrl: string, ctx: SimulatorContext): DemoSection | undefined;
  /**
   * The demo world as data (credentials, ids, cards) for programs: GET /__admin/demo's `credentials.<name>`,
   * the embedded API and the testcontainers module read it; nobody parses the display lines.
   */
  demoCredentials?(state: S, baseUrl: string, ctx: SimulatorContext): object | undefined;
  /**
   * Client-side request signing, by name, for callers that play the system under test (scenario
   * request steps, the reference client): returns the headers to add.
   */
  clientAuth?: Record<string, ClientSigner>;
  /**
   * Checks (and if need be migrates) a snapshot's state before it replaces the live one. `data` is
   * already private to the restore (a freshly parsed snapshot, or the engine's copy of a caller's
   * object): it may become the new state as it is, changed in place, with no copy of its own.
   */
  restore?(data: unknown): S;
  /** The schema (id under schemas/) a state must satisfy before a snapshot's replaces the live one (after `restore`). */
  stateSchema?: string;
  /** What the state schema cannot say (references resolve, units add up): each broken invariant, pointer into the state. */
  stateProblems?(state: S): Problem[];
  /** Its part of the admin API's state view (GET /__admin/view): the tables a person reads. */
  view?: SimulatorView<S>;
}

/**
 * What a simulator shows of its state at `now` (the namespace's virtual now, after its tick): rows a
 * person reads (records, their statuses and balances, what expires and when), not the state's own
 * shape. The engine masks secrets in it as in the journal; `schema` (an id under the simulator's
 * schema folder) documents the part and is listed in the admin API's OpenAPI document.
 */
export interface SimulatorView<S> {
  schema: string;
  of(state: S, now: number): object;
}

export interface OutgoingRequest {
  method: string;
  /** Path as sent, below the simulator's mount point (e.g. /api/v1/echo). */
  path: string;
  /** The exact body bytes that will be sent. */
  body: string;
  /** Signer parameters, e.g. { apiKey, macKey, cashRegisterId }. */
  params: Record<string, unknown>;
  /** Timestamp to sign with (ms since epoch), usually the sandbox's virtual now. */
  now: number;
}

export type ClientSigner = (request: OutgoingRequest) => Record<string, string>;

export function defineSimulator<S>(sim: Simulator<S>): Simulator<S> {
  return sim;
}
