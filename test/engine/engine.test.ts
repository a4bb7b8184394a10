// The engine, exercised through a fixture simulator it has never heard of.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { counterSimulator } from './fixtures/counter.js';

let sb: Sandbox;
const auth = { 'x-token': 'secret-token-1234' };

beforeAll(async () => {
  sb = await startSandbox({ available: [counterSimulator], bodyLimitBytes: 2048, validateResponses: true });
});
afterAll(() => sb.stop());

const api = () => inProcess(sb);

describe('namespaces', () => {
  it('keeps state apart by path prefix and by header, and a reset touches only its own namespace', async () => {
    await api().post('/ns/suite-a/counter/add').set(auth).send({ by: 5 }).expect(200, { value: 15 });
    await api().post('/counter/add').set(auth).set('x-poligon-namespace', 'suite-b').send({ by: 7 }).expect(200, { value: 17 });
    await api().get('/ns/suite-b/counter/value').expect(200).expect((r) => expect(r.body.value).toBe(17));
    await api().get('/counter/value').expect((r) => expect(r.body.value).toBe(10));

    await api().post('/ns/suite-a/__admin/reset').send({}).expect(200);
    await api().get('/ns/suite-a/counter/value').expect((r) => expect(r.body.value).toBe(10));
    await api().get('/ns/suite-b/counter/value').expect((r) => expect(r.body.value).toBe(17));
  });

  it('refuses an invalid namespace name with a clear message', async () => {
    const r = await api().get('/ns/bad%20name!/counter/value').expect(400);
    expect(r.body.error.code).toBe('POLIGON_BAD_NAMESPACE');
    expect(r.body.error.message).toMatch(/letters, digits/);
  });

  it('resets without the demo world when asked', async () => {
    await api().post('/ns/empty/__admin/reset').send({ demo: false }).expect(200);
    await api().get('/ns/empty/counter/value').expect((r) => expect(r.body.value).toBe(0));
  });
});

describe('pipeline errors are rendered in the simulator format', () => {
  it('names the field, the expectation and the received value on a schema failure, and changes nothing', async () => {
    const r = await api().post('/ns/v1/counter/add').set(auth).send({ by: 'five', extra: 1 }).expect(400);
    expect(r.body.fail).toBe('POLIGON_VALIDATION');
    expect(r.body.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ pointer: '/by', expected: 'type integer', received: 'five' }),
      expect.objectContaining({ pointer: '/extra', message: 'is not a known field' }),
    ]));
    await api().get('/ns/v1/counter/value').expect((res) => expect(res.body.value).toBe(10));
  });

  it('checks domain formats with their real checksums', async () => {
    const r = await api().post('/ns/v1/counter/add').set(auth).send({ by: 1, inn: '7707083894' }).expect(400);
    expect(r.body.problems[0]).toMatchObject({ pointer: '/inn', message: 'is not a valid inn' });
    await api().post('/ns/v1/counter/add').set(auth).send({ by: 1, inn: '7707083893' }).expect(200);
  });

  it('answers malformed JSON, a wrong media type, an oversized body and a missing body with 4xx', async () => {
    const bad = await api().post('/ns/v2/counter/add').set(auth).set('content-type', 'application/json').send('{"by": ').expect(400);
    expect(bad.body.fail).toBe('POLIGON_MALFORMED_BODY');
    const media = await api().post('/ns/v2/counter/add').set(auth).set('content-type', 'text/plain').send('by=1').expect(415);
    expect(media.body.text).toMatch(/text\/plain/);
    const big = await api().post('/ns/v2/counter/add').set(auth).send({ by: 1, pad: 'x'.repeat(5000) }).expect(413);
    expect(big.body.fail).toBe('POLIGON_BODY_TOO_LARGE');
    const none = await api().post('/ns/v2/counter/add').set(auth).expect(400);
    expect(none.body.problems[0].message).toMatch(/required/);
    await api().get('/ns/v2/counter/value').expect((res) => expect(res.body.value).toBe(10));
  });

  it('runs the authenticator before validation and renders its refusal', async () => {
    const r = await api().post('/ns/v3/counter/add').set('x-token', 'nope').send({ by: 'x' }).expect(409);
    expect(r.body.fail).toBe('COUNTER_TOO_BIG');
  });

  it('answers an unknown path under a simulator in its own format', async () => {
    const r = await api().get('/counter/nowhere').expect(404);
    expect(r.body.fail).toBe('POLIGON_NOT_FOUND');
  });
});

describe('journal', () => {
  it('records request and answer with secrets masked, filters and long-polls', async () => {
    await api().post('/ns/j/counter/add').set(auth).send({ by: 2 }).expect(200);
    const { entries } = await sb.admin.forNamespace('j').journal({ operation: 'counter.add' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.requestHeaders['x-token']).toBe('****1234');
    expect(entries[0]!.requestBody).toEqual({ by: 2 });
    expect(entries[0]!.status).toBe(200);
    expect(JSON.stringify(entries)).not.toContain('secret-token-1234');

    const waiting = sb.admin.forNamespace('j').waitFor({ operation: 'add', afterSeq: entries[0]!.seq }, 5000);
    await api().post('/ns/j/counter/add').set(auth).send({ by: 3 }).expect(200);
    expect((await waiting)?.requestBody).toEqual({ by: 3 });
    expect(await sb.admin.forNamespace('j').waitFor({ operation: 'get', afterSeq: 99 }, 50)).toBeUndefined();
  });

  it('masks secret-named fields in bodies', async () => {
    await api().post('/ns/j2/counter/add').set(auth).send({ by: 1, password: 'hunter2-very-secret' }).expect(400);
    const { entries } = await sb.admin.forNamespace('j2').journal();
    expect(JSON.stringify(entries)).not.toContain('hunter2-very-secret');
    expect((entries[0]!.requestBody as Record<string, string>).password).toBe('****cret');
  });
});

describe('virtual clock', () => {
  it('moves forward per namespace and refuses to go back', async () => {
    const before = Date.parse((await api().get('/ns/c1/counter/value')).body.now);
    await sb.admin.forNamespace('c1').advanceClock('30m');
    const after = Date.parse((await api().get('/ns/c1/counter/value')).body.now);
    expect(after - before).toBeGreaterThanOrEqual(30 * 60_000);
    const other = Date.parse((await api().get('/ns/c2/counter/value')).body.now);
    expect(other).toBeLessThan(after - 29 * 60_000);
    const r = await api().post('/ns/c1/__admin/clock').send({ set: '2000-01-01T00:00:00Z' }).expect(400);
    expect(r.body.error.message).toMatch(/cannot set the clock back/);
    await api().post('/ns/c1/__admin/clock').send({ advance: 'soon' }).expect(400);
  });
});

describe('faults', () => {
  it('answers a chosen error for the next N requests only', async () => {
    const admin = sb.admin.forNamespace('f1');
    await admin.addFault({ operation: 'counter.get', kind: 'error', status: 502, body: { down: true }, times: 2 });
    await api().get('/ns/f1/counter/value').expect(502, { down: true });
    await api().get('/ns/f1/counter/value').expect(502);
    await api().get('/ns/f1/counter/value').expect(200);
    expect((await admin.faults()).faults).toHaveLength(0);
  });

  it('renders a catalogue error code in the simulator format', async () => {
    await sb.admin.forNamespace('f2').addFault({ operation: 'counter.*', kind: 'error', errorCode: 'COUNTER_TOO_BIG', times: 1 });
    const r = await api().get('/ns/f2/counter/value').expect(409);
    expect(r.body.fail).toBe('COUNTER_TOO_BIG');
  });

  it('delays answers and counts slow ones in the service-level stats', async () => {
    const admin = sb.admin.forNamespace('f3');
    await admin.addFault({ operation: 'counter.get', kind: 'latency', latencyMs: 60, times: 1 });
    const t = performance.now();
    await api().get('/ns/f3/counter/value').expect(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
    const stats = await admin.stats();
    expect(stats.operations['counter.get']!.count).toBe(1);
  });

  it('drops the connection without an answer and counts it as unanswered', async () => {
    const admin = sb.admin.forNamespace('f4');
    await admin.addFault({ operation: 'counter.get', kind: 'drop', times: 1 });
    await expect(fetch(`${sb.url}/ns/f4/counter/value`)).rejects.toThrow();
    const stats = await admin.stats();
    expect(stats.operations['counter.get']!.unanswered).toBe(1);
    expect(stats.total.share).toBe(1);
  });

  it('answers an HTML error page instead of JSON, as a proxy in front of a service does', async () => {
    const admin = sb.admin.forNamespace('f7');
    await admin.addFault({ operation: 'counter.get', kind: 'html', times: 1 });
    const r = await fetch(`${sb.url}/ns/f7/counter/value`);
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await r.text()).toMatch(/^<!DOCTYPE html>\n<html><head><title>502 Bad Gateway<\/title>/);
    const next = await fetch(`${sb.url}/ns/f7/counter/value`);
    expect(next.status).toBe(200);
  });

  it('applies a probability to a share of requests, repeatably for a seed', async () => {
    const admin = sb.admin.forNamespace('f5');
    await admin.addFault({ operation: 'counter.get', kind: 'error', status: 503, body: {}, probability: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await api().get('/ns/f5/counter/value')).status);
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });

  it('refuses a fault for an unknown operation, naming the known ones', async () => {
    const r = await api().post('/ns/f6/__admin/faults').send({ operation: 'counter.nope', kind: 'drop' }).expect(400);
    expect(r.body.error.message).toMatch(/counter\.add/);
    await api().post('/ns/f6/__admin/faults').send({ operation: 'counter.get', kind: 'latency' }).expect(400);
  });

  it('refuses a latency range whose maximum is below its minimum, and keeps no rule', async () => {
    const r = await api().post('/ns/f7/__admin/faults').send({ operation: 'counter.get', kind: 'latency', latencyMs: 500, latencyMaxMs: 100 }).expect(400);
    expect(r.body.error.message).toMatch(/latencyMaxMs 100 is below latencyMs 500/);
    expect((await api().get('/ns/f7/__admin/faults').expect(200)).body.faults).toEqual([]);
    await api().post('/ns/f7/__admin/faults').send({ operation: 'counter.get', kind: 'latency', latencyMs: 100, latencyMaxMs: 100 }).expect(201);
  });
});

describe('snapshots', () => {
  it('exports and imports a namespace state, clock included', async () => {
    const a = sb.admin.forNamespace('s1');
    await api().post('/ns/s1/counter/add').set(auth).send({ by: 4 }).expect(200);
    await a.advanceClock('1h');
    const snap = await a.snapshot();
    const b = sb.admin.forNamespace('s2');
    await b.restore(snap);
    await api().get('/ns/s2/counter/value').expect((r) => expect(r.body.value).toBe(14));
    expect((await b.clock()).offsetMs).toBeGreaterThanOrEqual(3_600_000);
  });

  it('refuses a broken snapshot and keeps the state it had', async () => {
    await api().post('/ns/s3/counter/add').set(auth).send({ by: 1 }).expect(200);
    const r = await api().put('/ns/s3/__admin/snapshot').send({ format: 'poligon-snapshot/1', clockOffsetMs: 0, simulators: {} }).expect(400);
    expect(r.body.error.message).toMatch(/no state for simulator "counter"/);
    await api().put('/ns/s3/__admin/snapshot').set('content-type', 'application/json').send('{oops').expect(400);
    await api().get('/ns/s3/counter/value').expect((res) => expect(res.body.value).toBe(11));
  });
});

describe('events, demo, docs', () => {
  it('delivers events between simulators of the namespace', async () => {
    await api().post('/ns/e1/counter/add').set(auth).send({ by: 1 }).expect(200);
    const snap = await sb.admin.forNamespace('e1').snapshot();
    expect((snap.simulators.counter as { events: string[] }).events).toEqual(['added 1']);
  });

  it('describes the demo world with full URLs', async () => {
    const r = await api().get('/__admin/demo').expect(200);
    expect(r.body.sections[0].lines).toContainEqual(['url', `${sb.url}/counter`]);
  });

  it("describes the demo world as of the namespace's virtual now", async () => {
    await api().post('/ns/demo-later/__admin/clock').send({ advance: '2d' }).expect(200);
    const r = await api().get('/ns/demo-later/__admin/demo').expect(200);
    const asOf = Date.parse(Object.fromEntries(r.body.sections[0].lines as Array<[string, string]>)['as of']!);
    expect(asOf - Date.now()).toBeGreaterThan(47 * 3600_000);
  });

  it('serves an OpenAPI 3.1 document built from the schemas and a docs page', async () => {
    const r = await api().get('/openapi/counter.json').expect(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(r.body.paths['/add'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/test.counter.request');
    expect(r.body.components.schemas['test.counter.request'].required).toEqual(['by']);
    const page = await api().get('/docs/counter').expect(200);
    expect(page.text).toContain('/openapi/counter.json');
    await api().get('/docs/assets/swagger-ui-bundle.js').expect(200);
  });

  it('lists the error catalogue', async () => {
    const r = await api().get('/__admin/errors').expect(200);
    expect(r.body.errors).toContainEqual(expect.objectContaining({ code: 'COUNTER_TOO_BIG', status: 409, systemCode: 'C1' }));
  });
});

describe('default namespace', () => {
  it('sends requests without a prefix or header to the configured namespace, and nowhere else', async () => {
    const other = await startSandbox({ available: [counterSimulator], defaultNamespace: 'suite-x' });
    try {
      await inProcess(other).post('/counter/add').set(auth).send({ by: 3 }).expect(200, { value: 13 });
      await inProcess(other).get('/ns/suite-x/counter/value').expect((r) => expect(r.body.value).toBe(13));
      await inProcess(other).get('/ns/default/counter/value').expect((r) => expect(r.body.value).toBe(10));
      const { entries } = await other.admin.journal();
      expect(entries.map((e) => [e.namespace, e.operation])).toEqual([['suite-x', 'counter.add'], ['suite-x', 'counter.get']]);
      expect(other.demoSections()[0]!.lines).toContainEqual(['value', '13']);
    } finally {
      await other.stop();
    }
  });

  it('refuses a default namespace name that a URL could not carry', async () => {
    await expect(startSandbox({ available: [counterSimulator], defaultNamespace: 'two words' })).rejects.toThrow(/defaultNamespace/);
  });
});
