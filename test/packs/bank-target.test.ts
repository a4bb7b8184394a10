// ECS-17: a bank runs the ECS packs against its own service (--target ecs=URL, --var for its world).
// The bank here is written from the regulation alone (test/independent-bank/, no code shared with
// simulators/ecs) and answers otherwise than Poligon wherever the regulation allows: opaque tokens, no
// discovery document, other HTTP statuses and error codes, App. 7 codes with HTTP 200, no errors[],
// other key order. Every pack passes against it: what only Poligon's conventions say comes as advice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVarFlags } from '../../src/cli/run.js';
import { runPacks } from '../../src/scenario/runner.js';
import type { CaseResult, RunReport } from '../../src/scenario/types.js';
import { IndependentBank } from '../independent-bank/bank.js';
import { notPassed, shippedPack } from './helpers.js';

/** The bank's test stand, as its operator types it: `--var name=value` strings. */
const COMMON = ['holderCode=HOLDER900100001', 'holderCard=6000000000000001', 'holderCardSeries=AB12', 'holderSnils=11223344595',
  'expectedBenefitId=11', 'serviceCount=2', 'unknownTerminalId=999', 'unknownServiceId=999'];
const FLAGS: Record<string, string[]> = {
  'ecs-type-1': [...COMMON, 'clientId=pool-71', 'clientSecret=bank-secret-pool-71', 'organizationId=71', 'terminalId=52', 'serviceId=301', 'serviceCount=3',
    'otherHolderCard=6000000000000002', 'otherHolderCardSeries=AB12', 'noBenefitHolder=HOLDER900200001', 'unknownHolder=NOSUCHHOLDER', 'inactiveHolder=HOLDER900300001',
    'expiredCard=6000000000000004', 'expiredCardSeries=AB12'],
  'ecs-type-2': [...COMMON, 'clientId=pass-72', 'clientSecret=bank-secret-pass-72', 'organizationId=72', 'terminalId=61', 'serviceId=401',
    'noBenefitHolder=12345670140', 'unknownHolder=12345670241', 'inactiveHolder=12345670544'],
  'ecs-type-3': [...COMMON, 'clientId=shop-73', 'clientSecret=bank-secret-shop-73', 'organizationId=73', 'terminalId=81', 'serviceId=501',
    'otherHolderCard=6000000000000002', 'otherHolderCardSeries=AB12', 'noBenefitHolder=HOLDER900200001', 'unknownHolder=NOSUCHHOLDER', 'inactiveHolder=HOLDER900300001',
    'expiredCard=6000000000000004', 'expiredCardSeries=AB12'],
};
const SANDBOX_ONLY = ['ip-allowlist', 'refusal', 'result-03', 'result-04', 'result-06', 'service-level-measure', 'token-expiry', 'ts-outage', 'ts-sale', 'ts-token-renewal'];

const bank = new IndependentBank();
const reports: Record<string, RunReport> = {};
beforeAll(async () => {
  const url = await bank.start();
  for (const id of Object.keys(FLAGS)) {
    const pack = shippedPack(id);
    reports[id] = await runPacks({ packs: [pack], overrides: { ecs: url }, vars: parseVarFlags(FLAGS[id], [pack]), timeoutMs: 5_000 });
  }
}, 120_000);
afterAll(() => bank.stop());

const cases = (id: string): CaseResult[] => reports[id]!.packs[0]!.cases;
const advice = (c: CaseResult) => c.steps.flatMap((s) => s.advisories ?? []);

describe('the ECS packs against an independent bank written from the regulation', () => {
  for (const id of Object.keys(FLAGS)) {
    it(`${id}: every case that can run outside the sandbox passes; the run passes`, () => {
      expect(notPassed(reports[id]!).filter((line) => !SANDBOX_ONLY.some((s) => line.startsWith(`${id}/${s}:`)))).toEqual([]);
      expect(reports[id]!.summary.verdict).toBe('passed');
      expect(reports[id]!.summary.failed + reports[id]!.summary.error).toBe(0);
    });

    it(`${id}: cases that can only run on the sandbox are skipped with their reason`, () => {
      const skipped = Object.fromEntries(cases(id).filter((c) => c.verdict === 'skipped').map((c) => [c.id, c.reason]));
      expect(Object.keys(skipped).sort()).toEqual(SANDBOX_ONLY.filter((s) => cases(id).some((c) => c.id === s)).sort());
      expect(skipped['result-03']).toMatch(/^выполняется только на песочнице Poligon \(магическое значение выбирает зарезервированный код 03; у банка такого держателя нет\); ecs — реализация по адресу http:\/\/127\.0\.0\.1:\d+$/);
    });
  }

  it('the bank\'s own conventions come as advisory notes naming their reason, never as failures', () => {
    const byCase = Object.fromEntries(cases('ecs-type-1').map((c) => [c.id, advice(c).map((a) => a.at)]));
    // no discovery document; opaque tokens; OAuth refusals all 400 invalid_grant
    expect(byCase['oidc-discovery']).toEqual(['status', '$.token_endpoint', '$.grant_types_supported']);
    expect(byCase.token).toEqual(['$.access_token']);
    expect(byCase['token-refusals']).toEqual(expect.arrayContaining(['status', '$.error']));
    // App. 7 codes answered with HTTP 200: the status is advice, the code binds and holds
    expect(byCase['result-02']).toEqual(['status']);
    // no errors[] (its errorCode 400 is present, so that check holds)
    expect(byCase['error-body']).toEqual(['$.errors']);
    const note = advice(cases('ecs-type-1').find((c) => c.id === 'result-02')!)[0]!;
    expect(note.message).toMatch(/expected 404, received 200 .* — advisory: rests on Poligon's modeled convention \(HTTP status per error: the regulation fixes the error body, not the status\)/);
    expect(reports['ecs-type-1']!.summary.advisories).toBeGreaterThan(10);
  });

  it('a bank that breaks what the regulation fixes still fails: a wrong App. 7 code is a failure, not advice', async () => {
    const pack = shippedPack('ecs-type-1');
    const vars = parseVarFlags([...FLAGS['ecs-type-1']!, 'unknownHolder=HOLDER900200001'], [pack]);
    const report = await runPacks({ packs: [pack], overrides: { ecs: bank.url }, vars, timeoutMs: 5_000 });
    const c = report.packs[0]!.cases.find((x) => x.id === 'result-02')!;
    expect(c.verdict).toBe('failed');
    expect(c.steps[1]!.failures.map((f) => [f.at, f.basis])).toEqual([['$.errorCode', 'regulation App. 7']]);
  });

  it('--var values are sent in the type the pack declares: serviceId and organizationTerminalId as integers', () => {
    const check = cases('ecs-type-1').find((c) => c.id === 'benefit')!.traffic.find((t) => t.path.endsWith('/api/CheckClientBenefits'))!;
    expect(check.requestBody).toEqual({ serviceId: 301, organizationTerminalId: 52, clientCode: '****0001' });
    expect(check.status).toBe(200);
  });

  it('the traffic with the bank is logged by the runner, the client secret and personal data masked', () => {
    const c = cases('ecs-type-2').find((x) => x.id === 'token')!;
    expect(c.traffic[0]).toMatchObject({ namespace: 'runner', simulator: 'ecs', path: expect.stringMatching(/\/connect\/token$/), status: 200 });
    const text = JSON.stringify(reports);
    for (const secret of ['bank-secret-pass-72', 'bank-secret-pool-71', '11223344595', 'HOLDER900100001', '6000000000000001']) expect(text).not.toContain(secret);
  });
});
