// The CLI commands of the scenario engine, with their exit codes: 0 passed, 1 failed, 2 could not run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { poligonInProcess as poligon } from '../support/cli-in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'poligon-cli-'));

// Only admin APIs: independent of every simulator.
const adminPack = (offsetCheck: string) => `id: cli-pack
version: '1.0'
title: CLI
system: sandbox
cases:
  - id: clock
    title: Часы двигаются
    requirements: [FES-09]
    steps:
      - control: { clock: { advance: 30m } }
      - expect-state: { path: /clock, expect: { body: [ { path: $.offsetMs, ${offsetCheck} } ] } }
`;


afterEach(() => { process.exitCode = undefined; });

describe('poligon run', () => {
  it('--packs-side-by-side runs the packs at once and names each case line\'s pack', async () => {
    writeFileSync(join(dir, 'side-a.yaml'), adminPack('equals: 1800000'));
    writeFileSync(join(dir, 'side-b.yaml'), adminPack('equals: 1800000').replace('id: cli-pack', 'id: cli-pack-b'));
    const r = await poligon('run', join(dir, 'side-a.yaml'), join(dir, 'side-b.yaml'), '--packs-side-by-side', '--out', join(dir, 'side'), '--format', 'json');
    expect(r.out).toMatch(/✔ cli-pack\/clock/);
    expect(r.out).toMatch(/✔ cli-pack-b\/clock/);
    expect(r.code).toBe(0);
  });

  it('--var sets a pack variable for the run; a name no pack declares, or no "=", exits 2 naming what is declared', async () => {
    writeFileSync(join(dir, 'vars.yaml'), `id: cli-vars
version: '1.0'
title: CLI
system: sandbox
vars:
  wanted: down
cases:
  - id: health
    title: Песочница жива
    requirements: [FES-09]
    steps:
      - expect-state: { path: /health, expect: { body: [ { path: $.status, equals: '\${wanted}' } ] } }
`);
    const byDefault = await poligon('run', join(dir, 'vars.yaml'), '--out', join(dir, 'vars-default'), '--format', 'json');
    expect(byDefault.code).toBe(1);
    const set = await poligon('run', join(dir, 'vars.yaml'), '--var', 'wanted=ok', '--out', join(dir, 'vars-set'), '--format', 'json');
    expect(set.out).toMatch(/✔ health/);
    expect(set.code).toBe(0);
    const unknown = await poligon('run', join(dir, 'vars.yaml'), '--var', 'wantd=ok');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/--var wantd: no pack of this run declares it; declared: wanted/);
    const malformed = await poligon('run', join(dir, 'vars.yaml'), '--var', 'wanted');
    expect(malformed.code).toBe(2);
    expect(malformed.out).toMatch(/--var "wanted" is not name=value/);
  });

  it('exits 0 when every case passes, writes the reports, and they verify', async () => {
    writeFileSync(join(dir, 'pass.yaml'), adminPack('equals: 1800000'));
    const r = await poligon('run', join(dir, 'pass.yaml'), '--out', join(dir, 'pass'), '--format', 'json,junit', '--sut-vendor', 'ООО Тест');
    expect(r.out).toMatch(/✔ clock/);
    expect(r.code).toBe(0);
    const run = JSON.parse(readFileSync(join(dir, 'pass', 'run.json'), 'utf8'));
    expect(run.packs[0]!.sut.vendor).toBe('ООО Тест');
    expect((await poligon('report', 'verify', join(dir, 'pass'))).code).toBe(0);
    writeFileSync(join(dir, 'pass', 'junit.xml'), 'tampered');
    const tampered = await poligon('report', 'verify', join(dir, 'pass'));
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/junit\.xml: modified/);
  });

  it('exits 1 when a case fails, and re-renders the reports in English on request', async () => {
    writeFileSync(join(dir, 'fail.yaml'), adminPack('equals: 1'));
    const r = await poligon('run', join(dir, 'fail.yaml'), '--out', join(dir, 'fail'), '--format', 'json,html');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✘ clock .*ожидалось = 1; получено 1800000/);
    // the pack only reads the sandbox's own state: a demonstration, never a verdict on a vendor's system
    expect(readFileSync(join(dir, 'fail', 'report.html'), 'utf8')).toContain('ДЕМОНСТРАЦИЯ: симулятор песочницы прошёл не все проверки');
    expect((await poligon('report', join(dir, 'fail'), '--lang', 'en', '--format', 'html', '--out', join(dir, 'fail-en'))).code).toBe(0);
    expect(readFileSync(join(dir, 'fail-en', 'report.html'), 'utf8')).toContain('DEMONSTRATION: the sandbox&#39;s own simulator did not pass every case');
    expect(readFileSync(join(dir, 'fail', 'report.html'), 'utf8')).toContain('ДЕМОНСТРАЦИЯ');
  });

  it('exits 2 on a bad pack (with file:line), an unknown pack, a bad flag or an unreachable target', async () => {
    writeFileSync(join(dir, 'bad.yaml'), adminPack('equals: 1').replace('requirements: [FES-09]', 'requirements: FES-09'));
    const bad = await poligon('run', join(dir, 'bad.yaml'));
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/bad\.yaml:8:\d+: \/cases\/0\/requirements: must be array/);
    expect((await poligon('run', 'no-such-pack')).code).toBe(2);
    expect((await poligon('run', join(dir, 'fail.yaml'), '--format', 'docx')).code).toBe(2);
    expect((await poligon('run', join(dir, 'fail.yaml'), '--lang', 'de')).code).toBe(2);
    expect((await poligon('run', join(dir, 'fail.yaml'), '--timeout', 'soon')).code).toBe(2);
    const down = await poligon('run', join(dir, 'fail.yaml'), '--target', 'http://127.0.0.1:9');
    expect(down.code).toBe(2);
    expect(down.out).toMatch(/does not answer/);
  });
});

describe('poligon validate and packs', () => {
  it('validate exits 0 for the shipped packs and 1, with file:line, for a broken one', async () => {
    expect((await poligon('validate')).code).toBe(0);
    const r = await poligon('validate', join(dir, 'bad.yaml'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL .*bad\.yaml\n\s+.*bad\.yaml:8:/);
  });

  it('packs --coverage lists the packs, which cases cover which ids, and the ids no case covers', async () => {
    const packsDir = mkdtempSync(join(tmpdir(), 'poligon-packs-'));
    writeFileSync(join(packsDir, 'a.yaml'), adminPack('equals: 1800000'));
    const r = await poligon('packs', '--coverage', '--dir', packsDir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/cli-pack\s+1\.0\s+sandbox\s+1 case\s+CLI/);
    expect(r.out).toMatch(/Covered requirements \(1 of \d+\):\n\s+FES-09\s+cli-pack\/clock\n/);
    expect(r.out).toMatch(/Not covered by any case \(\d+\):\n\s+GIS-01 GIS-02 .*REP-01 REP-02/);
    expect((await poligon('packs')).out).toMatch(/sandbox-smoke\s+1\.0\s+sandbox/);
  });
});
