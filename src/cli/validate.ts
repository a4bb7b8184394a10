import type { Command } from 'commander';
import { loadPackFile, PackLoadError, packFiles } from '../scenario/loader.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check scenario pack files (YAML, schema, step kinds, requirement ids) without running them')
    .argument('[files...]', 'pack files (default: every pack in scenarios/)')
    .addHelpText('after', `
Exit codes: 0 every pack is valid, 1 some pack is not (each problem printed as file:line:column), 2 bad usage.

Examples:
  $ poligon validate
  $ poligon validate scenarios/my-pack.yaml`)
    .action((files: string[]) => {
      const list = files.length ? files : packFiles();
      let bad = 0;
      for (const file of list) {
        try {
          const pack = loadPackFile(file);
          process.stdout.write(`ok   ${file}  (${pack.spec.id} ${pack.spec.version}, ${pack.spec.cases.length} cases)\n`);
        } catch (e) {
          if (!(e instanceof PackLoadError)) throw e;
          bad++;
          process.stdout.write(`FAIL ${file}\n${e.message.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
        }
      }
      if (list.length === 0) process.stdout.write('no pack files found\n');
      process.exitCode = bad ? 1 : 0;
    });
}
