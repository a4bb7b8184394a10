// What the report formats share: the text of a failure, the SUT lines, the HAR entry id of a journal entry.
import type { JournalEntry } from '../engine/journal.js';
import type { CaseResult, Failure, RunReport } from '../scenario/types.js';
import { t, type Lang } from './i18n.js';

export function failureText(lang: Lang, f: Failure): string {
  const where = f.in === 'step' ? '' : `${t(lang, f.in)} `;
  if (f.expected === undefined && f.received === undefined) return `${where}${f.at ?? ''}: ${f.message}`.trim();
  return `${where}${f.at ?? ''}: ${t(lang, 'expected').toLowerCase()} ${f.expected ?? '—'}; ${t(lang, 'actual').toLowerCase()} ${f.received ?? '—'}`;
}

export function sutLines(report: RunReport): Array<[string, string]> {
  const { lang, sut } = report;
  const none = t(lang, 'notGiven');
  return [
    [t(lang, 'vendor'), sut.vendor ?? none],
    [t(lang, 'product'), sut.product ?? none],
    [t(lang, 'productVersion'), sut.version ?? none],
    [t(lang, 'sutId'), sut.id ?? none],
    [t(lang, 'organization'), sut.organization ?? none],
    ...(sut.bank ? [[t(lang, 'bank'), sut.bank] as [string, string]] : []),
    ...(sut.operator ? [[t(lang, 'operator'), sut.operator] as [string, string]] : []),
  ];
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
