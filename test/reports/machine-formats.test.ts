// Issue #17: the machine formats stay correct, each read by a consumer written apart from Poligon: the
// JUnit XML by a JUnit parsing library (junit2json), the HAR by the HAR 1.2 schema (har-validator), and
// run.json by its own JSON Schema (schemas/reports/run.json) — every run.json the report tests write.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseJUnit } from 'junit2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/reports/index.js';
import type { RunReport } from '../../src/scenario/types.js';
import { SHOP_KEY } from '../scenario/fixtures/shop.js';
import { pack, run } from '../scenario/helpers.js';
import { validateRunJson } from '../support/run-json.js';

const { har: validateHar } = createRequire(import.meta.url)('har-validator') as { har: (data: unknown) => Promise<unknown> };

// Two packs, each its own system under test: one played by the sandbox (client mode), one named vendor's.
const shopPack = (system: string, id: string, sut: string) => pack(`
id: ${id}
version: '3.0'
title: Магазин — машинные форматы
system: ${system}
sut: ${sut}
cases:
  - id: ok-add
    title: Подписанное пополнение принимается
    requirements: [FES-01]
    steps:
      - request:
          simulator: shop
          path: /add
          body: { by: 2 }
          auth: { signer: shop-hmac, params: { key: ${SHOP_KEY} } }
          expect: { status: 200, body: [ { path: $.value, equals: 12 } ] }
  - id: wrong
    title: Неверное ожидание
    requirements: [FES-03]
    steps:
      - request: { simulator: shop, path: /value, method: GET, expect: { status: 200, body: [ { path: $.value, equals: 99 } ] } }
  - id: later
    title: Отложенная проверка
    requirements: [ECS-12]
    skip: ждёт симулятора
    steps:
      - control: reset
`);

let dir: string;
let report: RunReport;

beforeAll(async () => {
  report = await run([
    shopPack('fes', 'shop-fes', "{ vendor: ООО «Касса-Софт», product: КассаПро, version: 5.4.1, id: CR-000123 }"),
    shopPack('ecs', 'shop-ecs', '{ organization: МБУК «Музей», bank: АО «Банк» }'),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'poligon-formats-'));
  await writeReports(report, dir);
}, 60_000);

describe('JUnit XML read by a JUnit consumer library (junit2json)', () => {
  it('REP-01: one testsuite per pack with its own properties; counts, failures and skipped cases as a consumer reads them', async () => {
    const parsed = await parseJUnit(readFileSync(join(dir, 'junit.xml'), 'utf8')) as { testsuite?: Array<Record<string, any>>; tests?: number; failures?: number };
    expect(parsed).toMatchObject({ tests: 6, failures: 2 });
    const suites = parsed.testsuite!;
    expect(suites.map((s) => s.name)).toEqual(['shop-fes', 'shop-ecs']);
    for (const s of suites) expect(s).toMatchObject({ tests: 3, failures: 1, errors: 0, skipped: 1 });
    const props = (i: number) => Object.fromEntries((suites[i]!.properties as Array<{ name: string; value: string }>).map((p) => [p.name, p.value]));
    expect(props(0)).toMatchObject({ 'sut.vendor': 'ООО «Касса-Софт»', 'sut.product': 'КассаПро', 'sut.id': 'CR-000123', 'sut.playedBy': 'sandbox' });
    expect(Number(props(0)['pack.version'])).toBe(3); // the library reads numeric text as a number
    expect(props(0)['sut.bank']).toBeUndefined();
    expect(props(1)).toMatchObject({ 'sut.organization': 'МБУК «Музей»', 'sut.bank': 'АО «Банк»' });
    expect(props(1)['sut.vendor']).toBeUndefined();
    const [ok, wrong, later] = suites[0]!.testcase as Array<Record<string, any>>;
    expect([ok.classname, ok.name, ok.failure, ok.skipped]).toEqual(['shop-fes', 'ok-add', undefined, undefined]);
    expect(wrong.failure[0].message).toContain('99');
    expect(later.skipped[0].message).toBe('ждёт симулятора');
  });
});

describe('HAR read by the HAR 1.2 schema (har-validator)', () => {
  it('REP-01: traffic.har validates, and a broken copy does not (the validator is really checking)', async () => {
    const har = JSON.parse(readFileSync(join(dir, 'traffic.har'), 'utf8'));
    expect(har.log.entries.length).toBeGreaterThan(2);
    await expect(validateHar(har)).resolves.toBeTruthy();
    const broken = structuredClone(har);
    delete broken.log.entries[0].request.method;
    await expect(validateHar(broken)).rejects.toThrow();
  });
});

describe('run.json read by its JSON Schema (schemas/reports/run.json)', () => {
  it('REP-02: the written run.json validates', () => {
    expect(validateRunJson(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')))).toEqual([]);
  });

  it('the schema is valid JSON Schema 2020-12 and refuses what run.json never holds', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const schema = JSON.parse(readFileSync(new URL('../../schemas/reports/run.json', import.meta.url), 'utf8'));
    expect(ajv.validateSchema(schema)).toBe(true);
    const written = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    const wrongVerdict = structuredClone(written);
    wrongVerdict.packs[0].cases[0].verdict = 'ok';
    expect(validateRunJson(wrongVerdict).join('\n')).toMatch(/\/packs\/0\/cases\/0\/verdict/);
    const noSut = structuredClone(written);
    delete noSut.packs[1].sut;
    expect(validateRunJson(noSut).join('\n')).toMatch(/\/packs\/1.*sut/);
    const otherFormat = { ...written, format: 'poligon-run/1' };
    expect(validateRunJson(otherFormat).join('\n')).toMatch(/\/format/);
  });
});
