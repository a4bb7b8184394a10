// What the load generator sends to each server under test. Every Poligon target runs in its own
// namespace (X-Poligon-Namespace header, same paths as the default namespace), so each measured
// point starts from a fresh demo world: no replay memory, reservation or journal carried over.
import type { AutocannonRequest } from 'autocannon';
import { demoCashRegisterSigner, fesHasOperation, FES_ECHO_BODY, FES_ECHO_PATH } from './fes.js';
import { BASELINE_BODY, BASELINE_PATH } from './baseline.js';

export type ServerKind = 'bare-http' | 'express' | 'poligon';

export interface Target {
  name: string;
  title: string;
  server: ServerKind;
  /** Why the target cannot run yet (its simulator operation is missing), or undefined. */
  missing(): string | undefined;
  /** The requests one connection cycles through; may call the server first (e.g. for a token). */
  requests(baseUrl: string, namespace: string): Promise<AutocannonRequest[]>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Signs every request anew: the FES replay window accepts each MAC once. */
function fesSigned(method: string, path: string, body: string, namespace: string): AutocannonRequest {
  const sign = demoCashRegisterSigner();
  return {
    method,
    path: `/fes${path}`,
    body,
    setupRequest: (request) => ({ ...request, headers: { ...JSON_HEADERS, 'x-poligon-namespace': namespace, ...sign(method, path, body) } }),
  };
}

export const TARGETS: Target[] = [
  {
    name: 'node-http',
    title: 'baseline: bare node:http',
    server: 'bare-http',
    missing: () => undefined,
    requests: async () => [{ method: 'POST', path: BASELINE_PATH, headers: JSON_HEADERS, body: BASELINE_BODY }],
  },
  {
    name: 'express',
    title: 'baseline: minimal express',
    server: 'express',
    missing: () => undefined,
    requests: async () => [{ method: 'POST', path: BASELINE_PATH, headers: JSON_HEADERS, body: BASELINE_BODY }],
  },
  {
    name: 'fes-echo',
    title: 'FES echo (API KEY + MAC)',
    server: 'poligon',
    missing: () => (fesHasOperation('echo') ? undefined : 'the FES simulator has no echo operation yet'),
    requests: async (_baseUrl, namespace) => [fesSigned('POST', FES_ECHO_PATH, FES_ECHO_BODY, namespace)],
  },
];

export const BASELINES = ['node-http', 'express'] as const;
