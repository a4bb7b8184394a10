// The FES world: demo (standalone and with GIS ES), GIS ES events, snapshot and restore.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/checksums.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { fesSimulator } from '../../simulators/fes/index.js';
import { DEMO } from '../../simulators/fes/protocol.js';
import { createFesState, type FesState } from '../../simulators/fes/state.js';
import { CARD_TWO_CERTS, ECHO_BODY, FesClient, HEARING_KIND, full, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

describe('demo world', () => {
  it('standalone (GIS ES absent): merchant, point, касса and cards exist, and the demo keys work', async () => {
    const c = new FesClient(sb, 'demo');
    expect((await c.call('/api/v1/echo', {})).status).toBe(200);
    const state = await c.state();
    expect(state.merchants[DEMO.merchantId]).toMatchObject({ apiKey: DEMO.apiKey, source: 'LK' });
    expect(state.points[DEMO.pointId]).toMatchObject({ status: 'ACTIVATED', cashRegisterIds: [DEMO.cashRegisterId] });
    expect(Object.keys(state.certificates)).toHaveLength(4);

    const { sections } = (await inProcess(sb).get('/__admin/demo').expect(200)).body as { sections: Array<{ title: string; lines: Array<[string, string]> }> };
    const fes = Object.fromEntries(sections.find((s) => s.title.startsWith('FES'))!.lines);
    expect(fes).toMatchObject({ 'FES base URL': `${sb.url}/fes`, 'API KEY': DEMO.apiKey, 'MAC KEY': DEMO.macKey });
    expect(fes['касса ID']).toContain(DEMO.cashRegisterId);
    expect(fes[`card ${CARD_TWO_CERTS}`]).toContain('907581400329309796796000000001');
    expect(fes['curl hint']).toContain('/fes/api/v1/echo');
  });

  it('with GIS ES: the demo point comes from GIS ES by event, gets the demo касса and is activated by GIS ES', async () => {
    const all = await startSandbox({ validateResponses: true });
    try {
      const c = new FesClient(all, 'with-gis');
      expect((await c.call('/api/v1/echo', {})).status).toBe(200);
      const state = await c.state();
      const cr = state.cashRegisters[DEMO.cashRegisterId]!;
      expect(state.merchants[cr.merchantId]).toMatchObject({ source: 'GIS', apiKey: DEMO.apiKey });
      expect(cr.pointId).not.toBe(DEMO.pointId);
      expect(state.points[cr.pointId]!.status).toBe('ACTIVATED');
    } finally {
      await all.stop();
    }
  });
});

describe('GIS ES events', () => {
  const setup = () => {
    const state = createFesState();
    const emitted: Array<[string, unknown]> = [];
    const ctx = { namespace: 't', clock: new VirtualClock(), random: seededRandom('t'), options: {}, emit: (topic: string, payload: unknown) => { emitted.push([topic, payload]); } };
    const fire = (topic: string, payload: unknown) => fesSimulator.events![topic]!(state, payload, ctx);
    return { state, ctx, emitted, fire };
  };
  const toActivation = { merchant: { id: 'G-M', inn: '7707083893', name: 'ИП Иванов', technicalContactEmail: 'tech@g-m.example' }, point: { id: 'G-P', name: 'Точка', address: 'Якутск', onlineShop: false } };

  it('LKF-02: a merchant arriving from GIS ES gets its API KEY; its point waits for activation', () => {
    const { state, fire } = setup();
    fire('gis.point.toActivation', toActivation);
    expect(state.merchants['G-M']).toMatchObject({ source: 'GIS', apiKeyStatus: 'ACTIVE', apiKey: expect.stringMatching(/^[0-9a-f]{48}$/) });
    expect(state.points['G-P']).toMatchObject({ status: 'NOT_ACTIVATED', merchantId: 'G-M' });
    const key = state.merchants['G-M']!.apiKey;
    fire('gis.point.toActivation', { ...toActivation, point: { ...toActivation.point, id: 'G-P2' } });
    expect(state.merchants['G-M']!.apiKey).toBe(key);
    expect(Object.keys(state.points)).toEqual(['G-P', 'G-P2']);
  });

  it('activation, disabling and blocking from GIS ES reach the point, its кассы and the merchant', () => {
    const { state, fire } = setup();
    fire('gis.point.toActivation', toActivation);
    fire('gis.point.activated', { merchantId: 'G-M', pointId: 'G-P', activeFrom: '2026-01-01T00:00:00.000Z' });
    expect(state.points['G-P']).toMatchObject({ status: 'ACTIVATED', activeFrom: '2026-01-01T00:00:00.000Z' });
    state.cashRegisters['CR-1'] = { id: 'CR-1', merchantId: 'G-M', pointId: 'G-P', vendor: 'ATOL', status: 'ACTIVE', macKey: 'k', createdAt: '' };
    state.points['G-P']!.cashRegisterIds.push('CR-1');
    fire('gis.point.disabled', { merchantId: 'G-M', pointId: 'G-P' });
    expect(state.points['G-P']!.status).toBe('DISABLED');
    expect(state.cashRegisters['CR-1']!.status).toBe('BLOCKED_BY_NSPK');
    fire('gis.merchant.blocked', { merchantId: 'G-M' });
    expect(state.merchants['G-M']!.status).toBe('BLOCKED');
    fire('gis.point.activated', { merchantId: 'G-M', pointId: 'G-P', activeFrom: '2026-01-01T00:00:00.000Z' });
    expect(state.points['G-P']!.status).toBe('DISABLED');
  });

  it('ignores events about points and merchants it does not know (malformed payloads never reach it: test/engine/events.test.ts)', () => {
    const { state, fire } = setup();
    fire('gis.point.activated', { merchantId: 'nope', pointId: 'nope', activeFrom: '2026-01-01T00:00:00.000Z' });
    fire('gis.point.disabled', { merchantId: 'nope', pointId: 'nope' });
    fire('gis.merchant.blocked', { merchantId: 'nope' });
    expect(state).toEqual(createFesState());
  });
});

describe('snapshots', () => {
  it('round-trips FES state: a basket approved before the snapshot is payable after the restore', async () => {
    const a = new FesClient(sb, 'snap-a');
    const pre = await a.preAuth(CARD_TWO_CERTS, [{ truCode: full(HEARING_KIND), count: 2, price: 100_000 }]);
    const echo = await a.sign('POST', '/api/v1/echo', ECHO_BODY);
    await inProcess(a.sb, a.base).post('/api/v1/echo').set(echo).set('content-type', 'application/json').send(ECHO_BODY).expect(200);
    const snap = await a.admin.snapshot();
    const b = new FesClient(sb, 'snap-b');
    await b.admin.restore(snap);
    expect(await b.state()).toEqual(snap.simulators.fes as FesState);
    await b.pay(pre.body.basket, CARD_TWO_CERTS).expect(200);
    expect((await b.get('/control/v1/certificates/907581400329309796796000000002')).body.balance).toMatchObject({ used: 2, reserved: 0 });
    expect((await a.get('/control/v1/certificates/907581400329309796796000000002')).body.balance).toMatchObject({ used: 0, reserved: 2 });
    // a request seen before the snapshot stays a replay after the restore
    const replay = await inProcess(b.sb, b.base).post('/api/v1/echo').set(echo).set('content-type', 'application/json').send(ECHO_BODY).expect(401);
    expect(replay.body.result.code).toBe(109);
  });

  it('refuses a snapshot whose FES state is incomplete, keeping the state it had', async () => {
    const c = new FesClient(sb, 'snap-bad');
    const snap = await c.admin.snapshot();
    const before = await c.state();
    const broken = { ...snap, simulators: { ...snap.simulators, fes: { merchants: {} } } };
    const r = await inProcess(sb).put('/ns/snap-bad/__admin/snapshot').send(broken).expect(400);
    expect(r.body.error.message).toMatch(/state of "fes": missing points/);
    expect(await c.state()).toEqual(before);
  });
});

describe('OpenAPI', () => {
  it('documents every FES operation with its schemas', async () => {
    const doc = (await inProcess(sb).get('/openapi/fes.json').expect(200)).body as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/echo', '/api/v1/preauth/purchase', '/api/v1/preauth/return', '/api/v1/receipts', '/terminal/v1/payments', '/terminal/v1/refunds']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
