// The reference client: a simulated cash register (FES) and a simulated ticket system (ECS), and the
// scripts with which they play the system under test in the observe-mode packs.
import type { PackScript } from './driver.js';
import { ecsScript } from './scripts/ecs.js';
import { fesCertificationScript } from './scripts/fes-certification.js';

export { ReferenceCashRegister } from './fes-cash-register.js';
export { ReferenceTicketSystem } from './ecs-ticket-system.js';
export { ReferenceClientDriver, withReferenceClient, type PackScript } from './driver.js';

/** Pack id → the reference client's part in it. */
export const REFERENCE_SCRIPTS: Record<string, PackScript<any>> = {
  'fes-certification': fesCertificationScript,
  'ecs-type-1': ecsScript(1),
  'ecs-type-2': ecsScript(2),
  'ecs-type-3': ecsScript(3),
};
