// Simulator traffic is served on node:http directly (src/engine/app.ts, http.ts, routes.ts), not
// through express: these tests pin the HTTP behaviour clients relied on when express routed it.
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineSimulator } from '../../src/engine/simulator.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

/** Answers what the pipeline made of the request. */
const mirrorSimulator = defineSimulator<{ writes: number }>({
  name: 'mirror',
  title: 'Mirror',
  description: 'Engine test fixture: answers what the pipeline made of the request',
  protocolVersion: '1',
  schemas: [],
  createState: () => ({ writes: 0 }),
  operations: [
    { id: 'item', method: 'get', path: '/items/:itemId/parts/:partId', tag: 'm', summary: 'parametric', responses: { 200: { description: 'echo' } },
      handle: ({ params, query, path, ip }) => ({ body: { op: 'item', params, query, path, ip } }) },
    { id: 'special', method: 'get', path: '/items/special/parts/all', tag: 'm', summary: 'literal', responses: { 200: { description: 'echo' } },
      handle: () => ({ body: { op: 'special' } }) },
    { id: 'write', method: 'post', path: '/write', tag: 'm', summary: 'counts bytes', request: { body: 'test/counter.request' }, responses: { 200: { description: 'echo' } },
      handle: ({ state, body, rawBody }) => {
        state.writes++;
        const answer = { writes: state.writes, bytes: rawBody.length, body: { ...(body as object) } };
        // a handler may change what it was given or what it answered (state built from them) later
        (body as Record<string, unknown>).changedByHandler = true;
        setImmediate(() => { answer.writes = -1; });
        return { body: answer };
      } },
    { id: 'writes', method: 'get', path: '/writes', tag: 'm', summary: 'how many writes', responses: { 200: { description: 'count' } },
      handle: ({ state }) => ({ body: { writes: state.writes } }) },
  ],
  renderError: (e) => ({ status: e.status, body: { fault: e.code, text: e.message } }),
});

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ available: [mirrorSimulator], bodyLimitBytes: 1024 });
});
afterAll(() => sb.stop());
const api = () => request(sb.url);

/** Sends raw bytes and resolves with the status and whether the server closed the connection. */
function rawPost(path: string, headers: Record<string, string | number>, body: Buffer): Promise<{ status: number; body: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${sb.url}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body: text, closed: res.headers.connection === 'close' }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('routing simulator operations', () => {
  it('gives percent-decoded path parameters, the query and the path below the mount point', async () => {
    const r = await api().get('/mirror/items/a%2Fb/parts/%D0%BA%D0%B0%D1%81%D1%81%D0%B0?tag=1&tag=2&q=x').expect(200);
    expect(r.body).toEqual({ op: 'item', params: { itemId: 'a/b', partId: 'касса' }, query: { tag: ['1', '2'], q: 'x' }, path: '/items/a%2Fb/parts/%D0%BA%D0%B0%D1%81%D1%81%D0%B0', ip: expect.any(String) });
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('prefers a literal path over a parametric one of the same shape, and routes namespaced paths alike', async () => {
    await api().get('/mirror/items/special/parts/all').expect(200, { op: 'special' });
    const r = await api().get('/ns/routing/mirror/items/7/parts/8').expect(200);
    expect(r.body.params).toEqual({ itemId: '7', partId: '8' });
  });

  it('matches like express did: any letter case, a trailing slash, HEAD answered by the GET operation without a body', async () => {
    await api().get('/MIRROR/Writes/').expect(200, { writes: 0 });
    const head = await api().head('/mirror/writes').expect(200);
    expect(head.text ?? '').toBe('');
  });

  it('answers a path parameter that is not valid percent-encoding with 400 in the simulator format', async () => {
    const r = await api().get('/mirror/items/%E0%A4%A/parts/1').expect(400);
    expect(r.body.fault).toBe('POLIGON_VALIDATION');
    expect(r.body.text).toMatch(/percent-encoding/);
  });

  it('answers a wrong method on a known path with 405 and Allow, an unknown path with 404, in the simulator format', async () => {
    const wrongMethod = await api().delete('/mirror/writes').expect(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    expect(wrongMethod.body).toEqual({ fault: 'POLIGON_METHOD_NOT_ALLOWED', text: '/writes in mirror does not answer DELETE; it answers GET, HEAD' });
    expect((await api().get('/mirror/write').expect(405)).headers.allow).toBe('POST');
    const unknown = await api().get('/ns/routing/mirror').expect(404);
    expect(unknown.body.text).toMatch(/No operation GET \/ in mirror/);
  });

  it('journals requests no operation matched: a 404, a 405, a bad percent-encoding, an unknown top-level path', async () => {
    const ns = 'journal-unmatched';
    await api().get(`/ns/${ns}/mirror/nowhere`).expect(404);
    await api().delete(`/ns/${ns}/mirror/writes`).expect(405);
    await api().get(`/ns/${ns}/mirror/items/%E0%A4%A/parts/1`).expect(400);
    await api().get(`/ns/${ns}/no-such-thing?x=1`).expect(404);
    const { entries } = (await api().get(`/ns/${ns}/__admin/journal`).expect(200)).body;
    expect(entries.map((e: any) => [e.method, e.path, e.status, e.errorCode, e.operation])).toEqual([
      ['GET', `/ns/${ns}/mirror/nowhere`, 404, 'POLIGON_NOT_FOUND', undefined],
      ['DELETE', `/ns/${ns}/mirror/writes`, 405, 'POLIGON_METHOD_NOT_ALLOWED', undefined],
      ['GET', `/ns/${ns}/mirror/items/%E0%A4%A/parts/1`, 400, 'POLIGON_VALIDATION', undefined],
      ['GET', `/ns/${ns}/no-such-thing`, 404, 'POLIGON_NOT_FOUND', undefined],
    ]);
    expect(entries[1].responseHeaders.allow).toBe('GET, HEAD');
    expect(entries[3].query).toEqual({ x: '1' });
  });

  it('refuses a namespace prefix that is not valid percent-encoding, in the admin format', async () => {
    const r = await api().get('/ns/%E0/mirror/writes').expect(400);
    expect(r.body.error.code).toBe('POLIGON_BAD_NAMESPACE');
  });

  it('still serves the admin API, docs and unknown top-level paths (loaded on first use)', async () => {
    const health = await api().get('/__admin/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', simulators: ['mirror'] });
    const namespaced = await api().get('/ns/health-x/__admin/health').expect(200);
    expect(Object.keys(namespaced.body).sort()).toEqual(Object.keys(health.body).sort());
    await api().get('/openapi/mirror.json').expect(200);
    const r = await api().get('/nowhere').expect(404);
    expect(r.body.error.code).toBe('POLIGON_NOT_FOUND');
  });
});

describe('request bodies', () => {
  it('decodes a gzip-compressed body before validation and handling', async () => {
    const json = Buffer.from(JSON.stringify({ by: 3 }));
    const r = await rawPost('/ns/bodies-gzip/mirror/write', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(json));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ writes: 1, bytes: json.length, body: { by: 3 } });
  });

  it('refuses an unknown content encoding or a corrupt gzip body with 400, changing nothing', async () => {
    const unknown = await rawPost('/ns/bodies-bad/mirror/write', { 'content-type': 'application/json', 'content-encoding': 'zstd' }, Buffer.from('{"by":1}'));
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).text).toMatch(/unsupported content encoding "zstd"/);
    const corrupt = await rawPost('/ns/bodies-bad/mirror/write', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, Buffer.from('not gzip at all'));
    expect(corrupt.status).toBe(400);
    expect(JSON.parse(corrupt.body).fault).toBe('POLIGON_MALFORMED_BODY');
    await api().get('/ns/bodies-bad/mirror/writes').expect(200, { writes: 0 });
  });

  it('refuses a body over the limit with 413 and closes that connection, whether it was declared or streamed', async () => {
    const big = Buffer.from(JSON.stringify({ by: 1, pad: 'x'.repeat(4000) }));
    const declared = await rawPost('/ns/bodies-big/mirror/write', { 'content-type': 'application/json', 'content-length': big.length }, big);
    expect(declared.status).toBe(413);
    expect(declared.closed).toBe(true);
    expect(JSON.parse(declared.body).fault).toBe('POLIGON_BODY_TOO_LARGE');
    const streamed = await rawPost('/ns/bodies-big/mirror/write', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, big);
    expect(streamed.status).toBe(413);
    expect(streamed.closed).toBe(true);
    await api().get('/ns/bodies-big/mirror/writes').expect(200, { writes: 0 });
  });

  it('survives a client that disconnects in the middle of its body, and keeps serving', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${sb.url}/ns/bodies-abort/mirror/write`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 500 }, agent: false });
      req.on('error', () => resolve());
      req.write('{"by": 1, "pad": "');
      setTimeout(() => { req.destroy(); resolve(); }, 50);
    });
    await api().post('/ns/bodies-abort/mirror/write').send({ by: 2 }).expect(200);
    await api().get('/ns/bodies-abort/mirror/writes').expect(200, { writes: 1 });
  });
});

describe('client address', () => {
  it('ignores X-Forwarded-For unless trustProxy says whom to trust', async () => {
    const plain = await api().get('/mirror/items/1/parts/2').set('x-forwarded-for', '203.0.113.9').expect(200);
    expect(plain.body.ip).not.toBe('203.0.113.9');
    const behindProxy = await startSandbox({ available: [mirrorSimulator], trustProxy: 'loopback' });
    try {
      const r = await request(behindProxy.url).get('/mirror/items/1/parts/2').set('x-forwarded-for', '203.0.113.9').expect(200);
      expect(r.body.ip).toBe('203.0.113.9');
    } finally {
      await behindProxy.stop();
    }
  });
});

describe('journal', () => {
  it('shows the request and the answer as they were, whatever the handler changed afterwards', async () => {
    await api().post('/ns/journal-asis/mirror/write?note=first').send({ by: 4 }).expect(200, { writes: 1, bytes: 8, body: { by: 4 } });
    await api().post('/ns/journal-asis/mirror/write').set('content-type', 'application/json').send('{"by": ').expect(400);
    await new Promise((r) => setImmediate(r));
    const { body } = await api().get('/ns/journal-asis/__admin/journal?operation=write').expect(200);
    expect(body.entries).toHaveLength(2);
    expect(body.entries[0]).toMatchObject({ query: { note: 'first' }, requestBody: { by: 4 }, responseBody: { writes: 1, bytes: 8, body: { by: 4 } }, status: 200 });
    expect(body.entries[0].requestHeaders['content-type']).toMatch(/application\/json/);
    expect(body.entries[0].responseHeaders['content-type']).toBe('application/json');
    expect(body.entries[1]).toMatchObject({ requestBody: '{"by": ', status: 400, errorCode: 'POLIGON_MALFORMED_BODY' });
  });
});
