// The reference client: a simulated cash register (FES) and a simulated ticket system (ECS), and the
// driver with which they carry out the observe-mode packs' actions in place of the vendor's software.
export { ReferenceCashRegister } from './fes-cash-register.js';
export { ReferenceTicketSystem } from './ecs-ticket-system.js';
export { ReferenceClientDriver, withReferenceClient } from './driver.js';
