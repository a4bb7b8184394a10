// FES request authentication and authorization (FES-01…04), bad input, and secrets in the journal.
import { createHash, createHmac } from 'node:crypto';
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { CARD_TWO_CERTS, DEMO_CREDENTIALS, ECHO_BODY, FesClient, WHEELCHAIR_KIND, article, full, panHash, registerStandalone, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

describe('FES-01 echo', () => {
  it('FES-01: echo succeeds for the demo касса and names who called', async () => {
    const c = new FesClient(sb, 'fes01');
    const r = await c.call('/api/v1/echo', { echoData: 'ping' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ result: { code: 0 }, echoData: 'ping', cashRegisterId: DEMO_CREDENTIALS.cashRegisterId, merchantId: 'fes-demo-merchant', pointId: 'fes-demo-point' });
  });

  it('FES-01: the signer works through the /ns prefix and the X-Poligon-Namespace header alike', async () => {
    const c = new FesClient(sb, 'fes01b');
    const raw = ECHO_BODY;
    const headers = await c.sign('POST', '/api/v1/echo', raw);
    const r = await inProcess(sb).post('/fes/api/v1/echo').set(headers).set('x-poligon-namespace', 'fes01b').set('content-type', 'application/json').send(raw);
    expect(r.status).toBe(200);
  });
});

describe('FES-02 API KEY', () => {
  it('FES-02: a missing, unknown or blocked API KEY is refused, each with its own code', async () => {
    const c = new FesClient(sb, 'fes02');
    const signed = await c.sign('POST', '/api/v1/echo', ECHO_BODY);
    const { 'X-FES-Api-Key': _key, ...withoutKey } = signed;
    const missing = await inProcess(c.sb, c.base).post('/api/v1/echo').set(withoutKey).set('content-type', 'application/json').send(ECHO_BODY).expect(401);
    expect(missing.body).toMatchObject({ result: { code: 101, description: expect.stringContaining('X-FES-Api-Key') } });
    const unknown = await c.call('/api/v1/echo', {}, { credentials: { ...DEMO_CREDENTIALS, apiKey: 'not-a-key-at-all' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.result.code).toBe(102);
    await c.signInDemo();
    await c.post('/lk/v1/merchants/fes-demo-merchant/api-key/block').expect(200);
    const blocked = await c.call('/api/v1/echo', {});
    expect(blocked.status).toBe(403);
    expect(blocked.body.result.code).toBe(103);
  });
});

describe('FES-03 MAC, timestamp, replay', () => {
  it('FES-03: a MAC over other bytes, or made with another key, is refused (108)', async () => {
    const c = new FesClient(sb, 'fes03');
    const headers = await c.sign('POST', '/api/v1/echo', '{"echoData":"a"}');
    const tampered = await inProcess(c.sb, c.base).post('/api/v1/echo').set(headers).set('content-type', 'application/json').send('{"echoData":"b"}').expect(401);
    expect(tampered.body).toMatchObject({ result: { code: 108, description: expect.stringContaining('hex HMAC-SHA256(MAC KEY as utf8, METHOD') } });
    const wrongKey = await c.call('/api/v1/echo', {}, { credentials: { ...DEMO_CREDENTIALS, macKey: 'some-other-key' } });
    expect(wrongKey.body.result.code).toBe(108);
    const wrongPath = await c.sign('POST', '/api/v1/preauth/purchase', '{}');
    const moved = await inProcess(c.sb, c.base).post('/api/v1/echo').set(wrongPath).set('content-type', 'application/json').send(ECHO_BODY).expect(401);
    expect(moved.body.result.code).toBe(108);
  });

  it('FES-03: a replayed request is refused (109); a stale or future timestamp too (107)', async () => {
    const c = new FesClient(sb, 'fes03r');
    const headers = await c.sign('POST', '/api/v1/echo', ECHO_BODY);
    const send = () => inProcess(c.sb, c.base).post('/api/v1/echo').set(headers).set('content-type', 'application/json').send(ECHO_BODY);
    expect((await send()).status).toBe(200);
    const replay = await send();
    expect(replay.status).toBe(401);
    expect(replay.body.result.code).toBe(109);

    const now = await c.now();
    const stale = await c.call('/api/v1/echo', {}, { at: now - 6 * 60_000 });
    expect(stale.status).toBe(401);
    expect(stale.body).toMatchObject({ result: { code: 107, description: expect.stringMatching(/±300 s/) } });
    expect((await c.call('/api/v1/echo', {}, { at: now + 6 * 60_000 })).body.result.code).toBe(107);
    expect((await c.call('/api/v1/echo', {}, { at: now - 4 * 60_000 })).status).toBe(200);
  });

  it('FES-03: the window follows the virtual clock', async () => {
    const c = new FesClient(sb, 'fes03c');
    const before = await c.now();
    await c.admin.advanceClock('1h');
    expect((await c.call('/api/v1/echo', {}, { at: before })).body.result.code).toBe(107);
    expect((await c.call('/api/v1/echo', {})).status).toBe(200);
  });

  it('FES-03: a касса of another merchant, or an unknown one, is refused (106)', async () => {
    const c = new FesClient(sb, 'fes03k');
    const other = await registerStandalone(c);
    const r = await c.call('/api/v1/echo', {}, { credentials: { ...DEMO_CREDENTIALS, cashRegisterId: other.credentials.cashRegisterId, macKey: other.credentials.macKey } });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ result: { code: 106, description: expect.stringContaining(other.credentials.cashRegisterId) } });
    expect((await c.call('/api/v1/echo', {}, { credentials: { ...DEMO_CREDENTIALS, cashRegisterId: 'CR-NOPE' } })).body.result.code).toBe(106);
  });

  it('FES-03: missing or malformed касса, timestamp and MAC headers get a clear 400 (105) naming the header', async () => {
    const c = new FesClient(sb, 'fes03h');
    const signed = await c.sign('POST', '/api/v1/echo', ECHO_BODY);
    for (const drop of ['X-FES-Cash-Register-Id', 'X-FES-Timestamp', 'X-FES-MAC']) {
      const headers = Object.fromEntries(Object.entries(signed).filter(([k]) => k !== drop));
      const r = await inProcess(c.sb, c.base).post('/api/v1/echo').set(headers).set('content-type', 'application/json').send(ECHO_BODY).expect(400);
      expect(r.body).toMatchObject({ result: { code: 105, description: `Header ${drop} is missing` } });
    }
    const badTime = await inProcess(c.sb, c.base).post('/api/v1/echo').set({ ...signed, 'X-FES-Timestamp': '22.11.2026 10:00' }).set('content-type', 'application/json').send(ECHO_BODY).expect(400);
    expect(badTime.body.result.description).toMatch(/ISO-8601/);
    const badMac = await inProcess(c.sb, c.base).post('/api/v1/echo').set({ ...signed, 'X-FES-MAC': 'abc' }).set('content-type', 'application/json').send(ECHO_BODY).expect(400);
    expect(badMac.body.result.description).toMatch(/64 hexadecimal/);
  });

  it('FES-03: the MAC is the documented HMAC-SHA256 over METHOD, PATH, TIMESTAMP and the body hash', async () => {
    const c = new FesClient(sb, 'fes03m');
    const ts = new Date(await c.now()).toISOString();
    const body = '{"requestId":"0b8f2c1a-4d3e-4a5b-9c6d-7e8f9a0b1c2d","echoData":"hand-made"}';
    // docs/fes.md's rule, written out here apart from the sandbox's code
    const mac = createHmac('sha256', DEMO_CREDENTIALS.macKey).update(`POST\n/api/v1/echo\n${ts}\n${createHash('sha256').update(body).digest('hex')}`).digest('hex');
    const r = await inProcess(c.sb, c.base).post('/api/v1/echo').set({
      'X-FES-Api-Key': DEMO_CREDENTIALS.apiKey, 'X-FES-Cash-Register-Id': DEMO_CREDENTIALS.cashRegisterId, 'X-FES-Timestamp': ts, 'X-FES-MAC': mac.toUpperCase(),
    }).set('content-type', 'application/json').send(body);
    expect(r.status).toBe(200);
  });
});

describe('FES-04 who may operate', () => {
  it('FES-04: before its point is activated (or before its activation date) a касса gets echo; other calls 113, a certificate Pre-Auth 116', async () => {
    const c = new FesClient(sb, 'fes04a');
    const { merchantId, pointId, credentials } = await registerStandalone(c, { activate: false });
    c.credentials = credentials;
    expect((await c.call('/api/v1/echo', {})).body).toMatchObject({ result: { code: 0 } });
    expect((await c.call('/api/v1/certificates', { panHash: 'a'.repeat(64) })).body).toMatchObject({ result: { code: 113 } });
    await c.signInNspk();
    const from = new Date((await c.now()) + 2 * 3_600_000).toISOString();
    await c.post(`/lk/v1/merchants/${merchantId}/points/${pointId}/activate`, { activeFrom: from }).expect(200);
    const early = await c.preAuth(CARD_TWO_CERTS, [{ truCode: full(WHEELCHAIR_KIND) }]);
    expect(early.status).toBe(403);
    expect(early.body.result).toMatchObject({ code: 116, description: expect.stringContaining(from) });
    await c.admin.advanceClock('2h');
    expect((await c.preAuth(CARD_TWO_CERTS, [{ truCode: full(WHEELCHAIR_KIND) }])).body.result.code).toBe(0);
  });

  it('FES-04: a disabled point (114) and a blocked merchant (115) are refused with their own codes', async () => {
    const c = new FesClient(sb, 'fes04b');
    const a = await registerStandalone(c);
    await c.signInNspk();
    await c.post(`/lk/v1/merchants/${a.merchantId}/points/${a.pointId}/disable`).expect(200);
    const disabled = await c.call('/api/v1/echo', {}, { credentials: a.credentials });
    expect(disabled.status).toBe(403);
    expect(disabled.body.result.code).toBe(114);
    const cr = await c.get(`/lk/v1/cash-registers/${a.credentials.cashRegisterId}`).expect(200);
    expect(cr.body.status).toBe('BLOCKED_BY_NSPK');

    await c.post('/lk/v1/merchants/fes-demo-merchant/block').expect(200);
    const blocked = await c.call('/api/v1/echo', {});
    expect(blocked.status).toBe(403);
    expect(blocked.body.result.code).toBe(115);
    const point = (await c.get('/lk/v1/merchants/fes-demo-merchant').expect(200)).body.points[0];
    expect(point.status).toBe('DISABLED');
    expect((await c.post(`/lk/v1/cash-registers/${DEMO_CREDENTIALS.cashRegisterId}/status`, { status: 'ACTIVE' }).expect(409)).body.result.code).toBe(609);
  });
});

describe('bad input is a clear 4xx and changes nothing', () => {
  it('malformed JSON, wrong types, unknown fields, a missing body, a wrong media type and an oversized body', async () => {
    const c = new FesClient(sb, 'badinput');
    const before = await c.businessState();
    const items = [article(1, { truCode: full(WHEELCHAIR_KIND) })];
    const requestId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    const card = panHash(CARD_TWO_CERTS);

    const malformed = await c.call('/api/v1/preauth/purchase', undefined, { raw: '{"panHash": "ab", "items": [' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ result: { code: 301 }, code: 'POLIGON_MALFORMED_BODY' });

    const wrongTypes = await c.call('/api/v1/preauth/purchase', { requestId, panHash: card, items: [{ ...items[0], count: 'two', price: 10.5 }] });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.body.result.code).toBe(300);
    expect(wrongTypes.body.result.description).toContain('Field /items/0/count: must be integer; expected type integer, came "two"');
    expect(wrongTypes.body.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ pointer: '/items/0/count', expected: 'type integer', received: 'two' }),
      expect.objectContaining({ pointer: '/items/0/price', expected: 'type integer' }),
    ]));

    const unknownField = await c.call('/api/v1/preauth/purchase', { requestId, panHash: card, items, discount: 5 });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors[0]).toMatchObject({ pointer: '/discount', message: 'is not a known field' });

    const oldShape = await c.call('/api/v1/preauth/purchase', { requestId, card: { pan: CARD_TWO_CERTS }, items });
    expect(oldShape.status).toBe(400);
    const notAHash = await c.call('/api/v1/preauth/purchase', { requestId, panHash: CARD_TWO_CERTS, items });
    expect(notAHash.body.errors[0]).toMatchObject({ pointer: '/panHash', received: CARD_TWO_CERTS });

    const noBody = await c.call('/api/v1/preauth/purchase', undefined, { raw: '' });
    expect(noBody.status).toBe(400);
    expect(noBody.body.errors[0].message).toMatch(/required/);

    const raw = JSON.stringify({ requestId, panHash: card, items });
    const media = await inProcess(c.sb, c.base).post('/api/v1/preauth/purchase').set(await c.sign('POST', '/api/v1/preauth/purchase', raw)).set('content-type', 'text/plain').send(raw);
    expect(media.status).toBe(415);
    expect(media.body.result.code).toBe(303);

    const huge = await c.call('/api/v1/preauth/purchase', { requestId, panHash: card, items: [{ ...items[0], articleCode: 'x'.repeat(300_000) }] });
    expect(huge.status).toBe(413);
    expect(huge.body.result.code).toBe(302);

    expect(await c.businessState()).toEqual(before);
  });

  it('a signed request with a bad body changes nothing: sent again it is refused for its body again, not as a replay', async () => {
    const c = new FesClient(sb, 'bad-body-no-state');
    const raw = '{"requestId":"req-1"}';
    const headers = await c.sign('POST', '/api/v1/echo', raw);
    const before = (await sb.admin.forNamespace('bad-body-no-state').snapshot()).simulators.fes;
    const send = () => inProcess(c.sb, c.base).post('/api/v1/echo').set(headers).set('content-type', 'application/json').send(raw);
    for (const attempt of [1, 2]) {
      const r = await send();
      expect(r.status, `attempt ${attempt}`).toBe(400);
      expect(r.body.result.code, `attempt ${attempt}`).toBe(300);
    }
    expect((await sb.admin.forNamespace('bad-body-no-state').snapshot()).simulators.fes).toEqual(before);
  });

  it('an unsigned request is refused before its body is looked at', async () => {
    const c = new FesClient(sb, 'unsigned');
    const r = await inProcess(c.sb, c.base).post('/api/v1/preauth/purchase').send({ nonsense: true }).expect(401);
    expect(r.body.result.code).toBe(101);
  });

  it('an unknown path answers in the FES format', async () => {
    const r = await inProcess(sb).post('/fes/api/v2/echo').send({}).expect(404);
    expect(r.body).toMatchObject({ result: { code: 304, description: expect.stringContaining('/api/v2/echo') } });
  });
});

describe('secrets', () => {
  it('API KEY, MAC and keys made by LK FES never reach the journal in clear', async () => {
    const c = new FesClient(sb, 'secrets');
    const { merchantId, credentials } = await registerStandalone(c);
    const regenerated = await c.post(`/lk/v1/merchants/${merchantId}/api-key/regenerate`).expect(200);
    const mac = await c.post(`/lk/v1/cash-registers/${credentials.cashRegisterId}/mac-key/regenerate`).expect(200);
    const signed = await c.sign('POST', '/api/v1/echo', ECHO_BODY);
    await inProcess(c.sb, c.base).post('/api/v1/echo').set(signed).set('content-type', 'application/json').send(ECHO_BODY).expect(200);
    const { entries } = await c.admin.journal();
    const text = JSON.stringify(entries);
    for (const secret of [credentials.apiKey, credentials.macKey, regenerated.body.apiKey, mac.body.macKey, DEMO_CREDENTIALS.apiKey, signed['X-FES-MAC']!]) {
      expect(text).not.toContain(secret);
    }
    const echoEntry = entries.find((e) => e.operation === 'fes.echo')!;
    expect(echoEntry.requestHeaders['x-fes-api-key']).toBe(`****${DEMO_CREDENTIALS.apiKey.slice(-4)}`);
    const created = entries.find((e) => e.operation === 'fes.lkCreateMerchant')!;
    expect((created.responseBody as { apiKey: string }).apiKey).toBe(`****${credentials.apiKey.slice(-4)}`);
  });
});
