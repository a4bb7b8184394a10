// `poligon run --target` against a guarded sandbox: the admin token by --admin-token or by the
// sandbox's own variable POLIGON_ADMIN_TOKEN, masked in the reports; without it the run's admin calls
// are refused. Exit codes: 0 passed, 1 failed, 2 could not run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { poligonInProcess as poligon, poligonInProcessWithEnv } from '../support/cli-in-process.js';

const TOKEN = 'run-admin-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'poligon-run-token-'));
const pack = join(dir, 'clock.yaml');
// admin calls only: a control step and an expect-state step
writeFileSync(pack, `id: cli-token
version: '1.0'
title: CLI
system: sandbox
cases:
  - id: clock
    title: Часы двигаются
    requirements: [FES-09]
    steps:
      - control: { clock: { advance: 30m } }
      - expect-state: { path: /clock, expect: { body: [ { path: $.offsetMs, equals: 1800000 } ] } }
`);

describe('poligon run --admin-token', () => {
  let sb: Sandbox;
  beforeAll(async () => { sb = await startSandbox({ adminToken: TOKEN }); });
  afterAll(() => sb.stop());

  it('without the token the run\'s admin calls are refused and the case fails', async () => {
    const r = await poligon('run', pack, '--target', sb.url, '--out', join(dir, 'none'), '--format', 'json');
    expect(r.code).toBe(1);
  });

  it('with --admin-token the case passes, and no report holds the token', async () => {
    const r = await poligon('run', pack, '--target', sb.url, '--admin-token', TOKEN, '--out', join(dir, 'flag'), '--format', 'json');
    expect(r.out).toMatch(/✔ clock/);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'flag', 'run.json'), 'utf8')).not.toContain(TOKEN);
  });

  it('takes POLIGON_ADMIN_TOKEN, the variable the sandbox itself is started with', async () => {
    const r = await poligonInProcessWithEnv({ POLIGON_ADMIN_TOKEN: TOKEN }, 'run', pack, '--target', sb.url, '--out', join(dir, 'env'), '--format', 'json');
    expect(r.code).toBe(0);
  });

  it('refuses --admin-token without --target (exit 2): the embedded sandbox has no token', async () => {
    const r = await poligon('run', pack, '--admin-token', TOKEN);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--admin-token is the token of a --target sandbox');
  });
});
