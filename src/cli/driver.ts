// `poligon driver example`: writes the example harnesses of the driver protocol (docs/packs.md) for a
// vendor to edit so that its own software plays the observe-mode packs unattended.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { NODE_HARNESS, SHELL_HARNESS } from './driver-examples.js';
import { UsageError } from './usage.js';

const FILES = { 'harness.mjs': NODE_HARNESS, 'drive.sh': SHELL_HARNESS } as const;

export function registerDriver(program: Command): void {
  const driver = program
    .command('driver')
    .description("the driver protocol: a vendor's harness plays the observe-mode packs (docs/packs.md)");
  driver
    .command('example')
    .description('write a commented example harness: harness.mjs (webhook, Node, no dependencies) and drive.sh (command, POSIX shell)')
    .option('-o, --out <dir>', 'folder to write them to', 'poligon-harness')
    .option('--force', 'overwrite files that exist')
    .addHelpText('after', `
Examples:
  $ poligon driver example                     # ./poligon-harness/harness.mjs and drive.sh
  $ node poligon-harness/harness.mjs &         # then, after wiring its actions to your software:
  $ poligon run fes-certification --driver http://localhost:7000/act --target http://localhost:8080
  $ poligon run fes-certification --driver 'cmd:sh poligon-harness/drive.sh' --target http://localhost:8080`)
    .action((flags: { out: string; force?: boolean }) => {
      const taken = Object.keys(FILES).map((name) => join(flags.out, name)).filter((file) => existsSync(file));
      if (taken.length && !flags.force) throw new UsageError(`driver example: ${taken.join(', ')} exist; use --force to overwrite`);
      mkdirSync(flags.out, { recursive: true });
      for (const [name, text] of Object.entries(FILES)) {
        const file = join(flags.out, name);
        writeFileSync(file, text);
        chmodSync(file, 0o755);
        process.stdout.write(`wrote ${file}\n`);
      }
      process.stdout.write(`Edit them so that each action makes your software act (docs/packs.md, the driver protocol), then:
  poligon run fes-certification --driver http://localhost:7000/act        # with node ${join(flags.out, 'harness.mjs')} running
  poligon run fes-certification --driver 'cmd:sh ${join(flags.out, 'drive.sh')}'
`);
    });
}
