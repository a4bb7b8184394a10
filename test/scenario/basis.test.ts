// What a check rests on (basis), advice instead of failure against an implementation outside the
// sandbox, cases that run only on the sandbox, and --var values typed as the pack declares them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVarFlags } from '../../src/cli/run.js';
import { isBinding, parseBasis } from '../../src/scenario/basis.js';
import { PackLoadError } from '../../src/scenario/loader.js';
import { typedVar } from '../../src/scenario/vars.js';
import { pack, run } from './helpers.js';
import { parse as parseJUnit } from 'junit2json';
import { renderJUnit } from '../../src/reports/junit.js';

/** An implementation of "shop" outside the sandbox: answers /add with 201 and its own body. */
let outside: Server;
let outsideUrl: string;
const received: unknown[] = [];
beforeAll(async () => {
  outside = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => { text += c; });
    req.on('end', () => {
      received.push(JSON.parse(text || 'null'));
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"total":7,"style":"theirs"}');
    });
  });
  await new Promise<void>((r) => outside.listen(0, '127.0.0.1', r));
  outsideUrl = `http://127.0.0.1:${(outside.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => outside.close(() => r())));

const packText = (basis: string) => `id: basis
version: '1'
title: basis
system: sandbox
vars: { by: 7 }
cases:
  - id: add
    title: add
    requirements: [FES-01]
    steps:
      - request:
          simulator: shop
          path: /add
          body: { by: '\${by}' }
          expect:
            status: 200
            ${basis}
            body:
              - { path: $.total, equals: 7, basis: regulation App. 2 }
              - { path: $.style, equals: ours, basis: modeled the shop's own style field }
  - id: magic
    title: magic
    requirements: [FES-01]
    sandboxOnly: the magic value 13 exists only in the sandbox
    steps:
      - control: { clock: { advance: 1m } }
`;

describe('basis of a check', () => {
  it('a basis names its kind and, but for modeled, its reference; regulation, public-record and seed bind, modeled does not', () => {
    expect(parseBasis('regulation App. 7')).toEqual({ kind: 'regulation', detail: 'App. 7' });
    expect(parseBasis('modeled')).toEqual({ kind: 'modeled' });
    expect([isBinding('regulation §6.4'), isBinding('public-record §4.6'), isBinding('seed 000 §4.6'), isBinding('modeled x'), isBinding(undefined)])
      .toEqual([true, true, true, false, true]);
    expect(() => pack(packText('basis: regulation'))).toThrow(PackLoadError);
    expect(() => pack(packText('basis: invented App. 2'))).toThrow(/basis/);
  });

  it('against an outside implementation, failed modeled checks are advice with their reason; binding ones still fail', async () => {
    const report = await run([pack(packText('statusBasis: modeled HTTP status'))], { overrides: { shop: outsideUrl } });
    const [add, magic] = report.packs[0]!.cases;
    expect(add!.verdict).toBe('passed');
    const notes = add!.steps[0]!.advisories!;
    expect(notes.map((n) => n.at)).toEqual(['status', '$.style']);
    expect(notes[1]!.message).toMatch(/expected = "ours", received "theirs" — advisory: rests on Poligon's modeled convention \(the shop's own style field\)/);
    expect(report.summary.advisories).toBe(2);
    // the JUnit XML counts them per pack, as a property a JUnit consumer reads (advice is no failure)
    const junit = await parseJUnit(renderJUnit(report)) as { testsuite: Array<{ failures: number; properties: Array<{ name: string; value: unknown }> }> };
    expect(junit.testsuite[0]!.properties.find((p) => p.name === 'advisories')?.value).toBe(2);
    expect(junit.testsuite[0]!.failures).toBe(0);
    expect(magic!.verdict).toBe('skipped');
    expect(magic!.reason).toBe(`выполняется только на песочнице Poligon (the magic value 13 exists only in the sandbox); shop — реализация по адресу ${outsideUrl}`);

    const bound = await run([pack(packText("statusBasis: 'regulation App. 2, «Ответ: HTTP 200 OK»'"))], { overrides: { shop: outsideUrl } });
    expect(bound.packs[0]!.cases[0]!.verdict).toBe('failed');
    expect(bound.packs[0]!.cases[0]!.steps[0]!.failures.map((f) => [f.at, f.basis])).toEqual([['status', 'regulation App. 2, «Ответ: HTTP 200 OK»']]);
  });

  it('against the sandbox every check binds, modeled ones too, and sandbox-only cases run', async () => {
    const report = await run([pack(packText('statusBasis: modeled HTTP status'))]);
    const [add, magic] = report.packs[0]!.cases;
    expect(add!.verdict).toBe('failed');
    expect(add!.steps[0]!.failures.map((f) => f.basis)).toContain('modeled the shop\'s own style field');
    expect(add!.steps[0]!.advisories).toBeUndefined();
    expect(magic!.verdict).toBe('passed');
  });
});

describe('--var keeps the type the pack declares', () => {
  const declared = pack(`id: typed
version: '1'
title: typed
system: sandbox
vars: { serviceId: 1, price: 1.5, strict: true, clientId: '111', ids: [1] }
cases:
  - id: add
    title: add
    requirements: [FES-01]
    steps:
      - request: { simulator: shop, path: /add, body: { by: '\${serviceId}' }, expect: { status: [200, 201] } }
`);

  it('an integer stays an integer, a string a string, a number and a boolean theirs', () => {
    expect(parseVarFlags(['serviceId=301', 'clientId=052', 'price=99.90', 'strict=false', 'ids=[3,4]'], [declared]))
      .toEqual({ serviceId: 301, clientId: '052', price: 99.9, strict: false, ids: [3, 4] });
  });

  it('a value that does not fit is refused before the run, naming the declaration', () => {
    expect(() => parseVarFlags(['serviceId=30l'], [declared])).toThrow('--var serviceId=30l: typed declares serviceId as an integer, and "30l" is not one');
    expect(() => parseVarFlags(['strict=yes'], [declared])).toThrow(/declares strict as a boolean/);
    expect(() => typedVar('x', '1', { a: 1, 'b/c': '1' })).toThrow('--var x: the packs declare it with different types (integer in a; string in b/c); run them apart');
  });

  it('${env:NAME} is read and typed when the variable is not a string', () => {
    process.env.POLIGON_TEST_SERVICE = '52';
    expect(typedVar('serviceId', '${env:POLIGON_TEST_SERVICE}', { p: 1 })).toBe(52);
    expect(typedVar('secret', '${env:POLIGON_TEST_SERVICE}', { p: 'x' })).toBe('${env:POLIGON_TEST_SERVICE}');
  });

  it('the request carries the typed value: "by":301, not "301"', async () => {
    received.length = 0;
    await run([declared], { overrides: { shop: outsideUrl }, vars: parseVarFlags(['serviceId=301'], [declared]) });
    expect(received).toEqual([{ by: 301 }]);
  });
});
