// What a restored GIS ES state must hold beyond its schema (schemas/gis/state.json): every point and
// application names a merchant the state holds, and a program's application exists. Checked before a
// snapshot or a state file replaces a namespace's state.
import type { Problem } from '../../src/engine/errors.js';
import { pointerOf } from '../../src/engine/json.js';
import type { GisState } from './state.js';

export function gisStateProblems(state: GisState): Problem[] {
  const problems: Problem[] = [];
  const missing = (path: Array<string | number>, what: string, id: string) =>
    problems.push({ pointer: pointerOf(path), in: 'body', message: `names ${what} "${id}", which the state does not hold`, received: id });
  for (const [id, point] of Object.entries(state.points)) {
    if (!Object.hasOwn(state.merchants, point.merchantId)) missing(['points', id, 'merchantId'], 'merchant', point.merchantId);
  }
  for (const [id, application] of Object.entries(state.applications)) {
    if (!Object.hasOwn(state.merchants, application.merchantId)) missing(['applications', id, 'merchantId'], 'merchant', application.merchantId);
  }
  for (const [id, merchant] of Object.entries(state.merchants)) {
    for (const [code, link] of Object.entries(merchant.programs)) {
      if (link.applicationId !== undefined && !Object.hasOwn(state.applications, link.applicationId)) missing(['merchants', id, 'programs', code, 'applicationId'], 'application', link.applicationId);
    }
  }
  return problems;
}
