import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ensureWritable, readRunJson, REPORT_FORMATS, writeReports, type ReportFormat } from '../reports/index.js';
import { t } from '../reports/i18n.js';
import { verifyManifest } from '../reports/manifest.js';
import { loadSigner, SigningKeyError } from '../reports/signing.js';
import { PackLoadError, resolvePack } from '../scenario/loader.js';
import { ReferenceClientDriver } from '../reference/index.js';
import type { Driver } from '../scenario/driver.js';
import { harnessDriver } from '../scenario/drivers.js';
import { consoleObserver } from '../scenario/progress.js';
import { RunError, newRunId, runPacks } from '../scenario/runner.js';
import type { LoadedPack, RunReport, Sut } from '../scenario/types.js';
import { durationMs, typedVar, VariableError } from '../scenario/vars.js';
import { loadProfileFile } from '../../simulators/fes/profile.js';
import { SETTINGS } from './settings.js';
import { UsageError } from './usage.js';

/** The variable `poligon serve` takes its admin token from: `poligon run` sends it to the --target sandbox. */
const ADMIN_TOKEN_ENV = SETTINGS.find((s) => s.key === 'adminToken')!.env!;

interface RunFlags {
  target?: string[];
  adminToken?: string;
  out?: string;
  format?: ReportFormat[];
  seed?: string;
  lang?: 'ru' | 'en';
  timeout?: string;
  concurrency?: string;
  sutVendor?: string[];
  sutProduct?: string[];
  sutVersion?: string[];
  sutId?: string[];
  sutOrganization?: string[];
  sutBank?: string[];
  sutCity?: string[];
  operator?: string;
  withReferenceClient?: boolean;
  driver?: string;
  packsSideBySide?: boolean;
  var?: string[];
  case?: string[];
  skipObserve?: boolean;
  resume?: string;
  fesProfile?: string;
  signingKey?: string;
}

export function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  const bad = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length || formats.length === 0) throw new InvalidArgumentError(`unknown format ${bad.join(', ') || '(none)'}; choose from ${REPORT_FORMATS.join(', ')}`);
  return formats as ReportFormat[];
}

export function parseLang(value: string): 'ru' | 'en' {
  if (value !== 'ru' && value !== 'en') throw new InvalidArgumentError('use ru or en');
  return value;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** "--target URL" is a Poligon sandbox (or the system itself); "--target ecs=URL" points one simulator elsewhere. */
/**
 * `--var name=value` flags, each naming a variable some pack of the run declares (pack or case `vars`),
 * typed as declared there (typedVar): a value that does not fit is refused before the run starts.
 */
export function parseVarFlags(flags: string[] = [], packs: LoadedPack[]): Record<string, unknown> {
  const declared = new Map<string, Record<string, unknown>>();
  const declare = (where: string, vars: Record<string, unknown> = {}) => {
    for (const [k, v] of Object.entries(vars)) declared.set(k, { ...declared.get(k), [where]: v });
  };
  for (const p of packs) {
    declare(p.spec.id, p.spec.vars);
    for (const c of p.spec.cases) declare(`${p.spec.id}/${c.id}`, c.vars);
  }
  const vars: Record<string, unknown> = {};
  for (const flag of flags) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(flag);
    if (!m) throw new UsageError(`--var "${flag}" is not name=value`);
    const where = declared.get(m[1]!);
    if (!where) throw new UsageError(`--var ${m[1]}: no pack of this run declares it; declared: ${[...declared.keys()].sort().join(', ') || 'none'}`);
    try {
      vars[m[1]!] = typedVar(m[1]!, m[2]!, where);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return vars;
}

/** A bare --target is the sandbox root: a simulator's base URL there (…/fes, …/ns/x/gis/api/v1) is a common slip. */
function sandboxRoot(url: string): string {
  const m = /^(https?:\/\/[^/]+(?:\/ns\/[^/]+)?)\/(fes|gis|ecs)(?:\/.*)?$/.exec(url.replace(/\/+$/, ''));
  if (m) {
    throw new UsageError(`--target ${url} is the ${m[2]!.toUpperCase()} base URL, not the sandbox root: pass --target ${m[1]} ` +
      `(a Poligon sandbox), or --target ${m[2]}=${url} to judge your own implementation of ${m[2]!.toUpperCase()}`);
  }
  return url;
}

const SUT_FLAGS = { vendor: 'sutVendor', product: 'sutProduct', version: 'sutVersion', id: 'sutId', organization: 'sutOrganization', bank: 'sutBank', city: 'sutCity' } as const;

/**
 * `--sut-vendor NAME` describes the system under test of every pack of the run; `--sut-vendor PACK=NAME`
 * that of one pack only (two packs, two systems: a till for FES, a bank for ECS).
 */
export function parseSutFlags(flags: RunFlags, packs: LoadedPack[]): { sut: Sut; sutByPack: Record<string, Sut> } {
  const ids = new Set(packs.map((p) => p.spec.id));
  const sut: Sut = {};
  const sutByPack: Record<string, Sut> = {};
  for (const [field, flag] of Object.entries(SUT_FLAGS) as Array<[keyof Sut, keyof RunFlags]>) {
    for (const value of (flags[flag] as string[] | undefined) ?? []) {
      const m = /^([a-z0-9][a-z0-9-]*)=(.*)$/s.exec(value);
      if (m && ids.has(m[1]!)) (sutByPack[m[1]!] ??= {})[field] = m[2]!;
      else if (m) throw new UsageError(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${value}: no pack ${m[1]} in this run; packs: ${[...ids].join(', ')}`);
      else sut[field] = value;
    }
  }
  return { sut, sutByPack };
}

/** The run folder `--resume` continues: it must verify; its passed cases are carried over, each pack keeps its system under test. */
function readResumed(dir: string) {
  if (!existsSync(dir)) throw new UsageError(`--resume ${dir}: no such folder`);
  const check = verifyManifest(dir);
  if (!check.ok) throw new UsageError(`--resume ${dir}: the run folder does not verify: ${check.problems.join('; ')}`);
  let report: RunReport;
  try {
    report = readRunJson(dir);
  } catch (e) {
    throw new UsageError(`--resume ${dir}: ${(e as Error).message}`);
  }
  const passed = Object.fromEntries(report.packs.map((p) => [p.id, Object.fromEntries(p.cases.filter((c) => c.verdict === 'passed').map((c) => [c.id, c]))]));
  const sutByPack = Object.fromEntries(report.packs.map((p) => {
    const { playedBy: _playedBy, ...sut } = p.sut;
    return [p.id, sut];
  }));
  return { report, passed, sutByPack };
}

function splitTargets(targets: string[] = []): { root?: string; overrides: Record<string, string> } {
  let root: string | undefined;
  const overrides: Record<string, string> = {};
  for (const t of targets) {
    const m = /^([a-z][a-z0-9-]*)=(https?:\/\/.+)$/.exec(t);
    if (m) overrides[m[1]!] = m[2]!.replace(/\/+$/, '');
    else if (/^https?:\/\//.test(t)) root = sandboxRoot(t);
    else throw new UsageError(`--target "${t}" is neither a URL nor simulator=URL`);
  }
  return { root, overrides };
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run scenario packs (by id or file) and write the reports')
    .argument('[packs...]', 'pack ids (see `poligon packs`) or YAML files (with --resume: the resumed run\'s packs)')
    .option('-t, --target <url>', 'a running Poligon sandbox (default: an embedded one), or simulator=URL for an implementation under test (repeatable)', collect)
    .option('--admin-token <token>', `the --target sandbox's admin token, or a namespace's own (a guarded sandbox: poligon serve --admin-token); masked in the reports [env ${ADMIN_TOKEN_ENV}]`)
    .option('-o, --out <dir>', 'report folder (default: reports/<run-id>)')
    .option('-f, --format <list>', `report formats: ${REPORT_FORMATS.join(',')} (default: all)`, parseFormats)
    .option('--seed <seed>', 'seed of generated data (same seed, same data)')
    .option('--lang <lang>', 'report and console language: ru (default) or en', parseLang)
    .option('--timeout <duration>', 'default wait of await steps and HTTP calls, e.g. 30s (default), 5m')
    .option('--case <id>', 'run only this case (case id or pack/case; repeatable); the others are reported as not chosen', collect)
    .option('--skip-observe', 'skip the observe-mode cases (a person or the reference client must act in them)')
    .option('--resume <dir>', 'run again the cases of that run folder that did not pass, carry over the passed ones, and write a combined, signed run')
    .option('--signing-key <file>', 'Ed25519 private key (PEM) that signs the manifest (default: created on first use in the user config folder)')
    .option('--concurrency <n>', 'cases run side by side (default 4)')
    .option('--var <name=value>', "sets a pack variable for this run, over the packs' own value (repeatable), e.g. an organization's client_id", collect)
    .option('--packs-side-by-side', 'run the packs side by side, their cases sharing the --concurrency slots (unattended runs: operator instructions of several packs may come at once)')
    .option('--sut-vendor <[pack=]name>', 'system under test: vendor, of every pack or (pack=name) of one pack; so are the other --sut-* flags (repeatable)', collect)
    .option('--sut-product <[pack=]name>', 'system under test: product', collect)
    .option('--sut-version <[pack=]version>', 'system under test: version', collect)
    .option('--sut-id <[pack=]id>', 'system under test: касса ID or participant number', collect)
    .option('--sut-organization <[pack=]name>', 'organization (ECS Act: the acceptant)', collect)
    .option('--sut-bank <[pack=]name>', 'bank (ECS Act: the Authorized Bank)', collect)
    .option('--sut-city <[pack=]city>', 'city printed on the ECS Act (default Якутск)', collect)
    .option('--operator <name>', 'who ran the tests')
    .option('--fes-profile <file>', 'FES protocol profile: the embedded sandbox serves it; against a --target sandbox the run signs with the profile the target publishes, and this must be the same (docs/fes.md)')
    .option('--with-reference-client', 'the reference cash register and ticket system (src/reference) play the system under test in observe-mode cases, e.g. in CI (= --driver reference)')
    .option('--driver <driver>', "who carries out the observe-mode steps' actions: the vendor's harness at a webhook (http://host/path) or a command (cmd:./drive.sh), or reference (docs/packs.md, the driver protocol)")
    .addHelpText('after', `
Exit codes: 0 every case passed, 1 some case failed, 2 the run could not proceed (bad flag, bad pack, target down,
--out not writable), 130 interrupted (Ctrl-C or SIGTERM: the reports of what ran are written, signed).

Examples:
  $ poligon run sandbox-smoke
  $ poligon run fes-certification --with-reference-client   # observe mode played by the reference client (CI)
  $ poligon run fes-certification --driver http://localhost:7000/act   # played by your harness (poligon driver example)
  $ poligon run fes-certification ecs-type-1 --driver 'cmd:./drive.sh'  # the action on stdin, the answer on stdout
  $ poligon run fes-certification --sut-vendor "ООО Касса" --sut-product КассаПро --sut-version 5.4 --sut-id 000123
  $ poligon run fes-certification ecs-type-2 --sut-vendor fes-certification="ООО Касса" --sut-bank ecs-type-2="АО Банк" --target ecs=https://bank.example/ecs
  $ poligon run scenarios/ecs-type-2.yaml --target ecs=https://bank.example/ecs --format json,junit,pdf
  $ poligon run gis-es-onboarding --target http://localhost:8080 --lang en --out out/gis
  $ POLIGON_ADMIN_TOKEN=change-me-0123456789 poligon run sandbox-smoke --target https://poligon.example   # a guarded sandbox
  $ poligon run ecs-type-2 --target ecs=https://bank.example/ecs --var clientId=my-org --var clientSecret='\${env:ECS_SECRET}'
  $ poligon run fes-certification --case echo --case refund            # two cases only
  $ poligon run --resume reports/20261203-101500-ab12                  # the cases that did not pass, again
  $ poligon run fes-certification --target http://localhost:8080 --with-reference-client   # signs as that sandbox's FES profile says`)
    .action(async (packRefs: string[], flags: RunFlags) => {
      const resumed = flags.resume === undefined ? undefined : readResumed(flags.resume);
      const lang = flags.lang ?? resumed?.report.lang ?? 'ru';
      const formats = flags.format ?? [...REPORT_FORMATS];
      const { root, overrides } = flags.target || !resumed ? splitTargets(flags.target) : {
        root: resumed.report.target.kind === 'url' ? resumed.report.target.url : undefined, overrides: resumed.report.target.overrides ?? {},
      };
      // the sandbox's own variable: a CI job that starts a guarded sandbox with it runs against it as it is
      const adminToken = flags.adminToken ?? (process.env[ADMIN_TOKEN_ENV] || undefined);
      if (flags.adminToken !== undefined && !root) throw new UsageError('--admin-token is the token of a --target sandbox; the embedded sandbox has none');
      let timeoutMs: number;
      try {
        timeoutMs = durationMs(flags.timeout, 30_000);
      } catch (e) {
        throw new UsageError(`--timeout: ${(e as VariableError).message}`);
      }
      const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency);
      if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 16)) throw new UsageError('--concurrency takes a whole number from 1 to 16');
      if (packRefs.length === 0 && !resumed) throw new UsageError('run: name the packs to run (see poligon packs), or --resume a run folder');
      let packs: LoadedPack[];
      try {
        packs = packRefs.length ? packRefs.map((ref) => resolvePack(ref)) : resumed!.report.packs.map((p) => resolvePack(existsSync(p.file) ? p.file : p.id));
      } catch (e) {
        if (e instanceof PackLoadError) {
          process.stderr.write(`poligon run: the pack is not valid:\n${e.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
      if (resumed) {
        const changed = resumed.report.packs.filter((old) => packs.some((p) => p.spec.id === old.id && p.sha256 !== old.sha256)).map((p) => p.id);
        if (changed.length) throw new UsageError(`--resume: the pack ${changed.join(', ')} changed since run ${resumed.report.runId}; its results cannot be combined`);
      }
      const known = new Set(packs.flatMap((p) => p.spec.cases.flatMap((c) => [c.id, `${p.spec.id}/${c.id}`])));
      const unknownCase = (flags.case ?? []).find((id) => !known.has(id));
      if (unknownCase) throw new UsageError(`--case ${unknownCase}: no such case in ${packs.map((p) => p.spec.id).join(', ')}`);
      const vars = parseVarFlags(flags.var, packs);
      if (flags.fesProfile !== undefined) {
        try {
          loadProfileFile(flags.fesProfile);
        } catch (e) {
          throw new UsageError(`--fes-profile: ${(e as Error).message}`);
        }
      }
      let driver: Driver | undefined;
      try {
        driver = flags.withReferenceClient || flags.driver === 'reference' ? new ReferenceClientDriver() : flags.driver ? harnessDriver(flags.driver) : undefined;
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      let signer;
      try {
        signer = loadSigner(flags.signingKey);
      } catch (e) {
        if (e instanceof SigningKeyError) throw new UsageError(e.message);
        throw e;
      }
      const runId = newRunId();
      const dir = flags.out ?? join('reports', runId);
      try {
        ensureWritable(dir);
      } catch (e) {
        process.stderr.write(`poligon run: --out: ${(e as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      // Ctrl-C or SIGTERM: stop waiting, write every report of what ran; a second one ends at once
      const stop = new AbortController();
      const interrupt = () => {
        if (stop.signal.aborted) process.exit(130);
        process.stderr.write(`\n${t(lang, 'consoleInterrupting')}\n`);
        stop.abort();
      };
      process.on('SIGINT', interrupt);
      process.on('SIGTERM', interrupt);
      // keys are printed only when a person must type them in
      const observer = consoleObserver(lang, process.stdout, { namePacks: flags.packsSideBySide === true, showKeys: !driver });
      const sutFlags = parseSutFlags(flags, packs);
      try {
        const report = await runPacks({
          packs, runId, target: root, adminToken: root ? adminToken : undefined, overrides, vars, seed: flags.seed ?? resumed?.report.seed, lang, timeoutMs, concurrency, packsSideBySide: flags.packsSideBySide,
          observer, driver,
          sut: sutFlags.sut, sutByPack: { ...resumed?.sutByPack, ...sutFlags.sutByPack }, operator: flags.operator ?? resumed?.report.operator,
          signal: stop.signal, cases: flags.case, skipObserve: flags.skipObserve,
          ...(flags.fesProfile === undefined ? {} : { sandbox: { simulatorOptions: { fes: { profile: flags.fesProfile } } } }),
          ...(resumed ? { carried: { runId: resumed.report.runId, results: resumed.passed } } : {}),
        });
        await writeReports(report, dir, formats, signer);
        observer.summary(report, dir);
        process.stdout.write(`${t(lang, 'consoleSigned', { fingerprint: signer.fingerprint, file: signer.keyFile })}\n`);
        process.exitCode = report.interrupted ? 130 : report.summary.verdict === 'passed' ? 0 : 1;
        // an interrupted wait may still hold a timer: the reports are written, nothing is left to do
        if (report.interrupted) process.exit(130);
      } catch (e) {
        if (!(e instanceof RunError)) throw e;
        process.stderr.write(`poligon run: ${e.message}\n`);
        process.exitCode = 2;
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
      }
    });
}
