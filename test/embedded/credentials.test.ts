// The demo world as data (issue 12 "structured demo credentials", issue 20): typed credentials for every
// fake from sandbox.demo() and GET /__admin/demo, and a FES signer user code can import. Expected values
// are typed from the README's demo table; the MAC is recomputed here by hand from docs/fes.md's formula.
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFesRequest, startSandbox, type Sandbox } from '../../src/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.stop());

describe('structured demo credentials', () => {
  it('sandbox.demo() gives typed FES, ECS and GIS credentials (the README values), and /__admin/demo the same data', async () => {
    const demo = sandbox.demo();
    expect(demo.fes).toMatchObject({
      baseUrl: `${sandbox.url}/fes`,
      apiKey: 'demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f',
      macKey: 'demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f',
      cashRegisterId: 'CR-DEMO-0001',
      point: { id: 'pt-000001', status: 'ACTIVATED' },
    });
    expect(demo.fes!.cards.map((c) => c.pan)).toEqual(['2200123456789019', '2200987654321092', '2200555500001117', '2200000000000046']);
    expect(demo.fes!.productionTestTru).toBe('999999999.99999999900000000000');
    expect(demo.ecs!.organizations).toMatchObject({
      type1: { clientId: '111', clientSecret: 'aaaabbbbbcccccc', connectionType: 1 },
      type2: { clientId: '222', clientSecret: 'ddddeeeeeffffff', connectionType: 2 },
      type3: { clientId: '333', clientSecret: 'gggghhhhhiiiiii', connectionType: 3 },
    });
    expect(demo.ecs!.holders.found).toEqual({ clientCode: 'AAABBBCCC', cardNumber: '7000100000000001', cardSeries: '0101', snils: '11223344595' });
    expect(demo.gis!.merchants[0]).toMatchObject({ id: 'tsp-000001', inn: '7701234560', points: [{ id: 'pt-000001', status: 'ACTIVATED' }] });
    expect((await sandbox.admin.demo()).credentials).toEqual(JSON.parse(JSON.stringify(demo)));
  });

  it('the ECS credentials get a token as they are', async () => {
    const { tokenUrl, scope, organizations } = sandbox.demo().ecs!;
    const form = new URLSearchParams({ client_id: organizations.type1.clientId, client_secret: organizations.type1.clientSecret, grant_type: 'client_credentials', scope });
    const res = await fetch(tokenUrl, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
  });

  it('a namespace without the demo world has no credentials', async () => {
    await sandbox.admin.forNamespace('empty').reset({ demo: false });
    expect(sandbox.demo('empty')).toEqual({});
  });
});

describe('signing FES requests from user code', () => {
  it('signFesRequest gives the four headers, the MAC as docs/fes.md computes it', () => {
    const body = '{"echoData":"x"}';
    const headers = signFesRequest({ method: 'POST', path: '/api/v1/echo', body, at: Date.parse('2026-01-31T10:15:30.000Z'), apiKey: 'k', macKey: 'm', cashRegisterId: 'CR-1' });
    const canonical = `POST\n/api/v1/echo\n2026-01-31T10:15:30.000Z\n${createHash('sha256').update(body).digest('hex')}`;
    expect(headers).toEqual({
      'X-FES-Api-Key': 'k',
      'X-FES-Cash-Register-Id': 'CR-1',
      'X-FES-Timestamp': '2026-01-31T10:15:30.000Z',
      'X-FES-MAC': createHmac('sha256', 'm').update(canonical).digest('hex'),
    });
  });

  it('sandbox.fes signs with the virtual time: an echo passes after advanceClock("1d")', async () => {
    await sandbox.admin.advanceClock('1d');
    const res = await sandbox.fes!.post('/api/v1/echo', { requestId: '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b', echoData: 'after a day' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: { code: 0 }, echoData: 'after a day' });
  });

  it('a call signed with real time after advanceClock is refused with a note that the clock was moved', async () => {
    const body = '{}';
    const keys = sandbox.fes!.keys;
    const headers = signFesRequest({ method: 'POST', path: '/api/v1/echo', body, at: new Date(), ...keys });
    const res = await fetch(`${sandbox.urls.fes}/api/v1/echo`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).toMatch(/The timestamp is real time, but this namespace's virtual clock was moved \d+ s ahead \(POST \/__admin\/clock\)/);
  });
});
