// Issue #17: `poligon run --resume DIR` runs again only the cases that did not pass and writes a combined,
// signed run; keys and tokens are never in clear on the console — not in a failed case's reason, and not
// in an operator instruction when the reference client plays the till.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyManifest } from '../../src/reports/manifest.js';
import type { RunReport } from '../../src/scenario/types.js';
import { shippedCase } from '../packs/helpers.js';
import { poligonInProcess as poligon } from '../support/cli-in-process.js';
import { runJsonProblems } from '../support/run-json.js';

const tmp = mkdtempSync(join(tmpdir(), 'poligon-resume-'));
const keyFile = join(tmp, 'key.pem');
writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
const publicKeyPem = createPublicKey(readFileSync(keyFile)).export({ type: 'spki', format: 'pem' }).toString();
const runJson = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunReport;

/** The demo касса's keys as docs/fes.md publishes them (the oracle: typed from the docs, not read from code). */
const DEMO_MAC_KEY = 'demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f';
const DEMO_API_KEY = 'demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f';

afterEach(() => { process.exitCode = undefined; });

describe('poligon run --resume', () => {
  // `clock` checks the offset against a variable: wrong in the first run, right when resumed
  writeFileSync(join(tmp, 'resume.yaml'), `id: resume-me
version: '1.0'
title: Продолжение прогона
system: sandbox
vars: { offset: 0 }
cases:
  - id: health
    title: Песочница жива
    requirements: [FES-09]
    steps:
      - expect-state: { path: /health, expect: { body: [ { path: $.status, equals: ok } ] } }
  - id: clock
    title: Часы сдвинуты на 30 минут
    requirements: [FES-09]
    steps:
      - control: { clock: { advance: 30m } }
      - expect-state: { path: /clock, expect: { body: [ { path: $.offsetMs, equals: '\${offset}' } ] } }
`);

  it('runs again only the case that did not pass, carries the passed one over, and writes a combined, signed run', async () => {
    const first = join(tmp, 'first');
    const r1 = await poligon('run', join(tmp, 'resume.yaml'), '--out', first, '--signing-key', keyFile, '--var', 'offset=1');
    expect(r1.code).toBe(1);
    const run1 = runJson(first);
    expect(run1.packs[0]!.cases.map((c) => [c.id, c.verdict])).toEqual([['health', 'passed'], ['clock', 'failed']]);

    const second = join(tmp, 'second');
    const r2 = await poligon('run', '--resume', first, '--out', second, '--signing-key', keyFile, '--var', 'offset=1800000');
    expect(r2.code, r2.out).toBe(0);
    expect(r2.out).toMatch(/✔ clock/);
    const run2 = runJson(second);
    expect(run2.resumedFrom).toBe(run1.runId);
    expect(run2.runId).not.toBe(run1.runId);
    const [health, clock] = run2.packs[0]!.cases;
    expect(health).toMatchObject({ id: 'health', verdict: 'passed', carriedFrom: run1.runId });
    expect(health!.startedAt).toBe(run1.packs[0]!.cases[0]!.startedAt); // not run again: the first run's result
    expect(clock).toMatchObject({ id: 'clock', verdict: 'passed' });
    expect(clock!.carriedFrom).toBeUndefined();
    expect(run2.summary).toMatchObject({ total: 2, passed: 2, verdict: 'passed' });
    expect(verifyManifest(second, { publicKeyPem })).toMatchObject({ ok: true });
    expect(runJsonProblems(first)).toEqual([]);
    expect(runJsonProblems(second)).toEqual([]);
    // the source run is left as it was
    expect(runJson(first).packs[0]!.cases[1]!.verdict).toBe('failed');
  });

  it('a run folder that does not verify, or whose pack changed since, is not resumed: exit 2 naming why', async () => {
    const first = join(tmp, 'first');
    const forged = join(tmp, 'forged');
    await poligon('run', join(tmp, 'resume.yaml'), '--out', forged, '--signing-key', keyFile, '--var', 'offset=1');
    writeFileSync(join(forged, 'run.json'), readFileSync(join(forged, 'run.json'), 'utf8').replace('"failed"', '"passed"'));
    const refused = await poligon('run', '--resume', forged, '--out', join(tmp, 'never'), '--signing-key', keyFile);
    expect(refused.code).toBe(2);
    expect(refused.out.trim().split('\n')[0]).toMatch(/--resume .*forged: the run folder does not verify: run\.json: modified/);

    writeFileSync(join(tmp, 'resume.yaml'), readFileSync(join(tmp, 'resume.yaml'), 'utf8').replace('Песочница жива', 'Песочница отвечает'));
    const changed = await poligon('run', '--resume', first, '--out', join(tmp, 'never2'), '--signing-key', keyFile);
    expect(changed.code).toBe(2);
    expect(changed.out).toMatch(/the pack resume-me changed since run/);
  });
});

describe('console masking', () => {
  it('a failed case\'s reason on the console masks the keys the run used', async () => {
    writeFileSync(join(tmp, 'leak.yaml'), `id: leak
version: '1.0'
title: Ключ в причине отказа
system: fes
vars: { macKey: ${DEMO_MAC_KEY}, apiKey: ${DEMO_API_KEY} }
cases:
  - id: echo-then-lookup
    title: Echo, затем касса по «идентификатору», который на деле MAC KEY
    requirements: [FES-01]
    steps:
      - request:
          simulator: fes
          path: /api/v1/echo
          body: { requestId: 3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b }
          auth: { signer: fes-mac, params: { apiKey: '\${apiKey}', macKey: '\${macKey}', cashRegisterId: CR-DEMO-0001 } }
          expect: { status: 200 }
      - request:
          simulator: fes
          method: GET
          path: /control/v1/cards/\${macKey}
          expect: { status: 200 }
`);
    const r = await poligon('run', join(tmp, 'leak.yaml'), '--out', join(tmp, 'leak'), '--signing-key', keyFile);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✘ echo-then-lookup/);
    expect(r.out).not.toContain(DEMO_MAC_KEY);
    expect(r.out).not.toContain(DEMO_API_KEY);
    expect(r.out).toMatch(/\*{4}/); // the reason is printed, with the key masked
  });

  it('with the reference client playing the till, the operator instruction that names a new MAC KEY shows it masked', async () => {
    const file = join(tmp, 'fes-certification.yaml');
    writeFileSync(file, stringify(shippedCase('fes-certification', 'mac-key-regeneration').spec));
    const r = await poligon('run', file, '--with-reference-client', '--out', join(tmp, 'mac'), '--signing-key', keyFile, '--timeout', '5s');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Введите в кассовое ПО новый MAC KEY из ЛК ФЭС (');
    const instruction = r.out.split('\n').find((l) => l.includes('новый MAC KEY из ЛК ФЭС'))!;
    expect(instruction).toMatch(/\(\*{4}[^)]*\)/);
    // no key in clear anywhere: the demo keys, and no long hex string a regenerated key would be (but the
    // signing key's fingerprint, which is public)
    expect(r.out).not.toContain(DEMO_MAC_KEY);
    expect(r.out).not.toContain(DEMO_API_KEY);
    expect(r.out.split('\n').filter((l) => !/SHA256:[0-9a-f]{64}/.test(l)).join('\n')).not.toMatch(/[0-9a-f]{32}/);
  }, 60_000);

  it('with the reference client playing, a step that asks nothing of anyone (action none) prints no operator header', async () => {
    const file = join(tmp, 'ecs-type-2.yaml');
    writeFileSync(file, stringify(shippedCase('ecs-type-2', 'ts-token-renewal').spec));
    const r = await poligon('run', file, '--with-reference-client', '--out', join(tmp, 'renewal'), '--signing-key', keyFile, '--timeout', '5s');
    expect(r.code, r.out).toBe(0);
    const lines = r.out.split('\n');
    const instructions = lines.flatMap((l, i) => (l.includes('▶ ОПЕРАТОР') ? [lines[i + 1] ?? ''] : []));
    // the token, the first check, the check an hour later; not the fourth step, «(проверка льготы выполняется)»
    expect(instructions).toHaveLength(3);
    for (const text of instructions) expect(text.trim()).not.toBe('');
    expect(r.out).not.toContain('(проверка льготы выполняется)');
  }, 60_000);
});
