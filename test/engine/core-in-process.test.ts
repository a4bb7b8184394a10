// The transport-free core: requests and answers as plain values, no socket. Every part of the
// pipeline answers in process as over node:http (expectations typed by hand from the fixture).
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/engine/app.js';
import { resolveConfig } from '../../src/engine/config.js';
import type { CoreRequest } from '../../src/engine/http.js';
import { createLogger } from '../../src/engine/log.js';
import { counterSimulator } from './fixtures/counter.js';

const app = createApp(resolveConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }, { validateResponses: true, bodyLimitBytes: 1024 }), [counterSimulator], createLogger('silent'));
afterAll(() => app.store.close());

const call = async (request: Partial<CoreRequest> & { url: string }) => {
  const answer = await app.handle({ method: 'GET', headers: {}, ...request });
  const isJson = String(answer.headers['content-type'] ?? answer.headers['Content-Type'] ?? '').includes('json');
  return { ...answer, json: isJson && answer.body.length ? JSON.parse(answer.body.toString()) : undefined };
};
const token = { 'x-token': 'secret-token-1234', 'content-type': 'application/json' };

describe('core.handle', () => {
  it('answers a simulator request given as values, and journals it', async () => {
    const r = await call({ method: 'post', url: '/ns/core-a/counter/add', headers: { ...token, 'X-Poligon-Ignored': '1' }, body: Buffer.from('{"by":5}') });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ value: 15 });
    expect(r.headers['Content-Type']).toBe('application/json; charset=utf-8');
    const [entry] = app.store.get('core-a').journal.list();
    expect(entry).toMatchObject({ method: 'POST', path: '/ns/core-a/counter/add', status: 200, operation: 'counter.add', requestBody: { by: 5 } });
    expect(entry!.requestHeaders['x-token']).toBe('****1234');
  });

  it('decodes a gzip body and keeps the body limit on the decoded bytes', async () => {
    const ok = await call({ method: 'POST', url: '/ns/core-b/counter/add', headers: { ...token, 'content-encoding': 'gzip' }, body: gzipSync('{"by":2}') });
    expect(ok.json).toEqual({ value: 12 });
    const big = await call({ method: 'POST', url: '/ns/core-b/counter/add', headers: { ...token, 'content-encoding': 'gzip' }, body: gzipSync(`{"by":1,"pad":"${' '.repeat(2000)}"}`) });
    expect(big.status).toBe(413);
    expect(big.json.fail).toBe('POLIGON_BODY_TOO_LARGE');
  });

  it('answers 405 with Allow and 404 in the simulator\'s format', async () => {
    const wrong = await call({ method: 'DELETE', url: '/counter/add' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.Allow).toBe('POST');
    expect(wrong.json.fail).toBe('POLIGON_METHOD_NOT_ALLOWED');
    expect((await call({ url: '/counter/nothing' })).json.fail).toBe('POLIGON_NOT_FOUND');
  });

  it('answers health, the admin API (its own pipeline) and the docs (the express part, in process)', async () => {
    expect((await call({ url: '/__admin/health' })).json.status).toBe('ok');
    const fault = await call({ method: 'POST', url: '/ns/core-c/__admin/faults', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"operation":"counter.get","kind":"drop"}') });
    expect(fault.status).toBe(201);
    expect((await call({ url: '/openapi/counter.json' })).json.openapi).toBe('3.1.0');
    // a drop fault: no answer at all, as a connection closed
    expect((await call({ url: '/ns/core-c/counter/value' })).dropped).toBe(true);
  });
});

describe('core.handle beside node:http', () => {
  it('leaves express\'s and node:http\'s request and response objects as they were (a real request after one in process is still node:http\'s)', async () => {
    const express = (await import('express')).default;
    const http = await import('node:http');
    expect((await call({ url: '/__admin/health' })).status).toBe(200);
    expect((await call({ url: '/openapi/counter.json' })).status).toBe(200);
    expect(Object.getPrototypeOf(express.request)).toBe(http.IncomingMessage.prototype);
    expect(Object.getPrototypeOf(express.response)).toBe(http.ServerResponse.prototype);
  });

  it('serves the docs page and a streamed static asset whole', async () => {
    expect((await call({ url: '/docs/counter' })).body.toString()).toContain('/openapi/counter.json');
    const asset = await call({ url: '/docs/assets/swagger-ui-bundle.js' });
    expect(asset.status).toBe(200);
    expect(asset.body.length).toBe(Number(asset.headers['content-length']));
    expect(asset.body.length).toBeGreaterThan(100_000);
  });
});
