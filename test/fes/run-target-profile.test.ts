// `poligon run --target URL` against a Poligon sandbox signs and judges FES as that sandbox serves it: the
// profile it publishes (GET /fes/control/v1/profile), named in run.json with where it was read; a local
// --fes-profile that is not the served one is refused before anything runs. The SHA-256 below is computed
// from the profile file's bytes with node:crypto, apart from the sandbox.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reports/html.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { resolvePack } from '../../src/scenario/loader.js';
import { RunError, runPacks } from '../../src/scenario/runner.js';
import { PROFILES_DIR } from '../../simulators/fes/profile.js';
import { poligonInProcess } from '../support/cli-in-process.js';
import { notPassed } from '../packs/helpers.js';

const VENDOR = join(PROFILES_DIR, 'example-vendor.yaml');
const MODELED = join(PROFILES_DIR, 'modeled.yaml');
const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a run against a Poligon sandbox that serves another FES profile', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ simulatorOptions: { fes: { profile: VENDOR } } });
  });
  afterAll(() => sb?.stop());

  it('signs with the profile the target publishes, and run.json says which and where it was read', async () => {
    // sandbox-smoke signs an echo and awaits one: with the modeled profile the target would refuse both
    const report = await runPacks({ packs: [resolvePack('sandbox-smoke')], target: sb.url });
    expect(notPassed(report)).toEqual([]);
    expect(report.wireProfiles?.fes).toEqual({ name: 'example-vendor', sha256: sha256Of(VENDOR), modeled: false, publishedBy: `${sb.url}/fes/control/v1/profile` });
    // a FES pack's page one names the profile (sandbox-smoke's system is the sandbox as a whole)
    const html = renderHtml({ ...report, lang: 'en', packs: report.packs.map((p) => ({ ...p, system: 'fes' as const })) }, { fingerprint: 'SHA256:0', publicKeyPem: '' });
    expect(html).toContain(`example-vendor, SHA-256 ${sha256Of(VENDOR)}; read from the target sandbox: ${sb.url}/fes/control/v1/profile`);
  });

  it('the same profile given locally is fine; another is refused with both names and SHA-256s', async () => {
    const same = await runPacks({ packs: [resolvePack('sandbox-smoke')], target: sb.url, sandbox: { simulatorOptions: { fes: { profile: VENDOR } } } });
    expect(notPassed(same)).toEqual([]);
    await expect(runPacks({ packs: [resolvePack('sandbox-smoke')], target: sb.url, sandbox: { simulatorOptions: { fes: { profile: MODELED } } } })).rejects.toThrow(new RunError(
      `the fes profile given here, modeled (SHA-256 ${sha256Of(MODELED)}), is not the one the target serves, example-vendor (SHA-256 ${sha256Of(VENDOR)}, ${sb.url}/fes/control/v1/profile): drop it to sign as the target serves, or serve the same profile there`,
    ));
  });

  it('poligon run --fes-profile: a contradicting one ends the run with exit 2 and the reason; a broken file is refused with file:line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'poligon-run-target-'));
    const r = await poligonInProcess('run', 'sandbox-smoke', '--target', sb.url, '--fes-profile', MODELED, '--out', out, '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.out).toContain(`is not the one the target serves, example-vendor (SHA-256 ${sha256Of(VENDOR)}`);
    const broken = await poligonInProcess('run', 'sandbox-smoke', '--fes-profile', join(import.meta.dirname, 'run-target-profile.test.ts'), '--out', out);
    expect(broken.code).toBe(2);
    expect(broken.out).toMatch(/--fes-profile: FES profile .*run-target-profile\.test\.ts is refused:/);
  });
});

describe('a run whose FES is not the target sandbox\'s', () => {
  it('an embedded run signs with its own profile, read from nowhere', async () => {
    const report = await runPacks({ packs: [resolvePack('sandbox-smoke')], sandbox: { simulatorOptions: { fes: { profile: VENDOR } } } });
    expect(notPassed(report)).toEqual([]);
    expect(report.wireProfiles?.fes).toEqual({ name: 'example-vendor', sha256: sha256Of(VENDOR), modeled: false });
  });
});
