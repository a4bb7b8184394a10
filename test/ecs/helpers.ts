// Shared steps of the ECS tests: a token for a demo organization, a method call, the ECS state.
import { inProcess } from '../support/in-process.js';
import { expect } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { DEMO } from '../../simulators/ecs/demo.js';

export const APPENDIX2_SCOPE = 'ECS.WebAPI OrganizationAPI';
export type DemoOrg = keyof typeof DEMO.organizations;

export const ecsPath = (ns: string, path: string) => `/ns/${ns}/ecs${path}`;

export function tokenRequest(sb: Sandbox, ns: string, form: Record<string, string>) {
  return inProcess(sb).post(ecsPath(ns, '/connect/token')).type('form').send(form);
}

export async function tokenFor(sb: Sandbox, ns: string, org: DemoOrg = 'type1', scope = APPENDIX2_SCOPE): Promise<string> {
  const { clientId, clientSecret } = DEMO.organizations[org];
  const r = await tokenRequest(sb, ns, { client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials', scope });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.access_token as string;
}

export function callMethod(sb: Sandbox, ns: string, method: string, token: string | undefined, body: unknown) {
  const req = inProcess(sb).post(ecsPath(ns, `/api/${method}`));
  if (token) req.set('Authorization', `Bearer ${token}`);
  return typeof body === 'string' ? req.set('Content-Type', 'application/json').send(body) : req.send(body as object);
}

export async function ecsState(sb: Sandbox, ns: string): Promise<unknown> {
  return (await sb.admin.forNamespace(ns).snapshot()).simulators.ecs;
}

/** Opens a transaction for the demo holder AAABBBCCC at the type 1 organization (service 1, terminal 2). */
export async function openTransaction(sb: Sandbox, ns: string, token: string) {
  const r = await callMethod(sb, ns, 'CheckClientBenefits', token, { serviceId: 1, organizationTerminalId: 2, clientCode: 'AAABBBCCC' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { transactionId: number; clientId: number; benefits: Array<{ benefitCategory: { id: number; name: string } }> };
}
