// `poligon run --driver …`: an observe-mode pack played by a vendor's harness from the command line.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
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
