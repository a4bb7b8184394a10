// The PDF of one pack: for an ECS pack the Act of test trials (Appendix 3 of the ECS regulation,
// seed 004) filled in from the run, with the case protocol as its annex; for the others (FES first)
// an NSPK-style test protocol. DejaVu fonts, so Cyrillic prints right.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { PackResult, RunReport } from '../scenario/types.js';
import type { SigningInfo } from './index.js';
import { advisoryCount, basisText, caseExpectedActual, caseReason, driverText, checkLine, failureText, isDemonstration, packVerdict, restsOnText, requirementTitle, runLines, sutLines } from './common.js';
import { actDate, dateTime, engineText, packText, placeName, quoted, sourceText, t, verdictText, YAKUTSK, type Lang, type StringKey } from './i18n.js';

const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', mono: 'DejaVuSansMono.ttf', serif: 'DejaVuSerif.ttf', serifBold: 'DejaVuSerif-Bold.ttf' };
const MARGIN = 50;
const COLORS: Record<string, string> = { demo: '#7a4500', passed: '#13622b', failed: '#a01818', error: '#8a4d00', skipped: '#555555', 'not-covered': '#555555' };

type Doc = PDFKit.PDFDocument;

interface Column { header: string; width: number }

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN - 20;
}

function ensure(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

const clip = (s: string, n = 1200) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Lines joined into cells of at most `n` characters (a longer line is a cell of its own, clipped). */
function inRows(lines: string[], n = 1100): string[] {
  const rows: string[] = [];
  for (const line of lines) {
    const last = rows.length - 1;
    if (last >= 0 && rows[last]!.length + 1 + line.length <= n) rows[last] += `\n${line}`;
    else rows.push(line);
  }
  return rows;
}

function table(doc: Doc, columns: Column[], rows: Array<Array<{ text: string; color?: string }>>, withHeader = true): void {
  const x0 = MARGIN;
  const pad = 3;
  const drawRow = (cells: Array<{ text: string; color?: string }>, header: boolean) => {
    doc.font(header ? 'bold' : 'regular').fontSize(8);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(clip(c.text), { width: columns[i]!.width - 2 * pad }))) + 2 * pad;
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      if (!header && withHeader) drawRow(columns.map((c) => ({ text: c.header })), true);
      doc.font(header ? 'bold' : 'regular').fontSize(8);
    }
    const y = doc.y;
    let x = x0;
    for (const [i, c] of cells.entries()) {
      const w = columns[i]!.width;
      if (header) doc.rect(x, y, w, h).fillAndStroke('#e8eaef', '#9aa1ad');
      else doc.rect(x, y, w, h).lineWidth(0.5).stroke('#9aa1ad');
      doc.fillColor(c.color ?? '#000000').text(clip(c.text), x + pad, y + pad, { width: w - 2 * pad });
      x += w;
    }
    doc.fillColor('#000000');
    doc.x = x0;
    doc.y = y + h;
  };
  if (withHeader) {
    // keep the header with the first row: no header alone at the foot of a page
    doc.font('regular').fontSize(8);
    const first = rows[0] ?? [];
    const firstHeight = Math.max(0, ...first.map((c, i) => doc.heightOfString(clip(c.text), { width: columns[i]!.width - 2 * pad }))) + 2 * pad;
    ensure(doc, Math.min(firstHeight, 200) + 20);
    drawRow(columns.map((c) => ({ text: c.header })), true);
  }
  for (const r of rows) drawRow(r, false);
  doc.moveDown(0.6);
}

function heading(doc: Doc, text: string): void {
  ensure(doc, 70);
  doc.moveDown(0.5).font('bold').fontSize(11).fillColor('#000000').text(text, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.3);
}

function para(doc: Doc, text: string, opts: { font?: string; size?: number; color?: string; align?: 'left' | 'center' | 'justify' | 'right'; indent?: number } = {}): void {
  doc.font(opts.font ?? 'regular').fontSize(opts.size ?? 9).fillColor(opts.color ?? '#000000');
  ensure(doc, doc.heightOfString(text, { width: doc.page.width - 2 * MARGIN }));
  doc.text(text, MARGIN + (opts.indent ?? 0), doc.y, { width: doc.page.width - 2 * MARGIN - (opts.indent ?? 0), align: opts.align ?? 'left' });
  doc.fillColor('#000000');
}

function keyValues(doc: Doc, rows: Array<[string, string]>): void {
  const width = doc.page.width - 2 * MARGIN;
  table(doc, [{ header: '', width: width * 0.3 }, { header: '', width: width * 0.7 }], rows.map(([k, v]) => [{ text: k }, { text: v }]), false);
}

function packSummary(p: PackResult) {
  const count = (v: string) => p.cases.filter((c) => c.verdict === v).length;
  return { total: p.cases.length, passed: count('passed'), failed: count('failed'), error: count('error'), skipped: count('skipped'), interrupted: count('interrupted'), advisories: advisoryCount(p), ok: count('failed') + count('error') === 0 };
}

/** The case protocol: run data, summary, cases, details, coverage, integrity, signature. */
function protocol(doc: Doc, report: RunReport, p: PackResult, hashes: { json: string; har: string }, signing: SigningInfo): void {
  const lang = report.lang;
  const width = doc.page.width - 2 * MARGIN;
  const s = packSummary(p);
  const verdict = packVerdict(lang, p);
  heading(doc, t(lang, 'sut'));
  const driver = p.cases.find((c) => c.driver)?.driver;
  keyValues(doc, [...sutLines(lang, p.sut, p.translations), ...(driver ? [[t(lang, 'playedByDriverTitle'), driverText(lang, driver)] as [string, string]] : [])]);
  heading(doc, t(lang, 'runInfo'));
  keyValues(doc, runLines(report, p));
  heading(doc, t(lang, 'summary'));
  para(doc, verdict.text, { font: 'bold', size: 10, color: isDemonstration(p.sut) ? COLORS.demo : verdict.ok ? COLORS.passed : COLORS.failed });
  para(doc, `${t(lang, 'total')}: ${s.total}; ${t(lang, 'passed')}: ${s.passed}; ${t(lang, 'failed')}: ${s.failed}; ${t(lang, 'error')}: ${s.error}; ${t(lang, 'skipped')}: ${s.skipped}${s.interrupted ? `; ${t(lang, 'interrupted')}: ${s.interrupted}` : ''}; ${t(lang, 'advisoryCount')}: ${s.advisories}`);
  heading(doc, t(lang, 'cases'));
  table(doc, [
    { header: t(lang, 'caseNo'), width: width * 0.05 }, { header: t(lang, 'caseId'), width: width * 0.15 }, { header: t(lang, 'caseTitle'), width: width * 0.3 },
    { header: t(lang, 'requirements'), width: width * 0.15 }, { header: t(lang, 'actual'), width: width * 0.23 }, { header: t(lang, 'verdict'), width: width * 0.12 },
  ], p.cases.map((c, i) => [
    { text: String(i + 1) }, { text: c.id }, { text: c.title }, { text: c.requirements.join(', ') },
    { text: c.verdict === 'passed' ? caseExpectedActual(lang, c).actual : caseReason(lang, c) ?? '' }, { text: verdictText(lang, c.verdict), color: COLORS[c.verdict] },
  ]));
  for (const [i, c] of p.cases.entries()) {
    // a case's heading, its lines and the head of its table stay together: no heading alone at a page's foot
    // (the table keeps its header with up to 200 points of its first row: see table())
    ensure(doc, 300);
    heading(doc, `${i + 1}. ${c.id} — ${c.title} [${verdictText(lang, c.verdict)}]`);
    para(doc, `${t(lang, 'requirements')}: ${c.requirements.join(', ')}`);
    if (c.driver) para(doc, `${t(lang, 'playedByDriverTitle')}: ${driverText(lang, c.driver)}`);
    if (c.preconditions) para(doc, `${t(lang, 'preconditions')}: ${c.preconditions}`);
    if (c.reason) para(doc, `${t(lang, 'reason')}: ${caseReason(lang, c)}`, { color: COLORS[c.verdict] });
    const rests = restsOnText(lang, c, p.system);
    if (rests) para(doc, `${t(lang, 'restsOn')}: ${rests}`);
    if (c.steps.length) {
      table(doc, [
        { header: t(lang, 'step'), width: width * 0.24 }, { header: t(lang, 'checks'), width: width * 0.56 }, { header: t(lang, 'evidence'), width: width * 0.2 },
      ], c.steps.flatMap((st) => {
        const unchecked = st.failures.filter((f) => !st.checks?.some((x) => x.verdict === 'failed' && x.in === f.in && x.at === (f.at ?? '')));
        const lines = [
          ...(st.checks ?? []).map((x) => `${x.verdict === 'passed' ? '✓' : x.verdict === 'failed' ? '✗' : '!'} ${checkLine(lang, x)}${x.verdict === 'passed' ? '' : ` [${t(lang, `check.${x.verdict}`)}]`}${x.basis ? ` [${t(lang, 'basis').toLowerCase()}: ${basisText(lang, x.basis, p.translations)}]` : ''}`),
          ...unchecked.map((f) => failureText(lang, f)), ...(st.error ? [engineText(lang, st.error)] : []),
        ];
        // every check is printed: a step with many goes on in rows of its own, none taller than a page
        const [first = '—', ...more] = inRows(lines);
        const color = st.verdict === 'passed' ? undefined : COLORS[st.verdict];
        return [
          [
            { text: `${st.index + 1}. ${st.title}${st.instructions ? `\n${t(lang, 'instructions')}: ${st.instructions}` : ''}\n${verdictText(lang, st.verdict)}`, color },
            { text: first },
            { text: st.traffic.map((r) => `${r.id}\n${dateTime(r.time)}`).join('\n') },
          ],
          ...more.map((text) => [{ text: `${st.index + 1}. (${t(lang, 'continued')})`, color }, { text }, { text: '' }]),
        ];
      }));
    }
    const curl = c.steps.find((st) => st.verdict === 'failed' && st.curl)?.curl;
    if (curl) {
      para(doc, `${t(lang, 'reproduce')}:`);
      para(doc, clip(curl, 1500), { font: 'mono', size: 7 });
    }
  }
  heading(doc, t(lang, 'coverage'));
  const cited = new Set(p.cases.flatMap((c) => c.requirements));
  table(doc, [
    { header: t(lang, 'requirement'), width: width * 0.14 }, { header: '', width: width * 0.48 }, { header: t(lang, 'source'), width: width * 0.16 }, { header: t(lang, 'verdict'), width: width * 0.22 },
  ], report.coverage.filter((r) => cited.has(r.id)).map((r) => [{ text: r.id }, { text: requirementTitle(lang, r.title) }, { text: sourceText(lang, r.source) }, { text: verdictText(lang, r.verdict), color: COLORS[r.verdict] }]));
  heading(doc, t(lang, 'integrity'));
  para(doc, t(lang, 'integrityNote', hashes), { size: 8 });
  para(doc, t(lang, 'manifestNote', { fingerprint: signing.fingerprint }), { size: 8 });
  para(doc, `${t(lang, 'publicKey')}:`, { size: 8 });
  para(doc, signing.publicKeyPem.trim(), { font: 'mono', size: 7 });
  para(doc, t(lang, 'secretsMasked'), { size: 8 });
  para(doc, t(lang, 'modeledNote'), { size: 8, color: '#444444' });
}

function signatureBlock(doc: Doc, lang: Lang, label: string, font = 'regular'): void {
  ensure(doc, 70);
  doc.moveDown(1);
  para(doc, label, { font, size: font === 'regular' ? 9 : 11 });
  doc.moveDown(1.2);
  para(doc, '___________________   /_____________________/', { font });
  para(doc, `        ${t(lang, 'signature')}                                        ${t(lang, 'fullName')}`, { size: 7, color: '#444444' });
}

function ecsAct(doc: Doc, report: RunReport, p: PackResult): void {
  const lang = report.lang;
  const s = packSummary(p);
  const org = p.sut.organization === undefined ? t(lang, 'actDefaultOrganization') : packText(lang, p.translations, p.sut.organization);
  const bank = p.sut.bank === undefined ? t(lang, 'actDefaultBank') : packText(lang, p.translations, p.sut.bank);
  doc.font('serif');
  para(doc, t(lang, 'actAppendix'), { font: 'serif', align: 'right', size: 9 });
  doc.moveDown(1);
  para(doc, t(lang, 'actTitle'), { font: 'serifBold', size: 14, align: 'center' });
  para(doc, t(lang, 'actSubtitle'), { font: 'serifBold', size: 12, align: 'center' });
  doc.moveDown(1.2);
  const y = doc.y;
  para(doc, t(lang, 'actCity', { city: placeName(lang, p.sut.city ?? t(lang, 'actDefaultCity')) }), { font: 'serif', size: 11 });
  doc.y = y;
  para(doc, actDate(lang, p.finishedAt, YAKUTSK), { font: 'serif', size: 11, align: 'right' });
  doc.moveDown(1.5);
  // left-aligned: long quoted names would open wide gaps in justified lines
  para(doc, t(lang, 'actPreamble', { org, bank }), { font: 'serif', size: 11 });
  doc.moveDown(0.8);
  if (isDemonstration(p.sut)) {
    para(doc, t(lang, 'actDemo', { who: t(lang, `actWho.${p.sut.playedBy}` as StringKey) }), { font: 'serifBold', size: 11, color: COLORS.demo });
    doc.moveDown(0.6);
  }
  // a demonstration confirms nothing between the parties: the form's points 1 and 2 are not printed
  if (s.ok && !isDemonstration(p.sut)) {
    para(doc, t(lang, 'actPoint1'), { font: 'serif', size: 11, indent: 20 });
    doc.moveDown(0.6);
    para(doc, t(lang, 'actPoint2'), { font: 'serif', size: 11, indent: 20 });
  } else if (!s.ok) {
    para(doc, t(lang, 'actNotConfirmed', { failed: s.failed + s.error, total: s.total }), { font: 'serifBold', size: 11, color: COLORS.failed, align: 'justify' });
  }
  doc.moveDown(0.8);
  para(doc, t(lang, 'actBasis', { runId: report.runId, pack: packText(lang, p.translations, p.title), version: p.version, passed: s.passed, total: s.total }), { font: 'serif', size: 9, color: '#444444' });
  doc.moveDown(1);
  signatureBlock(doc, lang, t(lang, 'actFromOrganization'), 'serif');
  signatureBlock(doc, lang, t(lang, 'actFromBank', { bank }), 'serif');
  doc.addPage();
  para(doc, t(lang, 'actAnnex'), { font: 'bold', size: 13, align: 'center' });
}

export function renderPdf(report: RunReport, p: PackResult, hashes: { json: string; har: string }, signing: SigningInfo): Promise<Buffer> {
  const lang = report.lang;
  const doc = new PDFDocument({
    size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true,
    info: { Title: `${p.system === 'ecs' ? t(lang, 'actTitle') : t(lang, 'fesProtocolTitle')} — ${packText(lang, p.translations, p.title)}`, Author: `${report.tool.name} ${report.tool.version}`, Subject: report.runId, CreationDate: new Date(report.finishedAt) },
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, join(FONT_DIR, file));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  if (p.system === 'ecs') {
    ecsAct(doc, report, p);
  } else {
    para(doc, `${t(lang, 'fesProtocolTitle')}${isDemonstration(p.sut) ? ` — ${t(lang, 'demoTitle')}` : ''}`, { font: 'bold', size: 15, align: 'center' });
    para(doc, p.system === 'fes' ? t(lang, 'fesProtocolSubtitle') : `${t(lang, 'genericProtocolSubtitle')}: ${quoted(lang, packText(lang, p.translations, p.title))}`, { size: 10, align: 'center' });
    para(doc, `${t(lang, 'date')}: ${actDate(lang, p.finishedAt)}`, { size: 9, align: 'center', color: '#444444' });
  }
  para(doc, t(lang, 'notice'), { size: 8, align: 'center', color: '#7a4500' });
  if (report.rerender) para(doc, t(lang, 'rerenderNote', { runId: report.runId, dir: report.rerender.of, at: dateTime(report.rerender.at) }), { size: 8, align: 'center', color: '#7a4500' });
  protocol(doc, report, p, hashes, signing);
  if (p.system !== 'ecs') signatureBlock(doc, lang, t(lang, 'testedBy'));

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // the footer sits in the bottom margin: without this pdfkit would open a new page for it
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(7).fillColor('#666666')
      .text(`${report.runId} · ${p.id} ${p.version} · ${t(lang, 'pageOf', { n: i + 1, total: range.count })}`, MARGIN, doc.page.height - MARGIN + 10, { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
