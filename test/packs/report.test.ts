// REP-01, REP-02 and ECS-14 on a real run of shipped cases: the reports written from it show each case
// with its requirements, expected and actual, verdict and traffic (secrets masked), the summary, the
// system under test, versions, date, an integrity manifest — and, for an ECS pack, the Act.
import { appendFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/reports/index.js';
import { verifyManifest } from '../../src/reports/manifest.js';
import type { RunReport } from '../../src/scenario/types.js';
import { runWithReferenceClient, shippedCase } from './helpers.js';

describe('reports of a pack run', () => {
  let report: RunReport;
  let dir: string;
  beforeAll(async () => {
    report = await runWithReferenceClient([shippedCase('e2e-sale', 'report-evidence'), shippedCase('ecs-type-1', 'trial-run')], {
      sut: { vendor: 'ООО «Касса»', product: 'КассаПро', version: '5.4', id: 'CR-DEMO-0001', organization: 'ГБУ «Демо-бассейн»', bank: 'Банк (демо)' },
    });
    dir = mkdtempSync(join(tmpdir(), 'poligon-packs-'));
    await writeReports(report, dir);
  }, 60_000);

  it('REP-01: the case shows its id, requirements, expected and actual, verdict and its traffic', () => {
    const c = report.packs[0]!.cases[0]!;
    expect(c).toMatchObject({ id: 'report-evidence', requirements: ['REP-01', 'REP-02'], verdict: 'passed' });
    for (const step of c.steps) {
      expect(step.expected.length).toBeGreaterThan(0);
      expect(step.actual.length).toBeGreaterThan(0);
    }
    expect(c.steps[0]!.traffic[0]!.id).toMatch(/^e2e-sale\/report-evidence#\d+$/);
    expect(c.traffic.some((e) => e.path.endsWith('/fes/api/v1/echo') && e.status === 200)).toBe(true);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('classname="e2e-sale"');
    expect(junit).toContain('report-evidence');
  });

  it('REP-01: no report file carries the demo keys or the client secret in clear', () => {
    for (const file of readdirSync(dir).filter((f) => !f.endsWith('.pdf'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toContain('demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f');
      expect(text, file).not.toContain('demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f');
      expect(text, file).not.toContain('aaaabbbbbcccccc');
    }
  });

  it('REP-02: summary verdict, system under test, versions, date — and a manifest that catches a changed file', () => {
    const json = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunReport;
    expect(json.summary).toMatchObject({ total: 2, passed: 2, verdict: 'passed' });
    expect(json.packs[0]!.sut).toMatchObject({ vendor: 'ООО «Касса»', product: 'КассаПро', version: '5.4', id: 'CR-DEMO-0001' });
    expect(json.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(json.packs.map((p) => [p.id, p.version])).toEqual([['e2e-sale', '1.0'], ['ecs-type-1', '1.0']]);
    expect(json.packs[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(json.startedAt)).not.toBeNaN();
    expect(verifyManifest(dir).ok).toBe(true);
    appendFileSync(join(dir, 'report.html'), '<!-- edited -->');
    expect(verifyManifest(dir)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^report\.html: modified/)] });
  });

  it('ECS-14: the ECS pack run yields the Act of test trials as a PDF', () => {
    expect(report.packs[1]!.cases[0]).toMatchObject({ id: 'trial-run', verdict: 'passed' });
    const act = readFileSync(join(dir, 'act-ecs-type-1.pdf'));
    expect(act.subarray(0, 5).toString()).toBe('%PDF-');
    expect(readdirSync(dir)).toContain('protocol-e2e-sale.pdf');
  });
});
