// The authorization server side: POST /connect/token (client_credentials), the OpenID Connect discovery
// document and the JWKS, at IdentityServer's paths; and the Bearer authenticator of the API methods.
import type { Call, Operation, Reply } from '../../src/engine/simulator.js';
import { EcsErrors } from './errors.js';
import type { EcsState, Organization } from './model.js';
import { ipAllowed } from './network.js';
import { assertAvailable } from './service-level.js';
import {
  SCOPE_ORGANIZATION_API, SCOPE_WEB_API, SUPPORTED_SCOPES, TOKEN_LIFETIME_SECONDS,
  issueAccessToken, jwks, verifyAccessToken,
} from './tokens.js';

type BaseCall = Omit<Call<EcsState>, 'auth'>;

/** What the Bearer authenticator hands to the methods. */
export interface EcsAuth {
  organization: Organization;
  scopes: string[];
}

/** The service's own base URL as the client reached it (namespace prefix included). */
function issuerOf(call: BaseCall): string {
  const forwardedProto = call.headers['x-forwarded-proto'];
  const proto = typeof forwardedProto === 'string' && forwardedProto ? forwardedProto.split(',')[0]!.trim() : 'http';
  const host = call.headers.host ?? 'localhost';
  const ns = call.ctx.namespace === 'default' ? '' : `/ns/${call.ctx.namespace}`;
  return `${proto}://${host}${ns}/ecs`;
}

/** client_secret_post, or client_secret_basic (RFC 6749 §2.3.1). */
function clientCredentials(call: BaseCall, form: Record<string, string>): { clientId?: string; clientSecret?: string } {
  const header = call.headers.authorization;
  const basic = typeof header === 'string' ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw EcsErrors.OAUTH_INVALID_CLIENT({ reason: 'the Basic Authorization header must carry client_id:client_secret' });
    try {
      return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
    } catch {
      throw EcsErrors.OAUTH_INVALID_CLIENT({ reason: 'the Basic Authorization header is not URL-encoded client_id:client_secret' });
    }
  }
  return { clientId: form.client_id, clientSecret: form.client_secret };
}

function token(call: Call<EcsState>): Promise<Reply> {
  const form = (call.body ?? {}) as Record<string, string>;
  assertAvailable(call.state, call.ctx.clock.now());
  const { clientId, clientSecret } = clientCredentials(call, form);
  if (!clientId) throw EcsErrors.OAUTH_INVALID_CLIENT({ reason: 'client_id is required' });
  if (!clientSecret) throw EcsErrors.OAUTH_INVALID_CLIENT({ reason: 'client_secret is required' });
  const organization = Object.values(call.state.organizations).find((o) => o.clientId === clientId);
  if (!organization || organization.clientSecret !== clientSecret) {
    throw EcsErrors.OAUTH_INVALID_CLIENT({ reason: 'unknown client_id or wrong client_secret' });
  }
  if (organization.status !== 'active') {
    throw EcsErrors.OAUTH_INVALID_CLIENT({ reason: `client ${clientId} is excluded from the ECS participants` });
  }
  if (!ipAllowed(call.ip, organization.allowedIps)) throw EcsErrors.OAUTH_ACCESS_DENIED({ ip: call.ip, clientId });
  if (form.grant_type === undefined || form.grant_type === '') {
    throw EcsErrors.OAUTH_UNSUPPORTED_GRANT_TYPE({ reason: 'grant_type is required: send grant_type=client_credentials' });
  }
  if (form.grant_type.trim() === 'client_credentials' && form.grant_type !== 'client_credentials') {
    throw EcsErrors.OAUTH_UNSUPPORTED_GRANT_TYPE({ reason: `grant_type ${JSON.stringify(form.grant_type)} has white space around it (the regulation's example breaks the line after "grant_type="); send grant_type=client_credentials` });
  }
  if (form.grant_type !== 'client_credentials') {
    throw EcsErrors.OAUTH_UNSUPPORTED_GRANT_TYPE({ reason: `grant_type ${JSON.stringify(form.grant_type)} is not supported: send grant_type=client_credentials` });
  }
  if (form.scope === undefined || form.scope.trim() === '') {
    throw EcsErrors.OAUTH_INVALID_REQUEST({ reason: `scope is required: send scope=${SCOPE_WEB_API}+${SCOPE_ORGANIZATION_API} (Appendix 2) or scope=${SCOPE_WEB_API} (Appendix 9)` });
  }
  const scopes = [...new Set(form.scope.split(/\s+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !SUPPORTED_SCOPES.includes(s));
  if (unknown.length) {
    throw EcsErrors.OAUTH_INVALID_SCOPE({ reason: `unknown scope ${unknown.join(', ')}; supported: ${SUPPORTED_SCOPES.join(', ')} (names are case-sensitive)` });
  }
  if (!scopes.includes(SCOPE_WEB_API)) {
    throw EcsErrors.OAUTH_INVALID_SCOPE({ reason: `scope ${SCOPE_WEB_API} must always be requested (Appendices 2 and 9)` });
  }
  return issueAccessToken(call.ctx, issuerOf(call), { client_id: clientId, scope: scopes, ecs_org: organization.id, poligon_ns: call.ctx.namespace })
    .then((accessToken) => ({
      headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
      body: { access_token: accessToken, expires_in: TOKEN_LIFETIME_SECONDS, token_type: 'Bearer', scope: scopes.join(' ') },
    }));
}

/** A Bearer authenticator requiring the given scopes. */
export function bearer(requiredScopes: string[], method: string) {
  return async (call: BaseCall): Promise<EcsAuth> => {
    assertAvailable(call.state, call.ctx.clock.now());
    const header = call.headers.authorization;
    if (!header) throw EcsErrors.UNAUTHORIZED({ reason: 'no Authorization header; send Authorization: Bearer <access_token>' });
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw EcsErrors.UNAUTHORIZED({ reason: 'the Authorization header must be "Bearer <access_token>"' });
    const claims = await verifyAccessToken(call.ctx, match[1]!);
    const organization = call.state.organizations[claims.ecs_org];
    if (!organization || organization.status !== 'active') {
      throw EcsErrors.PARTICIPANT_UNKNOWN({ reason: `organization ${claims.ecs_org} (client ${claims.client_id}) is not an ECS participant any more` });
    }
    if (!ipAllowed(call.ip, organization.allowedIps)) throw EcsErrors.IP_NOT_ALLOWED({ ip: call.ip, organizationId: organization.id });
    const missing = requiredScopes.filter((s) => !claims.scope.includes(s));
    if (missing.length) throw EcsErrors.INSUFFICIENT_SCOPE({ scope: missing.join(' '), method });
    return { organization, scopes: claims.scope };
  };
}

export const oauthOperations: Array<Operation<EcsState>> = [
  {
    id: 'token',
    method: 'post',
    path: '/connect/token',
    tag: 'Authorization',
    summary: 'Get an access token (client_credentials)',
    description: 'Appendix 2 «Авторизация». Form fields client_id, client_secret, grant_type=client_credentials, scope (space-separated: ECS.WebAPI OrganizationAPI, or ECS.WebAPI for Appendix 9). Client credentials may also come as HTTP Basic. Errors follow OAuth 2.0: invalid_client (401), unsupported_grant_type, invalid_scope, invalid_request (400), access_denied (403, address not in the list).',
    request: { body: 'ecs/token.request', contentType: 'application/x-www-form-urlencoded' },
    responses: {
      200: { description: 'The token', schema: 'ecs/token.response' },
      400: { description: 'invalid_request, unsupported_grant_type or invalid_scope', schema: 'ecs/oauth-error' },
      401: { description: 'invalid_client', schema: 'ecs/oauth-error' },
      403: { description: 'access_denied: the address is not in the organization\'s list', schema: 'ecs/oauth-error' },
    },
    handle: token,
  },
  {
    id: 'discovery',
    method: 'get',
    path: '/.well-known/openid-configuration',
    tag: 'Authorization',
    summary: 'OpenID Connect discovery document',
    responses: { 200: { description: 'Discovery document', schema: 'ecs/discovery.response' } },
    handle: (call) => {
      const issuer = issuerOf(call);
      return {
        body: {
          issuer,
          jwks_uri: `${issuer}/.well-known/openid-configuration/jwks`,
          token_endpoint: `${issuer}/connect/token`,
          scopes_supported: SUPPORTED_SCOPES,
          claims_supported: ['client_id', 'scope', 'ecs_org'],
          grant_types_supported: ['client_credentials'],
          response_types_supported: ['token'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        },
      };
    },
  },
  {
    id: 'jwks',
    method: 'get',
    path: '/.well-known/openid-configuration/jwks',
    tag: 'Authorization',
    summary: 'The public key that signs the access tokens (JWKS)',
    responses: { 200: { description: 'JSON Web Key Set', schema: 'ecs/jwks.response' } },
    handle: async () => ({ body: await jwks() }),
  },
];
