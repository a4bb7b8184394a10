// Access tokens as IdentityServer issues them: RS256 JWTs (typ at+jwt, kid = the key's JWK
// thumbprint) signed by one RSA key pair per sandbox process (generated once, on first use), published
// at the JWKS endpoint. Lifetimes run on the namespace's virtual clock, and a token only works in the
// namespace that issued it. jose is loaded on first use: a sandbox that never sees an ECS token does
// not pay for importing it at start-up.
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import type { SimulatorContext } from '../../src/engine/simulator.js';
import { EcsErrors } from './errors.js';

export const SCOPE_WEB_API = 'ECS.WebAPI';
export const SCOPE_ORGANIZATION_API = 'OrganizationAPI';
export const SUPPORTED_SCOPES = [SCOPE_WEB_API, SCOPE_ORGANIZATION_API];
export const TOKEN_LIFETIME_SECONDS = 3600;

type Jose = typeof import('jose');

let jose: Promise<Jose> | undefined;

function loadJose(): Promise<Jose> {
  jose ??= import('jose');
  return jose;
}

type KeyPair = Awaited<ReturnType<Jose['generateKeyPair']>>;

interface SigningKey {
  privateKey: KeyPair['privateKey'];
  publicKey: KeyPair['publicKey'];
  kid: string;
  jwk: JWK;
}

let signingKey: Promise<SigningKey> | undefined;

function key(): Promise<SigningKey> {
  signingKey ??= (async () => {
    const { generateKeyPair, exportJWK, calculateJwkThumbprint } = await loadJose();
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const exported = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(exported);
    return { privateKey, publicKey, kid, jwk: { ...exported, kid, use: 'sig', alg: 'RS256' } };
  })();
  return signingKey;
}

export async function jwks(): Promise<{ keys: JWK[] }> {
  return { keys: [(await key()).jwk] };
}

export interface AccessTokenClaims {
  client_id: string;
  scope: string[];
  /** The organization (acceptant) the token was issued to. */
  ecs_org: number;
  /** The sandbox namespace that issued it. */
  poligon_ns: string;
}

export async function issueAccessToken(ctx: SimulatorContext, issuer: string, claims: AccessTokenClaims): Promise<string> {
  const [{ SignJWT }, { privateKey, kid }] = await Promise.all([loadJose(), key()]);
  const now = Math.floor(ctx.clock.now() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(claims.scope)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(privateKey);
}

type VerifiedClaims = AccessTokenClaims & { exp: number; nbf: number };

// A token's signature is checked once; its lifetime on every use (the virtual clock moves). Bounded,
// and emptied when full: a miss only costs one more RSA verification.
const verified = new Map<string, VerifiedClaims>();
const VERIFIED_LIMIT = 10_000;

/**
 * Checks signature, type and lifetime on the namespace's virtual clock. The issuer is not compared:
 * one sandbox is reached under several host names (localhost, a container name); the namespace is.
 */
export async function verifyAccessToken(ctx: SimulatorContext, token: string): Promise<AccessTokenClaims> {
  let claims = verified.get(token);
  if (claims) {
    // the same checks jwtVerify makes (exp and nbf, no tolerance), on the current virtual time
    const now = Math.floor(ctx.clock.now() / 1000);
    if (claims.exp <= now) throw EcsErrors.UNAUTHORIZED({ reason: expiredReason(claims.exp) });
    if (claims.nbf > now) throw EcsErrors.UNAUTHORIZED({ reason: 'the token claim "nbf" is not valid: the token is not valid yet' });
  } else {
    const [{ jwtVerify, errors }, { publicKey }] = await Promise.all([loadJose(), key()]);
    try {
      ({ payload: claims } = await jwtVerify<VerifiedClaims>(token, publicKey, { algorithms: ['RS256'], typ: 'at+jwt', currentDate: ctx.clock.date() }));
    } catch (e) {
      throw EcsErrors.UNAUTHORIZED({ reason: describeJoseError(errors, e) });
    }
    if (verified.size >= VERIFIED_LIMIT) verified.clear();
    verified.set(token, claims);
  }
  if (claims.poligon_ns !== ctx.namespace) {
    throw EcsErrors.UNAUTHORIZED({ reason: `the token was issued in sandbox namespace "${String(claims.poligon_ns)}", not "${ctx.namespace}"` });
  }
  if (typeof claims.ecs_org !== 'number' || !Array.isArray(claims.scope)) {
    throw EcsErrors.UNAUTHORIZED({ reason: 'the token lacks the ecs_org and scope claims of an ECS access token' });
  }
  return claims;
}

function expiredReason(exp: number | undefined): string {
  return `the token expired${exp ? ` at ${new Date(exp * 1000).toISOString()}` : ''} (virtual clock); get a new one at /connect/token`;
}

function describeJoseError(joseErrors: Jose['errors'], e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return expiredReason((e.payload as { exp?: number }).exp);
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify (altered, or issued by another sandbox process)';
  if (e instanceof joseErrors.JWTClaimValidationFailed) return `the token claim "${e.claim}" is not valid: ${e.message}`;
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'the token must be signed with RS256';
  return 'the token is not a JWT issued by this service';
}
