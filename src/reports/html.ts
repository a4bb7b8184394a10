// One self-contained HTML file: inline CSS, no scripts, no external assets; readable offline and
// printable. Traffic references are links to the entries of the traffic log at the bottom.
import type { JournalEntry } from '../engine/journal.js';
import type { SigningInfo } from './index.js';
import type { CaseResult, Check, PackResult, RunReport, StepResult } from '../scenario/types.js';
import { basisText, caseExpectedActual, caseReason, driverText, whereText, expectedText, failureText, harId, receivedText, isDemonstration, packVerdict, restsOnText, requirementTitle, runLines, sutLines } from './common.js';
import { dateTime, engineText, packText, sourceText, t, verdictText, type Lang, type StringKey } from './i18n.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const anchor = (id: string) => `t-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
const badge = (lang: Lang, v: string) => `<span class="v v-${esc(v)}">${esc(verdictText(lang, v))}</span>`;

const CSS = `
body{font:14px/1.45 "DejaVu Sans",system-ui,sans-serif;color:#1d2430;margin:0;background:#f4f5f7}
main{max-width:1100px;margin:0 auto;padding:24px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #d8dce3;padding-bottom:4px;margin-top:28px}
h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0}table.checks{margin:0;font-size:12px}th,td{border:1px solid #d8dce3;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef0f4;font-weight:600}table.kv th{width:28%}
.v{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.v-passed{background:#d9f2df;color:#13622b}.v-failed{background:#fbdada;color:#8a1414}.v-error{background:#ffe7c2;color:#7a4500}
.v-skipped,.v-not-covered{background:#e6e8ec;color:#4a5260}
.banner{padding:10px 14px;border-radius:6px;font-weight:600;margin:12px 0}.banner.passed{background:#d9f2df}.banner.failed{background:#fbdada}.banner.demo{background:#ffe7c2}
.notice{border:1px solid #e0b000;background:#fff7d6;padding:6px 10px;margin:8px 0}
code,pre{font:12px/1.4 "DejaVu Sans Mono",monospace}pre{background:#f6f7f9;border:1px solid #e1e4e9;padding:6px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.case{border:1px solid #d8dce3;border-radius:6px;padding:8px 12px;margin:10px 0}.muted{color:#5b6472}.fail{color:#8a1414}
.instr{background:#fff7d6;border-left:4px solid #e0b000;padding:4px 8px;margin:4px 0}
details{margin:4px 0}summary{cursor:pointer}
@media print{body{background:#fff}main{padding:0}details{page-break-inside:avoid}}
`;

const checkBadge = (lang: Lang, v: Check['verdict']) => `<span class="v v-${v === 'passed' ? 'passed' : v === 'failed' ? 'failed' : 'error'}">${esc(t(lang, `check.${v}`))}</span>`;

/** A step's checked expectations: where, expected, received, verdict, basis. */
function checksHtml(lang: Lang, s: StepResult, translations?: Record<string, string>): string {
  if (!s.checks?.length) return '';
  return `<table class="checks"><tr><th>${esc(t(lang, 'checkWhere'))}</th><th>${esc(t(lang, 'expected'))}</th><th>${esc(t(lang, 'actual'))}</th><th>${esc(t(lang, 'verdict'))}</th><th>${esc(t(lang, 'basis'))}</th></tr>
${s.checks.map((c) => `<tr><td>${esc(whereText(lang, c.in, c.at))}</td><td>${esc(expectedText(lang, c))}${c.because ? `<div class="muted">${esc(packText(lang, translations, c.because))}</div>` : ''}</td><td><code>${esc(receivedText(lang, c))}</code></td><td>${checkBadge(lang, c.verdict)}</td><td>${c.basis ? esc(basisText(lang, c.basis, translations)) : ''}</td></tr>`).join('\n')}</table>`;
}

function stepHtml(lang: Lang, s: StepResult, translations?: Record<string, string>): string {
  const refs = s.traffic.map((r) => `<a href="#${anchor(r.id)}">${esc(r.id)}</a> <span class="muted">${esc(dateTime(r.time))}</span>`).join('<br>');
  const unchecked = s.failures.filter((f) => !s.checks?.some((c) => c.verdict === 'failed' && c.in === f.in && c.at === (f.at ?? '')));
  return `<tr><td>${s.index + 1}</td><td>${esc(s.title)}${s.instructions ? `<div class="instr">${esc(t(lang, 'instructions'))}: ${esc(s.instructions)}</div>` : ''}</td>
<td>${checksHtml(lang, s, translations)}${s.error ? `<div class="fail">${esc(engineText(lang, s.error))}</div>` : ''}${unchecked.map((f) => `<div class="fail">${esc(failureText(lang, f))}</div>`).join('')}
${s.curl && s.verdict !== 'passed' ? `<details><summary>${esc(t(lang, 'reproduce'))}</summary><pre>${esc(s.curl)}</pre></details>` : ''}</td>
<td>${badge(lang, s.verdict)}</td><td>${refs}</td></tr>`;
}

function caseHtml(lang: Lang, p: PackResult, c: CaseResult): string {
  const packId = p.id;
  return `<div class="case" id="${anchor(`${packId}/${c.id}`)}"><h3>${esc(c.id)} — ${esc(c.title)} ${badge(lang, c.verdict)}</h3>
<p><b>${esc(t(lang, 'requirements'))}:</b> ${c.requirements.map(esc).join(', ')}${c.preconditions ? `<br><b>${esc(t(lang, 'preconditions'))}:</b> ${esc(c.preconditions)}` : ''}
${c.reason ? `<br><b>${esc(t(lang, 'reason'))}:</b> <span class="${c.verdict === 'skipped' ? 'muted' : 'fail'}">${esc(caseReason(lang, c)!)}</span>` : ''}
${restsOnText(lang, c, p.system) ? `<br><b>${esc(t(lang, 'restsOn'))}:</b> ${esc(restsOnText(lang, c, p.system)!)}` : ''}
<br><span class="muted">${esc(t(lang, 'started'))}: ${esc(dateTime(c.startedAt))} · ${esc(t(lang, 'duration'))}: ${esc(t(lang, 'milliseconds', { n: c.durationMs }))} · ${esc(t(lang, 'namespace'))} ${esc(c.namespace)}${c.driver ? ` · ${esc(t(lang, 'playedByDriver'))}: ${esc(driverText(lang, c.driver))}` : ''}</span></p>
${c.steps.length ? `<table><tr><th>#</th><th>${esc(t(lang, 'step'))}</th><th>${esc(t(lang, 'checks'))}</th><th>${esc(t(lang, 'verdict'))}</th><th>${esc(t(lang, 'evidence'))}</th></tr>
${c.steps.map((s) => stepHtml(lang, s, p.translations)).join('\n')}</table>` : ''}</div>`;
}

function trafficHtml(lang: Lang, packId: string, c: CaseResult, e: JournalEntry): string {
  const id = harId(packId, c, e);
  const show = (v: unknown) => esc(typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  return `<details id="${anchor(id)}"><summary><code>${esc(id)}</code> ${esc(dateTime(e.time))} <b>${esc(e.method)}</b> ${esc(e.path)} → ${e.status}${e.errorCode ? ` ${esc(e.errorCode)}` : ''} <span class="muted">(${esc(t(lang, 'milliseconds', { n: e.durationMs }))}${e.operation ? `, ${esc(e.operation)}` : ''})</span></summary>
<b>${esc(t(lang, 'request'))}</b><pre>${show(e.requestHeaders)}${e.requestBody === undefined ? '' : `\n\n${show(e.requestBody)}`}</pre>
<b>${esc(t(lang, 'response'))}</b><pre>${show(e.responseHeaders)}${e.responseBody === undefined ? '' : `\n\n${show(e.responseBody)}`}</pre></details>`;
}

export function renderHtml(report: RunReport, signing: SigningInfo): string {
  const { lang, summary } = report;
  const kv = (rows: Array<[string, string]>) => `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
  const covered = report.coverage.filter((r) => r.verdict !== 'not-covered');
  const demo = report.packs.length > 0 && report.packs.every((p) => isDemonstration(p.sut));
  const title = `${t(lang, 'reportTitle')}${demo ? ` — ${t(lang, 'demoTitle')}` : ''}: ${[...new Set(report.packs.map((p) => packText(lang, p.translations, p.title)))].join(', ')}`;
  const packSection = (p: PackResult) => {
    const v = packVerdict(lang, p);
    return `<section id="${anchor(p.id)}"><h2>${esc(t(lang, 'pack'))} ${esc(p.id)}: ${esc(packText(lang, p.translations, p.title))}</h2>
<div class="banner ${isDemonstration(p.sut) ? 'demo' : v.ok ? 'passed' : 'failed'}">${esc(v.text)}</div>
<h3>${esc(t(lang, 'sut'))}</h3>${kv(sutLines(lang, p.sut, p.translations))}
<h3>${esc(t(lang, 'runInfo'))}</h3>${kv(runLines(report, p))}
<h3>${esc(t(lang, 'cases'))}</h3>
<table><tr><th>ID</th><th>${esc(t(lang, 'caseTitle'))}</th><th>${esc(t(lang, 'requirements'))}</th><th>${esc(t(lang, 'expected'))}</th><th>${esc(t(lang, 'actual'))}</th><th>${esc(t(lang, 'verdict'))}</th></tr>
${p.cases.map((c) => { const ea = caseExpectedActual(lang, c); return `<tr><td><a href="#${anchor(`${p.id}/${c.id}`)}">${esc(c.id)}</a></td><td>${esc(c.title)}</td><td>${c.requirements.map(esc).join(', ')}</td><td>${esc(ea.expected)}</td><td>${esc(ea.actual)}</td><td>${badge(lang, c.verdict)}</td></tr>`; }).join('\n')}</table>
${p.cases.map((c) => caseHtml(lang, p, c)).join('\n')}</section>`;
  };
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head><body><main>
<h1>${esc(title)}</h1>
<div class="muted">${esc(t(lang, 'runId'))}: ${esc(report.runId)} · ${esc(t(lang, 'started'))}: ${esc(dateTime(report.startedAt))} · ${esc(t(lang, 'finished'))}: ${esc(dateTime(report.finishedAt))} · ${esc(t(lang, 'operator'))}: ${esc(report.operator ?? t(lang, 'notGiven'))}</div>
<p class="notice">${esc(t(lang, 'notice'))}</p>
${report.rerender ? `<p class="notice">${esc(t(lang, 'rerenderNote', { runId: report.runId, dir: report.rerender.of, at: dateTime(report.rerender.at) }))}</p>` : ''}
<h2>${esc(t(lang, 'summary'))}</h2>
<table><tr><th>${esc(t(lang, 'pack'))}</th><th>${esc(t(lang, 'playedBy'))}</th><th>${esc(t(lang, 'total'))}</th><th>${esc(t(lang, 'passed'))}</th><th>${esc(t(lang, 'failed'))}</th><th>${esc(t(lang, 'error'))}</th><th>${esc(t(lang, 'skipped'))}</th><th>${esc(t(lang, 'verdict'))}</th></tr>
${report.packs.map((p) => { const n = (v: string) => p.cases.filter((c) => c.verdict === v).length; return `<tr><td><a href="#${anchor(p.id)}">${esc(p.id)}</a></td><td>${esc(t(lang, `playedBy.${p.sut.playedBy}` as StringKey))}</td><td>${p.cases.length}</td><td>${n('passed')}</td><td>${n('failed')}</td><td>${n('error')}</td><td>${n('skipped')}</td><td>${esc(packVerdict(lang, p).text)}</td></tr>`; }).join('\n')}
<tr><th>${esc(t(lang, 'total'))}</th><td></td><td>${summary.total}</td><td>${summary.passed}</td><td>${summary.failed}</td><td>${summary.error}</td><td>${summary.skipped}</td><td>${badge(lang, summary.verdict)}</td></tr></table>
<p>${esc(t(lang, 'advisoryCountTitle'))}: ${summary.advisories ?? 0}${summary.interrupted ? ` · ${esc(t(lang, 'interrupted'))}: ${summary.interrupted}` : ''}</p>
${report.packs.map(packSection).join('\n')}
<h2>${esc(t(lang, 'coverage'))}</h2>
<table><tr><th>${esc(t(lang, 'requirement'))}</th><th></th><th>${esc(t(lang, 'source'))}</th><th>${esc(t(lang, 'coveredBy'))}</th><th>${esc(t(lang, 'verdict'))}</th></tr>
${covered.map((r) => `<tr><td>${esc(r.id)}</td><td>${esc(requirementTitle(lang, r.title))}</td><td>${esc(sourceText(lang, r.source))}</td><td>${r.cases.map(esc).join(', ')}</td><td>${badge(lang, r.verdict)}</td></tr>`).join('\n')}</table>
<p class="muted">${esc(t(lang, 'notCoveredCount', { n: report.coverage.length - covered.length }))}</p>
<h2>${esc(t(lang, 'traffic'))}</h2>
${report.packs.flatMap((p) => p.cases.flatMap((c) => c.traffic.map((e) => trafficHtml(lang, p.id, c, e)))).join('\n')}
<h2>${esc(t(lang, 'integrity'))}</h2>
<p>${esc(t(lang, 'manifestNote', { fingerprint: signing.fingerprint }))}</p>
<p><b>${esc(t(lang, 'publicKey'))}</b></p><pre>${esc(signing.publicKeyPem)}</pre>
<p class="muted">${esc(t(lang, 'secretsMasked'))}</p>
</main></body></html>
`;
}
