// `poligon fes align OFFICIAL.yaml`: how far this sandbox's FES is from a vendor's OpenAPI document, and
// the profile that closes the distance (src/cli/fes-align.ts). Exit 0 no difference, 1 differences,
// 2 the document (or the profile given) cannot be read.
import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { loadProfileFile, MODELED_PROFILE, ProfileError } from '../../simulators/fes/profile.js';
import { align, alignedProfile, alignmentTable, UnreadableDocument } from './fes-align.js';
import { parseLang } from './run.js';
import { UsageError } from './usage.js';

export function registerFes(program: Command): void {
  const fes = program.command('fes').description('FES NSPK tools: align the sandbox with a vendor\'s copy of NSPK\'s protocol');
  fes
    .command('align')
    .argument('<openapi>', 'the OpenAPI 3.x document (YAML or JSON) to compare with')
    .description('report every difference between an OpenAPI document and the FES this sandbox serves: operations, paths, methods, headers, security schemes, body fields, result codes')
    .option('--profile <file>', 'the FES profile to compare (default: the modeled one; as `serve --fes-profile`)')
    .option('--json', 'print the differences as JSON')
    .option('--write-profile <file>', 'write the profile that makes the sandbox match the document where a profile can')
    .option('--name <name>', 'the written profile\'s name (default: aligned-<document name>)')
    .option('--lang <lang>', 'table language: ru (default) or en', parseLang)
    .addHelpText('after', `
Exit codes: 0 nothing differs, 1 differences found, 2 the document or the profile cannot be read.

Examples:
  $ curl -s http://localhost:8080/openapi/fes.json > served.json && poligon fes align served.json   # 0
  $ poligon fes align nspk-fes.yaml --lang en
  $ poligon fes align nspk-fes.yaml --write-profile nspk.yaml && poligon serve --fes-profile nspk.yaml`)
    .action(async (file: string, flags: { profile?: string; json?: boolean; writeProfile?: string; name?: string; lang?: 'ru' | 'en' }) => {
      try {
        const loaded = flags.profile ? loadProfileFile(flags.profile) : MODELED_PROFILE;
        const alignment = await align(file, loaded);
        if (flags.writeProfile) {
          const name = flags.name ?? `aligned-${basename(file, extname(file)).replace(/[^A-Za-z0-9._-]/g, '-')}`.slice(0, 64);
          const { text } = alignedProfile(loaded, alignment, name);
          writeFileSync(flags.writeProfile, text);
        }
        process.stdout.write(flags.json ? `${JSON.stringify(alignment, null, 2)}\n` : alignmentTable(alignment, flags.lang ?? 'ru'));
        process.exitCode = alignment.differences.length ? 1 : 0;
      } catch (e) {
        if (e instanceof UnreadableDocument || e instanceof ProfileError) throw new UsageError(e.message);
        throw e;
      }
    });
}
