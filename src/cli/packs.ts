import type { Command } from 'commander';
import { REQUIREMENTS } from '../requirements/catalogue.js';
import { loadPackFile, PackLoadError, packFiles } from '../scenario/loader.js';
import type { LoadedPack } from '../scenario/types.js';

export function coverageTable(packs: LoadedPack[]): { covered: Array<[string, string[]]>; uncovered: string[] } {
  const covered: Array<[string, string[]]> = [];
  const uncovered: string[] = [];
  for (const r of REQUIREMENTS) {
    const cases = packs.flatMap((p) => p.spec.cases.filter((c) => c.requirements.includes(r.id) && !c.skip).map((c) => `${p.spec.id}/${c.id}`));
    if (cases.length) covered.push([r.id, cases]);
    else uncovered.push(r.id);
  }
  return { covered, uncovered };
}

export function registerPacks(program: Command): void {
  program
    .command('packs')
    .description('list the scenario packs; with --coverage, which cases cover which requirement ids and which ids none covers')
    .option('--coverage', 'print requirement coverage')
    .option('--dir <dir>', 'read packs from this folder instead of scenarios/')
    .addHelpText('after', `
Examples:
  $ poligon packs
  $ poligon packs --coverage`)
    .action((flags: { coverage?: boolean; dir?: string }) => {
      const packs: LoadedPack[] = [];
      let bad = 0;
      for (const file of packFiles(flags.dir)) {
        try {
          packs.push(loadPackFile(file));
        } catch (e) {
          if (!(e instanceof PackLoadError)) throw e;
          bad++;
          process.stderr.write(`invalid pack ${file}:\n${e.message}\n`);
        }
      }
      for (const p of packs) {
        process.stdout.write(`${p.spec.id.padEnd(24)} ${p.spec.version.padEnd(8)} ${p.spec.system.padEnd(8)} ${String(p.spec.cases.length).padStart(3)} ${p.spec.cases.length === 1 ? 'case ' : 'cases'}  ${p.spec.title}\n`);
      }
      if (flags.coverage) {
        const { covered, uncovered } = coverageTable(packs);
        process.stdout.write(`\nCovered requirements (${covered.length} of ${REQUIREMENTS.length}):\n`);
        for (const [id, cases] of covered) process.stdout.write(`  ${id.padEnd(8)} ${cases.join(', ')}\n`);
        process.stdout.write(`\nNot covered by any case (${uncovered.length}):\n  ${uncovered.join(' ') || '—'}\n`);
      }
      process.exitCode = bad ? 1 : 0;
    });
}
