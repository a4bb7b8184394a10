// GIS ES (ecert.gov.ru), the Treasury's electronic-certificate system, as a merchant and the Treasury
// use it (seed 000 §3.4). In reality a web UI behind the Treasury's security subsystem; here an HTTP
// API (paths, field names and error bodies are MODELED). Linked to LK FES only through events.
import { EngineErrors, type PoligonError } from '../../src/engine/errors.js';
import { defineSimulator } from '../../src/engine/simulator.js';
import { describeGisDemo, gisDemoCredentials, seedGisDemo } from './demo.js';
import { publishes, subscriptions } from '../events.js';
import { GisErrors } from './errors.js';
import { onCashRegisterRegistered, onProductionTestPassed } from './events.js';
import { mapOperations } from './map.js';
import { merchantOperations } from './merchants.js';
import { parseGisOptions } from './options.js';
import { pointOperations } from './points.js';
import { createGisState, type GisState } from './state.js';
import { treasuryOperations } from './treasury.js';
import { gisStateProblems } from './invariants.js';
import { gisView } from './view.js';

/** The engine's validation hint names the array most formats call `errors`; this body calls it `problems`. */
const VALIDATION_HINT = 'See `problems` for the JSON pointer, what was expected and what was received.';

/** `{ error: { code, message, hint?, problems?, missing? } }` — `missing` lists every failed precondition. */
function renderGisError(e: PoligonError) {
  const missing = e.details.missing as unknown[] | undefined;
  const hint = e.code === EngineErrors.VALIDATION.code ? VALIDATION_HINT : e.hint;
  return {
    status: e.status,
    body: {
      error: {
        code: e.code,
        message: e.message,
        ...(hint !== undefined && { hint }),
        ...(e.problems.length > 0 && { problems: e.problems }),
        ...(missing !== undefined && { missing }),
      },
    },
  };
}

export const gisSimulator = defineSimulator<GisState>({
  name: 'gis',
  title: 'ГИС ЭС — кабинет участника и действия Казначейства (GIS ES)',
  description:
    'The Treasury\'s electronic-certificate system as a merchant uses it: merchants, contacts, programs, points, goods lists, '
    + 'to activation, activation from a date, disabling, hiding; and the Treasury\'s decisions (applications, blocking). '
    + 'State machines of seed 000 §3.4. The real system is a web UI: this API is MODELED.',
  protocolVersion: 'modeled-1',
  schemas: ['gis/common', 'gis/error'],
  createState: createGisState,
  operations: [...merchantOperations, ...pointOperations, ...treasuryOperations, ...mapOperations],
  errors: [GisErrors],
  renderError: renderGisError,
  checkOptions: (options) => { parseGisOptions(options); },
  events: subscriptions<GisState>({ 'fes.cashRegister.registered': onCashRegisterRegistered, 'fes.cashRegister.productionTestPassed': onProductionTestPassed }),
  publishes: publishes('gis.point.toActivation', 'gis.merchant.updated', 'gis.point.updated', 'gis.point.activated', 'gis.point.disabled', 'gis.merchant.blocked'),
  seedDemo: seedGisDemo,
  describeDemo: describeGisDemo,
  demoCredentials: gisDemoCredentials,
  restore: (data) => {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected an object');
    const missing = Object.keys(createGisState()).filter((k) => !(k in data));
    if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
    const state = data as GisState; // the engine hands restore a private copy
    // points of a snapshot made before the production test was heard of have no record of it
    for (const point of Object.values(state.points ?? {})) point.testedCashRegisterIds ??= [];
    return state;
  },
  stateSchema: 'gis/state',
  stateProblems: gisStateProblems,
  view: gisView,
});
