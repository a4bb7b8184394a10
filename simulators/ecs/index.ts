// Placeholder until the ecs simulator lands: serves no operations yet.
import { EngineErrors } from '../../src/engine/errors.js';
import { defineSimulator } from '../../src/engine/simulator.js';

export const ecsSimulator = defineSimulator<Record<string, never>>({
  name: 'ecs',
  title: 'ecs',
  description: 'ecs',
  protocolVersion: '0',
  schemas: [],
  createState: () => ({}),
  operations: [],
  renderError: (e) => ({ status: e.status, body: { code: e.code, message: e.message } }),
});
void EngineErrors;
