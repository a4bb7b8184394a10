// The Authorized Bank's web service of the Yakutia ECS regulation (seed 004): OAuth 2.0 token endpoint
// with OpenID Connect discovery, the methods of Appendices 2 and 9, result codes of Appendix 7, the
// address list of §9.2, and a control API to build the world.
import { EngineErrors, type PoligonError } from '../../src/engine/errors.js';
import { defineSimulator, type Reply } from '../../src/engine/simulator.js';
import { apiOperations } from './api.js';
import { MISSING_COMMA_NOTE } from './contradictions.js';
import { controlOperations } from './control.js';
import { describeEcsDemo, ecsDemoCredentials, seedEcsDemo } from './demo.js';
import { EcsErrors, ecsErrorSpec } from './errors.js';
import { createEcsState, expireOpenTransactions, forgetOldTransactions, parseEcsOptions, restoreEcsState, type EcsState } from './model.js';
import { bearer, oauthOperations } from './oauth.js';
import { serviceLevelOperations } from './service-level.js';
import { SCOPE_ORGANIZATION_API, SCOPE_WEB_API } from './tokens.js';
import { ecsStateProblems } from './invariants.js';
import { ecsView } from './view.js';

/** Engine errors in the ECS body: request problems are 100, unknown paths and methods 104, sandbox failures 500. */
function engineErrorCode(e: PoligonError): number {
  if (e.code === EngineErrors.NOT_FOUND.code || e.code === EngineErrors.METHOD_NOT_ALLOWED.code) return 104;
  if (e.code === EngineErrors.INTERNAL.code || e.code === EngineErrors.FAULT_INJECTED.code) return 500;
  return 100;
}

function detailLines(e: PoligonError, operationId?: string): string[] {
  const lines: string[] = [];
  for (const p of e.problems) {
    const received = p.received === undefined ? '' : `, received ${JSON.stringify(p.received)}`;
    lines.push(`${p.in} ${p.pointer}: ${p.message}${p.expected ? ` (expected ${p.expected}${received})` : ''}`);
  }
  const { errors, reason } = e.details as { errors?: unknown; reason?: unknown };
  if (Array.isArray(errors)) lines.push(...errors.map(String));
  else if (typeof reason === 'string' && reason !== e.message) lines.push(reason);
  if (e.code === EngineErrors.MALFORMED_BODY.code && operationId === 'ConfirmTransaction') lines.push(MISSING_COMMA_NOTE);
  return lines;
}

/** Header values must be ASCII: keep what a WWW-Authenticate parameter can carry. */
const headerText = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, "'");

function renderOAuthError(e: PoligonError, systemCode: string | undefined): Reply & { status: number } {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  let status = e.status;
  let error = systemCode && /^[a-z_]+$/.test(systemCode) ? systemCode : undefined;
  if (!error) {
    if (e.code === EngineErrors.INTERNAL.code) error = 'server_error';
    else if (e.code === EngineErrors.FAULT_INJECTED.code || e.code === EcsErrors.SERVICE_UNAVAILABLE.code) error = 'temporarily_unavailable';
    else { error = 'invalid_request'; status = 400; }
  }
  if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="ECS"';
  const problem = e.problems[0];
  const description = problem ? `${e.message} (${problem.in} ${problem.pointer}: ${problem.message})` : e.message;
  return { status, headers, body: { error, error_description: description } };
}

export const ecsSimulator = defineSimulator<EcsState>({
  name: 'ecs',
  title: 'Веб-сервис ЕСК, Якутия (ECS web service)',
  description: 'The Authorized Bank\'s web service of the Yakutia ECS regulation (seed 004): /connect/token (OAuth 2.0 client_credentials, RS256 JWT), CheckClientBenefits, ConfirmTransaction, GetOrganizationServices (Appendix 2), GetTransactions (Appendix 9), result codes 01–08 (Appendix 7) as errorCode of the error body, address lists (§9.2). The control API builds organizations, holders and services.',
  protocolVersion: '0.1-alpha',
  schemas: [
    'ecs/error', 'ecs/oauth-error', 'ecs/token.request', 'ecs/token.response',
    'ecs/check-client-benefits.request', 'ecs/check-client-benefits.response', 'ecs/confirm-transaction.request',
    'ecs/get-organization-services.request', 'ecs/get-organization-services.response',
    'ecs/get-transactions.request', 'ecs/get-transactions.response',
  ],
  // personal data (§9.4) is masked like the secrets: SNILS, holder codes, card numbers
  secretNames: ['client_secret', 'clientSecret', 'authorization', 'access_token', 'clientSnils', 'snils', 'clientCode', 'cardNumber'],
  checkOptions: (options) => { parseEcsOptions(options); },
  createState: () => createEcsState(),
  restore: restoreEcsState,
  stateSchema: 'ecs/state',
  stateProblems: ecsStateProblems,
  view: ecsView,
  tick: (state, now, ctx) => {
    expireOpenTransactions(state, now);
    forgetOldTransactions(state, now, ctx);
  },
  operations: [...oauthOperations, ...apiOperations, ...controlOperations, ...serviceLevelOperations],
  authenticators: {
    appendix2: bearer([SCOPE_WEB_API, SCOPE_ORGANIZATION_API], 'the Appendix 2 methods'),
    appendix9: bearer([SCOPE_WEB_API], 'GetTransactions'),
  },
  securitySchemes: {
    appendix2: { type: 'oauth2', description: 'Bearer token with scopes ECS.WebAPI and OrganizationAPI', flows: { clientCredentials: { tokenUrl: 'connect/token', scopes: { 'ECS.WebAPI': 'ECS web API', OrganizationAPI: 'Organization API' } } } },
    appendix9: { type: 'oauth2', description: 'Bearer token with scope ECS.WebAPI', flows: { clientCredentials: { tokenUrl: 'connect/token', scopes: { 'ECS.WebAPI': 'ECS web API' } } } },
  },
  seedDemo: (state, ctx, phase) => { if (phase === 1) seedEcsDemo(state, ctx); },
  describeDemo: (state, baseUrl) => describeEcsDemo(state, baseUrl),
  demoCredentials: (state, baseUrl) => ecsDemoCredentials(state, baseUrl),
  errors: [EcsErrors],
  renderError(e, operationId) {
    const spec = ecsErrorSpec(e.code);
    const systemCode = e.systemCode ?? spec?.systemCode;
    if (operationId === 'token') return renderOAuthError(e, systemCode);
    const errors = detailLines(e, operationId);
    // an error injected by code (a fault) carries the catalogue's text, the fault note goes to errors[]
    const message = e.systemCode === undefined && spec ? spec.message.replace(/\{\w+\}/g, '').trim() || e.message : e.message;
    if (message !== e.message) errors.push(e.message);
    const headers: Record<string, string> = {};
    if (e.code === EcsErrors.UNAUTHORIZED.code) {
      headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description="${headerText(String(e.details.reason ?? e.message))}"`;
    } else if (e.code === EcsErrors.INSUFFICIENT_SCOPE.code) {
      headers['WWW-Authenticate'] = `Bearer error="insufficient_scope", scope="${headerText(String(e.details.scope))}"`;
    }
    return {
      status: e.status,
      headers,
      body: {
        message,
        errorCode: systemCode && /^\d+$/.test(systemCode) ? Number(systemCode) : engineErrorCode(e),
        ...(errors.length ? { errors } : {}),
      },
    };
  },
});
