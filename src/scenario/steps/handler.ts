// A step kind is data plus a handler: its schema (schemas/scenario/steps/<kind>.json), extra load-time
// checks, and how it runs. Adding a kind = one file here, one schema, one line in index.ts.
import type { CaseContext } from '../context.js';
import type { StepDriverRecord } from '../driver.js';
import type { Check, Failure } from '../types.js';

export interface SpecProblem {
  /** JSON pointer inside the step spec. */
  pointer: string;
  message: string;
}

export interface StepOutcome {
  title?: string;
  expected: string[];
  actual: string[];
  failures: Failure[];
  /** Every checked expectation, held or not (the reports show expected and received for each). */
  checks?: Check[];
  /** Failed checks reported as advice (modeled, judged outside the sandbox). */
  advisories?: Failure[];
  curl?: string;
  instructions?: string;
  /** The step could not be judged (e.g. the target has no admin API): the case is skipped. */
  skipped?: string;
  /** An await step played by a driver: the action and what the driver answered. */
  driver?: StepDriverRecord;
}

export interface StepHandler<T = any> {
  kind: string;
  /** Schema id the step's spec must match. */
  schemaId: string;
  /** Checks the schema cannot express (known schema ids, signers, one action per step). */
  check?(spec: T, known: KnownRefs): SpecProblem[];
  /** A short title for the console and the reports when the step has none. */
  describe(spec: T): string;
  run(spec: T, ctx: CaseContext): Promise<StepOutcome>;
}

/** What a pack may name, for the load-time checks (loader.ts knownRefs). */
export interface KnownRefs {
  schemaIds: Set<string>;
  signers: Set<string>;
  simulators: Set<string>;
  operations: Map<string, Set<string>>;
}

export const defineStep = <T>(h: StepHandler<T>): StepHandler<T> => h;

/** Load-time checks shared by the kinds: schema ids that exist, simulators that exist. */
export function checkRefs(
  spec: { simulator?: string; expect?: object },
  known: { schemaIds: Set<string>; simulators: Set<string> },
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const key of ['schema', 'requestSchema'] as const) {
    const id = (spec.expect as { schema?: string; requestSchema?: string } | undefined)?.[key];
    if (id !== undefined && !id.includes('${') && !known.schemaIds.has(id)) {
      problems.push({ pointer: `/expect/${key}`, message: `unknown schema id "${id}" (ids are paths under schemas/ without .json)` });
    }
  }
  if (spec.simulator !== undefined && !known.simulators.has(spec.simulator)) {
    problems.push({ pointer: '/simulator', message: `unknown simulator "${spec.simulator}"; known: ${[...known.simulators].join(', ')}` });
  }
  return problems;
}
