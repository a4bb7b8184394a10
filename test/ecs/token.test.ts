// The authorization server: /connect/token, discovery, JWKS (Appendix 2 «Авторизация», OAuth 2.0).
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { DEMO } from '../../simulators/ecs/demo.js';
import { ecsPath, ecsState, tokenRequest } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ validateResponses: true }); });
afterAll(() => sb.stop());

const { type1 } = DEMO.organizations;
const good = { client_id: type1.clientId, client_secret: type1.clientSecret, grant_type: 'client_credentials', scope: 'ECS.WebAPI OrganizationAPI' };

describe('ECS-01: /connect/token issues Bearer tokens', () => {
  it('ECS-01: answers the regulation\'s own token request, byte for byte, with an RS256 JWT valid for 3600 s', async () => {
    // Appendix 2 example (the PDF breaks the line after "grant_type="; the request itself has no space)
    const body = 'client_id=111&client_secret=aaaabbbbbcccccc&grant_type=client_credentials&scope=ECS.WebAPI+OrganizationAPI';
    const r = await inProcess(sb).post(ecsPath('tok1', '/connect/token')).set('Content-Type', 'application/x-www-form-urlencoded').send(body).expect(200);
    expect(r.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'ECS.WebAPI OrganizationAPI' });
    expect(r.headers['cache-control']).toBe('no-store');
    const header = decodeProtectedHeader(r.body.access_token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(header.kid).toBeTruthy();
    // the example token of the regulation starts with the same header fields
    expect(r.body.access_token.startsWith('eyJhbGciOiJSUzI1NiIsImtpZCI6')).toBe(true);
  });

  it('ECS-01: the token verifies against the JWKS that the discovery document points to', async () => {
    const disco = await inProcess(sb).get(ecsPath('tok1', '/.well-known/openid-configuration')).expect(200);
    expect(disco.body.token_endpoint).toBe(`${sb.url}/ns/tok1/ecs/connect/token`);
    expect(disco.body.grant_types_supported).toEqual(['client_credentials']);
    expect(disco.body.scopes_supported).toEqual(['ECS.WebAPI', 'OrganizationAPI']);
    const jwksPath = new URL(disco.body.jwks_uri).pathname;
    expect(jwksPath).toBe('/ns/tok1/ecs/.well-known/openid-configuration/jwks');
    const keys = await inProcess(sb).get(jwksPath).expect(200);
    const token = (await tokenRequest(sb, 'tok1', good).expect(200)).body.access_token as string;
    const { payload } = await jwtVerify(token, createLocalJWKSet(keys.body), { issuer: disco.body.issuer });
    expect(payload).toMatchObject({ client_id: '111', scope: ['ECS.WebAPI', 'OrganizationAPI'], ecs_org: 1 });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('ECS-01: issues ECS.WebAPI alone (Appendix 9) and accepts client_secret_basic', async () => {
    const r = await tokenRequest(sb, 'tok1', { ...good, scope: 'ECS.WebAPI' }).expect(200);
    expect(r.body.scope).toBe('ECS.WebAPI');
    const basic = await inProcess(sb).post(ecsPath('tok1', '/connect/token'))
      .auth(type1.clientId, type1.clientSecret).type('form').send({ grant_type: 'client_credentials', scope: 'ECS.WebAPI OrganizationAPI' }).expect(200);
    expect(basic.body.token_type).toBe('Bearer');
    const broken = await inProcess(sb).post(ecsPath('tok1', '/connect/token'))
      .set('Authorization', `Basic ${Buffer.from('111:%E0%A4%A').toString('base64')}`).type('form').send({ grant_type: 'client_credentials', scope: 'ECS.WebAPI' }).expect(401);
    expect(broken.body.error).toBe('invalid_client');
  });

  it('ECS-01: the lifetime runs on the namespace\'s virtual clock', async () => {
    await sb.admin.forNamespace('tok2').advanceClock('10d');
    const token = (await tokenRequest(sb, 'tok2', good).expect(200)).body.access_token as string;
    const { payload } = await jwtVerify(token, createLocalJWKSet((await inProcess(sb).get(ecsPath('tok2', '/.well-known/openid-configuration/jwks'))).body), {
      currentDate: new Date(Date.now() + 10 * 86_400_000),
    });
    expect(payload.iat! * 1000).toBeGreaterThan(Date.now() + 9 * 86_400_000);
  });
});

describe('ECS-02: OAuth errors at /connect/token', () => {
  const cases: Array<[string, Record<string, string>, number, string, RegExp]> = [
    ['unknown client', { ...good, client_id: 'nobody' }, 401, 'invalid_client', /unknown client_id or wrong client_secret/],
    ['wrong secret', { ...good, client_secret: 'wrong-secret-123' }, 401, 'invalid_client', /wrong client_secret/],
    ['no client_id', { client_secret: 'x', grant_type: 'client_credentials', scope: 'ECS.WebAPI' }, 401, 'invalid_client', /client_id is required/],
    ['no client_secret', { client_id: '111', grant_type: 'client_credentials', scope: 'ECS.WebAPI' }, 401, 'invalid_client', /client_secret is required/],
    ['wrong grant type', { ...good, grant_type: 'password' }, 400, 'unsupported_grant_type', /"password" is not supported/],
    ['the example\'s line break kept', { ...good, grant_type: ' client_credentials' }, 400, 'unsupported_grant_type', /white space around it/],
    ['no grant type', { ...good, grant_type: '' }, 400, 'unsupported_grant_type', /grant_type is required/],
    ['no scope', { client_id: '111', client_secret: type1.clientSecret, grant_type: 'client_credentials' }, 400, 'invalid_request', /scope is required/],
    ['unknown scope', { ...good, scope: 'ECS.WebAPI openid' }, 400, 'invalid_scope', /unknown scope openid/],
    ['wrong case scope', { ...good, scope: 'ecs.webapi' }, 400, 'invalid_scope', /case-sensitive/],
    ['scope without ECS.WebAPI', { ...good, scope: 'OrganizationAPI' }, 400, 'invalid_scope', /ECS\.WebAPI must always be requested/],
  ];
  for (const [name, form, status, error, description] of cases) {
    it(`ECS-02: ${name} → ${status} ${error}`, async () => {
      const r = await tokenRequest(sb, 'tok3', form).expect(status);
      expect(r.body.error).toBe(error);
      expect(r.body.error_description).toMatch(description);
      expect(Object.keys(r.body).sort()).toEqual(['error', 'error_description']);
    });
  }

  it('ECS-02: invalid_client carries WWW-Authenticate; an excluded organization gets no token', async () => {
    const r = await tokenRequest(sb, 'tok4', { ...good, client_secret: 'nope-nope-nope' }).expect(401);
    expect(r.headers['www-authenticate']).toMatch(/^Basic/);
    await inProcess(sb).patch(ecsPath('tok4', '/control/v1/organizations/1')).send({ status: 'excluded' }).expect(200);
    const excluded = await tokenRequest(sb, 'tok4', good).expect(401);
    expect(excluded.body.error_description).toMatch(/excluded/);
  });

  it('ECS-02: a JSON body, a wrong content type, an empty body and a huge body get invalid_request, never a 500', async () => {
    const json = await inProcess(sb).post(ecsPath('tok5', '/connect/token')).send(good).expect(400);
    expect(json.body).toMatchObject({ error: 'invalid_request' });
    expect(json.body.error_description).toMatch(/application\/x-www-form-urlencoded/);
    const text = await inProcess(sb).post(ecsPath('tok5', '/connect/token')).set('Content-Type', 'text/plain').send('client_id=111').expect(400);
    expect(text.body.error).toBe('invalid_request');
    const empty = await inProcess(sb).post(ecsPath('tok5', '/connect/token')).expect(400);
    expect(empty.body.error).toBe('invalid_request');
    const huge = await inProcess(sb).post(ecsPath('tok5', '/connect/token')).type('form').send({ ...good, pad: 'x'.repeat(300_000) });
    expect(huge.status).toBeLessThan(500);
    expect(huge.body.error).toBe('invalid_request');
  });

  it('ECS-02: refusals change nothing and secrets never reach the journal', async () => {
    const before = await ecsState(sb, 'tok6');
    await tokenRequest(sb, 'tok6', { ...good, client_secret: 'a-wrong-secret-value' }).expect(401);
    await tokenRequest(sb, 'tok6', good).expect(200);
    expect(await ecsState(sb, 'tok6')).toEqual(before);
    const { entries } = await sb.admin.forNamespace('tok6').journal({ operation: 'ecs.token' });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(type1.clientSecret);
    expect(text).not.toContain('a-wrong-secret-value');
    expect(text).not.toMatch(/eyJhbGciOiJSUzI1NiIsImtpZCI6[A-Za-z0-9_-]{20}/);
    expect((entries[0]!.requestBody as Record<string, string>).client_secret).toMatch(/^\*\*\*\*/);
    expect((entries[1]!.responseBody as Record<string, string>).access_token).toMatch(/^\*\*\*\*/);
  });
});
