// JUnit XML: one testsuite per pack, one testcase per case (classname = pack id, name = case id, both
// stable), failures, errors and skipped cases as such, the details in system-out. What the JUnit schema has
// no attribute for (the system under test, the advisory count, who played the observe steps) is a property of
// the suite; a case's own driver is also in its system-out (a testcase holds no properties in the schema).
import { create } from 'xmlbuilder2';
import type { CaseResult, RunReport } from '../scenario/types.js';
import { advisoryCount, caseReason, checkLine, driverText, failureText } from './common.js';
import { engineText, t, verdictText } from './i18n.js';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** Who played the pack's observe steps (every case of a pack has the same driver). */
const driverProperties = (d: CaseResult['driver']) => (d ? { 'driver.kind': d.kind, 'driver.name': d.name } : {});

export function renderJUnit(report: RunReport): string {
  const { lang } = report;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: `poligon ${report.runId}`, tests: report.summary.total, failures: report.summary.failed, errors: report.summary.error, skipped: report.summary.skipped,
  });
  for (const p of report.packs) {
    const count = (v: string) => p.cases.filter((c) => c.verdict === v).length;
    const suite = root.ele('testsuite', {
      name: p.id, tests: p.cases.length, failures: count('failed'), errors: count('error'), skipped: count('skipped'),
      time: seconds(p.cases.reduce((s, c) => s + c.durationMs, 0)), timestamp: p.startedAt.slice(0, 19),
    });
    const props = suite.ele('properties');
    const properties = {
      'pack.version': p.version, 'pack.sha256': p.sha256, 'pack.startedAt': p.startedAt, 'pack.finishedAt': p.finishedAt, 'tool.version': report.tool.version,
      'sut.playedBy': p.sut.playedBy, 'sut.vendor': p.sut.vendor, 'sut.product': p.sut.product, 'sut.version': p.sut.version, 'sut.id': p.sut.id,
      'sut.organization': p.sut.organization, 'sut.bank': p.sut.bank, operator: report.operator, seed: report.seed,
      // advice: modeled conventions an implementation outside the sandbox did not meet (not failures)
      advisories: advisoryCount(p),
      ...driverProperties(p.cases.find((c) => c.driver)?.driver),
    };
    for (const [name, value] of Object.entries(properties)) {
      if (value !== undefined) props.ele('property', { name, value });
    }
    for (const c of p.cases) {
      const tc = suite.ele('testcase', { classname: p.id, name: c.id, time: seconds(c.durationMs) });
      const details = c.steps.flatMap((s) => [
        `${t(lang, 'step')} ${s.index + 1} [${verdictText(lang, s.verdict)}] ${s.title}`,
        ...(s.checks ?? []).map((x) => `  ${x.verdict === 'passed' ? '✓' : x.verdict === 'failed' ? '✗' : '!'} ${checkLine(lang, x)}`),
        ...s.failures.filter((f) => !s.checks?.some((x) => x.in === f.in && x.at === (f.at ?? ''))).map((f) => `  ${failureText(lang, f)}`),
        ...(s.error ? [`  ${engineText(lang, s.error)}`] : []),
        ...(s.curl && s.verdict !== 'passed' ? [`  ${t(lang, 'reproduce')}: ${s.curl}`] : []),
        ...(s.traffic.length ? [`  ${t(lang, 'trafficRefs')}: ${s.traffic.map((r) => `${r.id} ${r.time}`).join(', ')}`] : []),
      ]);
      const reason = caseReason(lang, c) ?? '';
      if (c.verdict === 'failed') tc.ele('failure', { message: reason, type: 'failed' }).txt(details.join('\n'));
      if (c.verdict === 'error') tc.ele('error', { message: reason, type: 'error' }).txt(details.join('\n'));
      if (c.verdict === 'skipped') tc.ele('skipped', { message: reason });
      const playedBy = c.driver ? [`${t(lang, 'playedByDriverTitle')}: ${driverText(lang, c.driver)}`] : [];
      tc.ele('system-out').txt([`${c.title}`, `${t(lang, 'requirements')}: ${c.requirements.join(', ')}`, ...playedBy, ...details].join('\n'));
    }
  }
  return root.end({ prettyPrint: true });
}
