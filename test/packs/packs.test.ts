// Every shipped pack passes against the embedded sandbox; the observe-mode cases (fes-certification,
// ecs-type-*/ts-*) are played by the reference cash register and ticket system (src/reference).
import { beforeAll, describe, expect, it } from 'vitest';
import { runPacks } from '../../src/scenario/runner.js';
import type { RunReport } from '../../src/scenario/types.js';
import { SHIPPED_PACKS, notPassed, runWithReferenceClient, shippedCase, shippedPack } from './helpers.js';

describe('shipped packs against the embedded sandbox', () => {
  let report: RunReport;
  beforeAll(async () => {
    report = await runWithReferenceClient(SHIPPED_PACKS.map((id) => shippedPack(id)));
  }, 120_000);

  it.each(SHIPPED_PACKS)('%s: every case passes', (packId) => {
    const pack = report.packs.find((p) => p.id === packId)!;
    expect(pack.cases.length).toBeGreaterThan(0);
    expect(notPassed({ ...report, packs: [pack] })).toEqual([]);
  });

  it('no shipped case is skipped on the embedded sandbox', () => {
    expect(report.packs.flatMap((p) => p.cases.filter((c) => c.verdict === 'skipped').map((c) => `${p.id}/${c.id}`))).toEqual([]);
  });

  it('FES-06: the production test case judged the 513 the terminal got', () => {
    const c = report.packs.find((p) => p.id === 'fes-certification')!.cases.find((x) => x.id === 'production-test')!;
    const terminal = c.steps.find((s) => s.title.includes('513'))!;
    expect(terminal.verdict).toBe('passed');
    expect(terminal.actual[0]).toMatch(/terminal\/v1\/payments → HTTP 402/);
    expect(c.traffic.some((e) => e.path.endsWith('/terminal/v1/payments') && (e.responseBody as { result?: { code?: number } }).result?.code === 513)).toBe(true);
  });

  it('the reference client signs with keys the sandbox never shows in clear in the report', () => {
    const text = JSON.stringify(report);
    expect(text).not.toContain('demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f');
    expect(text).not.toContain('aaaabbbbbcccccc');
  });
});

describe('observe mode without the reference client', () => {
  it('FES-01: an await step nobody answers fails saying what it waited for', async () => {
    const report = await runPacks({ packs: [shippedCase('fes-certification', 'echo')], timeoutMs: 300 });
    const c = report.packs[0]!.cases[0]!;
    expect(c.verdict).toBe('failed');
    expect(c.reason).toMatch(/журнал: ожидался вызов fes.echo, не дольше 300 мс; получено \(вызова не было\)/);
    expect(c.steps.find((s) => s.kind === 'await')!.instructions).toMatch(/Выполните в кассовом ПО проверку связи \(echo\)/);
  });
});
