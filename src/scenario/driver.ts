// The driver protocol (docs/packs.md, «Driver protocol»): how an await step's operator instruction is
// carried out when no person is at the till. Each await step of an fes or ecs pack carries a structured
// action (schemas/driver/action.json); the runner sends it to a driver — a vendor's harness over a
// webhook or a command, or Poligon's reference client — and waits for its answer
// (schemas/driver/answer.json) by the step's deadline. This module knows no transport: a driver is
// anything with `perform`. The verdict never comes from the answer: the await step judges the call the
// sandbox observed (steps/await.ts).
import { packageSchemas, type SchemaRegistry } from '../engine/schemas.js';

/** The schema of a harness's answer, compiled on the first answer and kept. */
let answerSchemas: SchemaRegistry | undefined;
import { engineMessage } from '../reports/i18n.js';

export const DRIVER_PROTOCOL = 'poligon-driver/1';

/**
 * How long after an answer the sandbox may still be writing the reported call into its journal, and
 * how long after the deadline an answer still counts when the call it reports came in time.
 */
export const ANSWER_GRACE_MS = 1_000;

/** An action as the pack states it and the harness receives it: `do` and its parameters. */
export interface DriverAction {
  do: string;
  note?: string;
  [parameter: string]: unknown;
}

/** What a harness receives for one await step (schemas/driver/message.json). */
export interface ActionMessage {
  protocol: typeof DRIVER_PROTOCOL;
  runId: string;
  pack: string;
  case: string;
  step: { index: number; title: string };
  action: DriverAction;
  instructions: string;
  /** Wall-clock UTC by which the answer must come. */
  deadline: string;
  timeoutMs: number;
  sandbox: { root: string; namespace: string; urls: Record<string, string>; clock: string };
}

/** A harness's answer (schemas/driver/answer.json). */
export type DriverAnswer = { result: 'done'; reason?: string } | { result: 'failed' | 'cannot'; reason: string };

/** How the step ended up with the driver: its answer, no answer by the deadline, or nothing asked (`none`). */
export type DriverOutcome = DriverAnswer | { result: 'silent'; reason: string } | { result: 'none'; reason?: string };

/** Who played a case's await steps, as the reports name it. */
export interface DriverIdentity {
  kind: 'harness-webhook' | 'harness-command' | 'reference-client' | 'console';
  /** The webhook URL, the command, or a description. */
  name: string;
}

/** A driver: carries out one action and answers (any value: the core validates it). */
export interface Driver {
  readonly identity: DriverIdentity;
  /** Whether it plays this pack's await steps (the reference client knows only the shipped packs' systems). */
  plays(packId: string, system: string): boolean;
  /** Resolves with the raw answer; `signal` aborts at the deadline or when the run is interrupted. */
  perform(message: ActionMessage, signal: AbortSignal): Promise<unknown>;
  /** The case is over: what the driver remembers of it can go. */
  caseFinished?(runId: string, packId: string, caseId: string): void;
}

/** What the step records of the driver (run.json `steps[].driver`). */
export interface StepDriverRecord {
  action: string;
  answer: DriverOutcome['result'];
  reason?: string;
}

/** The answer when it is one, else a `failed` naming what was wrong with it. */
export function readAnswer(raw: unknown): DriverAnswer {
  const problems = (answerSchemas ??= packageSchemas(['driver/answer'])).validate('driver/answer', raw);
  if (problems.length === 0) return raw as DriverAnswer;
  const shown = JSON.stringify(raw);
  const where = problems.map((p) => `${p.pointer} ${p.message}`).join('; ');
  return { result: 'failed', reason: engineMessage('engine.answerOutsideProtocol', { where, shown: shown === undefined ? engineMessage('engine.nothing') : shown.slice(0, 300) }) };
}

/**
 * Sends one action and waits for the answer up to the deadline (and the grace after it). Never rejects:
 * a transport error or a malformed answer is `failed` with its reason, no answer is `silent`.
 */
export async function ask(driver: Driver, message: ActionMessage, outer?: AbortSignal, graceMs = ANSWER_GRACE_MS): Promise<DriverOutcome> {
  const deadline = AbortSignal.timeout(message.timeoutMs + graceMs);
  const signal = outer ? AbortSignal.any([deadline, outer]) : deadline;
  const silent = (): DriverOutcome => ({ result: 'silent', reason: engineMessage('engine.driverSilent', { driver: describeDriver(driver.identity), n: message.timeoutMs }) });
  const late = new Promise<DriverOutcome>((resolve) => {
    if (signal.aborted) resolve(silent());
    signal.addEventListener('abort', () => resolve(silent()), { once: true });
  });
  const answered = driver.perform(message, signal).then(readAnswer, (e: unknown): DriverOutcome => signal.aborted ? silent() : { result: 'failed', reason: (e as Error).message });
  return Promise.race([answered, late]);
}

export function describeDriver(identity: DriverIdentity): string {
  return engineMessage(`driver.${identity.kind}`, { name: identity.name });
}

/** A step the driver cannot play: the step and the rest of its case are skipped, the reason in the report. */
export class StepSkipped extends Error {
  override name = 'StepSkipped';

  constructor(message: string, readonly driver?: StepDriverRecord) {
    super(message);
  }
}
