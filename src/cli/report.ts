import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { REPORT_FORMATS, RerenderRefused, rerender, type ReportFormat } from '../reports/index.js';
import { verifyManifest } from '../reports/manifest.js';
import { loadSigner, SigningKeyError } from '../reports/signing.js';
import { parseFormats, parseLang } from './run.js';
import { UsageError } from './usage.js';

interface ReportFlags {
  format: ReportFormat[];
  lang?: 'ru' | 'en';
  out?: string;
  publicKey?: string;
  signingKey?: string;
}

function readPublicKey(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--public-key ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description("render a run's reports again into a new folder, or verify a report folder against its signed manifest.json")
    .argument('<dir-or-verify>', 'the report folder, or "verify"')
    .argument('[dir]', 'with verify: the report folder')
    .option('-f, --format <list>', `formats to render: ${REPORT_FORMATS.join(',')} (default: all)`, parseFormats)
    .option('--lang <lang>', 'render in ru or en', parseLang)
    .option('-o, --out <dir>', 'folder of the re-rendered reports (default: <dir>-rerender-<time>)')
    .option('--public-key <file>', 'the public key (PEM) the manifest must be signed with')
    .option('--signing-key <file>', 'Ed25519 private key (PEM) that signs the re-rendered folder (default: the one in the user config folder)')
    .addHelpText('after', `
Exit codes: 0 intact (verify) or rendered, 1 a file or the signature does not verify, 2 bad arguments or no such folder.

Examples:
  $ poligon report verify reports/20261122-230845-c955                               # every hash and the signature
  $ poligon report verify reports/20261122-230845-c955 --public-key vendor-key.pub.pem
  $ poligon report reports/20261122-230845-c955 --lang en   # a new, signed folder in English; the run is untouched`)
    .action(async (first: string, second: string | undefined, flags: ReportFlags) => {
      const publicKeyPem = readPublicKey(flags.publicKey);
      if (first === 'verify') {
        if (!second) throw new UsageError('report verify: give the report folder, e.g. poligon report verify reports/<run-id>');
        const result = verifyManifest(second, { publicKeyPem });
        if (result.problems.length === 1 && result.problems[0]!.endsWith(': no such folder')) {
          process.stderr.write(`poligon report verify: ${second}: no such folder\n`);
          process.exitCode = 2;
          return;
        }
        if (result.ok) {
          process.stdout.write(`ok: ${result.checked} files match manifest.json, signed by ${result.signedBy}${publicKeyPem ? ' (the given public key)' : ' (no trusted key given: --public-key FILE)'}${result.kind === 'rerender' ? `; a re-rendering of ${result.source!.dir}` : ''}\n`);
        } else {
          process.stdout.write(`NOT INTACT:\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
        }
        process.exitCode = result.ok ? 0 : 1;
        return;
      }
      if (!existsSync(first)) throw new UsageError(`report: ${first}: no such folder`);
      const out = flags.out ?? `${first.replace(/[\\/]+$/, '')}-rerender-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
      let signer;
      try {
        signer = loadSigner(flags.signingKey);
      } catch (e) {
        if (e instanceof SigningKeyError) throw new UsageError(e.message);
        throw e;
      }
      try {
        const files = await rerender(first, out, { formats: flags.format, lang: flags.lang, signer, publicKeyPem });
        process.stdout.write(`written to ${out}: ${files.join(', ')}\nsigned by ${signer.fingerprint} (${signer.keyFile})\n`);
      } catch (e) {
        if (!(e instanceof RerenderRefused)) throw new UsageError(`cannot read the run of ${first}: ${(e as Error).message}`);
        process.stderr.write(`poligon report: ${first} is not re-rendered: ${e.message}\n`);
        process.exitCode = 1;
      }
    });
}
