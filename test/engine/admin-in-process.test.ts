// The admin API is a built-in simulator of the core: requests as plain values through `app.handle`,
// no socket and no express. Statuses, bodies and error codes typed by hand from schemas/admin/* and
// the engine's catalogue (src/engine/errors.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/engine/app.js';
import { resolveConfig } from '../../src/engine/config.js';
import type { CoreRequest } from '../../src/engine/http.js';
import { createLogger } from '../../src/engine/log.js';
import { counterSimulator } from './fixtures/counter.js';

const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const config = (more: object) => resolveConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }, { validateResponses: true, bodyLimitBytes: 1024, ...more });
const app = createApp(config({}), [counterSimulator], createLogger('silent'));
const guarded = createApp(config({ adminToken: ADMIN_TOKEN }), [counterSimulator], createLogger('silent'));
afterAll(() => { app.store.close(); guarded.store.close(); });

type Call = Partial<Omit<CoreRequest, 'body'>> & { url: string; body?: string | Buffer };
const callOn = (core: typeof app) => async ({ body, ...request }: Call) => {
  const answer = await core.handle({ method: 'GET', headers: {}, ...request, body: typeof body === 'string' ? Buffer.from(body) : body });
  const text = answer.body.toString();
  return { ...answer, json: text ? JSON.parse(text) : undefined };
};
const call = callOn(app);
const json = { 'content-type': 'application/json' };
const post = (url: string, body: string, method = 'POST') => call({ method, url, headers: json, body });

describe('the admin API through core.handle', () => {
  it('answers as values, in the namespace its path or header names', async () => {
    const moved = await post('/ns/adm-a/__admin/clock', '{"advance":"90s"}');
    expect(moved.status).toBe(200);
    expect(moved.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(moved.json.offsetMs).toBe(90_000);
    await call({ method: 'POST', url: '/__admin/clock', headers: { ...json, 'x-poligon-namespace': 'adm-b' }, body: '{"advance":"PT2M"}' });
    expect((await call({ url: '/ns/adm-b/__admin/clock' })).json.offsetMs).toBe(120_000);
    expect((await call({ url: '/__admin/clock' })).json.offsetMs).toBe(0);
    expect((await call({ method: 'HEAD', url: '/__admin/health' })).status).toBe(200);
  });

  it('keeps a namespace prefix in the demo\'s URLs', async () => {
    app.setBaseUrl('http://sandbox.test:8080');
    const demo = (await call({ url: '/ns/adm-demo/__admin/demo' })).json;
    expect(demo.namespace).toBe('adm-demo');
    expect(demo.sections[0].lines).toContainEqual(['url', 'http://sandbox.test:8080/ns/adm-demo/counter']);
    expect((await call({ url: '/__admin/demo' })).json.sections[0].lines).toContainEqual(['url', 'http://sandbox.test:8080/counter']);
  });

  it('refuses bad input to each admin body with 400 in the admin format, changing nothing', async () => {
    const cases: Array<[string, string, string, unknown]> = [
      ['PUT', '/token', '{"token":"has a space in it, long enough"}',
        { pointer: '/token', in: 'body', message: 'must match pattern "^\\S+$"', expected: 'a string matching ^\\S+$', received: '****ough' }],
      ['POST', '/reset', '{"demo":"yes"}', { pointer: '/demo', in: 'body', message: 'must be boolean', expected: 'type boolean', received: 'yes' }],
      ['POST', '/clock', '{"advance":"1d","back":"1d"}', { pointer: '/back', in: 'body', message: 'is not a known field', expected: 'no fields other than those the schema lists', received: '1d' }],
      // (no "latencyMs is required" beside it: that rule is for latency faults only)
      ['POST', '/faults', '{"operation":"counter.get"}', { pointer: '/kind', in: 'body', message: 'is required', expected: 'field "kind" to be present' }],
      ['POST', '/faults', '{"operation":"counter.get","kind":"explode"}',
        { pointer: '/kind', in: 'body', message: 'must be equal to one of the allowed values', expected: 'one of ["latency","error","html","drop"]', received: 'explode' }],
    ];
    for (const [method, path, body, problem] of cases) {
      const r = await post(`/ns/adm-bad/__admin${path}`, body, method);
      expect(r.status, path).toBe(400);
      expect(r.json.error.code, path).toBe('POLIGON_VALIDATION');
      expect(r.json.error.problems, path).toEqual([problem]);
      expect(r.json.error.hint, path).toBe('See `errors` for the JSON pointer, what was expected and what was received.');
    }
    // the token is required: no body at all reads as {}
    const noToken = await call({ method: 'PUT', url: '/ns/adm-bad/__admin/token' });
    expect(noToken.json.error.problems).toEqual([{ pointer: '/token', in: 'body', message: 'is required', expected: 'field "token" to be present' }]);
    const state = (await call({ url: '/ns/adm-bad/__admin/faults' })).json;
    expect(state).toEqual({ faults: [] });
    expect((await call({ url: '/ns/adm-bad/__admin/clock' })).json.offsetMs).toBe(0);
    expect(app.store.get('adm-bad').token).toBeUndefined();
  });

  it('refuses a bad journal query, a body an operation does not take, a wrong media type and broken JSON', async () => {
    const query = await call({ url: '/ns/adm-q/__admin/journal?limit=0' });
    expect(query.status).toBe(400);
    expect(query.json.error).toMatchObject({ code: 'POLIGON_VALIDATION', problems: [{ pointer: '/limit', in: 'query', message: 'must match pattern "^[1-9]\\d*$"', received: '0' }] });
    const extra = await post('/ns/adm-q/__admin/journal', '{"all":true}', 'DELETE');
    expect(extra.status).toBe(400);
    expect(extra.json.error.problems).toEqual([{ pointer: '/', in: 'body', message: 'this operation takes no request body', expected: 'no body', received: { all: true } }]);
    const text = await call({ method: 'POST', url: '/ns/adm-q/__admin/reset', headers: { 'content-type': 'text/plain' }, body: 'reset please' });
    expect(text.status).toBe(415);
    expect(text.json).toEqual({ error: { code: 'POLIGON_UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type text/plain is not accepted here; send application/json' } });
    const broken = await post('/ns/adm-q/__admin/faults', '{"operation": ');
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('POLIGON_MALFORMED_BODY');
  });

  it('answers a wrong method with 405 and Allow, an unknown admin path with 404', async () => {
    const wrong = await call({ method: 'PATCH', url: '/__admin/clock' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.Allow).toBe('GET, HEAD, POST');
    expect(wrong.json).toEqual({ error: { code: 'POLIGON_METHOD_NOT_ALLOWED', message: '/clock in __admin does not answer PATCH; it answers GET, HEAD, POST' } });
    expect((await call({ method: 'PUT', url: '/ns/adm-m/__admin/faults' })).headers.Allow).toBe('GET, HEAD, POST, DELETE');
    const unknown = await call({ url: '/__admin/nothing' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'POLIGON_NOT_FOUND', message: 'No operation GET /nothing in __admin' });
  });

  it('keeps the admin body limit, and lets a snapshot import be larger', async () => {
    const pad = 'x'.repeat(100 * 1024);
    const fault = await post('/ns/adm-l/__admin/faults', `{"operation":"*","kind":"latency","latencyMs":1,"note":"${pad}"}`);
    expect(fault.status).toBe(413);
    expect(fault.json.error).toMatchObject({ code: 'POLIGON_BODY_TOO_LARGE', message: 'The request body is larger than the 65536 bytes allowed' });
    const snapshot = `{"format":"poligon-snapshot/1","namespace":"x","createdAt":"2026-12-04T00:00:00.000Z","clockOffsetMs":5000,"simulators":{"counter":{"value":7,"events":[]}},"note":"${pad}"}`;
    expect((await post('/ns/adm-l/__admin/snapshot', snapshot, 'PUT')).json).toEqual({ namespace: 'adm-l', restored: true });
    expect((await call({ url: '/ns/adm-l/counter/value' })).json.value).toBe(7);
  });

  it('journals no admin call (the journal is the namespace\'s traffic), and long-polls in process', async () => {
    await call({ url: '/ns/adm-j/__admin/clock' });
    await post('/ns/adm-j/__admin/reset', '{}');
    const waiting = call({ url: '/ns/adm-j/__admin/journal?waitMs=10000&operation=counter.add' });
    await call({ method: 'POST', url: '/ns/adm-j/counter/add', headers: { ...json, 'x-token': 'secret-token-1234' }, body: '{"by":1}' });
    const polled = (await waiting).json;
    expect(polled.timedOut).toBe(false);
    expect(polled.entries.map((e: { method: string; path: string; status: number }) => [e.method, e.path, e.status])).toEqual([['POST', '/ns/adm-j/counter/add', 200]]);
    const all = (await call({ url: '/ns/adm-j/__admin/journal' })).json;
    expect(all.entries).toHaveLength(1);
  });
});

describe('one source: the document and the router', () => {
  it('every operation /openapi/admin.json lists under /__admin is served (none answers 404 or 405)', async () => {
    const doc = (await call({ url: '/openapi/admin.json' })).json;
    const served = Object.entries(doc.paths as Record<string, Record<string, unknown>>).filter(([, item]) => !item.servers);
    expect(served.length).toBeGreaterThan(10);
    for (const [path, item] of served) {
      for (const method of Object.keys(item)) {
        const r = await call({ method: method.toUpperCase(), url: `/ns/adm-doc/__admin${path.replace('{id}', 'no-such-fault')}`, headers: json, body: method === 'get' ? undefined : '{}' });
        expect([404, 405], `${method} ${path}`).not.toContain(r.status);
      }
    }
  });
});

describe('the guard in front of the admin API, in process', () => {
  const g = callOn(guarded);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('needs the admin token (401 with WWW-Authenticate), masks secrets unless ?secrets=include', async () => {
    const refused = await g({ url: '/__admin/snapshot' });
    expect(refused.status).toBe(401);
    expect(refused.headers['WWW-Authenticate']).toBe('Bearer realm="poligon-admin"');
    expect(refused.json.error.code).toBe('POLIGON_ADMIN_TOKEN_REQUIRED');
    expect((await g({ url: '/__admin/health' })).status).toBe(200);
    await g({ method: 'PUT', url: '/ns/adm-g/__admin/token', headers: { ...json, ...bearer(ADMIN_TOKEN) }, body: '{"token":"namespace-token-0123456789"}' });
    const masked = await g({ url: '/ns/adm-g/__admin/snapshot', headers: bearer('namespace-token-0123456789') });
    expect(masked.status).toBe(200);
    expect(masked.json.simulators).toEqual({ counter: { value: 10, events: [] } });
    const clear = await g({ url: '/ns/adm-g/__admin/snapshot?secrets=include', headers: bearer(ADMIN_TOKEN) });
    expect(clear.headers['Content-Length']).toBe(String(clear.body.length));
    expect(clear.json.format).toBe('poligon-snapshot/1');
    expect((await g({ url: '/ns/adm-g/__admin/clock', headers: bearer('another-token-0123456789') })).status).toBe(401);
  });

  it('refuses a state change from a page of another site (403) before anything is read', async () => {
    const r = await g({ method: 'POST', url: '/__admin/reset', headers: { ...bearer(ADMIN_TOKEN), origin: 'https://evil.example', host: 'sandbox.test' } });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('POLIGON_CROSS_SITE_REFUSED');
  });
});

describe('the index and unknown paths, in the core', () => {
  it('GET / lists the simulators and where their documents are', async () => {
    const r = await call({ url: '/' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      name: 'poligon',
      simulators: [{ name: 'counter', title: 'Counter', baseUrl: '/counter', openapi: '/openapi/counter.json', docs: '/docs/counter' }],
      admin: '/__admin',
      namespaces: 'prefix any path with /ns/<name>, or send the X-Poligon-Namespace header',
    });
  });

  it('answers a path nobody serves with 404 in the admin format and journals it, under the docs too', async () => {
    const r = await call({ method: 'POST', url: '/ns/unk/nowhere?x=1' });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: { code: 'POLIGON_NOT_FOUND', message: 'No operation POST /ns/unk/nowhere in poligon', hint: 'GET / lists the simulators and their OpenAPI documents, which list every operation.' } });
    const docs = await call({ url: '/openapi/nothing.json', headers: { 'x-poligon-namespace': 'unk' } });
    expect(docs.status).toBe(404);
    expect(docs.json.error.message).toBe('No operation GET /openapi/nothing.json in poligon');
    const { entries } = (await call({ url: '/ns/unk/__admin/journal' })).json;
    expect(entries.map((e: { method: string; path: string; query: unknown; status: number; errorCode: string; simulator: string }) => [e.method, e.path, e.query, e.status, e.errorCode, e.simulator])).toEqual([
      ['POST', '/ns/unk/nowhere', { x: '1' }, 404, 'POLIGON_NOT_FOUND', 'poligon'],
      ['GET', '/openapi/nothing.json', {}, 404, 'POLIGON_NOT_FOUND', 'poligon'],
    ]);
  });
});
