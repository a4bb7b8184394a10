// The admin API has its own OpenAPI 3.1 document (built from the operations admin.ts routes) and docs
// page; the list of endpoints below is written by hand from the admin API's documentation.
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

const ADMIN_ENDPOINTS = [
  'GET /health', 'GET /namespaces', 'PUT /token', 'GET /errors', 'GET /demo', 'POST /reset', 'DELETE /namespace',
  'GET /view', 'GET /snapshot', 'PUT /snapshot', 'GET /journal', 'DELETE /journal', 'GET /clock', 'POST /clock',
  'GET /faults', 'POST /faults', 'DELETE /faults', 'DELETE /faults/{id}', 'GET /stats',
];
/** The runs API of the web console (docs/running.md), below /ui/api. */
const RUNS_ENDPOINTS = ['GET /packs', 'GET /runs', 'POST /runs', 'GET /runs/{id}', 'POST /runs/{id}/stop', 'GET /runs/{id}/report.html'];
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ simulators: ['fes'] }); });
afterAll(() => sb.stop());

describe('admin API document', () => {
  it('GET /openapi/admin.json is a valid OpenAPI 3.1 document with every admin operation', async () => {
    const doc = (await inProcess(sb).get('/openapi/admin.json').expect(200)).body;
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: '/__admin' }]);
    const endpoints = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).filter((m) => METHODS.has(m)).map((m) => `${m.toUpperCase()} ${path}`));
    expect(endpoints.sort()).toEqual([...ADMIN_ENDPOINTS, ...RUNS_ENDPOINTS].sort());
  });

  it('documents the runs API at its own base path /ui/api, its request from schemas/admin/run.request.json', async () => {
    const doc = (await inProcess(sb).get('/openapi/admin.json').expect(200)).body;
    for (const path of new Set(RUNS_ENDPOINTS.map((e) => e.split(' ')[1]!))) expect(doc.paths[path].servers, path).toEqual([{ url: '/ui/api' }]);
    for (const path of new Set(ADMIN_ENDPOINTS.map((e) => e.split(' ')[1]!))) expect(doc.paths[path].servers, path).toBeUndefined();
    expect(doc.paths['/runs'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/admin.run.request' });
    expect(doc.components.schemas['admin.run.request'].properties.driver).toEqual(expect.objectContaining({ enum: ['reference'] }));
  });

  it('every documented runs operation is served, and the runs API serves nothing else', async () => {
    const doc = (await inProcess(sb).get('/openapi/admin.json').expect(200)).body;
    // over HTTP: the web UI's runs API sits beside the core (src/ui/pages.ts), not in it
    for (const endpoint of RUNS_ENDPOINTS) {
      const [method, path] = endpoint.split(' ') as [string, string];
      const answer = await request(sb.url)[method.toLowerCase() as 'get' | 'post'](`/ui/api${path.replace('{id}', 'no-such-run')}`).send(method === 'POST' ? {} : undefined);
      expect(answer.body.error?.message ?? '', endpoint).not.toMatch(/^No operation/);
      expect(doc.paths[path][method.toLowerCase()].operationId, endpoint).toBeDefined();
    }
    const unknown = await request(sb.url).get('/ui/api/nothing-here').expect(404);
    expect(unknown.body.error.message).toMatch(/^No operation/);
  });

  it('documents the journal filters, the clock durations and the namespace-name rules', async () => {
    const doc = (await inProcess(sb).get('/openapi/admin.json').expect(200)).body;
    const journal = doc.paths['/journal'].get;
    expect(journal.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['simulator', 'operation', 'status', 'afterSeq', 'waitMs', 'limit']));
    expect(doc.paths['/clock'].post.description).toMatch(/90s, 30m, 2h, 1d, or ISO-8601 \(PT30M/);
    expect(doc.paths['/namespaces'].get.description).toMatch(/1–64 letters, digits, "-" or "_"/);
    expect(doc.components.schemas['admin.fault.request']).toBeDefined();
  });

  it('/docs/admin shows it, and /docs links it', async () => {
    expect((await inProcess(sb).get('/docs/admin').expect(200)).text).toContain('/openapi/admin.json');
    expect((await inProcess(sb).get('/docs').expect(200)).text).toContain('href="/docs/admin"');
  });

  it('the simulators\' documents stay valid OpenAPI 3.1 too', async () => {
    const doc = (await inProcess(sb).get('/openapi/fes.json').expect(200)).body;
    expect((await new Validator().validate(doc)).valid).toBe(true);
  });
});
