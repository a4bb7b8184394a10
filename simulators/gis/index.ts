// Placeholder until the gis simulator lands: serves no operations yet.
import { EngineErrors } from '../../src/engine/errors.js';
import { defineSimulator } from '../../src/engine/simulator.js';

export const gisSimulator = defineSimulator<Record<string, never>>({
  name: 'gis',
  title: 'gis',
  description: 'gis',
  protocolVersion: '0',
  schemas: [],
  createState: () => ({}),
  operations: [],
  renderError: (e) => ({ status: e.status, body: { code: e.code, message: e.message } }),
});
void EngineErrors;
