// `poligon run --driver …`: an observe-mode pack played by a vendor's harness from the command line.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CommandDriver, WebhookDriver } from '../../src/scenario/drivers.js';
import { runPacks } from '../../src/scenario/runner.js';
import type { RunReport } from '../../src/scenario/types.js';
import { shippedCase } from '../packs/helpers.js';
import { poligonInProcess as poligon } from '../support/cli-in-process.js';

const HARNESS = join(import.meta.dirname, 'harness', 'command.mjs');

describe('poligon run --driver', () => {
  it('cmd:COMMAND plays the echo case; run.json names the harness command as the case\'s driver', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poligon-driver-cli-'));
    const file = join(dir, 'fes-certification.yaml');
    writeFileSync(file, stringify(shippedCase('fes-certification', 'echo').spec));
    const harness = `HARNESS_STATE=${join(dir, 'state.json')} ${process.execPath} ${HARNESS}`;
    const { code, out } = await poligon('run', file, '--driver', `cmd:${harness}`, '--out', join(dir, 'reports'), '--format', 'json', '--timeout', '10s');
    expect(out).toContain('Выполните в кассовом ПО проверку связи (echo)');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'run.json'), 'utf8')) as RunReport;
    expect(report.packs[0]!.sut.playedBy).toBe('vendor');
    expect(report.packs[0]!.cases[0]!.driver).toEqual({ kind: 'harness-command', name: harness });
  }, 60_000);

  it('anything but a webhook URL, cmd:… or reference is refused before the run (exit 2)', async () => {
    const { code, out } = await poligon('run', 'fes-certification', '--driver', 'drive.sh');
    expect(code).toBe(2);
    expect(out).toContain("--driver drive.sh: give the harness's webhook URL (http://host/path) or its command (cmd:./drive.sh), or reference");
  });
});

describe('poligon driver example', () => {
  it('writes a Node webhook harness and a shell command harness that speak the protocol as written: each answers "cannot" until wired', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poligon-driver-example-'));
    const out = join(dir, 'harness');
    const written = await poligon('driver', 'example', '--out', out);
    expect(written.code).toBe(0);
    expect(existsSync(join(out, 'harness.mjs')) && existsSync(join(out, 'drive.sh'))).toBe(true);
    const again = await poligon('driver', 'example', '--out', out);
    expect(again.code).toBe(2);
    expect(again.out).toContain('exist; use --force to overwrite');

    const child = spawn(process.execPath, [join(out, 'harness.mjs')], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const url = await new Promise<string>((resolve) => child.stdout.on('data', (d: Buffer) => {
        const m = /(http:\/\/localhost:\d+\/act)/.exec(String(d));
        if (m) resolve(m[1]!);
      }));
      for (const driver of [new WebhookDriver(url), new CommandDriver(`sh ${join(out, 'drive.sh')}`)]) {
        const report = await runPacks({ packs: [shippedCase('fes-certification', 'echo')], driver, timeoutMs: 5_000 });
        const c = report.packs[0]!.cases[0]!;
        expect(c.verdict).toBe('skipped');
        expect(c.reason).toContain('драйвер не может выполнить fes.echo: echo is not wired to the till yet');
      }
    } finally {
      child.kill();
    }
  }, 60_000);
});
