// Event contracts between simulators: a simulator publishes only the topics it declares, with payloads
// that fit their schemas, and a published topic nobody hears is refused at start in development.
import { inProcess } from '../support/in-process.js';
import { afterEach, describe, expect, it } from 'vitest';
import { defineSimulator, type Simulator } from '../../src/engine/simulator.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { builtinSimulators } from '../../simulators/index.js';

/** Publishes what the request asks: a topic and a payload. */
const shouter = (publishes: Record<string, string>) => defineSimulator<Record<string, never>>({
  name: 'shouter', title: 'Shouter', description: 'Engine test fixture: publishes on request', protocolVersion: '1', schemas: [],
  createState: () => ({}),
  publishes,
  operations: [
    { id: 'shout', method: 'post', path: '/shout', tag: 's', summary: 'publish', request: { body: 'test/shout.request' }, responses: { 204: { description: 'published' } },
      handle: ({ body, ctx }) => {
        const { topic, payload } = body as { topic: string; payload: unknown };
        ctx.emit(topic, payload);
        return { status: 204 };
      } },
  ],
  renderError: (e) => ({ status: e.status, body: { code: e.code, message: e.message } }),
});

const listener = defineSimulator<{ heard: unknown[] }>({
  name: 'listener', title: 'Listener', description: 'Engine test fixture: keeps what it hears', protocolVersion: '1', schemas: [],
  createState: () => ({ heard: [] }),
  events: { 'counter.ping': (s, payload) => { s.heard.push(payload); } },
  operations: [],
  renderError: (e) => ({ status: e.status, body: { code: e.code } }),
});

let sb: Sandbox | undefined;
afterEach(async () => { await sb?.stop(); sb = undefined; });

const start = (available: Array<Simulator<any>>, validateResponses = true) => startSandbox({ available, validateResponses, demo: false });

describe('event contracts', () => {
  it('delivers a declared topic whose payload fits its schema', async () => {
    sb = await start([shouter({ 'counter.ping': 'test/counter.ping' }), listener]);
    await inProcess(sb).post('/shouter/shout').send({ topic: 'counter.ping', payload: 'added 3' }).expect(204);
    expect((await sb.admin.snapshot()).simulators.listener).toEqual({ heard: ['added 3'] });
  });

  it('answers an internal error, and delivers nothing, when a simulator publishes a topic it did not declare', async () => {
    sb = await start([shouter({ 'counter.ping': 'test/counter.ping' }), listener]);
    const r = await inProcess(sb).post('/shouter/shout').send({ topic: 'counter.pong', payload: 'added 3' }).expect(500);
    expect(r.body.message).toMatch(/published "counter.pong", which is not among the topics it declares/);
    expect((await sb.admin.snapshot()).simulators.listener).toEqual({ heard: [] });
  });

  it('answers an internal error, and delivers nothing, when a payload breaks its schema', async () => {
    sb = await start([shouter({ 'counter.ping': 'test/counter.ping' }), listener], false);
    const r = await inProcess(sb).post('/shouter/shout').send({ topic: 'counter.ping', payload: 42 }).expect(500);
    expect(r.body.message).toMatch(/event "counter.ping" breaks test\/counter.ping/);
    expect((await sb.admin.snapshot()).simulators.listener).toEqual({ heard: [] });
  });

  it('refuses to start, in development, a sandbox where a published topic has no subscriber', async () => {
    await expect(start([shouter({ 'counter.ping': 'test/counter.ping' })])).rejects.toThrow('simulator "shouter" publishes "counter.ping", which no simulator subscribes to');
    sb = await start([shouter({ 'counter.ping': 'test/counter.ping' })], false); // logged, not refused
  });

  it('every topic the built-in simulators publish is heard by one of them, LK FES served alone included', async () => {
    sb = await startSandbox({ simulators: ['fes'], validateResponses: true });
    const published = builtinSimulators.flatMap((s) => Object.keys(s.publishes ?? {})).sort();
    expect(published).toEqual(['fes.cashRegister.productionTestPassed', 'fes.cashRegister.registered', 'gis.merchant.blocked', 'gis.merchant.updated', 'gis.point.activated', 'gis.point.disabled', 'gis.point.toActivation', 'gis.point.updated']);
  });
});
