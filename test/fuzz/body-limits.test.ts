// Defects 3 and 9 of issue 13: bodies that used to answer 500. A JSON body nested 5,000 levels
// (12 KB) on every JSON plane, a too-long array, and on the admin side a path that is not valid
// percent-encoding, a corrupt gzip body and an encoding the sandbox does not speak: each gets a
// 4xx in the faked system's own error format, and the request is in the journal.
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ validateResponses: true });
});
afterAll(() => sb.stop());

const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** One JSON operation per plane, and how its system's error answer is recognized. */
const PLANES: Array<{ plane: string; path: string; isOwnError: (body: any) => boolean }> = [
  { plane: 'FES cash-software API', path: '/fes/api/v1/echo', isOwnError: (b) => typeof b.result?.code === 'number' && typeof b.result?.description === 'string' },
  { plane: 'LK FES', path: '/fes/lk/v1/auth/login', isOwnError: (b) => b !== null && typeof b === 'object' },
  { plane: 'GIS ES', path: '/gis/api/v1/merchants', isOwnError: (b) => b !== null && typeof b === 'object' },
  { plane: 'ECS', path: '/ecs/api/CheckClientBenefits', isOwnError: (b) => b !== null && typeof b === 'object' },
];

describe('defect 3: deep and long JSON bodies are refused before anything walks them', () => {
  for (const { plane, path, isOwnError } of PLANES) {
    it(`${plane}: a body nested 5,000 levels gets 400 and is journaled`, async () => {
      const ns = `deep-${plane.replace(/\W+/g, '-').toLowerCase()}`;
      const r = await inProcess(sb).post(`/ns/${ns}${path}`).set('content-type', 'application/json').send(nested(5000));
      expect(r.status).toBe(400);
      expect(isOwnError(r.body)).toBe(true);
      expect(JSON.stringify(r.body)).toMatch(/64 levels/);
      const { entries } = await sb.admin.forNamespace(ns).journal();
      expect(entries.at(-1)).toMatchObject({ status: 400, method: 'POST' });
    });
  }

  it('a body with an array of 20,000 items gets 400 in the system format', async () => {
    const r = await inProcess(sb).post('/ns/long/gis/api/v1/merchants').set('content-type', 'application/json')
      .send(JSON.stringify({ items: new Array(20_000).fill(0) }));
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/10000 items/);
  });

  it('a body 60 levels deep is still read (and judged by its schema)', async () => {
    const r = await inProcess(sb).post('/ns/ok/gis/api/v1/merchants').set('content-type', 'application/json').send(nested(60));
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).not.toMatch(/levels/);
  });

  it('the admin API refuses a deep body with 400 too', async () => {
    const r = await inProcess(sb).post('/__admin/clock').set('content-type', 'application/json').send(nested(5000));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('POLIGON_BODY_TOO_COMPLEX');
  });
});

// over TCP: the path's percent-encoding and the body's Content-Encoding as node:http hands them on
describe('defect 9: the admin side answers bad input with 400, as the simulator planes do', () => {
  it('a path that is not valid percent-encoding', async () => {
    const r = await request(sb.url).delete('/__admin/faults/%E0%A4%A');
    expect(r.status).toBe(400);
    // as on the simulator planes: the same match stage refuses it
    expect(r.body.error.code).toBe('POLIGON_VALIDATION');
    expect(r.body.error.problems).toEqual([{ pointer: '/', in: 'path', message: 'path segment "%E0%A4%A" is not valid percent-encoding', expected: 'a percent-encoded path', received: '/faults/%E0%A4%A' }]);
  });

  it('a namespace that is not valid percent-encoding', async () => {
    const r = await request(sb.url).get('/ns/%E0%A4%A/__admin/stats');
    expect(r.status).toBe(400);
  });

  const postClock = (path: string, encoding: string, body: Buffer) =>
    fetch(`${sb.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body });

  it('a corrupt gzip body', async () => {
    const r = await postClock('/__admin/clock', 'gzip', Buffer.from('this is not gzip at all'));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('POLIGON_MALFORMED_BODY');
  });

  it('Content-Encoding: zstd', async () => {
    const r = await postClock('/__admin/clock', 'zstd', Buffer.from('{"advance":"1m"}'));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('POLIGON_MALFORMED_BODY');
  });

  it('a good gzip body is still read', async () => {
    const r = await postClock('/ns/gz/__admin/clock', 'gzip', gzipSync('{"advance":"1m"}'));
    expect(r.status).toBe(200);
    expect(((await r.json()) as { offsetMs: number }).offsetMs).toBe(60_000);
  });
});
