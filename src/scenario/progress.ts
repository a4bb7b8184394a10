// The console during a run: one line per case as it ends (colour on a terminal, plain text in CI
// logs), the operator's instructions of await steps as they start, a summary at the end.
import { t, type Lang } from '../reports/i18n.js';
import type { RunObserver } from './runner.js';
import type { RunReport } from './types.js';

const MARKS = { passed: '✔', failed: '✘', error: '!', skipped: '–', interrupted: '■' } as const;
const COLOURS = { passed: 32, failed: 31, error: 33, skipped: 90, interrupted: 35 } as const;

/**
 * @param options.namePacks each case line names its pack (packs run side by side, their lines interleave)
 * @param options.showKeys operator instructions show the keys made during the run (a person must type
 *   them into a till); false when the reference client plays and nobody reads them: masked like the rest
 */
export function consoleObserver(lang: Lang, out: NodeJS.WriteStream = process.stdout, options: { namePacks?: boolean; showKeys?: boolean } = {}): RunObserver & { summary(report: RunReport, dir?: string): void } {
  const tty = out.isTTY === true && !process.env.NO_COLOR;
  const paint = (code: number, s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
  const write = (s: string) => out.write(`${s}\n`);
  return {
    packStarted: (pack) => write(paint(1, t(lang, 'consoleRunning', { pack: `${pack.spec.id} ${pack.spec.version}${lang === 'ru' ? ` — ${pack.spec.title}` : ''}`, n: pack.spec.cases.length }))),
    say: (pack, c, text, where) => {
      // no header over an empty instruction
      if (!text.trim()) return;
      write(paint(36, `  ▶ ${t(lang, 'consoleOperator')} [${pack.spec.id}/${c.id}]${where.url ? ` ${t(lang, 'consoleAddress', { url: where.url })}` : ''}:`));
      for (const line of (options.showKeys === false ? where.masked : text).trim().split('\n')) write(paint(36, `    ${line}`));
    },
    caseFinished: (pack, r) => {
      const mark = paint(COLOURS[r.verdict], MARKS[r.verdict]);
      const tail = r.verdict === 'passed' ? paint(90, `(${r.durationMs} ms)`) : paint(COLOURS[r.verdict], `— ${r.reason ?? ''}`);
      // case titles are written in Russian: the English console names the case by its id alone
      write(`  ${mark} ${options.namePacks ? `${pack.spec.id}/` : ''}${r.id}${lang === 'ru' ? `  ${r.title}` : ''} ${tail}`);
    },
    summary: (report, dir) => {
      const s = report.summary;
      write(paint(s.verdict === 'passed' ? 32 : 31, t(lang, 'consoleSummary', { passed: s.passed, failed: s.failed, error: s.error, skipped: s.skipped, interrupted: s.interrupted })));
      if (dir) write(t(lang, 'consoleReports', { dir }));
    },
  };
}
