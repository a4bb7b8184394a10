// Issue #17: the reports are fully Russian under --lang ru and fully English under --lang en. One run of two
// packs (a till played by the reference client; a bank's ECS outside the sandbox that never answers, so
// the engine's own "no answer" text shows) is rendered in both languages; the FES protocol, the ECS Act
// and the HTML report, read back as text, hold no word of the other language's fixed list. The pack's own
// texts (titles, instructions, the bases written in the pack) and the messages' bodies are data and are not
// judged here.
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

/** Words the report itself writes in English (labels, verdicts, engine texts): none may show under --lang ru. */
const ENGLISH = ['passed', 'failed', 'expected', 'received', 'Requirement', 'Requirements', 'Summary', 'Verdict', 'Step', 'Operator',
  'not given', 'no answer', 'within', 'state as expected', 'connection failed', 'interrupted', 'skipped', 'advisory', 'Cases', 'Vendor', 'Product'];
/** The same in Russian: none may show under --lang en. */
const RUSSIAN = ['пройдено', 'не пройдено', 'ожидалось', 'получено', 'Требования', 'Итог', 'Вердикт', 'Шаг', 'Оператор', 'не указано',
  'нет ответа', 'прервано', 'пропущено', 'рекомендации', 'Всего проверок', 'Касса', 'мс', 'Разработчик', 'Продукт', 'Объект испытаний'];

/** The messages' bodies are the faked systems' data (FES answers in English): their JSON strings are left out. */
const withoutBodies = (text: string) => text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
const wordsIn = (text: string, words: string[]) => words.filter((w) => new RegExp(`(^|[^\\p{L}])${w}($|[^\\p{L}])`, 'u').test(text));

/** A port that accepts connections and never answers: the bank's ECS times out. */
let silent: Server;
let texts: Record<'ru' | 'en', { fes: string; act: string; html: string; report: RunReport }>;

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
      sutByPack: { 'fes-certification': { vendor: 'Kassa-Soft LLC', product: 'KassaPro', version: '5.4.1', id: 'CR-DEMO-0001' } },
    }));
    const dir = mkdtempSync(join(tmpdir(), `poligon-lang-${lang}-`));
    await writeReports(report, dir);
    expect(runJsonProblems(dir)).toEqual([]);
    return {
      report,
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

  for (const part of ['fes', 'act', 'html'] as const) {
    it(`--lang ru: the ${part} text holds no English word of the fixed list`, () => {
      expect(wordsIn(withoutBodies(texts.ru[part]), ENGLISH)).toEqual([]);
    });
    it(`--lang en: the ${part} text holds no Russian word of the fixed list`, () => {
      expect(wordsIn(withoutBodies(texts.en[part]), RUSSIAN)).toEqual([]);
    });
  }

  it('expected and received values appear for a sample of checks, in each language', () => {
    expect(texts.ru.fes).toMatch(/ожидалось HTTP 401; получено HTTP 401/);
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
