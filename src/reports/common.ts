// What the report formats share: the text of a failure, the SUT lines, the HAR entry id of a journal entry.
import type { JournalEntry } from '../engine/journal.js';
import { parseBasis } from '../scenario/basis.js';
import type { CaseResult, Check, Failure, PackResult, PackSut, RunReport } from '../scenario/types.js';
import { dateTime, engineText, packText, quoted, RULE_GENDER, schemaExpectedText, t, type Lang, type StringKey } from './i18n.js';

export function failureText(lang: Lang, f: Failure): string {
  const where = f.in === 'step' ? f.at ?? '' : whereText(lang, f.in, f.at ?? '');
  if (f.expected === undefined && f.received === undefined) return `${where}: ${engineText(lang, f.message)}`.trim();
  return t(lang, 'failureLine', { where, expected: f.expected ?? '—', received: f.received === undefined ? '—' : engineText(lang, f.received) }).trim();
}

/** Where a check looked, in `lang`: `статус ответа`, `запрос, заголовок x-fes-mac`, `ответ $.result.code`… */
export function whereText(lang: Lang, part: Failure['in'], at: string): string {
  const name = t(lang, part).toLowerCase();
  if (at === 'status' || at === 'time' || at === 'errorCode') return t(lang, `where.${at}`, { part: name });
  const header = /^header (.+)$/.exec(at);
  if (header) return t(lang, 'where.header', { part: name, name: header[1]! });
  return [name, at].filter(Boolean).join(' ');
}

/**
 * Why a case did not pass, in `lang`: the step that decided it and its first check that did not hold (or its
 * error, or the interruption), else the reason the run gave (a skip, a case not chosen). Worded from the
 * results, so a report re-rendered in another language (`poligon report DIR --lang en`) says it in that one.
 */
export function caseReason(lang: Lang, c: Pick<CaseResult, 'verdict' | 'steps' | 'reason'>): string | undefined {
  const step = c.verdict === 'passed' ? undefined : c.steps.find((s) => s.verdict === c.verdict);
  const check = step?.checks?.find((x) => x.verdict === 'failed');
  const what = !step ? undefined
    : check ? checkLine(lang, check)
    : step.error !== undefined ? engineText(lang, step.error)
    : step.verdict === 'interrupted' ? t(lang, 'interruptedHere')
    : step.failures[0] ? failureText(lang, step.failures[0]) : undefined;
  if (step && what !== undefined) return t(lang, 'stepReason', { n: step.index + 1, title: step.title, what });
  return c.reason === undefined ? undefined : engineText(lang, c.reason);
}

/** Who played a case's observe steps, in `lang`: the vendor's harness at its URL or command, the reference client, a person. */
export const driverText = (lang: Lang, d: NonNullable<CaseResult['driver']>): string => t(lang, `driver.${d.kind}`, { name: d.name });

/** Nothing of the vendor's was tested: the reference client or the sandbox itself made the calls. */
export const isDemonstration = (sut: PackSut): boolean => sut.playedBy !== 'vendor';

/** One pack's system under test, and who played it. */
export function sutLines(lang: Lang, sut: PackSut, translations?: Record<string, string>): Array<[string, string]> {
  const none = t(lang, 'notGiven');
  const named = (name: string | undefined) => (name === undefined ? none : packText(lang, translations, name));
  return [
    [t(lang, 'playedBy'), t(lang, `playedBy.${sut.playedBy}` as StringKey)],
    [t(lang, 'vendor'), sut.vendor ?? none],
    [t(lang, 'product'), sut.product ?? none],
    [t(lang, 'productVersion'), sut.version ?? none],
    [t(lang, 'sutId'), sut.id ?? none],
    [t(lang, 'organization'), named(sut.organization)],
    ...(sut.bank ? [[t(lang, 'bank'), named(sut.bank)] as [string, string]] : []),
  ];
}

/** REP-03: the FES profile a run served, name and SHA-256, said modeled when it is Poligon's own. */
function fesProfileText(report: RunReport): string {
  const lang = report.lang;
  const served = report.wireProfiles?.fes;
  if (!served) return t(lang, 'fesProfileModeled');
  // a run against a Poligon sandbox signs with the profile that sandbox publishes: say where it came from
  const from = served.publishedBy === undefined ? '' : `; ${t(lang, 'fesProfilePublished', { url: served.publishedBy })}`;
  // Poligon's own profile is named `modeled`: said in words, not by that name
  if (served.modeled && served.name === 'modeled') return `${t(lang, 'fesProfileModeled')}, SHA-256 ${served.sha256}${from}`;
  const text = t(lang, 'fesProfileServed', { name: served.name, sha256: served.sha256 });
  return `${served.modeled ? `${text} — ${t(lang, 'fesProfileModeled')}` : text}${from}`;
}

/** REP-03: a case's checks by what they rest on, or undefined when it checked nothing. */
export function restsOnText(lang: Lang, c: CaseResult, system: PackResult['system']): string | undefined {
  const r = c.restsOn;
  if (!r || r.sources + r.modeled + r.unstated === 0) return undefined;
  // the FES transport profile is among the modeled conventions of the packs that speak FES only
  const fesProfile = system === 'fes' || system === 'e2e' ? t(lang, 'restsOnFesProfile') : '';
  return t(lang, 'restsOnCounts', { sources: r.sources, modeled: r.modeled, fesProfile, unstated: r.unstated ? t(lang, 'restsOnUnstated', { n: r.unstated }) : '' });
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
    ...(p.system === 'fes' || p.system === 'e2e' ? [[t(lang, 'fesProfile'), fesProfileText(report)] as [string, string]] : []),
    [t(lang, 'seed'), report.seed],
    [t(lang, 'pack'), `${p.id} ${quoted(lang, packText(lang, p.translations, p.title))}, ${t(lang, 'packVersion')} ${p.version}`],
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

/** What a check expected, in `lang`: its rules joined. */
export function expectedText(lang: Lang, c: Check): string {
  return c.rules.map((r) => t(lang, `rule.${r.op}` as StringKey, { arg: r.op === 'schemaRule' ? schemaExpectedText(lang, r.arg ?? '') : r.arg ?? '' })).join(', ');
}

/** What a check received, in `lang`. */
export function receivedText(lang: Lang, c: Check): string {
  if (c.rules[0]?.op === 'schema' && c.verdict === 'passed') return t(lang, 'schemaValid');
  if (c.received === undefined) return t(lang, c.rules[0]?.op === 'call' ? 'nothingCame' : 'absentValue');
  if (c.at === 'status') return `HTTP ${c.received}`;
  if (c.at === 'time') return t(lang, 'milliseconds', { n: c.received });
  return engineText(lang, c.received);
}

/** Advisory notes of a pack's steps (modeled checks an implementation outside the sandbox did not meet). */
export const advisoryCount = (p: PackResult): number => p.cases.reduce((n, c) => n + c.steps.reduce((m, s) => m + (s.advisories?.length ?? 0), 0), 0);

/**
 * A requirement's catalogue title where the report can show it: the catalogue is written in English, so a
 * Russian report shows the id and its source only.
 */
export const requirementTitle = (lang: Lang, title: string): string => (lang === 'en' ? title : '');

/** What a check rests on, in `lang`: `регламент App. 7`, `смоделировано Poligon HTTP statuses`… */
export function basisText(lang: Lang, basis: string, translations?: Record<string, string>): string {
  const { kind, detail } = parseBasis(basis);
  // a modeled convention's reason is a sentence of its own: set apart from "modeled by Poligon"
  return `${t(lang, `basis.${kind}` as StringKey)}${detail ? `${kind === 'modeled' ? ' — ' : ' '}${packText(lang, translations, detail)}` : ''}`;
}

/** One check on one line: where, expected, received. */
export function checkLine(lang: Lang, c: Check): string {
  const verb = t(lang, `expectedVerb.${RULE_GENDER[c.rules[0]?.op ?? ''] ?? 'n'}`);
  return t(lang, 'checkLine', { where: whereText(lang, c.in, c.at), expectedVerb: verb, expected: expectedText(lang, c), received: receivedText(lang, c) });
}

/**
 * A case's expected and received in short, from its checks (never from its last status code): the first
 * check that did not hold, else how many held.
 */
export function caseExpectedActual(lang: Lang, c: CaseResult): { expected: string; actual: string } {
  const checks = c.steps.flatMap((s) => s.checks ?? []);
  const failed = checks.find((x) => x.verdict === 'failed');
  if (failed) return { expected: `${whereText(lang, failed.in, failed.at)}: ${expectedText(lang, failed)}`, actual: receivedText(lang, failed) };
  if (c.verdict !== 'passed') return { expected: '—', actual: caseReason(lang, c) ?? '—' };
  const held = checks.filter((x) => x.verdict === 'passed').length;
  return { expected: '—', actual: checks.length ? t(lang, 'checksHeld', { n: held, total: checks.length }) : t(lang, 'noChecks') };
}
