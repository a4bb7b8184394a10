// REP-02: one run, two packs, two systems under test — a till played by the reference client (FES) and
// a bank's ECS outside the sandbox (a second sandbox stands in for it). Each page names its own system
// and who played it; nothing of one pack's system shows on the other's; the ECS Act of an external bank
// prints no sandbox name and is dated in Yakutsk.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReferenceClient } from '../../src/reference/index.js';
import { writeReports } from '../../src/reports/index.js';
import { runPacks } from '../../src/scenario/runner.js';
import type { RunReport } from '../../src/scenario/types.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { shippedCase } from '../packs/helpers.js';
import { runJsonProblems } from '../support/run-json.js';
import { htmlText, pdfText } from './pdf-text.js';

let bank: Sandbox;
let report: RunReport;
let dir: string;
let fes: string;
let act: string;
let html: string;

beforeAll(async () => {
  bank = await startSandbox({ simulators: ['ecs'] });
  report = await runPacks(withReferenceClient({
    packs: [shippedCase('fes-certification', 'echo'), shippedCase('ecs-type-2', 'token')],
    overrides: { ecs: `${bank.url}/ecs` }, timeoutMs: 5_000, operator: 'Петров П. П.',
    sutByPack: {
      'fes-certification': { vendor: 'ООО «Касса-Софт»', product: 'КассаПро', version: '5.4.1', id: 'CR-DEMO-0001' },
      'ecs-type-2': { vendor: 'АО «Северный банк»', product: 'ЕЦС-шлюз', version: '2.0', bank: 'АО «Северный банк»' },
    },
  }));
  dir = mkdtempSync(join(tmpdir(), 'poligon-suts-'));
  await writeReports(report, dir);
  fes = await pdfText(join(dir, 'protocol-fes-certification.pdf'));
  act = await pdfText(join(dir, 'act-ecs-type-2.pdf'));
  html = htmlText(readFileSync(join(dir, 'report.html'), 'utf8'));
}, 60_000);
afterAll(() => bank?.stop());

describe('two packs, two systems under test', () => {
  it('REP-02: run.json keeps each pack its own system and who played it', () => {
    expect(report.packs.map((p) => [p.id, p.sut.playedBy, p.sut.vendor])).toEqual([
      ['fes-certification', 'reference-client', 'ООО «Касса-Софт»'],
      ['ecs-type-2', 'vendor', 'АО «Северный банк»'],
    ]);
    expect(report.packs[1]!.sut.organization).toBeUndefined();
    expect(report.operator).toBe('Петров П. П.');
    expect(runJsonProblems(dir)).toEqual([]);
  });

  it('REP-02: the FES protocol is a demonstration naming the till, never the bank', () => {
    expect(fes).toContain('ПРОТОКОЛ ИСПЫТАНИЙ — ДЕМОНСТРАЦИЯ');
    expect(fes).toContain('ДЕМОНСТРАЦИЯ: все проверки пройдены эталонным клиентом Poligon');
    expect(fes).not.toContain('СООТВЕТСТВУЕТ');
    expect(fes).toContain('КассаПро');
    expect(fes).toContain('Петров П. П.');
    expect(fes).toContain('Это не документ НСПК или банка');
    expect(fes).not.toContain('Северный банк');
    expect(fes).not.toContain('ЕЦС-шлюз');
  });

  it('REP-02: the ECS Act names the bank as given, keeps the blank for the organization, and no sandbox name', () => {
    expect(act).toContain('«Название организации» и «АО „Северный банк“»');
    expect(act).not.toMatch(/песочниц[аы] Poligon\)|Цифровой пропуск \(демо\)/);
    expect(act).not.toContain('КассаПро');
    expect(act).not.toContain('ДЕМОНСТРАЦИЯ');
    const yakutsk = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Yakutsk', day: '2-digit' }).format(new Date(report.packs[1]!.finishedAt));
    expect(act).toContain(`«${yakutsk}»`);
  });

  it('REP-02: the HTML report gives each pack its own system, verdict and times', () => {
    const [fesPart, ecsPart] = html.split('Набор проверок ecs-type-2:');
    expect(fesPart).toContain('КассаПро');
    expect(fesPart).toContain('эталонный клиент Poligon — демонстрация');
    expect(ecsPart).toContain('ЕЦС-шлюз');
    expect(ecsPart).toContain('ПО разработчика (объект испытаний)');
    expect(ecsPart).not.toContain('КассаПро');
    expect(html).toContain('Начало набора');
  });
});
