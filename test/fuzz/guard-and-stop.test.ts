// Defects 4, 5, 7 and 9 of issue 13: the admin API behind a token, cross-site forms refused, node:http's
// limits set, a graceful stop that drains and saves, and a state file that a stop cut short cannot break.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { DEMO as FES_DEMO } from '../../simulators/fes/protocol.js';

const TOKEN = 'admin-token-for-the-test-0123456789';

describe('defect 5: a guarded admin API', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ adminToken: TOKEN });
  });
  afterAll(() => sb.stop());

  it('refuses the admin API without the token (401), keeps the health check open', async () => {
    for (const [method, path] of [['get', '/__admin/snapshot'], ['post', '/__admin/reset'], ['get', '/__admin/namespaces'], ['put', '/__admin/snapshot'], ['post', '/__admin/faults'], ['get', '/ns/x/__admin/journal']] as const) {
      const r = await inProcess(sb)[method](path);
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.body.error.code).toBe('POLIGON_ADMIN_TOKEN_REQUIRED');
    }
    await inProcess(sb).post('/__admin/reset').set('authorization', 'Bearer wrong-token-0123456789abc').expect(401);
    await inProcess(sb).get('/__admin/health').expect(200);
  });

  it('answers with the token; the snapshot export masks secrets unless asked for them', async () => {
    const masked = await inProcess(sb).get('/__admin/snapshot').set('authorization', `Bearer ${TOKEN}`).expect(200);
    expect(JSON.stringify(masked.body)).not.toContain(FES_DEMO.apiKey);
    expect(JSON.stringify(masked.body)).not.toContain(FES_DEMO.macKey);
    const clear = await inProcess(sb).get('/__admin/snapshot?secrets=include').set('authorization', `Bearer ${TOKEN}`).expect(200);
    expect(JSON.stringify(clear.body)).toContain(FES_DEMO.apiKey);
    // the sandbox's own admin client carries the token
    expect((await sb.admin.stats()).total).toBeDefined();
  });

  it('a namespace with its own token: its admin API needs it, other suites neither see nor reset it', async () => {
    const suiteToken = 'suite-a-token-0123456789abcdef';
    await sb.admin.forNamespace('suite-a').setNamespaceToken(suiteToken);
    const other = sb.admin.forNamespace('suite-a').withToken('suite-b-token-0123456789abcdef');
    await expect(other.reset()).rejects.toMatchObject({ status: 401 });
    const own = sb.admin.forNamespace('suite-a').withToken(suiteToken);
    expect((await own.reset()).reset).toBe(true);
    const listedToOthers = await inProcess(sb).get('/ns/suite-b/__admin/namespaces').set('authorization', `Bearer ${TOKEN}`);
    expect(listedToOthers.body.namespaces).toContain('suite-a'); // the admin token sees all
  });
});

describe('defect 5: an open sandbox still keeps tokened namespaces apart and refuses cross-site pages', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ allowedOrigins: ['https://qa.example'] });
  });
  afterAll(() => sb.stop());

  it('POST /__admin/reset and an API KEY regeneration from a page of another site are refused (403)', async () => {
    const reset = await inProcess(sb).post('/__admin/reset').set('origin', 'https://evil.example').set('content-type', 'text/plain').send('');
    expect(reset.status).toBe(403);
    expect(reset.body.error.code).toBe('POLIGON_CROSS_SITE_REFUSED');
    const regenerate = await inProcess(sb).post(`/fes/lk/v1/merchants/${FES_DEMO.merchantId}/api-key/regenerate`)
      .set('origin', 'https://evil.example').set('content-type', 'application/x-www-form-urlencoded').send('');
    expect(regenerate.status).toBe(403);
    expect(regenerate.body.result.code).toEqual(expect.any(Number)); // in FES's own error format
    const fetchMetadata = await inProcess(sb).post('/__admin/reset').set('sec-fetch-site', 'cross-site');
    expect(fetchMetadata.status).toBe(403);
    // reading is not state-changing; an allowed origin and a client without Origin pass
    await inProcess(sb).get('/__admin/clock').set('origin', 'https://evil.example').expect(200);
    await inProcess(sb).post('/ns/o1/__admin/reset').set('origin', 'https://qa.example').expect(200);
    await inProcess(sb).post('/ns/o2/__admin/reset').expect(200);
  });

  it('lists a namespace that has its own token only to its holder', async () => {
    const token = 'suite-c-token-0123456789abcdef';
    await sb.admin.forNamespace('suite-c').setNamespaceToken(token);
    expect((await inProcess(sb).get('/ns/o2/__admin/namespaces')).body.namespaces).not.toContain('suite-c');
    expect((await inProcess(sb).get('/ns/o2/__admin/namespaces').set('authorization', `Bearer ${token}`)).body.namespaces).toContain('suite-c');
    await inProcess(sb).get('/ns/suite-c/__admin/snapshot').expect(401);
  });
});

// over TCP from here: node:http's own limits, and a stop with a request on a socket
describe('defect 4: node:http limits are set', () => {
  it('takes the connection cap and the timeouts from the configuration', async () => {
    const sb = await startSandbox({ maxConnections: 3, headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 1000 });
    try {
      const sockets = await Promise.all(Array.from({ length: 6 }, () => new Promise<Socket>((resolve) => {
        const s = connect(sb.port, '127.0.0.1', () => resolve(s));
      })));
      // connections beyond the cap are closed by the server; an ordinary request still gets through once they go
      const closed = await Promise.all(sockets.map((s) => new Promise<boolean>((resolve) => {
        s.once('close', () => resolve(true));
        setTimeout(() => resolve(false), 1500);
      })));
      expect(closed.filter(Boolean).length).toBeGreaterThanOrEqual(3);
      for (const s of sockets) s.destroy();
    } finally {
      await sb.stop();
    }
  });
});

describe('defects 7 and 9: a graceful stop drains, saves atomically, exits clean', () => {
  it('lets a request being answered finish, then writes the state file through a temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poligon-stop-'));
    const stateFile = join(dir, 'state.json');
    const sb = await startSandbox({ stateFile });
    await sb.admin.addFault({ operation: 'fes.echo', kind: 'latency', latencyMs: 300 });
    const answered = new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${sb.url}/fes/api/v1/echo`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end('{}');
    });
    await new Promise((r) => setTimeout(r, 100));
    await sb.stop();
    expect(await answered).toBeLessThan(500); // answered (401: unsigned), not cut
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.format).toBe('poligon-snapshot/1');
    expect(readdirSync(dir)).toEqual(['state.json']); // no temporary file left
    expect(existsSync(`${stateFile}.tmp`)).toBe(false);
  });
});
