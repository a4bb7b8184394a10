// What the load generator sends to each server under test. Every Poligon target runs in its own
// namespace (X-Poligon-Namespace header, same paths as the default namespace), so each measured
// point starts from a fresh demo world: no replay memory, reservation or journal carried over.
import type { AutocannonRequest } from 'autocannon';
import { DEMO as ECS_DEMO } from '../../simulators/ecs/demo.js';
import { ecsSimulator } from '../../simulators/ecs/index.js';
import { BASELINE_BODY, BASELINE_PATH } from './baseline.js';
import { BENCH_CARD_PAN, demoCashRegisterSigner, fesHasOperation, FES_ECHO_BODY, FES_ECHO_PATH, FES_PREAUTH_PATH, preAuthBasket, setUpBenchCard } from './fes.js';
import { httpRequest } from './http.js';

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

const ecsHasOperation = (id: string): boolean => ecsSimulator.operations.some((o) => o.id === id);

const ECS_ORGANIZATION = ECS_DEMO.organizations.type1;
const ECS_TOKEN_FORM = new URLSearchParams({
  client_id: ECS_ORGANIZATION.clientId,
  client_secret: ECS_ORGANIZATION.clientSecret,
  grant_type: 'client_credentials',
  scope: 'ECS.WebAPI OrganizationAPI',
}).toString();

/** A token of the demo organization of connection type 1, valid in `namespace` only. */
async function ecsToken(baseUrl: string, namespace: string): Promise<string> {
  const answer = await httpRequest(`${baseUrl}/ecs/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-poligon-namespace': namespace },
    body: ECS_TOKEN_FORM,
  });
  if (answer.status !== 200) throw new Error(`ECS token request answered ${answer.status}: ${answer.body}`);
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
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
  {
    name: 'fes-preauth',
    title: 'FES Pre-Auth, 5 items (MAC + schema)',
    server: 'poligon',
    missing: () => (fesHasOperation('preAuthPurchase') ? undefined : 'the FES simulator has no preAuthPurchase operation yet'),
    requests: async (baseUrl, namespace) => {
      await setUpBenchCard(baseUrl, namespace);
      return [fesSigned('POST', FES_PREAUTH_PATH, JSON.stringify(preAuthBasket(BENCH_CARD_PAN)), namespace)];
    },
  },
  {
    name: 'ecs-token',
    title: 'ECS token issue (RS256 JWT)',
    server: 'poligon',
    missing: () => (ecsHasOperation('token') ? undefined : 'the ECS simulator has no token operation yet'),
    requests: async (_baseUrl, namespace) => [{
      method: 'POST',
      path: '/ecs/connect/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-poligon-namespace': namespace },
      body: ECS_TOKEN_FORM,
    }],
  },
  {
    name: 'ecs-check',
    title: 'ECS CheckClientBenefits (JWT verify)',
    server: 'poligon',
    missing: () => (ecsHasOperation('CheckClientBenefits') ? undefined : 'the ECS simulator has no CheckClientBenefits operation yet'),
    requests: async (baseUrl, namespace) => [{
      method: 'POST',
      path: '/ecs/api/CheckClientBenefits',
      headers: { ...JSON_HEADERS, 'x-poligon-namespace': namespace, authorization: `Bearer ${await ecsToken(baseUrl, namespace)}` },
      body: JSON.stringify({ serviceId: ECS_ORGANIZATION.services[0], organizationTerminalId: ECS_ORGANIZATION.terminals[0], clientCode: ECS_DEMO.holders.found.clientCode }),
    }],
  },
];

export const BASELINES = ['node-http', 'express'] as const;
