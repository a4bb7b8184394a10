// The core runs a simulator's time hook (tick) before authentication, before an event handler and
// before a snapshot; what authentication changes happens only once the request is also valid.
import { inProcess } from '../support/in-process.js';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineErrors } from '../../src/engine/errors.js';
import { defineSimulator, type Simulator } from '../../src/engine/simulator.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

interface GateState {
  /** Virtual times the core ticked at. */
  ticks: number[];
  /** How many ticks the authenticator had seen when it ran. */
  ticksSeenByAuth: number[];
  /** Keys admitted (an authentication's state change). */
  admitted: string[];
  added: number;
  heard: unknown[];
}

/** A key in X-Key opens /add; an admitted key is remembered in the state. */
const gate = defineSimulator<GateState>({
  name: 'gate', title: 'Gate', description: 'Engine test fixture: tick, authenticate, admit', protocolVersion: '1', schemas: [],
  createState: () => ({ ticks: [], ticksSeenByAuth: [], admitted: [], added: 0, heard: [] }),
  tick: (state, now) => { state.ticks.push(now); },
  authenticators: {
    key: ({ state, headers }, admit) => {
      state.ticksSeenByAuth.push(state.ticks.length);
      if (headers['x-key'] !== 'open-sesame') throw EngineErrors.CROSS_SITE_REFUSED({ origin: 'a keyless caller' });
      admit(() => state.admitted.push('open-sesame'));
      return { key: 'open-sesame' };
    },
  },
  events: { 'counter.ping': (state, payload) => { state.heard.push([payload, state.ticks.length]); } },
  operations: [
    { id: 'add', method: 'post', path: '/add', tag: 'g', summary: 'adds', auth: 'key', request: { body: 'test/counter.request' },
      responses: { 200: { description: 'added' } },
      handle: ({ state, body }) => { state.added += (body as { by: number }).by; return { body: { added: state.added } }; } },
  ],
  renderError: (e) => ({ status: e.status, body: { code: e.code } }),
});

const pinger = defineSimulator<Record<string, never>>({
  name: 'pinger', title: 'Pinger', description: 'Engine test fixture: publishes counter.ping', protocolVersion: '1', schemas: [],
  createState: () => ({}),
  publishes: { 'counter.ping': 'test/counter.ping' },
  operations: [
    { id: 'ping', method: 'post', path: '/ping', tag: 'p', summary: 'pings', responses: { 204: { description: 'published' } },
      handle: ({ ctx }) => { ctx.emit('counter.ping', 'added 1'); return { status: 204 }; } },
  ],
  renderError: (e) => ({ status: e.status, body: { code: e.code } }),
});

let sb: Sandbox | undefined;
afterEach(async () => { await sb?.stop(); sb = undefined; });
const start = (available: Array<Simulator<any>>) => startSandbox({ available, demo: false });
const gateState = async (s: Sandbox) => (await s.admin.snapshot()).simulators.gate as GateState;

describe('authenticate, then validate, then admit', () => {
  it('a request with a valid key but a bad body changes nothing; a valid one is admitted once', async () => {
    sb = await start([gate]);
    await inProcess(sb).post('/gate/add').set('X-Key', 'open-sesame').send({ by: 0 }).expect(400);
    await inProcess(sb).post('/gate/add').set('X-Key', 'open-sesame').send({ by: 1, extra: true }).expect(400);
    expect((await gateState(sb)).admitted).toEqual([]);
    expect((await gateState(sb)).added).toBe(0);
    await inProcess(sb).post('/gate/add').set('X-Key', 'open-sesame').send({ by: 2 }).expect(200, { added: 2 });
    expect((await gateState(sb)).admitted).toEqual(['open-sesame']);
  });
});

describe('tick', () => {
  it('runs before the authenticator, with the namespace\'s virtual now', async () => {
    sb = await start([gate]);
    await sb.admin.advanceClock('1h');
    const now = Date.parse((await sb.admin.clock()).now);
    await inProcess(sb).post('/gate/add').set('X-Key', 'open-sesame').send({ by: 1 }).expect(200);
    const state = await gateState(sb);
    expect(state.ticksSeenByAuth).toEqual([1]);
    expect(state.ticks[0]).toBeGreaterThanOrEqual(now);
    expect(state.ticks[0]).toBeLessThan(now + 60_000);
  });

  it('runs before an event reaches the simulator, and before a snapshot is taken', async () => {
    sb = await start([gate, pinger]);
    await inProcess(sb).post('/pinger/ping').expect(204);
    const state = await gateState(sb);
    expect(state.heard).toEqual([['added 1', 1]]); // ticked once, then heard
    expect(state.ticks).toHaveLength(2); // and once more for the snapshot
  });
});
