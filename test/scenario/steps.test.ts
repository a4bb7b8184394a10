// Each step kind, variables, isolation and failures for the right reason, against the shop fixture.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { SHOP_KEY, signFixture } from './fixtures/shop.js';
import { pack, run, simulators } from './helpers.js';

const head = (id: string, extra = '') => `id: ${id}
version: '1'
title: ${id}
system: sandbox
vars: { key: ${SHOP_KEY} }${extra}
cases:
`;
const signedAdd = (by: number | string, expect = '{ status: 200 }', extra = '') => `
      - request:
          simulator: shop
          path: /add
          body: { by: ${by} }
          auth: { signer: shop-hmac, params: { key: '\${key}' } }
          expect: ${expect}${extra}`;

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ available: simulators }); });
afterAll(() => sb.stop());

/** A well-behaved (or not) system under test: does what the operator is told, on the URL it is given. */
async function cashSoftware(url: string, adds: number[], key = SHOP_KEY) {
  for (const by of adds) {
    const body = JSON.stringify({ by });
    await fetch(`${url}/add`, { method: 'POST', headers: { 'content-type': 'application/json', ...signFixture('POST', '/add', body, key) }, body });
  }
}

describe('await step (observe mode)', () => {
  const observePack = pack(`${head('observe')}  - id: watch
    title: The cash software adds 7
    requirements: [FES-01]
    steps:
      - await:
          instructions: Пробейте на кассе пополнение на 7.
          simulator: shop
          operation: add
          where: [ { path: $.by, equals: 7 } ]
          timeout: 3s
          expect: { status: 200, requestSchema: test/counter.request, body: [ { path: $.value, equals: 22 } ] }
          capture: { sent: 'request:$.by' }
      - expect-state: { snapshot: shop, expect: { body: [ { path: '$.orders', equals: [add 5, add 7] } ] } }
      - request: { simulator: shop, path: /value, expect: { body: [ { path: $.value, equals: 22 } ] } }
`);

  it('FES-01: tells the operator where and what, skips calls the filter rejects, judges the matching one', async () => {
    const said: Array<[string, string]> = [];
    const report = await run([observePack], {
      target: sb.url,
      observer: { say: (_p, _c, text, where) => { said.push([text, where.url!]); void cashSoftware(where.url!, [5, 7]); } },
    });
    const c = report.packs[0]!.cases[0]!;
    expect(said).toEqual([['Пробейте на кассе пополнение на 7.', expect.stringMatching(/\/ns\/r[^/]+-0-watch\/shop$/)]]);
    expect(c.reason).toBeUndefined();
    expect(c.steps[0]!.actual[0]).toMatch(/^#2 POST .*\/shop\/add → HTTP 200$/);
    expect(c.steps[0]!.instructions).toBe('Пробейте на кассе пополнение на 7.');
    expect(c.verdict).toBe('passed');
  });

  it('FES-03: fails, saying the sandbox refused it, when the system signs with a wrong key', async () => {
    const report = await run([observePack], {
      target: sb.url,
      observer: { say: (_p, _c, _t, where) => void cashSoftware(where.url!, [7], 'a-wrong-key-000000') },
    });
    const c = report.packs[0]!.cases[0]!;
    expect(c.verdict).toBe('failed');
    expect(c.reason).toMatch(/^шаг 1 «await shop.add»: статус ответа: ожидался HTTP 200; получено HTTP 401 SHOP_BAD_SIGNATURE$/);
    expect(c.steps[0]!.failures[0]).toMatchObject({ in: 'response', at: 'status', expected: 'HTTP 200', received: 'HTTP 401' });
    expect(c.steps[1]!.verdict).toBe('skipped');
  });

  it('fails with a clear reason when the system never calls', async () => {
    const report = await run([observePack], { target: sb.url });
    expect(report.packs[0]!.cases[0]!.reason).toMatch(/журнал: ожидался вызов shop.add, не дольше 3000 мс; получено \(вызова не было\)/);
  });
});

describe('client mode failing for the right reason when the fake misbehaves', () => {
  const misbehaving = pack(`${head('misbehave')}  - id: wrong-code
    title: A wrong answer code
    requirements: [FES-01]
    steps:
      - control: { fault: { operation: shop.add, kind: error, status: 500, body: { error: BROKEN }, times: 1 } }${signedAdd(1, '{ status: 200, schema: scenario/fixtures/value.response }')}
  - id: missing-field
    title: A field missing from the answer
    requirements: [FES-05]
    steps:
      - control: { fault: { operation: shop.add, kind: error, status: 200, body: { total: 11 } } }${signedAdd(1, '{ status: 200, schema: scenario/fixtures/value.response }')}
  - id: late
    title: A late answer
    requirements: [ECS-12]
    steps:
      - control: { fault: { operation: shop.get, kind: latency, latencyMs: 400 } }
      - request: { simulator: shop, path: /value, expect: { status: 200, maxDurationMs: 150 } }
  - id: timeout
    title: No answer within the timeout
    requirements: [ECS-12]
    steps:
      - control: { fault: { operation: shop.get, kind: latency, latencyMs: 1500 } }
      - request: { simulator: shop, path: /value, timeout: 300ms, expect: { status: 200 } }
`);

  it('REP-01: each failure names the part, the pointer, expected and received, and a masked curl line', async () => {
    const report = await run([misbehaving], { target: sb.url });
    const [wrong, missing, late, timeout] = report.packs[0]!.cases;
    expect(wrong!.verdict).toBe('failed');
    expect(wrong!.steps[1]!.failures[0]).toMatchObject({ in: 'response', at: 'status', expected: 'HTTP 200', received: 'HTTP 500' });
    const curl = wrong!.steps[1]!.curl!;
    expect(curl).toMatch(/^curl -sS -X POST '.*\/shop\/add' .*-H 'x-shop-signature: \*\*\*\*[0-9a-f]{4}' .*--data-raw '\{"by":1\}'$/);
    expect(missing!.steps[1]!.failures).toEqual([expect.objectContaining({ in: 'response', at: '/value', expected: 'field "value" to be present' })]);
    expect(late!.reason).toMatch(/время ответа: ожидалось не дольше 150 мс; получено \d+ мс/);
    expect(timeout!.reason).toMatch(/нет ответа за 300 мс/); // the engine's own text, in the report's language
  });
});

describe('variables, generated data and isolation', () => {
  it('generates the same data for the same seed and different data for another', async () => {
    const genPack = pack(`${head('gen')}  - id: gen
    title: Generated amount
    requirements: [FES-01]
    steps:${signedAdd("'${gen:test/counter.request#/by}'", '{ status: 200 }', '\n          capture: { total: $.value }')}
      - expect-state: { snapshot: shop, expect: { body: [ { path: $.value, equals: '\${total}' } ] } }
`);
    const totals = async (seed: string) => {
      const r = await run([genPack], { target: sb.url, seed });
      expect(r.packs[0]!.cases[0]!.verdict).toBe('passed');
      return JSON.stringify(r.packs[0]!.cases[0]!.traffic.find((e) => e.path.endsWith('/add'))!.requestBody);
    };
    const a = await totals('s1');
    expect(await totals('s1')).toBe(a);
    const others = await Promise.all(['s2', 's3', 's4'].map(totals));
    expect(others.some((o) => o !== a)).toBe(true);
  });

  it('a request that names an operation is sent with the method and path the simulator serves it at', async () => {
    const r = await run([pack(`${head('by-operation')}  - id: o
    title: O
    requirements: [FES-01]
    steps:
      - request: { simulator: shop, operation: add, body: { by: 4 }, auth: { signer: shop-hmac, params: { key: '\${key}' } }, expect: { status: 200 } }
      - request: { simulator: shop, operation: get, expect: { body: [ { path: $.value, equals: 14 } ] } }
`)], { target: sb.url });
    expect(r.packs[0]!.cases[0]!.verdict).toBe('passed');
    expect(r.packs[0]!.cases[0]!.steps.map((s) => s.title)).toEqual(['shop.add', 'shop.get']);
    expect(r.packs[0]!.cases[0]!.traffic.map((t) => `${t.method} ${t.path.replace(/^\/ns\/[^/]+\/shop/, '')}`)).toEqual(['POST /add', 'GET /value']);
  });

  it('an unknown variable makes the case an error that names it', async () => {
    const r = await run([pack(`${head('unknown-var')}  - id: u
    title: U
    requirements: [FES-01]
    steps:
      - request: { simulator: shop, path: '/value?x=\${nope}' }
`)], { target: sb.url });
    expect(r.packs[0]!.cases[0]).toMatchObject({ verdict: 'error', reason: expect.stringMatching(/unknown variable \$\{nope\}/) });
    expect(r.summary.verdict).toBe('failed');
  });

  it('runs cases side by side, each in its own namespace, without seeing each other', async () => {
    const cases = Array.from({ length: 8 }, (_, i) => `  - id: c${i}
    title: Case ${i}
    requirements: [FES-01]
    steps:
      - control: { simulator: shop, path: /control/v1/value, body: { by: ${i + 1} } }
      - control: { clock: { advance: 1s } }${signedAdd(50)}
      - expect-state: { snapshot: shop, within: 1s, expect: { body: [ { path: $.value, equals: ${i + 51} }, { path: $.orders, length: 1 } ] } }
`).join('');
    const r = await run([pack(`${head('parallel', '\nconcurrency: 8')}${cases}`)], { target: sb.url });
    expect(r.packs[0]!.cases.map((c) => c.verdict)).toEqual(Array(8).fill('passed'));
    expect(new Set(r.packs[0]!.cases.map((c) => c.namespace)).size).toBe(8);
    for (const c of r.packs[0]!.cases) expect(c.traffic.every((e) => e.namespace === c.namespace)).toBe(true);
  });

  it('a pack with a fixed namespace runs its cases there, one after another, reset before each', async () => {
    const r = await run([pack(`${head('fixed', '\nnamespace: kassa-1')}  - id: a
    title: A
    requirements: [FES-01]
    steps:${signedAdd(5, '{ body: [ { path: $.value, equals: 15 } ] }')}
  - id: b
    title: B
    requirements: [FES-01]
    steps:${signedAdd(5, '{ body: [ { path: $.value, equals: 15 } ] }')}
`)], { target: sb.url });
    expect(r.packs[0]!.cases.map((c) => [c.namespace, c.verdict])).toEqual([['kassa-1', 'passed'], ['kassa-1', 'passed']]);
  });
});

describe('targets', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    // "a bank's own implementation": no Poligon admin API, its own answers
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url === '/value' ? { value: 42 } : { error: 'nope' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const external = () => pack(`${head('external')}  - id: read
    title: Read
    requirements: [FES-01]
    steps:
      - request: { simulator: shop, path: /value, expect: { status: 200, body: [ { path: $.value, equals: 42 } ] } }
  - id: needs-admin
    title: Needs the sandbox
    requirements: [FES-01]
    steps:
      - control: reset
`);

  it('runs client-mode steps against any base URL, logs the traffic itself, and skips what needs the sandbox', async () => {
    const r = await run([external()], { target: url, overrides: { shop: url } });
    const [read, admin] = r.packs[0]!.cases;
    expect(read!.verdict).toBe('passed');
    expect(read!.steps[0]!.traffic).toEqual([expect.objectContaining({ id: 'external/read#r1', path: `${url}/value`, status: 200 })]);
    expect(read!.traffic[0]).toMatchObject({ namespace: 'runner', method: 'GET', path: `${url}/value`, responseBody: { value: 42 } });
    expect(admin).toMatchObject({ verdict: 'skipped', reason: expect.stringMatching(/нужна песочница Poligon/) });
    expect(r.target).toEqual({ kind: 'url', url, overrides: { shop: url } });
  });

  it('a simulator=URL override sends that simulator\'s calls elsewhere while the sandbox serves the rest', async () => {
    const r = await run([external()], { overrides: { shop: url } });
    expect(r.packs[0]!.cases.map((c) => c.verdict)).toEqual(['passed', 'passed']);
  });
});

describe('variable interpolation', () => {
  it('resolves variables built from other variables, keeps types, and refuses a loop', async () => {
    const { Variables } = await import('../../src/scenario/vars.js');
    const vars = new Variables('seed', { host: 'http://x', ns: 'n1', url: '${host}/ns/${ns}', n: 5, loop: '${loop}' });
    expect(vars.interpolate({ a: 'go to ${url}/fes', b: '${n}', c: ['${ns}'] })).toEqual({ a: 'go to http://x/ns/n1/fes', b: 5, c: ['n1'] });
    expect(() => vars.interpolate('${loop}')).toThrow(/refers to itself/);
  });

  it('uses a captured value as it is: a ${…} inside an answer is text, never read (no ${env:…} leaks into a request)', async () => {
    const { Variables } = await import('../../src/scenario/vars.js');
    process.env.POLIGON_TEST_SECRET_VAR = 'must-not-leak';
    try {
      const vars = new Variables('seed', { host: 'http://x', greeting: 'hello ${captured}' }, { runId: 'run-${host}' });
      vars.set('captured', 'from the answer: ${env:POLIGON_TEST_SECRET_VAR} ${host}');
      vars.set('object', { note: '${host}' });
      expect(vars.interpolate({ a: '${captured}', b: '${greeting}', c: '${object.note}', d: 'id ${runId}' })).toEqual({
        a: 'from the answer: ${env:POLIGON_TEST_SECRET_VAR} ${host}',
        b: 'hello from the answer: ${env:POLIGON_TEST_SECRET_VAR} ${host}',
        c: '${host}',
        d: 'id run-${host}',
      });
    } finally {
      delete process.env.POLIGON_TEST_SECRET_VAR;
    }
  });
});
