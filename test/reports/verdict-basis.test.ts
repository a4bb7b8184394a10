// REP-03 on a real run: the reports (run.json, HTML, PDF) name the FES profile the run served, with the
// SHA-256 of its file, and say per case how many checks rest on the sources and how many on modeled
// conventions — e2e-sale/verdict-basis has one of the first kind and two of the second.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/reports/index.js';
import type { RunReport } from '../../src/scenario/types.js';
import { PROFILES_DIR } from '../../simulators/fes/profile.js';
import { runWithReferenceClient, shippedCase } from '../packs/helpers.js';
import { pdfText } from '../support/pdf-text.js';

const MODELED_SHA256 = createHash('sha256').update(readFileSync(join(PROFILES_DIR, 'modeled.yaml'))).digest('hex');

describe('REP-03: what each verdict rests on', () => {
  let report: RunReport;
  let dir: string;
  beforeAll(async () => {
    report = await runWithReferenceClient([shippedCase('e2e-sale', 'verdict-basis')], { lang: 'en' });
    dir = mkdtempSync(join(tmpdir(), 'poligon-basis-'));
    await writeReports(report, dir, ['json', 'html', 'pdf']);
  }, 60_000);

  it('run.json names the served FES profile and counts each case\'s checks by basis', () => {
    const json = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunReport;
    expect(json.wireProfiles?.fes).toEqual({ name: 'modeled', sha256: MODELED_SHA256, modeled: true });
    expect(json.packs[0]!.cases[0]).toMatchObject({ id: 'verdict-basis', verdict: 'passed', restsOn: { sources: 1, modeled: 2, unstated: 0 } });
  });

  it('the HTML and PDF protocols say it in words', async () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`built-in, modeled (no public source describes the FES transport), SHA-256 ${MODELED_SHA256}`);
    expect(html).toContain('What the verdict rests on:</b> checks resting on the sources and the public record: 1; on modeled conventions (the FES transport profile among them): 2');
    const pdf = (await pdfText(readFileSync(join(dir, 'protocol-e2e-sale.pdf')))).replace(/\s+/g, ' ');
    expect(pdf).toContain(MODELED_SHA256.slice(0, 16));
    expect(pdf).toContain('What the verdict rests on: checks resting on the sources and the public record: 1');
  });
});
