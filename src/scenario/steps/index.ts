// The step kinds, by the key that names them in a pack.
import { awaitStep } from './await.js';
import { controlStep } from './control.js';
import { expectStateStep } from './expect-state.js';
import type { StepHandler } from './handler.js';
import { requestStep } from './request.js';

export const STEP_KINDS: ReadonlyMap<string, StepHandler> = new Map<string, StepHandler>(
  [controlStep, requestStep, awaitStep, expectStateStep].map((h) => [h.kind, h as StepHandler]),
);
