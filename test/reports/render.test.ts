import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { writeReports } from '../../src/reports/index.js';
import { verifyManifest } from '../../src/reports/manifest.js';
import type { RunReport } from '../../src/scenario/types.js';
import { SHOP_KEY, SHOP_SECRET, SHOP_TOKEN } from '../scenario/fixtures/shop.js';
import { pack, run } from '../scenario/helpers.js';
import { pdfText } from '../support/pdf-text.js';
import { runJsonProblems } from '../support/run-json.js';

// A run with a pass, a failure (wrong code injected), a skipped case, an ECS-style pack (the Act) and
// secrets in play (a MAC key, a client secret, a bearer token).
const shopPack = (system: string, id: string) => `
id: ${id}
version: '2.1'
title: Магазин — проверка отчётов
system: ${system}
sut: { vendor: ООО «Касса-Софт», product: КассаПро, version: 5.4.1, id: '000123', organization: МБУК «Музей», bank: АО «Банк» }
cases:
  - id: ok-add
    title: Подписанное пополнение принимается
    requirements: [FES-01, FES-03]
    steps:
      - request:
          simulator: shop
          path: /add
          body: { by: 2 }
          auth: { signer: shop-hmac, params: { key: ${SHOP_KEY} } }
          expect: { status: 200, body: [ { path: $.value, equals: 12 } ] }
  - id: token
    title: Токен и вызов с ним
    requirements: [ECS-01, ECS-03]
    steps:
      - request: { simulator: shop, path: /token, form: { client_id: shop-client, client_secret: ${SHOP_SECRET} }, expect: { status: 200 }, capture: { token: $.access_token } }
      - control: { fault: { operation: shop.whoami, kind: error, status: 503, body: { error: DOWN }, times: 1 } }
      - request: { simulator: shop, path: /whoami, auth: { bearer: '\${token}' }, expect: { status: 200 } }
  - id: broken
    title: Сломанный шаг
    requirements: [FES-01]
    steps:
      - request: { simulator: shop, path: '/value?x=\${undefinedVar}' }
  - id: later
    title: Отложенная проверка
    requirements: [ECS-12]
    skip: ждёт симулятора ЕЦС
    steps:
      - control: reset
`;

let dir: string;
let report: RunReport;
let files: string[];

beforeAll(async () => {
  report = await run([pack(shopPack('fes', 'shop-fes')), pack(shopPack('ecs', 'shop-ecs'))], {
    sut: { vendor: 'ООО «Касса-Софт»', city: 'Якутск' },
  });
  dir = mkdtempSync(join(tmpdir(), 'poligon-reports-'));
  files = await writeReports(report, dir);
});

describe('report files', () => {
  it('REP-02: writes every format and a manifest that verifies', () => {
    expect(files.sort()).toEqual(['act-shop-ecs.pdf', 'junit.xml', 'manifest.json', 'protocol-shop-fes.pdf', 'report.html', 'run.json', 'traffic.har'].sort());
    expect(verifyManifest(dir)).toMatchObject({ ok: true, checked: 6 });
    expect(runJsonProblems(dir)).toEqual([]); // run.json's JSON Schema (schemas/reports/run.json)
    expect(report.summary).toMatchObject({ total: 8, passed: 2, failed: 2, error: 2, skipped: 2, verdict: 'failed' });
  });

  it('REP-02: verification catches a modified, a removed and an added file', () => {
    const copy = mkdtempSync(join(tmpdir(), 'poligon-tamper-'));
    for (const f of readdirSync(dir)) writeFileSync(join(copy, f), readFileSync(join(dir, f)));
    writeFileSync(join(copy, 'report.html'), readFileSync(join(copy, 'report.html'), 'utf8').replace('ДЕМОНСТРАЦИЯ', 'СООТВЕТСТВУЕТ'));
    writeFileSync(join(copy, 'extra.txt'), 'x');
    const result = verifyManifest(copy);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^report\.html: modified/), expect.stringMatching(/^extra\.txt: not in the manifest/)]));
  });

  it('REP-01: no secret appears in clear in any report file (PDFs read as text)', async () => {
    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, f));
      const text = f.endsWith('.pdf') ? await pdfText(bytes) : bytes.toString('utf8');
      if (f.endsWith('.pdf')) expect(text, `${f} has readable text`).toContain('КассаПро');
      const unwrapped = text.replace(/\s+/g, '');
      for (const secret of [SHOP_KEY, SHOP_SECRET, SHOP_TOKEN]) expect(unwrapped, `${f} leaks ${secret}`).not.toContain(secret);
    }
  });

  it('REP-01: JUnit XML parses, with stable classnames and failed, skipped cases as such', () => {
    const xml = create(readFileSync(join(dir, 'junit.xml'), 'utf8')).end({ format: 'object' }) as any;
    const suites = xml.testsuites.testsuite;
    expect(suites.map((s: any) => s['@name'])).toEqual(['shop-fes', 'shop-ecs']);
    const cases = suites[0].testcase;
    expect(cases.map((c: any) => [c['@classname'], c['@name']])).toEqual([['shop-fes', 'ok-add'], ['shop-fes', 'token'], ['shop-fes', 'broken'], ['shop-fes', 'later']]);
    expect(cases[1].failure['@message']).toMatch(/503/);
    expect(cases[2].error['@message']).toMatch(/unknown variable \$\{undefinedVar\}/);
    expect(cases[3].skipped['@message']).toBe('ждёт симулятора ЕЦС');
    expect(suites[0]).toMatchObject({ '@tests': '4', '@failures': '1', '@errors': '1', '@skipped': '1' });
  });

  it('REP-01: the HAR is HAR 1.2 with one page per case and entries the reports reference', () => {
    const har = JSON.parse(readFileSync(join(dir, 'traffic.har'), 'utf8'));
    expect(har.log.version).toBe('1.2');
    expect(har.log.pages.map((p: any) => p.id)).toContain('shop-fes/token');
    const ids = new Set(har.log.entries.map((e: any) => e._id));
    for (const e of har.log.entries) {
      expect(e.request).toMatchObject({ method: expect.any(String), url: expect.stringMatching(/^http/), headers: expect.any(Array) });
      expect(e.response).toMatchObject({ status: expect.any(Number), content: expect.objectContaining({ mimeType: expect.any(String) }) });
    }
    const refs = report.packs.flatMap((p) => p.cases.flatMap((c) => c.steps.flatMap((s) => s.traffic.map((r) => r.id))));
    expect(refs.length).toBeGreaterThan(3);
    for (const r of refs) expect(ids.has(r)).toBe(true);
  });

  it('REP-01: the HTML is self-contained and says why a case failed', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
    expect(html).not.toMatch(/<script|<link/i);
    expect(html).toContain('ООО «Касса-Софт»');
    expect(html).toMatch(/HTTP 503/);
    expect(html).toContain('curl');
  });

  it('ECS-14: each PDF starts with %PDF and has pages; the ECS one is the Act of test trials', () => {
    for (const f of ['protocol-shop-fes.pdf', 'act-shop-ecs.pdf']) {
      const pdf = readFileSync(join(dir, f));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1')).toMatch(/\/Type \/Page\b/);
    }
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'act-shop-ecs.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('тестовых испытаний по подключению к ЕЦС');
      expect(text).toContain('город Якутск');
      expect(text).toContain('МБУК «Музей»');
      expect(text).toContain('не подтверждена');
    }
  });
});
