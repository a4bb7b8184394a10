// The runner's HTTP client (src/client/http.ts, node:http with keep-alive) must send and read exactly
// what fetch did: the steps judge the answer and the HAR shows the request as the target received it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, TimeoutError } from '../../src/client/http.js';
import { renderHar } from '../../src/reports/har.js';
import { pack, run } from './helpers.js';

interface Seen { method: string; url: string; rawHeaders: string[]; body: Buffer; socket: number }

describe('the runner\'s HTTP client', () => {
  let server: Server;
  let url = '';
  const seen: Seen[] = [];
  let sockets = 0;
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/echo': (_req, res) => res.writeHead(201, [['Content-Type', 'application/json'], ['X-Twice', 'a'], ['X-Twice', 'b'], ['B-Header', '1']]).end('{"ok":true}'),
    '/gzip': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip' }).end(gzipSync('\uFEFFпривет')),
    '/see-other': (_req, res) => res.writeHead(303, { location: '/echo' }).end(),
    '/silent': () => { /* never answers */ },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks), socket: (req.socket as unknown as { n: number }).n });
        (routes[req.url!] ?? routes['/echo']!)(req, res);
      });
    });
    server.on('connection', (s) => { (s as unknown as { n: number }).n = ++sockets; });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  it('sends the body bytes and headers as given, plus the defaults fetch added, and reuses the connection', async () => {
    seen.length = 0;
    const body = '{"сумма": 100,  "x":"y"}';
    const first = await httpRequest({ method: 'post', url: `${url}/echo?a=1`, headers: { 'content-type': 'application/json', 'X-Custom': 'v', 'user-agent': 'mine' }, body });
    await httpRequest({ method: 'GET', url: `${url}/echo` });
    expect(first.status).toBe(201);
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.url).toBe('/echo?a=1');
    expect(seen[0]!.body.equals(Buffer.from(body))).toBe(true);
    const headers = Object.fromEntries(Array.from({ length: seen[0]!.rawHeaders.length / 2 }, (_, i) => [seen[0]!.rawHeaders[2 * i]!.toLowerCase(), seen[0]!.rawHeaders[2 * i + 1]]));
    expect(headers).toMatchObject({
      'content-type': 'application/json', 'x-custom': 'v', 'user-agent': 'mine', 'content-length': String(Buffer.byteLength(body)),
      accept: '*/*', 'accept-language': '*', 'accept-encoding': 'gzip, deflate',
    });
    expect(seen[1]!.socket).toBe(seen[0]!.socket);
  });

  it('reads the answer as fetch did: headers lower-cased and sorted, repeats joined, body decoded, BOM dropped', async () => {
    const echo = await httpRequest({ method: 'GET', url: `${url}/echo` });
    expect(Object.entries(echo.headers).filter(([k]) => ['b-header', 'content-type', 'x-twice'].includes(k)))
      .toEqual([['b-header', '1'], ['content-type', 'application/json'], ['x-twice', 'a, b']]);
    expect(Object.keys(echo.headers)).toEqual(Object.keys(echo.headers).sort());
    expect(JSON.parse(echo.text)).toEqual({ ok: true });
    const gz = await httpRequest({ method: 'GET', url: `${url}/gzip` });
    expect(gz.text).toBe('привет');
  });

  it('follows a 303 as a GET without the body', async () => {
    seen.length = 0;
    const res = await httpRequest({ method: 'POST', url: `${url}/see-other`, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(201);
    expect(seen.map((s) => [s.method, s.url, s.body.length])).toEqual([['POST', '/see-other', 2], ['GET', '/echo', 0]]);
  });

  it('gives up at the deadline with a TimeoutError, and reports a refused connection', async () => {
    await expect(httpRequest({ method: 'GET', url: `${url}/silent`, timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(httpRequest({ method: 'GET', url: `http://127.0.0.1:${port}/` })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('REP-01: the HAR of a run shows each request step\'s exact body and headers, in the sandbox and outside it', async () => {
    const body = '{"by":  3}';
    const p = pack(`
id: exact
version: '1.0'
title: Exact bytes
system: sandbox
cases:
  - id: both
    title: One call to the sandbox, one outside
    requirements: [FES-01]
    steps:
      - request: { simulator: shop, path: /control/v1/value, headers: { X-Trace: t-1 }, body: '${body}', expect: { status: 200 } }
      - request: { url: '${url}', path: /echo, body: '${body}', expect: { status: 201 } }
`);
    const report = await run([p]);
    expect(report.packs[0]!.cases[0]!.verdict).toBe('passed');
    const har = JSON.parse(renderHar(report)) as { log: { entries: Array<{ request: { url: string; headers: Array<{ name: string; value: string }>; postData?: { text: string } }; response: { status: number } }> } };
    const [inSandbox, outside] = har.log.entries;
    expect(inSandbox!.request.url).toMatch(/\/shop\/control\/v1\/value$/);
    expect(inSandbox!.request.headers).toEqual(expect.arrayContaining([{ name: 'x-trace', value: 't-1' }, { name: 'content-type', value: 'application/json' }, { name: 'user-agent', value: 'node' }]));
    expect(JSON.parse(inSandbox!.request.postData!.text)).toEqual({ by: 3 });
    expect(outside!.request.url).toBe(`${url}/echo`);
    expect(outside!.response.status).toBe(201);
    expect(outside!.request.postData!.text).toBe(JSON.stringify({ by: 3 }));
    expect(seen.at(-1)!.body.toString()).toBe(body);
  });
});
