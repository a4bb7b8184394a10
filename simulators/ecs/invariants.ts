// What a restored ECS state must hold beyond its schema (schemas/ecs/state.json): terminals, services
// and transactions name an organization the state holds, cards a holder, transactions their terminal
// and service. Checked before a snapshot or a state file replaces a namespace's state.
import type { Problem } from '../../src/engine/errors.js';
import { pointerOf } from '../../src/engine/json.js';
import type { EcsState } from './model.js';

export function ecsStateProblems(state: EcsState): Problem[] {
  const problems: Problem[] = [];
  const check = (records: Record<string, unknown>, id: number, path: Array<string | number>, what: string) => {
    if (!Object.hasOwn(records, String(id))) problems.push({ pointer: pointerOf(path), in: 'body', message: `names ${what} ${id}, which the state does not hold`, received: id });
  };
  for (const [id, t] of Object.entries(state.terminals)) check(state.organizations, t.organizationId, ['terminals', id, 'organizationId'], 'organization');
  for (const [id, s] of Object.entries(state.services)) check(state.organizations, s.organizationId, ['services', id, 'organizationId'], 'organization');
  for (const [id, c] of Object.entries(state.cards)) check(state.holders, c.holderId, ['cards', id, 'holderId'], 'holder');
  for (const [id, t] of Object.entries(state.transactions)) {
    check(state.organizations, t.organizationId, ['transactions', id, 'organizationId'], 'organization');
    check(state.terminals, t.terminalId, ['transactions', id, 'terminalId'], 'terminal');
    check(state.services, t.serviceId, ['transactions', id, 'serviceId'], 'service');
  }
  return problems;
}
