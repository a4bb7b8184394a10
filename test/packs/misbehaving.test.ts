// A pack fails for the right reason when the fake misbehaves (a fault injected through /__admin/faults
// before the shipped case runs), and the reports say why.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reports/html.js';
import { renderJUnit } from '../../src/reports/junit.js';
import type { RunReport } from '../../src/scenario/types.js';
import { runWithReferenceClient, shippedCase } from './helpers.js';

function onlyCase(report: RunReport) {
  expect(report.packs).toHaveLength(1);
  expect(report.packs[0]!.cases).toHaveLength(1);
  return report.packs[0]!.cases[0]!;
}

/** The reason reaches the JUnit failure and the HTML report (HTML-escaped). */
function expectReportsSay(report: RunReport, ...fragments: string[]) {
  const junit = renderJUnit(report);
  const html = renderHtml(report, { fingerprint: 'SHA256:0', publicKeyPem: '' });
  expect(report.summary.verdict).toBe('failed');
  expect(junit).toMatch(/<failure/);
  for (const f of fragments) {
    expect(junit).toContain(f);
    expect(html).toContain(f);
  }
}

describe('packs failing for the right reason', () => {
  it('FES-06: a wrong response code at the terminal (116 instead of 513) fails the production test, observe mode', async () => {
    const pack = shippedCase('fes-certification', 'production-test', [
      { control: { fault: { operation: 'fes.terminalPayment', kind: 'error', status: 402, body: { result: { code: 116, description: 'Insufficient funds' } } } } },
    ]);
    const report = await runWithReferenceClient([pack]);
    const c = onlyCase(report);
    expect(c.verdict).toBe('failed');
    expect(c.reason).toMatch(/Терминал получает ответ 513/);
    expect(c.reason).toMatch(/\$\.result\.code: ожидалось = 513; получено 116/);
    const step = c.steps.find((s) => s.verdict === 'failed')!;
    expect(step.failures[0]).toMatchObject({ in: 'response', at: '$.result.code', expected: '= 513', received: '116' });
    expect(step.traffic.length).toBeGreaterThan(0);
    expectReportsSay(report, 'ожидалось = ', '116');
  });

  it('GIS-01: a merchant answer missing its status field fails the registration case', async () => {
    const withoutStatus = {
      id: 'tsp-000002', inn: '7709876545', kpp: '770901001', ogrn: '1027700987654', name: 'ООО «Ортопед»', brand: 'Ортопед',
      sellerType: 'LEGAL_ENTITY', hidden: false, contacts: [], createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const pack = shippedCase('gis-es-onboarding', 'merchant', [
      { control: { fault: { operation: 'gis.createMerchant', kind: 'error', status: 201, body: withoutStatus, times: 1 } } },
    ]);
    const report = await runWithReferenceClient([pack]);
    const c = onlyCase(report);
    expect(c.verdict).toBe('failed');
    expect(c.reason).toMatch(/шаг 2 «Новый продавец — юридическое лицо»/);
    expect(c.reason).toMatch(/status/);
    const failures = c.steps[1]!.failures;
    expect(failures.some((f) => f.in === 'response' && f.at === '$.status' && f.received === '(absent)')).toBe(true);
    expect(c.steps[1]!.curl).toMatch(/^curl -sS -X POST '.*\/gis\/api\/v1\/merchants'/);
    expectReportsSay(report, '$.status', '(отсутствует)');
  });

  it('ECS-12: a late answer (3.1 s) breaks the 3 s service-level bound of the bank', async () => {
    const pack = shippedCase('ecs-type-1', 'service-level', [
      { control: { fault: { operation: 'ecs.CheckClientBenefits', kind: 'latency', latencyMs: 3_100, times: 1 } } },
    ]);
    const report = await runWithReferenceClient([pack]);
    const c = onlyCase(report);
    expect(c.verdict).toBe('failed');
    expect(c.reason).toMatch(/время ответа: ожидалось не дольше 3000 мс; получено \d{4} мс/);
    expect(c.steps.find((s) => s.verdict === 'failed')!.failures[0]).toMatchObject({ in: 'response', at: 'time', expected: '≤ 3000 ms' });
    expectReportsSay(report, 'не дольше 3000 мс');
  }, 20_000);

  it('ECS-12: observe mode — when the retry is dropped too, the case fails at the await for a successful retry', async () => {
    // With the case's own drop, the first check is lost; this extra rule also drops the retry, after
    // which the reference ticket system gives up, as it should.
    const pack = shippedCase('ecs-type-2', 'ts-outage', [
      { control: { fault: { operation: 'ecs.CheckClientBenefits', kind: 'drop', times: 2 } } },
    ]);
    const report = await runWithReferenceClient([pack], { timeoutMs: 500 });
    const c = onlyCase(report);
    expect(c.verdict).toBe('failed');
    expect(c.reason).toMatch(/Повтор проверки проходит/);
    expect(c.reason).toMatch(/статус ответа: ожидался HTTP 200; получено HTTP 0 FAULT_DROP/);
  });
});
