// Placeholder until the fes simulator lands: serves no operations yet.
import { EngineErrors } from '../../src/engine/errors.js';
import { defineSimulator } from '../../src/engine/simulator.js';

export const fesSimulator = defineSimulator<Record<string, never>>({
  name: 'fes',
  title: 'fes',
  description: 'fes',
  protocolVersion: '0',
  schemas: [],
  createState: () => ({}),
  operations: [],
  renderError: (e) => ({ status: e.status, body: { code: e.code, message: e.message } }),
});
void EngineErrors;
