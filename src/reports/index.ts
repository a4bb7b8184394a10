// Writes a run's reports into one folder: run.json (everything; the other formats are rendered from
// it, so `poligon report <dir>` can redo them), junit.xml, report.html, traffic.har, one PDF per pack,
// and manifest.json with the SHA-256 of each, signed (manifest.ts, signing.ts).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RUN_FORMAT, type RunReport } from '../scenario/types.js';
import { renderHar } from './har.js';
import { renderHtml } from './html.js';
import { renderJUnit } from './junit.js';
import { MANIFEST, sha256, sha256File, verifyManifest, writeManifest, type RerenderSource } from './manifest.js';
import { renderPdf } from './pdf.js';
import { loadSigner, type Signer } from './signing.js';

export const REPORT_FORMATS = ['json', 'junit', 'html', 'har', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const RUN_JSON = 'run.json';

/** What the reports print about the manifest's signature. */
export interface SigningInfo {
  fingerprint: string;
  publicKeyPem: string;
}

/**
 * Fails (with one line) unless `dir` can be created and written: checked before a run starts, so a
 * run never ends without its reports.
 */
export function ensureWritable(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.poligon-write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    throw new Error(`cannot write the reports to ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Writes the chosen formats (run.json always: it is the source of the others) and the signed manifest;
 * returns the file names. `source`: the folder is a re-render of that run.
 */
export async function writeReports(report: RunReport, dir: string, formats: readonly ReportFormat[] = REPORT_FORMATS, signer: Signer = loadSigner(), source?: RerenderSource): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const put = (name: string, data: string | Buffer) => {
    writeFileSync(join(dir, name), data);
    written.push(name);
  };
  const signing: SigningInfo = { fingerprint: signer.fingerprint, publicKeyPem: signer.publicKeyPem };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const har = renderHar(report);
  put(RUN_JSON, json);
  if (formats.includes('junit')) put('junit.xml', renderJUnit(report));
  if (formats.includes('html')) put('report.html', renderHtml(report, signing));
  if (formats.includes('har')) put('traffic.har', har);
  if (formats.includes('pdf')) {
    for (const p of report.packs) {
      put(`${p.system === 'ecs' ? 'act' : 'protocol'}-${p.id}.pdf`, await renderPdf(report, p, { json: sha256(json), har: sha256(har) }, signing));
    }
  }
  writeManifest(dir, report.runId, signer, source);
  written.push('manifest.json');
  return written;
}

/** The problems that keep a run folder from being re-rendered (it must verify first). */
export class RerenderRefused extends Error {
  override name = 'RerenderRefused';
  constructor(readonly problems: string[]) {
    super(`the run folder does not verify:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/**
 * Renders a run again into a new folder, never touching the source: the source must verify (its run.json
 * is what the new reports say), the new folder names it and is signed as a re-render.
 */
export async function rerender(sourceDir: string, outDir: string, options: { formats?: readonly ReportFormat[]; lang?: RunReport['lang']; signer?: Signer; publicKeyPem?: string } = {}): Promise<string[]> {
  const check = verifyManifest(sourceDir, { publicKeyPem: options.publicKeyPem });
  if (!check.ok) throw new RerenderRefused(check.problems);
  const report = readRunJson(sourceDir);
  report.rerender = { of: relative(outDir, sourceDir) || '.', at: new Date().toISOString(), ...(check.signedBy ? { signedBy: check.signedBy } : {}) };
  if (options.lang) report.lang = options.lang;
  const source: RerenderSource = {
    dir: relative(outDir, sourceDir), runId: report.runId,
    manifestSha256: sha256File(join(sourceDir, MANIFEST)), runJsonSha256: sha256File(join(sourceDir, RUN_JSON)),
  };
  return writeReports(report, outDir, options.formats, options.signer, source);
}

export function readRunJson(dir: string): RunReport {
  const report = JSON.parse(readFileSync(join(dir, RUN_JSON), 'utf8')) as RunReport;
  if (report.format !== RUN_FORMAT) throw new Error(`${join(dir, RUN_JSON)} is not a Poligon run of this version (format ${JSON.stringify(report.format)}, expected ${RUN_FORMAT})`);
  return report;
}
