// A bank runs an ECS pack against its own implementation (--target ecs=URL): here a second Poligon
// sandbox stands in for the bank. Client-mode cases pass against it; the cases that need the sandbox's
// control API or journal are skipped, not failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePack } from '../../src/scenario/loader.js';
import { runPacks } from '../../src/scenario/runner.js';
import type { RunReport } from '../../src/scenario/types.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { notPassed } from './helpers.js';

describe('ecs-type-2 against a bank implementation outside the sandbox', () => {
  let bank: Sandbox;
  let report: RunReport;
  beforeAll(async () => {
    bank = await startSandbox({ simulators: ['ecs'] });
    report = await runPacks({ packs: [resolvePack('ecs-type-2')], overrides: { ecs: `${bank.url}/ecs` }, timeoutMs: 5_000 });
  }, 60_000);
  afterAll(() => bank?.stop());

  it('ECS-01…ECS-12: every client-mode case passes against the bank', () => {
    expect(notPassed(report)).toEqual([]);
    const passed = report.packs[0]!.cases.filter((c) => c.verdict === 'passed').map((c) => c.id);
    expect(passed).toEqual(expect.arrayContaining(['token', 'identifiers', 'benefit', 'confirm', 'result-01', 'result-08', 'service-level', 'trial-run']));
  });

  it('cases needing the sandbox (clock, control API, journal) are skipped with the reason', () => {
    const skipped = Object.fromEntries(report.packs[0]!.cases.filter((c) => c.verdict === 'skipped').map((c) => [c.id, c.reason]));
    expect(Object.keys(skipped).sort()).toEqual(['ip-allowlist', 'refusal', 'result-06', 'service-level-measure', 'token-expiry', 'ts-outage', 'ts-sale', 'ts-token-renewal']);
    expect(skipped['result-06']).toMatch(/needs the sandbox's ecs, and ecs is the implementation at http/);
  });

  it('the traffic with the bank is logged by the runner, with the client secret masked', () => {
    const c = report.packs[0]!.cases.find((x) => x.id === 'token')!;
    expect(c.traffic[0]).toMatchObject({ namespace: 'runner', simulator: 'ecs', path: expect.stringMatching(/\/ecs\/connect\/token$/), status: 200 });
    expect(JSON.stringify(report)).not.toContain('ddddeeeeeffffff');
  });
});
