// Issue #17: the reports are fully Russian under --lang ru and fully English under --lang en. One run of two
// packs (a till played by the reference client; a bank's ECS outside the sandbox that never answers, so
// the engine's own "no answer" text shows) is rendered in both languages; the FES protocol, the ECS Act
// and the HTML report, read back as text, hold no word of the other language's fixed list. A second run, its
// await steps played by a harness that claims what it did not do, brings the engine's and the runner's other
// messages into the HTML report and the JUnit XML. The pack-written bases and requirement sources are worded
// in the report's language; case and step titles and the messages' bodies are data and are not judged here.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReferenceClient } from '../../src/reference/index.js';
import { writeReports } from '../../src/reports/index.js';
import { runPacks } from '../../src/scenario/runner.js';
import type { RunReport } from '../../src/scenario/types.js';
import { shippedCase } from '../packs/helpers.js';
import { runJsonProblems } from '../support/run-json.js';
import { htmlText, pdfText } from './pdf-text.js';
import type { Driver } from '../../src/scenario/driver.js';
import { parsePack } from '../../src/scenario/loader.js';

/** Words the report itself writes in English (labels, verdicts, engine texts): none may show under --lang ru. */
const ENGLISH = ['passed', 'failed', 'expected', 'received', 'Requirement', 'Requirements', 'Summary', 'Verdict', 'Step', 'Operator',
  'not given', 'no answer', 'within', 'state as expected', 'connection failed', 'interrupted', 'skipped', 'advisory', 'Cases', 'Vendor', 'Product',
  // the engine's and the runner's messages
  'no matching call', 'reached the sandbox', 'the driver', 'answered', 'cannot do', 'capture', 'nothing at', 'did not answer', 'deadline',
  // bases and requirement sources (the catalogue and the packs write them in English)
  'modeled', 'public record', 'operation', 'terms', 'App', 'regulation', 'the', 'of', 'is', 'not', 'only', 'header names', 'header', 'status',
  // who played the observe steps
  'reference client', 'vendor harness', 'city of'];
/** The same in Russian: none may show under --lang en. */
const RUSSIAN = ['пройдено', 'не пройдено', 'ожидалось', 'получено', 'Требования', 'Итог', 'Вердикт', 'Шаг', 'Оператор', 'не указано',
  'нет ответа', 'прервано', 'пропущено', 'рекомендации', 'Всего проверок', 'Касса', 'мс', 'Разработчик', 'Продукт', 'Объект испытаний',
  'ожидался', 'ожидалась', 'драйвер', 'песочницу', 'эталонный клиент', 'стенд разработчика', 'Якутск', 'город', 'смоделировано', 'Прил'];

/**
 * A pack whose await steps a harness plays that claims "done" to fes.echo without acting and "cannot" to a
 * sale; its other steps fail on the runner's own checks (a status, a type, a length, a capture).
 */
const DRIVEN = `id: driven
version: '1.0'
title: Стенд, который говорит неправду
system: e2e
cases:
  - id: claimed
    title: Стенд отвечает «done», ничего не сделав
    requirements: [FES-01]
    steps:
      - await: { title: Эхо, instructions: Выполните echo., action: { do: fes.echo }, simulator: fes, operation: echo, timeout: 700ms }
  - id: cannot
    title: Стенд не может продать
    requirements: [FES-05]
    steps:
      - await: { title: Продажа, instructions: Продайте., action: { do: fes.sale, card: { pan: '2200123456789019' }, items: [ { truCode: '1', count: 1, price: 1 } ] }, simulator: fes, operation: preAuthPurchase }
  - id: nobody
    title: Вызова нет
    requirements: [FES-01]
    steps:
      - await: { title: Эхо без действия, instructions: Выполните echo., simulator: fes, operation: echo, timeout: 300ms }
  - id: refused
    title: Неверный статус
    requirements: [FES-01]
    steps:
      - control: { title: Часы, method: GET, path: /clock, expect: { status: 418, headers: { content-type: { matches: '^text/' } } } }
  - id: shape
    title: Тип и длина
    requirements: [FES-01]
    steps:
      - expect-state: { title: Часы как состояние, path: /clock, expect: { body: [ { path: $.now, type: integer, because: время часов — число } ] } }
  - id: length
    title: Длина
    requirements: [FES-01]
    steps:
      - expect-state: { title: Часы как состояние, path: /clock, expect: { body: [ { path: $.now, length: 3 } ] } }
  - id: schema
    title: Схема
    requirements: [FES-01]
    steps:
      - control: { title: Часы по схеме эха, method: GET, path: /clock, expect: { status: 200, schema: fes/echo.request } }
  - id: keep
    title: Сохранение значения
    requirements: [FES-01]
    steps:
      - control: { title: Часы, method: GET, path: /clock, capture: { later: $.nope } }
translations:
  "the clock's time is a number": время часов — число
`;

const liar: Driver = {
  identity: { kind: 'harness-webhook', name: 'http://harness.test/act' },
  plays: () => true,
  perform: async (m) => (m.action.do === 'fes.echo' ? { result: 'done' } : { result: 'cannot', reason: 'R-42' }),
};

/** The messages' bodies are the faked systems' data (FES answers in English): their JSON strings are left out. */
const withoutBodies = (text: string) => text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
const wordsIn = (text: string, words: string[]) => words.filter((w) => new RegExp(`(^|[^\\p{L}])${w}($|[^\\p{L}])`, 'u').test(text));

/** A port that accepts connections and never answers: the bank's ECS times out. */
let silent: Server;
let texts: Record<'ru' | 'en', { fes: string; act: string; html: string; junit: string; driven: string; drivenJunit: string; drivenReport: RunReport; report: RunReport }>;

beforeAll(async () => {
  silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const port = (silent.address() as { port: number }).port;
  const render = async (lang: 'ru' | 'en') => {
    // the FES case gets time to play on a busy machine; the 1 s is for the ECS bank that never answers
    const fes = shippedCase('fes-certification', 'bad-mac');
    fes.spec.timeout = '10s';
    const report = await runPacks(withReferenceClient({
      packs: [fes, shippedCase('ecs-type-2', 'token')], lang,
      overrides: { ecs: `http://127.0.0.1:${port}/ecs` }, timeoutMs: 1_000, operator: 'Petrov P.',
      sutByPack: { 'fes-certification': { vendor: 'Kassa-Soft LLC', product: 'KassaPro', version: '5.4.1', id: 'CR-DEMO-0001' }, 'ecs-type-2': { organization: 'МБУК «Музей»' } },
    }));
    const dir = mkdtempSync(join(tmpdir(), `poligon-lang-${lang}-`));
    await writeReports(report, dir);
    expect(runJsonProblems(dir)).toEqual([]);
    const driven = await runPacks({ packs: [parsePack(DRIVEN, 'driven.yaml')], driver: liar, lang, timeoutMs: 2_000, answerGraceMs: 100 });
    const drivenDir = mkdtempSync(join(tmpdir(), `poligon-lang-driven-${lang}-`));
    await writeReports(driven, drivenDir, ['html', 'junit']);
    return {
      report,
      junit: readFileSync(join(dir, 'junit.xml'), 'utf8'),
      driven: htmlText(readFileSync(join(drivenDir, 'report.html'), 'utf8')),
      drivenJunit: readFileSync(join(drivenDir, 'junit.xml'), 'utf8'),
      drivenReport: driven,
      fes: await pdfText(join(dir, 'protocol-fes-certification.pdf')),
      act: await pdfText(join(dir, 'act-ecs-type-2.pdf')),
      html: htmlText(readFileSync(join(dir, 'report.html'), 'utf8')),
    };
  };
  texts = { ru: await render('ru'), en: await render('en') };
}, 120_000);
afterAll(() => silent?.close());

describe('one language per report', () => {
  it('the run is what the test needs: the FES case passed, the ECS case failed on the engine\'s own timeout', () => {
    expect(texts.ru.report.packs.map((p) => p.cases[0]!.verdict)).toEqual(['passed', 'failed']);
  });

  for (const part of ['fes', 'act', 'html', 'driven'] as const) {
    it(`--lang ru: the ${part} text holds no English word of the fixed list`, () => {
      expect(wordsIn(withoutBodies(texts.ru[part]), ENGLISH)).toEqual([]);
    });
    it(`--lang en: the ${part} text holds no Russian word of the fixed list`, () => {
      expect(wordsIn(withoutBodies(texts.en[part]), RUSSIAN)).toEqual([]);
    });
  }

  it('the JUnit XML of the driven run holds no word of the other language\'s fixed list (the bodies of the messages aside)', () => {
    const text = (xml: string) => xml.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    expect(wordsIn(withoutBodies(text(texts.ru.drivenJunit)), ENGLISH)).toEqual([]);
    expect(wordsIn(withoutBodies(text(texts.en.drivenJunit)), RUSSIAN)).toEqual([]);
  });

  it('the engine\'s and the runner\'s messages are worded in the report\'s language', () => {
    expect(texts.ru.driven).toContain('драйвер ответил «done» на fes.echo, но подходящий вызов (fes.echo) в песочницу не пришёл');
    expect(texts.en.driven).toContain('the driver answered «done» to fes.echo, but no matching call (fes.echo) reached the sandbox');
    expect(texts.ru.driven).toContain('драйвер не может выполнить fes.sale: R-42');
    expect(texts.en.driven).toContain('the driver cannot do fes.sale: R-42');
    expect(texts.ru.driven).toContain('журнал: ожидался вызов fes.echo, не дольше 300 мс; получено (вызова не было)');
    expect(texts.en.driven).toContain('journal: expected a call fes.echo, within 300 ms; received (no call came)');
    expect(texts.ru.driven).toContain('сохранение later: по адресу $.nope значения нет');
    expect(texts.en.driven).toContain('capture later: nothing at $.nope');
    // a JSON Schema's demand, as the schema registry words it
    expect(texts.ru.driven).toContain('ожидалось по схеме: наличие поля "requestId"');
    expect(texts.en.driven).toContain('expected by the schema: field "requestId" to be present');
  });

  it('a Russian run re-rendered in English (poligon report DIR --lang en) words its reasons in English', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poligon-lang-again-'));
    await writeReports({ ...texts.ru.drivenReport, lang: 'en' }, dir, ['html', 'junit']);
    const html = htmlText(readFileSync(join(dir, 'report.html'), 'utf8'));
    expect(wordsIn(withoutBodies(html), RUSSIAN)).toEqual([]);
    expect(html).toContain('step 1 “Эхо”: journal: expected a call fes.echo, within 700 ms; received the driver answered «done» to fes.echo');
    expect(html).toContain('step 1 “Продажа”: the driver cannot do fes.sale: R-42');
  });

  it('Russian is proofread: «ожидался вызов», «ожидался HTTP 418», «ожидался тип», «ожидалась длина», never «ожидалось» with a masculine or feminine noun', () => {
    expect(texts.ru.driven).toContain('ожидался вызов fes.echo');
    expect(texts.ru.driven).toContain('статус ответа: ожидался HTTP 418; получено HTTP 200');
    expect(texts.ru.driven).toContain('ответ, заголовок content-type соответствие /^text/');
    expect(texts.en.driven).toContain('response header content-type matching /^text/');
    expect(texts.ru.driven).toContain('ожидался тип integer');
    expect(texts.ru.driven).toContain('ожидалась длина 3');
    for (const part of ['fes', 'act', 'html', 'driven'] as const) expect(texts.ru[part]).not.toMatch(/ожидалось (вызов|ответ|тип|код|длина)/);
  });

  it('the pack-written bases and the requirement sources are worded in the report\'s language', () => {
    // fes-certification's bad-mac case: its bases and FES-03's source «§2 terms, §4.5, modeled»
    expect(texts.ru.fes).toContain('смоделировано Poligon — код отказа (задан профилем ФЭС): открытые материалы устанавливают лишь, что код, отличный от 0, означает отказ');
    expect(texts.en.fes).toContain('modeled by Poligon — refusal code (the FES profile gives it): the public record fixes only that a code other than 0 refuses');
    expect(texts.ru.fes).toContain('§2 термины, §4.5, смоделировано');
    expect(texts.en.fes).toContain('§2 terms, §4.5, modeled');
    expect(texts.ru.html).toContain('§2 термины, §4.5, смоделировано');
    // the reasons the packs give with their checks (because), Russian as written, English from the pack
    expect(texts.ru.driven).toContain('время часов — число');
    expect(texts.en.driven).toContain('the clock\'s time is a number');
    expect(texts.en.driven).not.toContain('время часов');
  });

  it('#18: the operator\'s instructions are given in the report\'s language', () => {
    expect(texts.ru.fes).toContain('Действие оператора: ФЭС песочницы для этого случая:');
    expect(texts.en.fes).toContain('Operator action: The sandbox\'s FES for this case:');
    expect(texts.en.fes).toContain('Enter a wrong MAC KEY into the cash-register software (change one character) and run echo: FES must refuse it.');
  });

  it('the English Act names the city in Latin letters; Russian quotes inside «…» are „…“', () => {
    expect(texts.en.act).toContain('city of Yakutsk');
    expect(texts.en.act).toContain('together “the Parties”');
    // the pack's English for its Russian title; no FES transport profile among an ECS pack's conventions
    expect(texts.en.act).toContain('of the pack “ECS test trials — connection type 2 — ‘Digital Pass’ (acceptant Type No. 2, variant 1)”');
    expect(texts.ru.act).not.toContain('профиле транспорта ФЭС');
    expect(texts.ru.fes).toContain('профиле транспорта ФЭС');
    expect(texts.ru.act).toContain('город Якутск');
    expect(texts.ru.act).toContain('«МБУК „Музей“»');
  });

  it('#18: the PDF protocol and the JUnit XML name who played the observe steps', () => {
    expect(texts.ru.fes).toContain('Шаги наблюдения выполнял: эталонный клиент Poligon');
    expect(texts.en.fes).toContain('Observe steps played by: Poligon reference client');
    expect(texts.ru.junit).toMatch(/<property name="driver.kind" value="reference-client"\/>/);
    expect(texts.ru.junit).toContain('Шаги наблюдения выполнял: эталонный клиент Poligon');
    expect(texts.en.drivenJunit).toMatch(/<property name="driver.name" value="http:\/\/harness.test\/act"\/>/);
    expect(texts.en.drivenJunit).toContain('Observe steps played by: vendor harness at http://harness.test/act');
  });

  it('expected and received values appear for a sample of checks, in each language', () => {
    expect(texts.ru.fes).toMatch(/статус ответа: ожидался HTTP 401; получено HTTP 401/);
    expect(texts.ru.fes).toMatch(/ожидалось = 108; получено 108/);
    expect(texts.en.fes).toMatch(/expected HTTP 401; received HTTP 401/);
    expect(texts.en.fes).toMatch(/expected = 108; received 108/);
    expect(texts.ru.act).toMatch(/получено нет ответа за 1000 мс/);
    expect(texts.en.act).toMatch(/received no answer within 1000 ms/);
  });

  it('the summaries count the advisory notes too', () => {
    expect(texts.ru.fes).toMatch(/рекомендаций: 0/);
    expect(texts.en.fes).toMatch(/advisory notes: 0/);
    expect(texts.ru.html).toMatch(/Рекомендаций: 0/);
    expect(texts.en.html).toMatch(/Advisory notes: 0/);
  });
});
