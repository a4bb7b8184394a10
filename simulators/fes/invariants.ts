// What a restored FES state must hold beyond its schema (schemas/fes/state.json): every reference
// resolves and no certificate has more units out than it holds. Checked before a snapshot or a state
// file replaces a namespace's state; each broken one is a problem with its pointer into the state.
import type { Problem } from '../../src/engine/errors.js';
import { pointerOf } from '../../src/engine/json.js';
import type { FesState } from './state.js';

export function fesStateProblems(state: FesState): Problem[] {
  const problems: Problem[] = [];
  const missing = (path: Array<string | number>, what: string, id: string) =>
    problems.push({ pointer: pointerOf(path), in: 'body', message: `names ${what} "${id}", which the state does not hold`, received: id });
  const has = (records: Record<string, unknown>, id: string) => Object.hasOwn(records, id);

  for (const id in state.points) {
    const point = state.points[id]!;
    if (!has(state.merchants, point.merchantId)) missing(['points', id, 'merchantId'], 'merchant', point.merchantId);
    point.cashRegisterIds.forEach((crId, i) => { if (!has(state.cashRegisters, crId)) missing(['points', id, 'cashRegisterIds', i], 'касса', crId); });
  }
  for (const id in state.cashRegisters) {
    const cr = state.cashRegisters[id]!;
    if (!has(state.merchants, cr.merchantId)) missing(['cashRegisters', id, 'merchantId'], 'merchant', cr.merchantId);
    if (!has(state.points, cr.pointId)) missing(['cashRegisters', id, 'pointId'], 'point', cr.pointId);
  }
  for (const hash in state.cards) {
    const card = state.cards[hash]!;
    card.certificateIds.forEach((certId, i) => { if (!has(state.certificates, certId)) missing(['cards', hash, 'certificateIds', i], 'certificate', certId); });
  }
  for (const id in state.certificates) {
    const cert = state.certificates[id]!;
    if (!has(state.cards, cert.panHash)) missing(['certificates', id, 'panHash'], 'card', cert.panHash);
    if (cert.used + cert.reserved > cert.quantity) {
      problems.push({
        pointer: pointerOf(['certificates', id]), in: 'body', message: `has ${cert.used} units used and ${cert.reserved} reserved, more than its ${cert.quantity}`,
        expected: 'used + reserved ≤ quantity', received: { quantity: cert.quantity, used: cert.used, reserved: cert.reserved },
      });
    }
  }
  for (const id in state.purchaseBaskets) {
    const basket = state.purchaseBaskets[id]!;
    if (!has(state.cashRegisters, basket.cashRegisterId)) missing(['purchaseBaskets', id, 'cashRegisterId'], 'касса', basket.cashRegisterId);
    basket.items.forEach((item, i) => item.certificates.forEach((c, j) => {
      if (!has(state.certificates, c.certificateId)) missing(['purchaseBaskets', id, 'items', i, 'certificates', j, 'certificateId'], 'certificate', c.certificateId);
    }));
  }
  for (const id in state.returnBaskets) {
    const basket = state.returnBaskets[id]!;
    if (!has(state.purchaseBaskets, basket.purchaseBasketId)) missing(['returnBaskets', id, 'purchaseBasketId'], 'purchase basket', basket.purchaseBasketId);
  }
  for (const key in state.apiKeyOwners) {
    const merchantId = state.apiKeyOwners[key]!;
    if (!has(state.merchants, merchantId)) problems.push({ pointer: pointerOf(['apiKeyOwners']), in: 'body', message: `an API KEY names merchant "${merchantId}", which the state does not hold`, received: `${key.slice(0, 4)}…` });
  }
  return problems;
}
