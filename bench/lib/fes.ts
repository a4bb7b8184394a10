// Signed FES requests as the demo касса sends them, with the FES simulator's own client signer.
import { createHash, randomUUID } from 'node:crypto';
import { fesSimulator } from '../../simulators/fes/index.js';
import { DEMO } from '../../simulators/fes/protocol.js';
import { fullTru } from '../../src/data/tru.js';
import type { ClientSigner } from '../../src/engine/simulator.js';
import { httpRequest } from './http.js';

export const FES_ECHO_PATH = '/api/v1/echo';
/** The public record's echo: a UUID request id (a repeated body is answered as a safe retry). */
export const FES_ECHO_BODY = '{"requestId":"5f0c7d1e-9a2b-4c3d-8e4f-1a2b3c4d5e6f"}';
export const FES_PREAUTH_PATH = '/api/v1/preauth/purchase';

/** A Mir card (valid Luhn) of the benchmark's own, outside the demo and magic cards. */
export const BENCH_CARD_PAN = '2200770000000002';
/** One TRU kind per basket item, each covered by its own certificate on the bench card. */
const BENCH_TRU_KINDS = ['300126010.000000001', '300127020.000000002', '300128030.000000003', '300129040.000000004', '300130050.000000005'];
/** The schema's largest certificate quantity: a measured point reserves far fewer units. */
const BENCH_CERTIFICATE_QUANTITY = 1_000_000;

/**
 * Every Pre-Auth reserves certificate units until the basket is paid or expires, so the demo cards
 * would be exhausted within a few requests and the rest would measure the refusal. The bench card
 * gets, in the measured namespace, one certificate per item kind with the largest quantity allowed.
 */
export async function setUpBenchCard(baseUrl: string, namespace: string): Promise<void> {
  for (const kind of BENCH_TRU_KINDS) {
    const answer = await httpRequest(`${baseUrl}/fes/control/v1/certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-poligon-namespace': namespace },
      body: JSON.stringify({ pan: BENCH_CARD_PAN, truKinds: [kind], quantity: BENCH_CERTIFICATE_QUANTITY, maxUnitPrice: 500_000 }),
    });
    if (answer.status !== 201) throw new Error(`issuing a bench certificate answered ${answer.status}: ${answer.body}`);
  }
}

/**
 * A 5-item basket, every item covered by a certificate of the bench card, in the public record's
 * shape. Its request id is fresh per call: a body sent again unchanged is a safe retry, answered from
 * what was kept, not a new Pre-Auth.
 */
export function preAuthBasket(pan: string) {
  return {
    requestId: randomUUID(),
    panHash: createHash('sha256').update(pan).digest('hex'),
    items: BENCH_TRU_KINDS.map((kind, i) => ({
      articleNumber: i + 1,
      truCode: fullTru(kind),
      articleCode: `BENCH-${i + 1}`,
      count: 1,
      price: 150_000 + i * 10_000,
    })),
  };
}

const DEMO_CASH_REGISTER = { apiKey: DEMO.apiKey, macKey: DEMO.macKey, cashRegisterId: DEMO.cashRegisterId };

export const fesHasOperation = (id: string): boolean => fesSimulator.operations.some((o) => o.id === id);

/**
 * Returns a signer of the demo касса whose timestamps strictly increase (1 ms apart at least): the
 * replay window accepts each MAC once, so two requests with the same body must not share a
 * timestamp. Under load this runs ahead of the real clock by at most (requests − elapsed ms), a few
 * seconds per measured point, well inside the ±5 minute window.
 */
export function demoCashRegisterSigner(): (method: string, path: string, body: string) => Record<string, string> {
  const sign: ClientSigner = fesSimulator.clientAuth!['fes-mac']!;
  let last = 0;
  return (method, path, body) => {
    last = Math.max(Date.now(), last + 1);
    return sign({ method, path, body, params: DEMO_CASH_REGISTER, now: last });
  };
}
