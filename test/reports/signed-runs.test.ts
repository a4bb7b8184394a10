// REP-02: a run's manifest is signed; any changed byte of any report file, a changed manifest, another
// key, or a changed source run behind a re-render is caught and named. Runs never lose a result:
// Ctrl-C during an observe-mode wait (SIGINT to a child `poligon run`) leaves a complete, signed report.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RerenderRefused, rerender, writeReports } from '../../src/reports/index.js';
import { verifyManifest } from '../../src/reports/manifest.js';
import { loadSigner } from '../../src/reports/signing.js';
import type { RunReport } from '../../src/scenario/types.js';
import { ensureBuilt, ROOT, userEnv } from '../cli/support.js';
import { pack, run } from '../scenario/helpers.js';
import { poligonInProcess as poligon } from '../support/cli-in-process.js';
import { runJsonProblems } from '../support/run-json.js';

const tmp = mkdtempSync(join(tmpdir(), 'poligon-signed-'));
const keyFile = join(tmp, 'key.pem');
writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
const signer = loadSigner(keyFile);
const otherKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

const twoCases = pack(`id: signed
version: '1.0'
title: Подписанный прогон
system: sandbox
cases:
  - id: health
    title: Песочница жива
    requirements: [FES-09]
    steps:
      - expect-state: { path: /health, expect: { body: [ { path: $.status, equals: ok } ] } }
  - id: clock
    title: Часы
    requirements: [FES-09]
    steps:
      - control: { clock: { advance: 1m } }
`);

let report: RunReport;
let dir: string;
const copy = () => {
  const to = mkdtempSync(join(tmp, 'copy-'));
  cpSync(dir, to, { recursive: true });
  return to;
};

beforeAll(async () => {
  report = await run([twoCases]);
  dir = join(tmp, 'run');
  await writeReports(report, dir, undefined, signer);
}, 60_000);
afterEach(() => { process.exitCode = undefined; });

describe('signed manifest', () => {
  it('REP-02: verifies with the signing key, names the key, and refuses another trusted key', () => {
    expect(verifyManifest(dir, { publicKeyPem: signer.publicKeyPem })).toMatchObject({ ok: true, signedBy: signer.fingerprint, kind: 'run' });
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(signer.fingerprint);
    expect(verifyManifest(dir, { publicKeyPem: otherKey }).problems).toEqual([expect.stringMatching(/^manifest\.json: signed by key SHA256:[0-9a-f]{64}, not by the given public key/)]);
  });

  it('REP-02: one changed byte in any report file fails verification naming that file', () => {
    for (const file of readdirSync(dir).filter((f) => f !== 'manifest.json')) {
      const to = copy();
      const bytes = readFileSync(join(to, file));
      bytes[Math.floor(bytes.length / 2)] ^= 1;
      writeFileSync(join(to, file), bytes);
      const result = verifyManifest(to, { publicKeyPem: signer.publicKeyPem });
      expect(result.ok, file).toBe(false);
      expect(result.problems, file).toEqual([expect.stringMatching(new RegExp(`^${file.replace('.', '\\.')}: modified`))]);
    }
  });

  it('REP-02: a manifest edited to match a forged file breaks the signature', () => {
    const to = copy();
    writeFileSync(join(to, 'run.json'), readFileSync(join(to, 'run.json'), 'utf8').replace('"verdict": "passed"', '"verdict": "failed"'));
    const manifest = JSON.parse(readFileSync(join(to, 'manifest.json'), 'utf8'));
    manifest.files['run.json'] = (verifyManifest(to).problems[0]!.match(/SHA-256 ([0-9a-f]{64})/))![1];
    writeFileSync(join(to, 'manifest.json'), JSON.stringify(manifest, null, 2));
    expect(verifyManifest(to).problems).toEqual([expect.stringMatching(/^manifest\.json: the signature does not match its content/)]);
  });
});

describe('re-rendering', () => {
  it('REP-02: writes a new signed folder naming its source, and never touches the source', async () => {
    const before = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const out = join(tmp, 'rerendered');
    await rerender(dir, out, { lang: 'en', signer });
    expect(Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]))).toEqual(before);
    expect(verifyManifest(out, { publicKeyPem: signer.publicKeyPem })).toMatchObject({ ok: true, kind: 'rerender', source: { dir: '../run', runId: report.runId } });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/A re-rendering of run \S+ from the folder \.\.\/run/);
  });

  it('REP-02: a forged run.json is not re-rendered, and a re-render whose source changed later fails verification naming it', async () => {
    const forged = copy();
    writeFileSync(join(forged, 'run.json'), readFileSync(join(forged, 'run.json'), 'utf8').replace('Песочница жива', 'Песочница жива!'));
    await expect(rerender(forged, join(tmp, 'from-forged'), { signer })).rejects.toThrow(RerenderRefused);
    await expect(rerender(forged, join(tmp, 'from-forged'), { signer })).rejects.toThrow(/run\.json: modified/);

    const source = copy();
    const out = join(tmp, 'later');
    await rerender(source, out, { signer });
    writeFileSync(join(source, 'run.json'), `${readFileSync(join(source, 'run.json'), 'utf8')} `);
    expect(verifyManifest(out).problems).toEqual(expect.arrayContaining([expect.stringMatching(/^source run .*: run\.json: modified/)]));
  });

  it('report verify: exit 1 naming the file, exit 2 with one line for a folder that does not exist', async () => {
    const to = copy();
    writeFileSync(join(to, 'junit.xml'), 'x');
    const bad = await poligon('report', 'verify', to);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/junit\.xml: modified/);
    const missing = await poligon('report', 'verify', join(tmp, 'nonexistent'));
    expect(missing.code).toBe(2);
    expect(missing.out.trim().split('\n')).toHaveLength(1);
    expect(missing.out).toMatch(/no such folder/);
  });
});

describe('runs that never lose a result', () => {
  it('--out that cannot be written stops the run before it starts: exit 2, one line', async () => {
    writeFileSync(join(tmp, 'a-file'), '');
    const r = await poligon('run', 'sandbox-smoke', '--out', join(tmp, 'a-file', 'reports'));
    expect(r.code).toBe(2);
    expect(r.out.trim().split('\n')).toEqual([expect.stringMatching(/^poligon run: --out: cannot write the reports to .*a-file\/reports: (ENOTDIR|EEXIST)/)]);
  });

  it('--case runs only the chosen cases; --skip-observe skips the observe-mode ones', async () => {
    const chosen = await run([twoCases], { cases: ['signed/clock'] });
    expect(chosen.packs[0]!.cases.map((c) => [c.id, c.verdict, c.reason])).toEqual([['health', 'skipped', 'не выбрана для этого прогона (--case)'], ['clock', 'passed', undefined]]);
    const observe = pack(`id: observe
version: '1.0'
title: Наблюдение
system: sandbox
cases:
  - id: waits
    title: Ждёт
    requirements: [FES-09]
    steps:
      - await: { instructions: Сделайте вызов, simulator: shop, path: /add, timeout: 60s }
`);
    const skipped = await run([observe], { skipObserve: true });
    expect(skipped.packs[0]!.cases[0]).toMatchObject({ verdict: 'skipped', reason: 'режим наблюдения пропущен (--skip-observe)' });
  });

  it('Ctrl-C during an observe-mode wait leaves a complete, signed report with the passed and the interrupted case', async () => {
    await ensureBuilt();
    writeFileSync(join(tmp, 'observe.yaml'), `id: interrupt-me
version: '1.0'
title: Прерывание
system: fes
cases:
  - id: health
    title: Песочница жива
    requirements: [FES-09]
    steps:
      - expect-state: { path: /health, expect: { body: [ { path: $.status, equals: ok } ] } }
  - id: echo
    title: Касса выполняет echo
    requirements: [FES-01]
    steps:
      - await: { instructions: Выполните echo, action: { do: fes.echo }, simulator: fes, operation: echo, timeout: 120s }
`);
    const out = join(tmp, 'interrupted');
    const child = spawn(process.execPath, [join(ROOT, 'bin/poligon.js'), 'run', join(tmp, 'observe.yaml'), '--out', out, '--signing-key', keyFile], { cwd: ROOT, env: userEnv() });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (stdout.includes('Выполните echo')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(verifyManifest(out, { publicKeyPem: signer.publicKeyPem })).toMatchObject({ ok: true });
    const written = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunReport;
    expect(written.interrupted).toBe(true);
    expect(runJsonProblems(out)).toEqual([]);
    expect(written.packs[0]!.cases.map((c) => [c.id, c.verdict])).toEqual([['health', 'passed'], ['echo', 'interrupted']]);
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'manifest.json', 'protocol-interrupt-me.pdf', 'report.html', 'run.json', 'traffic.har']);
  }, 180_000);
});
