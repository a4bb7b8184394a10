// LK FES control plane (seed 000 §4): merchants, points, кассы, API KEY and MAC KEY, касса statuses.
// Each call is made by whoever signed in: the NSPK administrator registers merchants and points in a
// standalone sandbox, the merchant's administrator adds кассы and handles keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { CERTIFIED_VENDORS } from '../../simulators/fes/protocol.js';
import { FesClient, becomeAdmin, registerStandalone, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

describe('LK FES', () => {
  it('LKF-02: a merchant registered in LK FES gets an API KEY shown once; views show only its last 4 characters', async () => {
    const c = new FesClient(sb, 'lkf02');
    await c.signInNspk();
    const r = await c.post('/lk/v1/merchants', { merchantId: 'M-1', inn: '7707083893', kpp: '770701001', ogrn: '1027700132195', name: 'ООО «Ромашка»', technicalContactEmail: 'it@romashka.example' }).expect(201);
    expect(r.body.apiKey).toMatch(/^[0-9a-f]{48}$/);
    expect(r.body.merchant).toMatchObject({ merchantId: 'M-1', status: 'ACTIVE', apiKeyStatus: 'ACTIVE', apiKeyLast4: r.body.apiKey.slice(-4), source: 'LK', technicalContactEmail: 'it@romashka.example' });
    const view = await c.get('/lk/v1/merchants/M-1').expect(200);
    expect(JSON.stringify(view.body)).not.toContain(r.body.apiKey);
    const again = await c.post('/lk/v1/merchants', { merchantId: 'M-1', inn: '7707083893', ogrn: '1027700132195', name: 'x', technicalContactEmail: 'x@x.example' }).expect(409);
    expect(again.body).toMatchObject({ result: { code: 608 } });
    const badInn = await c.post('/lk/v1/merchants', { inn: '7707083894', ogrn: '1027700132195', name: 'x', technicalContactEmail: 'x@x.example' }).expect(400);
    expect(badInn.body.errors[0]).toMatchObject({ pointer: '/inn', message: 'is not a valid inn' });
  });

  it('LKF-05: кассы are added with a certified vendor and a count; each gets a unique ID, a MAC KEY and ACTIVE', async () => {
    const c = new FesClient(sb, 'lkf05');
    await c.signInNspk();
    await c.post('/lk/v1/merchants', { merchantId: 'M-5', inn: '7707083893', ogrn: '1027700132195', name: 'ООО', technicalContactEmail: 'kassy@m5.example' }).expect(201);
    await c.post('/lk/v1/merchants/M-5/points', { pointId: 'P-5', name: 'Салон', address: 'Москва', onlineShop: false }).expect(201);
    await c.post('/lk/v1/merchants/M-5/points', { pointId: 'SHOP-5', name: 'Интернет-магазин', address: 'https://shop.example', onlineShop: true }).expect(201);
    await becomeAdmin(c, 'M-5');
    const vendors = await c.get('/lk/v1/vendors').expect(200);
    expect(vendors.body.vendors.map((v: { id: string }) => v.id)).toEqual(CERTIFIED_VENDORS.map((v) => v.id));

    const r = await c.post('/lk/v1/merchants/M-5/points/P-5/cash-registers', { vendor: 'EVOTOR', count: 3 }).expect(201);
    const regs = r.body.cashRegisters as Array<{ cashRegisterId: string; macKey: string; status: string; vendor: string }>;
    expect(regs).toHaveLength(3);
    expect(new Set(regs.map((x) => x.cashRegisterId)).size).toBe(3);
    expect(new Set(regs.map((x) => x.macKey)).size).toBe(3);
    for (const x of regs) expect(x).toMatchObject({ status: 'ACTIVE', vendor: 'EVOTOR', protocolVersion: 1, macKey: expect.stringMatching(/^[0-9a-f]{48}$/) });

    const unknown = await c.post('/lk/v1/merchants/M-5/points/P-5/cash-registers', { vendor: 'NONAME', count: 1 }).expect(422);
    expect(unknown.body).toMatchObject({ result: { code: 604, description: expect.stringContaining('NONAME') } });
    const noCount = await c.post('/lk/v1/merchants/M-5/points/P-5/cash-registers', { vendor: 'ATOL' }).expect(422);
    expect(noCount.body.result.code).toBe(605);
    const shopCount = await c.post('/lk/v1/merchants/M-5/points/SHOP-5/cash-registers', { vendor: 'ATOL', count: 2 }).expect(422);
    expect(shopCount.body.result.description).toMatch(/online shop/);
    const shop = await c.post('/lk/v1/merchants/M-5/points/SHOP-5/cash-registers', { vendor: 'ATOL' }).expect(201);
    expect(shop.body.cashRegisters).toHaveLength(1);

    const point = (await c.get('/lk/v1/merchants/M-5').expect(200)).body.points.find((p: { pointId: string }) => p.pointId === 'P-5');
    expect(point.cashRegisters).toHaveLength(3);
    expect(JSON.stringify(point)).not.toContain(regs[0]!.macKey);
  });

  it('LKF-05: registering a касса emits fes.cashRegister.registered (the event GIS ES turns into TESTED)', async () => {
    // With GIS ES absent the event has no listener; the касса lands and the point lists it.
    const c = new FesClient(sb, 'lkf05e');
    const { merchantId, pointId, credentials } = await registerStandalone(c);
    const cr = await c.get(`/lk/v1/cash-registers/${credentials.cashRegisterId}`).expect(200);
    expect(cr.body).toMatchObject({ merchantId, pointId, status: 'ACTIVE' });
  });

  it('LKF-03: a blocked API KEY is refused (103) until unblocked', async () => {
    const c = new FesClient(sb, 'lkf03');
    const { merchantId, credentials } = await registerStandalone(c);
    c.credentials = credentials;
    await c.call('/api/v1/echo', {}).then((r) => expect(r.status).toBe(200));
    await c.post(`/lk/v1/merchants/${merchantId}/api-key/block`).expect(200).expect((r) => expect(r.body.apiKeyStatus).toBe('BLOCKED'));
    const refused = await c.call('/api/v1/echo', {});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ result: { code: 103, description: expect.stringContaining('blocked') } });
    await c.post(`/lk/v1/merchants/${merchantId}/api-key/block`).expect(409);
    await c.post(`/lk/v1/merchants/${merchantId}/api-key/unblock`).expect(200);
    expect((await c.call('/api/v1/echo', {})).status).toBe(200);
    await c.post(`/lk/v1/merchants/${merchantId}/api-key/explode`).expect(400);
  });

  it('LKF-04: regenerating the API KEY kills the old one at once; every касса fails until it uses the new one', async () => {
    const c = new FesClient(sb, 'lkf04');
    const { merchantId, pointId, credentials } = await registerStandalone(c);
    const second = await c.post(`/lk/v1/merchants/${merchantId}/points/${pointId}/cash-registers`, { vendor: 'ATOL', count: 1 }).expect(201);
    const secondCreds = { ...credentials, cashRegisterId: second.body.cashRegisters[0].cashRegisterId, macKey: second.body.cashRegisters[0].macKey };
    const regen = await c.post(`/lk/v1/merchants/${merchantId}/api-key/regenerate`).expect(200);
    expect(regen.body.apiKey).toMatch(/^[0-9a-f]{48}$/);
    expect(regen.body.apiKey).not.toBe(credentials.apiKey);
    for (const creds of [credentials, secondCreds]) {
      const old = await c.call('/api/v1/echo', {}, { credentials: creds });
      expect(old.status).toBe(401);
      expect(old.body).toMatchObject({ result: { code: 104, description: expect.stringContaining('replaced') } });
      expect((await c.call('/api/v1/echo', {}, { credentials: { ...creds, apiKey: regen.body.apiKey } })).status).toBe(200);
    }
  });

  it('LKF-06: regenerating a MAC KEY stops the касса at once until it signs with the new key', async () => {
    const c = new FesClient(sb, 'lkf06');
    const { credentials } = await registerStandalone(c);
    c.credentials = credentials;
    expect((await c.call('/api/v1/echo', {})).status).toBe(200);
    const regen = await c.post(`/lk/v1/cash-registers/${credentials.cashRegisterId}/mac-key/regenerate`).expect(200);
    expect(regen.body.macKey).not.toBe(credentials.macKey);
    const stale = await c.call('/api/v1/echo', {});
    expect(stale.status).toBe(401);
    expect(stale.body.result.code).toBe(108);
    c.credentials = { ...credentials, macKey: regen.body.macKey };
    expect((await c.call('/api/v1/echo', {})).status).toBe(200);
  });

  it('LKF-07: a касса blocked by the merchant is reactivated by the merchant; one blocked by NSPK only by NSPK; who acts is who signed in', async () => {
    const c = new FesClient(sb, 'lkf07');
    const { credentials } = await registerStandalone(c); // c is signed in as the merchant's administrator
    const nspk = new FesClient(sb, 'lkf07');
    await nspk.signInNspk();
    c.credentials = credentials;
    const path = `/lk/v1/cash-registers/${credentials.cashRegisterId}/status`;
    const asMerchant = (status: string) => c.post(path, { status });
    const asNspk = (status: string, reason?: string) => nspk.post(path, { status, ...(reason ? { reason } : {}) });

    await asMerchant('BLOCKED_BY_MERCHANT').expect(200);
    expect((await c.call('/api/v1/echo', {})).body.result.code).toBe(111);
    const nspkLifts = await asNspk('ACTIVE').expect(403);
    expect(nspkLifts.body).toMatchObject({ result: { code: 606, description: expect.stringContaining('The NSPK administrator cannot') } });
    await asMerchant('ACTIVE').expect(200);
    expect((await c.call('/api/v1/echo', {})).status).toBe(200);

    const merchantAsNspk = await asMerchant('BLOCKED_BY_NSPK').expect(403);
    expect(merchantAsNspk.body).toMatchObject({ result: { code: 606, description: expect.stringContaining('The merchant administrator cannot') } });
    await asNspk('BLOCKED_BY_NSPK', 'compliance').expect(200);
    expect((await c.call('/api/v1/echo', {})).body.result.code).toBe(112);
    const merchantLifts = await asMerchant('ACTIVE').expect(403);
    expect(merchantLifts.body.result.description).toMatch(/only by the NSPK admin/);
    await asNspk('BLOCKED_BY_NSPK').expect(409);
    await asNspk('ACTIVE').expect(200);
    expect((await c.call('/api/v1/echo', {})).status).toBe(200);

    // the actor is no longer declared: a body naming one is refused as an unknown field
    const declared = await c.post(path, { status: 'BLOCKED_BY_NSPK', actor: 'NSPK' }).expect(400);
    expect(declared.body.errors[0]).toMatchObject({ pointer: '/actor', in: 'body' });
    const anonymous = new FesClient(sb, 'lkf07');
    expect((await anonymous.post(path, { status: 'BLOCKED_BY_MERCHANT' }).expect(401)).body.result.code).toBe(619);
    expect((await c.get(`/lk/v1/cash-registers/${credentials.cashRegisterId}`).expect(200)).body.status).toBe('ACTIVE');
  });

  it('LKF-07: a merchant administrator may not take NSPK actions nor touch another merchant; the NSPK administrator may not handle a merchant\'s keys', async () => {
    const c = new FesClient(sb, 'lkf07b');
    const { merchantId, pointId, credentials } = await registerStandalone(c);
    const before = await c.businessState();
    const nspkOnly = [
      c.post('/lk/v1/merchants', { inn: '7707083893', name: 'Чужое', technicalContactEmail: 'a@b.example' }),
      c.post(`/lk/v1/merchants/${merchantId}/block`),
      c.post(`/lk/v1/merchants/${merchantId}/points`, { name: 'x', address: 'y', onlineShop: false }),
      c.post(`/lk/v1/merchants/${merchantId}/points/${pointId}/disable`),
    ];
    for (const r of await Promise.all(nspkOnly)) {
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ result: { code: 623, description: expect.stringContaining(`administrator of merchant ${merchantId}`) } });
    }
    const other = await c.get('/lk/v1/merchants/fes-demo-merchant').expect(403);
    expect(other.body).toMatchObject({ result: { code: 625, description: `This session administers merchant ${merchantId}, not fes-demo-merchant` } });
    expect((await c.get('/lk/v1/cash-registers/CR-DEMO-0001/mac-key').expect(403)).body.result.code).toBe(625);
    expect((await c.post('/lk/v1/cash-registers/CR-DEMO-0001/status', { status: 'BLOCKED_BY_MERCHANT' }).expect(403)).body.result.code).toBe(625);
    const mine = await c.get('/lk/v1/merchants').expect(200);
    expect(mine.body.merchants.map((m: { merchantId: string }) => m.merchantId)).toEqual([merchantId]);

    await c.signInNspk();
    expect((await c.get(`/lk/v1/merchants/${merchantId}/api-key`).expect(403)).body.result.code).toBe(624);
    expect((await c.post(`/lk/v1/merchants/${merchantId}/api-key/regenerate`).expect(403)).body.result.code).toBe(624);
    expect((await c.get(`/lk/v1/cash-registers/${credentials.cashRegisterId}/mac-key`).expect(403)).body.result.code).toBe(624);
    const all = await c.get('/lk/v1/merchants').expect(200);
    expect(all.body.merchants.map((m: { merchantId: string }) => m.merchantId).sort()).toEqual(['fes-demo-merchant', merchantId].sort());
    const { lkSessions: _a, ...beforeRest } = before;
    const { lkSessions: _b, ...afterRest } = await c.businessState();
    expect(afterRest).toEqual(beforeRest);
  });

  it('LKF-08: the merchant administrator obtains the current API KEY and each касса\'s MAC KEY at any time, without regenerating them', async () => {
    const c = new FesClient(sb, 'lkf08');
    const { merchantId, credentials } = await registerStandalone(c);
    const key = await c.get(`/lk/v1/merchants/${merchantId}/api-key`).expect(200);
    expect(key.body).toEqual({ merchantId, apiKeyStatus: 'ACTIVE', apiKeyLast4: credentials.apiKey.slice(-4), apiKey: credentials.apiKey });
    const mac = await c.get(`/lk/v1/cash-registers/${credentials.cashRegisterId}/mac-key`).expect(200);
    expect(mac.body).toEqual({ cashRegisterId: credentials.cashRegisterId, macKeyLast4: credentials.macKey.slice(-4), macKey: credentials.macKey });
    // obtaining them changes nothing: the касса keeps working with the same keys, asked again they are the same
    c.credentials = { ...credentials, apiKey: key.body.apiKey, macKey: mac.body.macKey };
    expect((await c.call('/api/v1/echo', {})).status).toBe(200);
    expect((await c.get(`/lk/v1/merchants/${merchantId}/api-key`).expect(200)).body.apiKey).toBe(credentials.apiKey);
    // after regeneration and blocking, the current key and its status
    const regen = await c.post(`/lk/v1/merchants/${merchantId}/api-key/regenerate`).expect(200);
    await c.post(`/lk/v1/merchants/${merchantId}/api-key/block`).expect(200);
    expect((await c.get(`/lk/v1/merchants/${merchantId}/api-key`).expect(200)).body).toMatchObject({ apiKey: regen.body.apiKey, apiKeyStatus: 'BLOCKED' });
    const newMac = await c.post(`/lk/v1/cash-registers/${credentials.cashRegisterId}/mac-key/regenerate`).expect(200);
    expect((await c.get(`/lk/v1/cash-registers/${credentials.cashRegisterId}/mac-key`).expect(200)).body.macKey).toBe(newMac.body.macKey);
    // the demo administrator obtains the documented demo keys
    await c.signInDemo();
    expect((await c.get('/lk/v1/merchants/fes-demo-merchant/api-key').expect(200)).body.apiKey).toBe('demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f');
    expect((await c.get('/lk/v1/cash-registers/CR-DEMO-0001/mac-key').expect(200)).body.macKey).toBe('demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f');
    // the keys never reach the journal in clear
    const journal = JSON.stringify((await c.admin.journal()).entries);
    for (const secret of [credentials.apiKey, credentials.macKey, regen.body.apiKey, newMac.body.macKey, c.session!]) expect(journal).not.toContain(secret);
  });

  it('a касса speaks protocol version 1 unless its administrator chooses 2 in LK FES', async () => {
    const c = new FesClient(sb, 'lkver');
    const { merchantId, pointId, credentials } = await registerStandalone(c);
    const path = `/lk/v1/cash-registers/${credentials.cashRegisterId}`;
    expect((await c.get(path).expect(200)).body.protocolVersion).toBe(1);
    expect((await c.post(`${path}/protocol-version`, { protocolVersion: 2 }).expect(200)).body).toMatchObject({ cashRegisterId: credentials.cashRegisterId, protocolVersion: 2 });
    expect((await c.get(path).expect(200)).body.protocolVersion).toBe(2);
    expect((await c.state()).cashRegisters[credentials.cashRegisterId]!.protocolVersion).toBe(2);
    const created = await c.post(`/lk/v1/merchants/${merchantId}/points/${pointId}/cash-registers`, { vendor: 'ATOL', count: 1, protocolVersion: 2 }).expect(201);
    expect(created.body.cashRegisters[0].protocolVersion).toBe(2);
    for (const wrong of [3, 'V2', '2']) {
      const bad = await c.post(`${path}/protocol-version`, { protocolVersion: wrong }).expect(400);
      expect(bad.body.errors[0]).toMatchObject({ pointer: '/protocolVersion', in: 'body' });
    }
    // back to 1: the касса holds no setting (absent means 1, as a касса that never chose)
    await c.post(`${path}/protocol-version`, { protocolVersion: 1 }).expect(200);
    expect((await c.state()).cashRegisters[credentials.cashRegisterId]!.protocolVersion).toBeUndefined();
    const bad = await c.post(`${path}/protocol-version`, { protocolVersion: 3 }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ pointer: '/protocolVersion', in: 'body' });
    const nspk = new FesClient(sb, 'lkver');
    await nspk.signInNspk();
    expect((await nspk.post(`${path}/protocol-version`, { protocolVersion: 2 }).expect(403)).body.result.code).toBe(624);
    expect((await c.get(path).expect(200)).body.protocolVersion).toBe(1);
  });

  it('refused LK requests change nothing', async () => {
    const c = new FesClient(sb, 'lkbad');
    await c.signInNspk();
    const nspk = c.session!;
    await c.signInDemo();
    const before = await c.businessState();
    const point = '/lk/v1/merchants/fes-demo-merchant/points/fes-demo-point';
    await c.post(`${point}/cash-registers`, { vendor: 'NONAME', count: 2 }).expect(422);
    await c.post(`${point}/cash-registers`, { vendor: 'ATOL', count: 0 }).expect(400);
    await c.post(`${point}/cash-registers`, { vendor: 'ATOL', count: 1, macKey: 'mine' }).expect(400);
    await c.post('/lk/v1/cash-registers/CR-DEMO-0001/status', { status: 'ACTIVE' }).expect(409);
    c.session = nspk;
    await c.post(`${point}/activate`, {}).expect(409);
    await c.post('/lk/v1/merchants', { inn: '7707083893', ogrn: '1027700132195', technicalContactEmail: 'a@b.example' }).expect(400);
    await c.post('/lk/v1/merchants', { inn: '7707083893', name: 'Без почты' }).expect(400);
    await c.post('/lk/v1/merchants/fes-demo-merchant/points', { name: 'x', address: 'y', onlineShop: 'yes' }).expect(400);
    const malformed = await c.post('/lk/v1/cash-registers/CR-DEMO-0001/status').set('content-type', 'application/json').send('{"status":').expect(400);
    expect(malformed.body.result.code).toBe(301);
    expect(await c.businessState()).toEqual(before);
  });

  it('refuses unknown merchants, points and кассы with their own codes', async () => {
    const c = new FesClient(sb, 'lk404');
    await c.signInDemo();
    expect((await c.get('/lk/v1/merchants/NOPE').expect(404)).body.result.code).toBe(601);
    expect((await c.post('/lk/v1/merchants/fes-demo-merchant/points/NOPE/cash-registers', { vendor: 'ATOL', count: 1 }).expect(404)).body.result.code).toBe(602);
    expect((await c.get('/lk/v1/cash-registers/NOPE').expect(404)).body.result.code).toBe(603);
  });
});
