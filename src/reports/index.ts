// Writes a run's reports into one folder: run.json (everything; the other formats are rendered from
// it, so `poligon report <dir>` can redo them), junit.xml, report.html, traffic.har, one PDF per pack,
// and manifest.json with the SHA-256 of each.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FORMAT, type RunReport } from '../scenario/types.js';
import { renderHar } from './har.js';
import { renderHtml } from './html.js';
import { renderJUnit } from './junit.js';
import { sha256, writeManifest } from './manifest.js';
import { renderPdf } from './pdf.js';

export const REPORT_FORMATS = ['json', 'junit', 'html', 'har', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const RUN_JSON = 'run.json';


/** Writes the chosen formats (run.json always: it is the source of the others); returns the file names. */
export async function writeReports(report: RunReport, dir: string, formats: readonly ReportFormat[] = REPORT_FORMATS): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const put = (name: string, data: string | Buffer) => {
    writeFileSync(join(dir, name), data);
    written.push(name);
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const har = renderHar(report);
  put(RUN_JSON, json);
  if (formats.includes('junit')) put('junit.xml', renderJUnit(report));
  if (formats.includes('html')) put('report.html', renderHtml(report));
  if (formats.includes('har')) put('traffic.har', har);
  if (formats.includes('pdf')) {
    for (const p of report.packs) {
      put(`${p.system === 'ecs' ? 'act' : 'protocol'}-${p.id}.pdf`, await renderPdf(report, p, { json: sha256(json), har: sha256(har) }));
    }
  }
  writeManifest(dir, report.runId);
  written.push('manifest.json');
  return written;
}

export function readRunJson(dir: string): RunReport {
  const report = JSON.parse(readFileSync(join(dir, RUN_JSON), 'utf8')) as RunReport;
  if (report.format !== RUN_FORMAT) throw new Error(`${join(dir, RUN_JSON)} is not a Poligon run of this version (format ${JSON.stringify(report.format)}, expected ${RUN_FORMAT})`);
  return report;
}
