// The whole fes-certification pack and the ECS packs' observe-mode cases, unattended, played by an
// independent harness (test/driver/harness: no code shared with Poligon, only the documented protocol)
// through the webhook and through the command transport under the modeled FES profile, through the
// webhook under the example-vendor one (the harness reads the one the sandbox publishes); and harnesses
// that lie, err or never answer.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeReports } from '../../src/reports/index.js';
import { CommandDriver, harnessDriver, WebhookDriver } from '../../src/scenario/drivers.js';
import type { Driver } from '../../src/scenario/driver.js';
import { runPacks } from '../../src/scenario/runner.js';
import type { LoadedPack, RunReport } from '../../src/scenario/types.js';
// @ts-expect-error the harness is plain JavaScript, written apart from Poligon's typed code
import { act } from './harness/harness.mjs';
import { notPassed, shippedCase, shippedPack } from '../packs/helpers.js';
import { PROFILES_DIR } from '../../simulators/fes/profile.js';

const HARNESS = join(import.meta.dirname, 'harness', 'command.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'poligon-driver-'));

/** The harness behind a webhook: POST /<mode> carries out the action (state in memory, per run and case). */
let server: Server;
let base: string;
beforeAll(async () => {
  const state = {};
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const mode = req.url!.slice(1) || 'honest';
      void (act(JSON.parse(Buffer.concat(chunks).toString('utf8')), state, mode) as Promise<unknown>).then((answer) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const command = (mode = 'honest', state = join(tmp, `state-${mode}-${Math.random().toString(36).slice(2)}.json`)) =>
  new CommandDriver(`HARNESS_MODE=${mode} HARNESS_STATE=${state} ${process.execPath} ${HARNESS}`);

/** fes-certification whole, and the observe-mode cases (ts-*) of the three ECS packs. */
function certificationPacks(): { packs: LoadedPack[]; cases: string[] } {
  const packs = ['fes-certification', 'ecs-type-1', 'ecs-type-2', 'ecs-type-3'].map((id) => shippedPack(id));
  const cases = packs.flatMap((p) => p.spec.cases.filter((c) => p.spec.system === 'fes' || c.id.startsWith('ts-')).map((c) => `${p.spec.id}/${c.id}`));
  return { packs, cases };
}

function expectAllPlayed(report: RunReport, driver: Driver, cases: string[]) {
  expect(notPassed(report)).toEqual([]);
  const played = report.packs.flatMap((p) => p.cases.filter((c) => c.verdict === 'passed').map((c) => `${p.id}/${c.id}`));
  expect(played.sort()).toEqual([...cases].sort());
  for (const p of report.packs) {
    expect(p.sut.playedBy).toBe('vendor');
    for (const c of p.cases.filter((x) => x.verdict === 'passed')) {
      expect(c.driver).toEqual(driver.identity);
      for (const s of c.steps.filter((x) => x.kind === 'await')) expect(s.driver?.answer).toMatch(/^(done|none)$/);
    }
  }
}

describe('an independent harness plays the certification packs unattended', () => {
  it('through the webhook: every fes-certification case and every ECS observe case passes', async () => {
    const { packs, cases } = certificationPacks();
    const driver = new WebhookDriver(`${base}/honest`);
    const report = await runPacks({ packs, cases, driver, timeoutMs: 5_000 });
    expect(cases.length).toBe(25 + 9);
    expectAllPlayed(report, driver, cases);
  }, 60_000);

  it('through the command: the same, the action on stdin, the answer on stdout', async () => {
    // the command hands the action to the harness (curl to its server, as a vendor's shell script
    // might); a node process per action is exercised below, fewer times: it starts slowly on a busy machine
    const { packs, cases } = certificationPacks();
    const driver = new CommandDriver(`curl -sS -H 'content-type: application/json' --data-binary @- ${base}/honest`);
    const report = await runPacks({ packs, cases, driver, timeoutMs: 5_000 });
    expectAllPlayed(report, driver, cases);
  }, 60_000);

  it('under the example-vendor profile too (other paths, headers, MAC, codes): the harness reads the profile the sandbox publishes', async () => {
    // through the webhook: the profile is what differs here, and the command above spawns a curl per action
    const { packs, cases } = certificationPacks();
    const driver = new WebhookDriver(`${base}/honest`);
    const report = await runPacks({ packs, cases, driver, timeoutMs: 5_000, sandbox: { simulatorOptions: { fes: { profile: join(PROFILES_DIR, 'example-vendor.yaml') } } } });
    expect(report.wireProfiles?.fes?.name).toBe('example-vendor');
    expectAllPlayed(report, driver, cases);
  }, 60_000);

  it('through the command: a node process per action, its memory in a file between them', async () => {
    const driver = command();
    const report = await runPacks({ packs: [shippedCase('fes-certification', 'refund-without-card')], driver, timeoutMs: 10_000 });
    expectAllPlayed(report, driver, ['fes-certification/refund-without-card']);
    expect(driver.identity).toMatchObject({ kind: 'harness-command', name: expect.stringContaining('command.mjs') });
  }, 60_000);
});

describe('a harness that misbehaves fails the right step with the reason; the run finishes and reports', () => {
  // a failing step waits out the grace after the harness's answer (1 s in a run): the harness answers after its call is journaled
  const answerGraceMs = 200;
  const reportsOf = async (report: RunReport, name: string) => {
    const dir = join(tmp, name);
    await writeReports(report, dir, ['json', 'junit', 'html']);
    return { json: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunReport, junit: readFileSync(join(dir, 'junit.xml'), 'utf8'), html: readFileSync(join(dir, 'report.html'), 'utf8'), dir };
  };

  it('"done" without acting: the sale step fails, no call reached the sandbox', async () => {
    const report = await runPacks({ packs: [shippedCase('fes-certification', 'full-coverage')], driver: new WebhookDriver(`${base}/lazy`), timeoutMs: 5_000, answerGraceMs });
    const c = report.packs[0]!.cases[0]!;
    expect(c.verdict).toBe('failed');
    expect(c.reason).toContain('шаг 1');
    expect(c.reason).toContain('драйвер ответил «done» на fes.sale, но подходящий вызов (fes.preAuthPurchase) в песочницу не пришёл');
    const { json, junit, html } = await reportsOf(report, 'lazy');
    expect(html).toContain(`шаги наблюдения выполнял: стенд разработчика по адресу ${base}/lazy`);
    expect(json.packs[0]!.cases[0]!.driver).toEqual({ kind: 'harness-webhook', name: `${base}/lazy` });
    expect(junit).toContain('подходящий вызов (fes.preAuthPurchase) в песочницу не пришёл');
  });

  it('a wrong MAC: the echo is refused with 108 and the step fails on it, though the harness said done', async () => {
    const report = await runPacks({ packs: [shippedCase('fes-certification', 'echo')], driver: new WebhookDriver(`${base}/wrong-mac`), timeoutMs: 5_000 });
    const c = report.packs[0]!.cases[0]!;
    expect(c.verdict).toBe('failed');
    const step = c.steps.find((s) => s.kind === 'await')!;
    expect(step.driver).toEqual({ action: 'fes.echo', answer: 'done' });
    expect(step.actual[0]).toMatch(/POST \/ns\/kassa\/fes\/api\/v1\/echo → HTTP 401 FES_MAC_INVALID/);
    expect(c.reason).toContain('401');
    await reportsOf(report, 'wrong-mac');
  });

  it('a wrong item (one unit more than told): the sale step fails on the count the till sent', async () => {
    const report = await runPacks({ packs: [shippedCase('fes-certification', 'full-coverage')], driver: command('wrong-item'), timeoutMs: 10_000 });
    const c = report.packs[0]!.cases[0]!;
    expect(c.verdict).toBe('failed');
    const failed = c.steps[0]!.checks!.filter((x) => x.verdict === 'failed');
    expect(failed[0]).toMatchObject({ in: 'request', at: '$.items[0].count', received: '2' });
    expect(c.steps.slice(1).map((s) => s.verdict)).toEqual(['skipped', 'skipped']);
  });

  it('a harness that never answers: the step fails at its deadline, the process is ended, the next case still runs', async () => {
    const packs = [shippedCase('fes-certification', 'echo'), shippedCase('fes-certification', 'point-disabled')];
    const pidFile = join(tmp, 'silent.pid');
    const driver = new CommandDriver(`echo $$ > ${pidFile}; HARNESS_MODE=silent exec ${process.execPath} ${HARNESS}`);
    const report = await runPacks({ packs, driver, timeoutMs: 800, answerGraceMs });
    // the last harness process was ended at its deadline, not left behind
    await vi.waitFor(() => expect(() => process.kill(Number(readFileSync(pidFile, 'utf8')), 0)).toThrow(/ESRCH/), { timeout: 5_000 });
    const cases = report.packs.flatMap((p) => p.cases);
    expect(cases.map((c) => c.verdict)).toEqual(['failed', 'failed']);
    expect(cases[1]!.reason).toMatch(/не ответил к сроку \(800 мс\), и подходящий вызов \(fes\.echo\) в песочницу не пришёл/);
    const { dir } = await reportsOf(report, 'silent');
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  });

  it('"cannot" from the harness skips the case with its reason in the report', async () => {
    const report = await runPacks({ packs: [shippedCase('fes-certification', 'bad-mac')], driver: new WebhookDriver(`${base}/no-replay`), timeoutMs: 15_000 }); // a ceiling, not a wait (the harness answers at once): at 5 s the case failed in 2 of 9 runs on a loaded machine
    const c = report.packs[0]!.cases[0]!;
    expect(c.verdict).toBe('skipped');
    expect(c.reason).toContain('драйвер не может выполнить fes.replay: this till never resends a signed request');
    expect(c.steps.map((s) => s.verdict)).toEqual(['passed', 'passed', 'skipped']);
    expect(report.summary.verdict).toBe('passed');
  });

  it('--driver takes a webhook URL or cmd:COMMAND, and refuses anything else', () => {
    expect(harnessDriver('http://harness.local:9000/act').identity).toEqual({ kind: 'harness-webhook', name: 'http://harness.local:9000/act' });
    expect(harnessDriver('cmd:./drive.sh --verbose').identity).toEqual({ kind: 'harness-command', name: './drive.sh --verbose' });
    expect(() => harnessDriver('ftp://x')).toThrow("--driver ftp://x: give the harness's webhook URL (http://host/path) or its command (cmd:./drive.sh), or reference");
  });
});
