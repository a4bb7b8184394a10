// The shapes of a scenario pack (as written in YAML, see docs/scenarios.md and schemas/scenario/) and
// of a run's results (what every report is rendered from: run.json).
import type { JournalEntry } from '../engine/journal.js';
import type { DriverIdentity, StepDriverRecord } from './driver.js';

export type Duration = number | string;

export interface Sut {
  vendor?: string;
  product?: string;
  version?: string;
  /** Касса ID or the participant (organization) number. */
  id?: string;
  organization?: string;
  bank?: string;
  city?: string;
  operator?: string;
}

export interface Assertion {
  path?: string;
  pointer?: string;
  equals?: unknown;
  notEquals?: unknown;
  matches?: string;
  exists?: boolean;
  oneOf?: unknown[];
  contains?: unknown;
  gte?: number;
  lte?: number;
  length?: number;
  type?: string;
  because?: string;
  /** What the check rests on: `regulation App. 7`, `modeled <reason>`… (basis.ts). */
  basis?: string;
}

export type HeaderChecks = Record<string, string | Assertion>;

export interface ResponseExpectation {
  status?: number | number[];
  schema?: string;
  headers?: HeaderChecks;
  body?: Assertion[];
  maxDurationMs?: number;
  /** What every check here rests on unless it names its own (basis.ts). */
  basis?: string;
  /** What the status check rests on (HTTP statuses are often modeled where the body is fixed). */
  statusBasis?: string;
}

/** A step as written: one key, the kind, whose value is the kind's spec. */
export type StepSpec = Record<string, unknown>;

export interface CaseSpec {
  id: string;
  title: string;
  description?: string;
  preconditions?: string;
  requirements: string[];
  parallel?: boolean;
  skip?: string;
  /** Why the case can run only on the Poligon sandbox (magic values, injected faults, clock moves): skipped against an implementation outside it. */
  sandboxOnly?: string;
  demo?: boolean;
  vars?: Record<string, unknown>;
  steps: StepSpec[];
}

export interface PackSpec {
  id: string;
  version: string;
  title: string;
  description?: string;
  system: 'fes' | 'gis' | 'ecs' | 'e2e' | 'sandbox';
  sut?: Sut;
  parallel?: boolean;
  concurrency?: number;
  /** One fixed namespace for every case (run one after another), so a person configures the system once. */
  namespace?: string;
  timeout?: Duration;
  vars?: Record<string, unknown>;
  /** The Russian wording of the English texts the pack writes (a basis's reference or reason, sandboxOnly and skip reasons). */
  translations?: Record<string, string>;
  cases: CaseSpec[];
}

export interface LoadedPack {
  spec: PackSpec;
  file: string;
  /** SHA-256 of the pack file as read: ties a report to the exact pack text. */
  sha256: string;
  /** Source line of each case and step (for messages): `cases/2/steps/1` → line. */
  lines: Record<string, number>;
}

// ---- results -------------------------------------------------------------------------------------

/** `interrupted`: the run was stopped (Ctrl-C, SIGTERM) before the case could finish; it did not pass. */
export type Verdict = 'passed' | 'failed' | 'error' | 'skipped' | 'interrupted';

/** One way a step did not get what it expected. */
export interface Failure {
  /** What was looked at: the request (sent or observed), the response, the state, or the journal. */
  in: 'request' | 'response' | 'state' | 'journal' | 'step';
  /** JSONPath or JSON pointer (or header name) of the value checked. */
  at?: string;
  message: string;
  expected?: string;
  received?: string;
  /** What the check rests on (basis.ts); absent: it binds. */
  basis?: string;
}

/** One test of a check, as data (the reports word it in their language): `equals` with `"12"`, `status` with `200`… */
export interface Rule {
  op: 'present' | 'absent' | 'equals' | 'notEquals' | 'matches' | 'oneOf' | 'contains' | 'gte' | 'lte' | 'length' | 'type'
    | 'status' | 'schema' | 'schemaRule' | 'errorCode' | 'call' | 'within';
  /** The rule's argument as shown (JSON text for values). */
  arg?: string;
}

/** One checked expectation, held or not: where, what was expected, what was received, on what basis. */
export interface Check {
  in: Failure['in'];
  /** JSONPath or JSON pointer, header name, `status`, `time`… */
  at: string;
  rules: Rule[];
  /** The value received, as shown (JSON text, secrets masked); absent when nothing was there. */
  received?: string;
  /** `advisory`: it did not hold, but rests on a modeled convention and the system is outside the sandbox. */
  verdict: 'passed' | 'failed' | 'advisory';
  basis?: string;
  because?: string;
}

/** A reference into the traffic log: a journal entry (HAR entry `_id`). */
export interface TrafficRef {
  /** The HAR entry `_id`: `<pack>/<case>#<seq>` (`#r<n>` for calls the runner logged itself, to a target outside the sandbox). */
  id: string;
  seq: number;
  time: string;
  method: string;
  path: string;
  status: number;
}

export interface StepResult {
  index: number;
  kind: string;
  title: string;
  verdict: Verdict;
  /** What the step expected, one line each (human-readable). */
  expected: string[];
  /** What it got. */
  actual: string[];
  failures: Failure[];
  /** Every checked expectation of the step, held or not, in order; its evidence is the step's traffic. */
  checks?: Check[];
  /**
   * Checks that did not hold but rest on Poligon's own conventions, judged against an implementation
   * outside the sandbox: advice, not failures (each message says why).
   */
  advisories?: Failure[];
  traffic: TrafficRef[];
  /** How to reproduce the call (secrets masked). */
  curl?: string;
  /** Operator instructions of an await step. */
  instructions?: string;
  durationMs: number;
  error?: string;
  /** An await step played by a driver (a vendor's harness, the reference client): the action it was given and its answer. */
  driver?: StepDriverRecord;
}

export interface CaseResult {
  id: string;
  title: string;
  requirements: string[];
  preconditions?: string;
  namespace: string;
  verdict: Verdict;
  /** Run id of the earlier run this result was carried over from (`poligon run --resume`): the case passed there and did not run again. */
  carriedFrom?: string;
  /** Why it failed, errored or was skipped (first failure, in words). */
  reason?: string;
  startedAt: string;
  durationMs: number;
  steps: StepResult[];
  /** Who played the case's await steps: a vendor's harness (webhook URL or command), the reference client, or a person at the console. */
  driver?: DriverIdentity;
  /** The case's traffic, from the journal of its namespace (or recorded by the runner for an external target). */
  traffic: JournalEntry[];
  /** REP-03: how many of its checks rest on the sources (regulation, public record, seeds), on modeled conventions, or name no basis. */
  restsOn?: { sources: number; modeled: number; unstated: number };
}

/**
 * Who made the calls the pack judged: the vendor's own software (observe mode with a person at the till,
 * or an implementation outside the sandbox at --target simulator=URL), Poligon's reference client
 * (--with-reference-client), or nobody but the sandbox (client mode against the sandbox's own simulator).
 * Anything but `vendor` makes the protocol a demonstration: nothing of the vendor's was tested.
 */
export type PlayedBy = 'vendor' | 'reference-client' | 'sandbox';

export interface PackSut extends Sut {
  playedBy: PlayedBy;
}

export interface PackResult {
  id: string;
  version: string;
  title: string;
  system: PackSpec['system'];
  file: string;
  sha256: string;
  /** This pack's system under test (never another pack's), and who played it. */
  sut: PackSut;
  /** The pack's Russian wording of its English texts (PackSpec.translations), for the reports. */
  translations?: Record<string, string>;
  startedAt: string;
  finishedAt: string;
  cases: CaseResult[];
}

export interface RequirementCoverage {
  id: string;
  title: string;
  source: string;
  /** `pack/case` ids that cite it. */
  cases: string[];
  verdict: Verdict | 'not-covered';
}

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  error: number;
  skipped: number;
  interrupted: number;
  /** Advisory notes over all steps (modeled checks an outside implementation did not meet). */
  advisories?: number;
  verdict: 'passed' | 'failed';
}

/** run.json's format; 2: the system under test per pack (`packs[].sut`), the operator at the top. */
export const RUN_FORMAT = 'poligon-run/2';

export interface RunReport {
  format: typeof RUN_FORMAT;
  runId: string;
  tool: { name: string; version: string };
  lang: 'ru' | 'en';
  seed: string;
  startedAt: string;
  finishedAt: string;
  /** Where the run went: the embedded sandbox or a URL, and simulators pointed at implementations outside it. */
  target: { kind: 'embedded' | 'url'; url: string; overrides?: Record<string, string> };
  operator?: string;
  /** The run was stopped (Ctrl-C, SIGTERM) before every case finished: the reports hold what ran. */
  interrupted?: boolean;
  /** The run id this run resumed (`poligon run --resume DIR`): its passed cases are carried over. */
  resumedFrom?: string;
  /** Set when these reports were rendered again from a run's run.json (`poligon report DIR`): the source folder, relative to this one. */
  rerender?: { of: string; at: string; signedBy?: string };
  /**
   * REP-03: the replaceable wire format each simulator served (FES: its protocol profile, name and SHA-256);
   * `publishedBy`: read from the target sandbox there (a run against a Poligon sandbox signs as it serves).
   */
  wireProfiles?: Record<string, { name: string; sha256: string; modeled: boolean; publishedBy?: string }>;
  packs: PackResult[];
  summary: RunSummary;
  coverage: RequirementCoverage[];
}
