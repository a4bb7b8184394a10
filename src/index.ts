// Poligon's public API for Node test suites.
export { startSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export { AdminClient, AdminApiError, type JournalQuery } from './client/admin-client.js';
export {
  FesClient, signFesRequest, type FesKeys, type FesRequestToSign,
  type DemoCredentials, type FesDemoCredentials, type EcsDemoCredentials, type EcsDemoOrganization, type GisDemoCredentials,
} from './client/fes-client.js';
export { DEFAULT_CONFIG, resolveConfig, type PoligonConfig } from './engine/config.js';
export { defineSimulator, type Simulator, type Operation, type Call, type Reply, type SimulatorContext, type DemoSection } from './engine/simulator.js';
export { defineErrors, ErrorCatalogue, PoligonError, EngineErrors, type CatalogueEntry } from './engine/errors.js';
export type { JournalEntry } from './engine/journal.js';
export type { FaultRuleInput, FaultRule } from './engine/faults.js';
export type { Snapshot } from './engine/namespace.js';
export { builtinSimulators } from '../simulators/index.js';
export * as checksums from './data/checksums.js';
export * as tru from './data/tru.js';
