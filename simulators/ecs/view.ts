// ECS's part of the admin API's state view (schemas/ecs/view.json): the organizations and the
// transactions, named as a person reads them, an open one with its time left at `now`.
import type { SimulatorView } from '../../src/engine/simulator.js';
import type { EcsState } from './model.js';

export const ecsView: SimulatorView<EcsState> = {
  schema: 'ecs/view',
  of: (state, now) => {
    const terminals = countByOrganization(state.terminals);
    const services = countByOrganization(state.services);
    return {
      organizations: Object.values(state.organizations).map((o) => ({
        id: o.id, shortName: o.shortName, connectionType: o.connectionType, variant: o.variant, clientId: o.clientId ?? null, status: o.status,
        terminals: terminals.get(o.id) ?? 0, services: services.get(o.id) ?? 0,
      })),
      // the invariants keep a transaction's organization and service (ecs/invariants.ts)
      transactions: Object.values(state.transactions).map((t) => ({
        id: t.id, status: t.status, organizationId: t.organizationId, organization: state.organizations[t.organizationId]!.shortName,
        serviceId: t.serviceId, service: state.services[t.serviceId]!.name,
        createdAt: t.createdAt, confirmedAt: t.confirmedAt ?? null, discountedPrice: t.discountedPrice ?? null,
        timeLeftMs: t.status === 'open' ? Math.max(0, Date.parse(t.expiresAt) - now) : null,
      })),
    };
  },
};

function countByOrganization(records: Record<string, { organizationId: number }>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of Object.values(records)) counts.set(r.organizationId, (counts.get(r.organizationId) ?? 0) + 1);
  return counts;
}
