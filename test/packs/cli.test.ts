// `poligon run … --with-reference-client`: the observe-mode pack runs with nobody at the till.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { RunReport } from '../../src/scenario/types.js';
import { shippedCase } from './helpers.js';
import { poligonInProcess as poligon } from '../support/cli-in-process.js';


describe('poligon run --with-reference-client', () => {
  it('FES-06: the production-test case of fes-certification passes with nobody at the till, prompts still printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poligon-ref-'));
    // the shipped pack cut down to one case, keeping its id (the reference client's script is per pack id)
    const file = join(dir, 'fes-certification.yaml');
    writeFileSync(file, stringify(shippedCase('fes-certification', 'production-test').spec));
    const { code, out } = await poligon('run', file, '--with-reference-client', '--out', join(dir, 'reports'), '--format', 'json,junit', '--timeout', '5s');
    expect(out).toContain('Пробейте товар с кодом ТРУ 999999999.99999999900000000000');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'run.json'), 'utf8')) as RunReport;
    expect(report.summary).toMatchObject({ total: 1, passed: 1, verdict: 'passed' });
  }, 60_000);

  it('without it the same case waits for a till that never calls, and the run exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poligon-ref-'));
    const file = join(dir, 'fes-certification.yaml');
    writeFileSync(file, stringify(shippedCase('fes-certification', 'production-test').spec));
    const { code } = await poligon('run', file, '--out', join(dir, 'reports'), '--format', 'json', '--timeout', '300ms');
    expect(code).toBe(1);
  }, 60_000);
});
