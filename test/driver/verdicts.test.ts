// The verdict of a driven await step comes from the call the sandbox observed, never from the driver's
// word: drivers here act on nothing and only answer (the transport-free core, src/scenario/driver.ts).
import { describe, expect, it } from 'vitest';
import { packageSchemas } from '../../src/engine/schemas.js';
import type { ActionMessage, Driver } from '../../src/scenario/driver.js';
import { runPacks } from '../../src/scenario/runner.js';
import { shippedCase } from '../packs/helpers.js';

/** A driver that answers every action with `answer` (or never, for undefined) and keeps what it was sent. */
function answering(answer: unknown): Driver & { sent: ActionMessage[] } {
  const sent: ActionMessage[] = [];
  return {
    sent,
    identity: { kind: 'harness-webhook', name: 'http://harness.test/act' },
    plays: () => true,
    perform: (message, signal) => {
      sent.push(message);
      return answer === undefined ? new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))) : Promise.resolve(answer);
    },
  };
}

// a step that fails waits out the grace after the driver's answer (1 s in a run): short here, the sandbox in process journals a call before it answers
const answerGraceMs = 100;
const runEcho = (driver: Driver, timeoutMs = 400) => runPacks({ packs: [shippedCase('fes-certification', 'echo')], driver, timeoutMs, answerGraceMs });

describe('driven await steps', () => {
  it('"done" with no call at the sandbox fails the step, saying the driver claimed it', async () => {
    const driver = answering({ result: 'done' });
    const report = await runEcho(driver, 5_000);
    const c = report.packs[0]!.cases[0]!;
    expect(c.verdict).toBe('failed');
    expect(c.reason).toContain('драйвер ответил «done» на fes.echo, но подходящий вызов (fes.echo) в песочницу не пришёл');
    expect(c.driver).toEqual({ kind: 'harness-webhook', name: 'http://harness.test/act' });
    expect(c.steps.find((s) => s.kind === 'await')!.driver).toEqual({ action: 'fes.echo', answer: 'done' });
    // the harness was told what to do, where, and by when
    expect(driver.sent).toHaveLength(1);
    expect(driver.sent[0]).toMatchObject({
      protocol: 'poligon-driver/1', pack: 'fes-certification', case: 'echo', step: { index: 4, title: 'Касса выполняет echo' },
      action: { do: 'fes.echo', configure: { cashRegisterId: 'CR-DEMO-0001', protocolVersion: 1, fesUrl: expect.stringMatching(/\/ns\/kassa\/fes$/) } },
      timeoutMs: 5_000, sandbox: { namespace: 'kassa', urls: { fes: expect.stringMatching(/\/ns\/kassa\/fes$/) }, clock: expect.stringMatching(/\/ns\/kassa\/__admin\/clock$/) },
    });
    expect(packageSchemas(['driver/message']).validate('driver/message', driver.sent[0])).toEqual([]);
  });

  it('"cannot" skips the step and the rest of the case with the harness\'s reason in the report', async () => {
    const report = await runEcho(answering({ result: 'cannot', reason: 'this till has no echo button' }));
    const c = report.packs[0]!.cases[0]!;
    expect(c.verdict).toBe('skipped');
    expect(c.reason).toContain('драйвер не может выполнить fes.echo: this till has no echo button');
    expect(c.steps.find((s) => s.kind === 'await')).toMatchObject({ verdict: 'skipped', driver: { action: 'fes.echo', answer: 'cannot', reason: 'this till has no echo button' } });
    expect(report.summary.verdict).toBe('passed');
  });

  it('no answer by the deadline fails the step; the run goes on to the end', async () => {
    const report = await runPacks({ packs: [shippedCase('fes-certification', 'echo'), shippedCase('fes-certification', 'point-disabled')], driver: answering(undefined), timeoutMs: 300, answerGraceMs });
    const cases = report.packs.flatMap((p) => p.cases);
    expect(cases.map((c) => c.verdict)).toEqual(['failed', 'failed']);
    expect(cases[0]!.reason).toContain('драйвер (стенд разработчика по адресу http://harness.test/act) не ответил к сроку (300 мс), и подходящий вызов (fes.echo) в песочницу не пришёл');
    expect(cases[0]!.steps.find((s) => s.kind === 'await')!.driver).toMatchObject({ action: 'fes.echo', answer: 'silent' });
  });

  it('an answer outside the protocol counts as "failed", and the step is judged by the traffic', async () => {
    const report = await runEcho(answering({ status: 'ok' }));
    const c = report.packs[0]!.cases[0]!;
    expect(c.verdict).toBe('failed');
    expect(c.reason).toMatch(/драйвер ответил «failed» на fes\.echo \(ответ стенда не соответствует schemas\/driver\/answer\.json .*"status":"ok"/);
  });
});
