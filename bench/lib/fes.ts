// Signed FES requests as the demo касса sends them, with the FES simulator's own client signer.
import { fesSimulator } from '../../simulators/fes/index.js';
import { DEMO, signFesRequest } from '../../simulators/fes/protocol.js';
import type { ClientSigner } from '../../src/engine/simulator.js';

export const FES_ECHO_PATH = '/api/v1/echo';
export const FES_ECHO_BODY = '{}';

const DEMO_CASH_REGISTER = { apiKey: DEMO.apiKey, macKey: DEMO.macKey, cashRegisterId: DEMO.cashRegisterId };

export const fesHasOperation = (id: string): boolean => fesSimulator.operations.some((o) => o.id === id);

/**
 * Returns a signer of the demo касса whose timestamps strictly increase (1 ms apart at least): the
 * replay window accepts each MAC once, so two requests with the same body must not share a
 * timestamp. Under load this runs ahead of the real clock by at most (requests − elapsed ms), a few
 * seconds per measured point, well inside the ±5 minute window.
 */
export function demoCashRegisterSigner(): (method: string, path: string, body: string) => Record<string, string> {
  const sign: ClientSigner = fesSimulator.clientAuth?.['fes-mac'] ?? signFesRequest;
  let last = 0;
  return (method, path, body) => {
    last = Math.max(Date.now(), last + 1);
    return sign({ method, path, body, params: DEMO_CASH_REGISTER, now: last });
  };
}
