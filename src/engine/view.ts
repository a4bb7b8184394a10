// The admin API's state view (GET /__admin/view): what a person reads of a namespace at its virtual
// now, each simulator's part from its own view (Simulator.view), secrets masked. The console's state
// tables read this, never the snapshot: the snapshot's shape is each simulator's private business.
import type { Namespace } from './namespace.js';
import { maskSecrets, SecretValues, type SecretNames } from './secrets.js';
import type { Simulator } from './simulator.js';

/** GET /__admin/view's answer (schemas/admin/view.json). */
export interface StateView {
  namespace: string;
  /** The namespace's virtual now (ISO 8601): what every time left in the parts counts from. */
  now: string;
  /** Each served simulator that has a view, by name. */
  simulators: Record<string, object>;
}

/**
 * The namespace's view, its clock's effects applied first (a basket past its lifetime is no longer
 * open). Always masked, by name and by every secret the namespace holds, as the journal is: the view
 * is for reading, and the keys have their own ways out (the cabinets, /__admin/demo, the snapshot).
 */
export function stateView(ns: Namespace, simulators: ReadonlyArray<Simulator<any>>, secretNames: SecretNames): StateView {
  ns.tick();
  const now = ns.clock.now();
  const parts: Record<string, object> = {};
  for (const sim of simulators) if (sim.view) parts[sim.name] = sim.view.of(ns.state(sim.name), now);
  return { namespace: ns.id, now: new Date(now).toISOString(), simulators: maskSecrets(parts, secretNames, new SecretValues(ns.heldSecrets())) };
}

/** The schemas of the served simulators' parts: the admin API's OpenAPI document lists them beside the view's. */
export function viewSchemas(simulators: ReadonlyArray<Simulator<any>>): string[] {
  return simulators.flatMap((sim) => (sim.view ? [sim.view.schema] : []));
}
