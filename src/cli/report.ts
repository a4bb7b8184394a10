import type { Command } from 'commander';
import { readRunJson, REPORT_FORMATS, writeReports, type ReportFormat } from '../reports/index.js';
import { verifyManifest } from '../reports/manifest.js';
import { parseFormats, parseLang } from './run.js';
import { UsageError } from './usage.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('re-render a run\'s reports from its run.json, or verify them against manifest.json')
    .argument('<dir-or-verify>', 'the report folder, or "verify"')
    .argument('[dir]', 'with verify: the report folder')
    .option('-f, --format <list>', `formats to render: ${REPORT_FORMATS.join(',')}`, parseFormats, [...REPORT_FORMATS])
    .option('--lang <lang>', 'render in ru or en', parseLang)
    .addHelpText('after', `
Examples:
  $ poligon report verify reports/20261122-230845-c955     # exit 0 intact, 1 changed
  $ poligon report reports/20261122-230845-c955 --lang en  # render again, in English`)
    .action(async (first: string, second: string | undefined, flags: { format: ReportFormat[]; lang?: 'ru' | 'en' }) => {
      if (first === 'verify') {
        if (!second) throw new UsageError('report verify: give the report folder, e.g. poligon report verify reports/<run-id>');
        const result = verifyManifest(second);
        if (result.ok) process.stdout.write(`ok: ${result.checked} files match manifest.json\n`);
        else process.stdout.write(`NOT INTACT:\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
        process.exitCode = result.ok ? 0 : 1;
        return;
      }
      let report;
      try {
        report = readRunJson(first);
      } catch (e) {
        throw new UsageError(`cannot read the run of ${first}: ${(e as Error).message}`);
      }
      if (flags.lang) report.lang = flags.lang;
      const files = await writeReports(report, first, flags.format);
      process.stdout.write(`written: ${files.join(', ')}\n`);
    });
}
