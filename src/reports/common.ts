// What the report formats share: the text of a failure, the SUT lines, the HAR entry id of a journal entry.
import type { JournalEntry } from '../engine/journal.js';
import type { CaseResult, Failure, PackResult, PackSut, RunReport } from '../scenario/types.js';
import { dateTime, t, type Lang, type StringKey } from './i18n.js';

export function failureText(lang: Lang, f: Failure): string {
  const where = f.in === 'step' ? '' : `${t(lang, f.in)} `;
  if (f.expected === undefined && f.received === undefined) return `${where}${f.at ?? ''}: ${f.message}`.trim();
  return `${where}${f.at ?? ''}: ${t(lang, 'expected').toLowerCase()} ${f.expected ?? '—'}; ${t(lang, 'actual').toLowerCase()} ${f.received ?? '—'}`;
}

/** Nothing of the vendor's was tested: the reference client or the sandbox itself made the calls. */
export const isDemonstration = (sut: PackSut): boolean => sut.playedBy !== 'vendor';

/** One pack's system under test, and who played it. */
export function sutLines(lang: Lang, sut: PackSut): Array<[string, string]> {
  const none = t(lang, 'notGiven');
  return [
    [t(lang, 'playedBy'), t(lang, `playedBy.${sut.playedBy}` as StringKey)],
    [t(lang, 'vendor'), sut.vendor ?? none],
    [t(lang, 'product'), sut.product ?? none],
    [t(lang, 'productVersion'), sut.version ?? none],
    [t(lang, 'sutId'), sut.id ?? none],
    [t(lang, 'organization'), sut.organization ?? none],
    ...(sut.bank ? [[t(lang, 'bank'), sut.bank] as [string, string]] : []),
  ];
}

/** Page one's facts about the run and the pack: who ran it, with what, when. */
export function runLines(report: RunReport, p: PackResult): Array<[string, string]> {
  const lang = report.lang;
  const outside = Object.entries(report.target.overrides ?? {});
  return [
    [t(lang, 'operator'), report.operator ?? t(lang, 'notGiven')],
    [t(lang, 'runId'), report.runId],
    [t(lang, 'tool'), `${report.tool.name} ${report.tool.version}`],
    [t(lang, 'target'), report.target.kind === 'embedded' ? t(lang, 'embedded') : report.target.url],
    ...outside.map(([sim, url]): [string, string] => [t(lang, 'implementationAt', { simulator: sim }), url]),
    ...(p.system === 'fes' || p.system === 'e2e' ? [[t(lang, 'fesProfile'), t(lang, 'fesProfileModeled')] as [string, string]] : []),
    [t(lang, 'seed'), report.seed],
    [t(lang, 'pack'), `${p.id} «${p.title}», ${t(lang, 'packVersion')} ${p.version}`],
    [t(lang, 'packHash'), p.sha256],
    [t(lang, 'packStarted'), dateTime(p.startedAt)],
    [t(lang, 'packFinished'), dateTime(p.finishedAt)],
  ];
}

/** The verdict line of a pack: conformance only when the vendor's own software was tested. */
export function packVerdict(lang: Lang, p: PackResult): { ok: boolean; text: string } {
  const ok = p.cases.every((c) => c.verdict === 'passed' || c.verdict === 'skipped');
  if (isDemonstration(p.sut)) return { ok, text: t(lang, `${ok ? 'demoPassed' : 'demoFailed'}.${p.sut.playedBy}` as StringKey) };
  return { ok, text: t(lang, ok ? 'overallPassed' : 'overallFailed') };
}

export function harId(packId: string, c: Pick<CaseResult, 'id'>, e: Pick<JournalEntry, 'namespace' | 'seq'>): string {
  return `${packId}/${c.id}#${e.namespace === 'runner' ? 'r' : ''}${e.seq}`;
}

/** Expected and actual of a case, in short: the failing step's, else the last step's. */
export function caseExpectedActual(c: CaseResult): { expected: string; actual: string } {
  const step = c.steps.find((s) => s.verdict === 'failed' || s.verdict === 'error') ?? [...c.steps].reverse().find((s) => s.verdict === 'passed');
  if (!step) return { expected: '—', actual: c.reason ?? '—' };
  return { expected: step.expected.join('; ') || step.title, actual: step.error ?? (step.actual.join('; ') || '—') };
}
