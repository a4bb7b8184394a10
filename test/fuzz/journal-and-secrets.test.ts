// Defects 1 and 2 of issue 13: the journal bounded by bytes (and namespaces by number), and secrets
// masked whatever form the body came in. Oracles: the demo secrets as the simulators publish them,
// SHA-256 computed here from the bytes sent, and the limits given to the sandbox.
import { createHash } from 'node:crypto';
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { DEMO as ECS_DEMO } from '../../simulators/ecs/demo.js';
import { DEMO as FES_DEMO } from '../../simulators/fes/protocol.js';

const KiB = 1024;

describe('defect 1: journal memory bounded by bytes, namespaces bounded in number', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ journalMaxBytes: 64 * KiB, journalBodyMaxBytes: 4 * KiB, journalTotalMaxBytes: 160 * KiB, maxNamespaces: 5, namespaceIdleMs: 3_600_000 });
  });
  afterAll(() => sb.stop());

  it('keeps a refused large body truncated with its size and hash, drops the oldest entries past the byte limit', async () => {
    const body = JSON.stringify({ items: 'x'.repeat(100 * KiB) });
    for (let i = 0; i < 20; i++) {
      const r = await inProcess(sb).post('/ns/big/ecs/api/CheckClientBenefits').set('content-type', 'application/json').send(body);
      expect(r.status).toBe(401); // no token: refused
    }
    const { entries, lastSeq } = await sb.admin.forNamespace('big').journal();
    expect(lastSeq).toBe(20);
    expect(entries.length).toBeGreaterThan(5);
    expect(entries.length).toBeLessThan(20);
    const last = entries.at(-1)!;
    expect(last.seq).toBe(20);
    expect(last.requestBodyTruncated).toEqual({ size: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex') });
    expect(typeof last.requestBody).toBe('string');
    expect((last.requestBody as string).length).toBeLessThanOrEqual(4 * KiB);
    const stats = (await inProcess(sb).get('/ns/big/__admin/stats')).body;
    expect(stats.limits.journalBytes.used).toBeLessThanOrEqual(64 * KiB);
    expect(stats.limits.journalBytes.limit).toBe(64 * KiB);
    expect(stats.limits.allJournalsBytes.limit).toBe(160 * KiB);
  });

  it('keeps all journals together under the total, the oldest entries of the sandbox going first', async () => {
    const body = JSON.stringify({ items: 'y'.repeat(3 * KiB) });
    for (const ns of ['t1', 't2', 't3']) {
      for (let i = 0; i < 25; i++) await inProcess(sb).post(`/ns/${ns}/ecs/api/CheckClientBenefits`).set('content-type', 'application/json').send(body);
    }
    const stats = (await inProcess(sb).get('/ns/t2/__admin/stats')).body;
    expect(stats.limits.allJournalsBytes.used).toBeLessThanOrEqual(160 * KiB);
    // the oldest namespace's entries went first; the newest kept its newest entries
    expect((await sb.admin.forNamespace('big').journal()).entries).toHaveLength(0);
    const { entries } = await sb.admin.forNamespace('t3').journal();
    expect(entries.at(-1)!.seq).toBe(25);
  });

  it('refuses a namespace beyond the maximum while none is idle (503), and says how close it is', async () => {
    await inProcess(sb).get('/ecs/.well-known/openid-configuration').expect(200); // the default namespace counts too
    const r = await inProcess(sb).get('/ns/one-too-many/ecs/.well-known/openid-configuration');
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('POLIGON_TOO_MANY_NAMESPACES');
    const stats = (await inProcess(sb).get('/ns/big/__admin/stats')).body;
    expect(stats.limits.namespaces).toMatchObject({ used: 5, limit: 5, share: 1 });
    expect((await inProcess(sb).get('/ns/big/__admin/namespaces')).body.namespaces).toEqual(['big', 'default', 't1', 't2', 't3']);
  });
});

describe('defect 1: idle namespaces make room, least recently used first, never the default one', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ maxNamespaces: 3, namespaceIdleMs: 0 });
    await inProcess(sb).get('/ecs/.well-known/openid-configuration').expect(200); // the default namespace, used first
  });
  afterAll(() => sb.stop());

  it('evicts the least recently used namespace other than the default one', async () => {
    const touch = (ns: string) => inProcess(sb).get(`/ns/${ns}/ecs/.well-known/openid-configuration`).expect(200);
    await touch('a');
    await touch('b');
    await touch('a'); // b is now the least recently used
    await touch('c');
    const { namespaces } = (await inProcess(sb).get('/__admin/namespaces')).body;
    expect(namespaces).toEqual(['a', 'c', 'default']);
  });
});

describe('defect 2: secrets masked whatever the body form', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(() => sb.stop());

  const journalText = async (ns: string) => JSON.stringify((await sb.admin.forNamespace(ns).journal()).entries);

  it('a token request sent as JSON instead of a form does not show client_secret', async () => {
    const secret = ECS_DEMO.organizations.type1.clientSecret;
    const r = await inProcess(sb).post('/ns/s1/ecs/connect/token').set('content-type', 'application/json')
      .send(JSON.stringify({ client_id: '111', client_secret: secret, grant_type: 'client_credentials' }));
    expect(r.status).toBeGreaterThanOrEqual(400);
    const text = await journalText('s1');
    expect(text).toContain('connect/token');
    expect(text).not.toContain(secret);
  });

  it('a login body with a trailing comma does not show the password', async () => {
    const password = 'Sandbox-Passw0rd-77';
    const r = await inProcess(sb).post('/ns/s2/fes/lk/v1/auth/login').set('content-type', 'application/json')
      .send(`{"merchantId": "${FES_DEMO.merchantId}", "password": "${password}",}`);
    expect(r.status).toBe(400);
    const text = await journalText('s2');
    expect(text).toContain('auth/login');
    expect(text).not.toContain(password);
  });

  it('a secret nested 40 levels deep is masked by its name', async () => {
    const password = 'Deep-Secret-Passw0rd-40';
    let body: unknown = { password };
    for (let i = 0; i < 40; i++) body = { nested: body };
    await inProcess(sb).post('/ns/s3/fes/lk/v1/auth/login').set('content-type', 'application/json').send(JSON.stringify(body));
    const text = await journalText('s3');
    expect(text).toContain('auth/login');
    expect(text).not.toContain(password);
  });

  it('a secret the sandbox holds is masked by its value wherever it appears, in the query and unparsed text too', async () => {
    const apiKey = FES_DEMO.apiKey;
    const clientSecret = ECS_DEMO.organizations.type2.clientSecret;
    await inProcess(sb).post(`/ns/s4/fes/api/v1/echo?note=${apiKey}`).set('content-type', 'text/plain').send(`hello ${apiKey} and ${clientSecret}`);
    await inProcess(sb).post('/ns/s4/ecs/api/CheckClientBenefits').set('content-type', 'application/json').send(`{"comment": "${clientSecret}"`);
    const text = await journalText('s4');
    expect(text).toContain('api/v1/echo');
    expect(text).toContain('CheckClientBenefits');
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(clientSecret);
    expect(text).toContain(`****${apiKey.slice(-4)}`);
  });

  it('an issued token is masked by value in a later body that could not be parsed', async () => {
    const { clientId, clientSecret } = ECS_DEMO.organizations.type1;
    const issued = await inProcess(sb).post('/ns/s5/ecs/connect/token').type('form')
      .send({ client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials', scope: 'ECS.WebAPI OrganizationAPI' });
    expect(issued.status).toBe(200);
    const token = issued.body.access_token as string;
    await inProcess(sb).post('/ns/s5/ecs/api/GetTransactions').set('content-type', 'application/json').send(`{"copied": "${token}" oops`);
    const text = await journalText('s5');
    expect(text).toContain('GetTransactions');
    expect(text).not.toContain(token);
  });
});
