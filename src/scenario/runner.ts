// Runs packs against a target: the embedded sandbox (started in-process) or a URL. Each case gets
// its own namespace (/ns/<run>-<case>/…), so cases run side by side without seeing each other; a case
// stops at its first failing step. The result is the RunReport every report format is rendered from.
import { randomBytes } from 'node:crypto';
import { builtinSimulators } from '../../simulators/index.js';
import { PACKAGE_VERSION } from '../engine/paths.js';
import { SecretNames } from '../engine/secrets.js';
import { sandboxSchemas } from '../engine/app.js';
import type { SchemaRegistry } from '../engine/schemas.js';
import type { Simulator } from '../engine/simulator.js';
import { REQUIREMENTS } from '../requirements/catalogue.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox.js';
import { CaseContext, NeedsSandbox, SecretValues, type Target } from './context.js';
import { ask, DRIVER_PROTOCOL, StepSkipped, type Driver, type DriverIdentity } from './driver.js';
import { RUN_FORMAT } from './types.js';
import { caseReason } from '../reports/common.js';
import { engineMessage, engineText, packText, t, type Lang } from '../reports/i18n.js';
import { STEP_KINDS } from './steps/index.js';
import type { CaseResult, CaseSpec, LoadedPack, PackResult, PackSut, PlayedBy, RequirementCoverage, RunReport, StepResult, Sut } from './types.js';
import { parseBasis } from './basis.js';
import { durationMs, Variables } from './vars.js';

export interface RunObserver {
  packStarted?(pack: LoadedPack): void;
  caseStarted?(pack: LoadedPack, c: CaseSpec, namespace: string): void;
  caseFinished?(pack: LoadedPack, result: CaseResult): void;
  /**
   * Operator instructions of an await step; `where` the case runs: the sandbox root, the case namespace
   * and the URL of the awaited simulator there (a person reads it, the reference client acts on it).
   * `masked` is the text with the keys and tokens made during the run masked, for when no person needs them.
   */
  say?(pack: LoadedPack, c: CaseSpec, text: string, where: { root: string; namespace: string; url?: string; masked: string }): void;
}

export interface RunOptions {
  packs: LoadedPack[];
  /** Root URL of a running Poligon sandbox; omitted: an embedded sandbox is started. */
  target?: string;
  /** The target sandbox's admin token (or a namespace's own), for its admin API: masked in every report. */
  adminToken?: string;
  /** Simulator name → base URL of an implementation under test outside the sandbox. */
  overrides?: Record<string, string>;
  /** Variables set for the whole run, over the packs' and cases' own values (`--var`). */
  vars?: Record<string, unknown>;
  seed?: string;
  lang?: 'ru' | 'en';
  /** The system under test, for every pack of the run (`--sut-*`). */
  sut?: Sut;
  /** Pack id → its own system under test, over `sut` (`--sut-vendor fes-certification=…`). */
  sutByPack?: Record<string, Sut>;
  /** Who ran the tests. */
  operator?: string;
  /** Default for await steps and each HTTP call. */
  timeoutMs?: number;
  concurrency?: number;
  /**
   * Runs the packs side by side (cases of all packs share the `concurrency` slots) instead of one after
   * another; packs with a fixed namespace still run alone, after the others. Results and reports are the
   * same; the console shows the packs' cases interleaved, and operator instructions of several packs may
   * come at once: for unattended runs (CI, the reference client, the benchmark).
   */
  packsSideBySide?: boolean;
  simulators?: ReadonlyArray<Simulator<any>>;
  /** Options of the embedded sandbox. */
  sandbox?: SandboxOptions;
  runId?: string;
  observer?: RunObserver;
  /**
   * Plays the await steps' actions (the driver protocol, driver.ts): a vendor's harness (webhook or
   * command) or the reference client. Omitted, or for a pack it does not play: a person at the console.
   */
  driver?: Driver;
  /**
   * How long after a driver's answer its call may still reach the journal, and how long after the
   * deadline an answer still counts (default ANSWER_GRACE_MS, driver.ts). Only a step that fails waits
   * it out: the tests shorten it.
   */
  answerGraceMs?: number;
  /** Aborted (Ctrl-C, SIGTERM): waits stop, the running cases and those not started are `interrupted`, the report is still made. */
  signal?: AbortSignal;
  /** Run only these cases (`case` or `pack/case` ids); the others are skipped as not chosen. */
  cases?: string[];
  /** Skip the observe-mode cases (those with an await step: a person or the reference client must act). */
  skipObserve?: boolean;
  /** Results carried over from an earlier run (pack id → case id → result): those cases do not run again (`--resume`). */
  carried?: { runId: string; results: Record<string, Record<string, CaseResult>> };
}

/** The run was aborted while a step ran. */
class Interrupted extends Error {
  override name = 'Interrupted';
}

/** Rejects when `signal` aborts: raced against each step, so a wait ends at Ctrl-C. */
function whenAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(new Interrupted());
    signal?.addEventListener('abort', () => reject(new Interrupted()), { once: true });
  });
}

/** Why a case does not run in this run, or undefined when it does (--case, --skip-observe). */
function notChosen(pack: LoadedPack, c: CaseSpec, options: Pick<RunOptions, 'cases' | 'skipObserve'>, lang: Lang): string | undefined {
  if (options.cases && !options.cases.some((id) => id === c.id || id === `${pack.spec.id}/${c.id}`)) return t(lang, 'notChosen');
  if (options.skipObserve && c.steps.some((s) => 'await' in s)) return t(lang, 'observeSkipped');
  return undefined;
}

/** The run itself could not proceed (target unreachable, sandbox failed to start): exit code 2. */
export class RunError extends Error {
  override name = 'RunError';
}

const DEFAULT_CONCURRENCY = 4;

export function newRunId(now = new Date()): string {
  return `${now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${randomBytes(2).toString('hex')}`;
}

async function resolveTarget(options: RunOptions, available: ReadonlyArray<Simulator<any>>): Promise<{ target: Target; sandbox?: Sandbox }> {
  const overrides = options.overrides ?? {};
  if (!options.target) {
    try {
      const sandbox = await startSandbox({ available, ...options.sandbox });
      return { target: { kind: 'embedded', root: sandbox.url, sandbox: true, overrides, namespaces: sandbox.poligon.store, core: sandbox.poligon.handle }, sandbox };
    } catch (e) {
      throw new RunError(`the embedded sandbox did not start: ${(e as Error).message}`);
    }
  }
  const root = options.target.replace(/\/+$/, '');
  let isSandbox = false;
  try {
    const res = await fetch(`${root}/__admin/health`, { signal: AbortSignal.timeout(10_000) });
    isSandbox = res.ok && (await res.json() as { status?: string }).status === 'ok';
  } catch (e) {
    throw new RunError(`the target ${root} does not answer: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
  }
  return { target: { kind: 'url', root, sandbox: isSandbox, overrides, adminToken: options.adminToken } };
}

function namespaceFor(pack: LoadedPack, runId: string, packIndex: number, caseId: string): string {
  if (pack.spec.namespace) return pack.spec.namespace;
  return `r${runId.replace(/[^A-Za-z0-9]/g, '').slice(-10)}-${packIndex}-${caseId}`.slice(0, 64);
}

/** Whether a case may run beside others: never in a fixed namespace; its own flag, else the pack's, else not when an operator must act (await). */
function canRunInParallel(pack: LoadedPack, c: CaseSpec): boolean {
  if (pack.spec.namespace) return false;
  if (c.parallel !== undefined) return c.parallel;
  if (pack.spec.parallel === false) return false;
  return !c.steps.some((s) => 'await' in s);
}

/**
 * Why the pack's system is not the sandbox's own in this run, or undefined when it is. A pack whose system
 * names no simulator (e2e, sandbox) is outside as soon as any simulator is.
 */
function outsideSandbox(run: RunContext, system: string): string | undefined {
  const { target } = run;
  const isSimulator = run.simulators.some((s) => s.name === system);
  const [name, url] = Object.entries(target.overrides).find(([n]) => n === system || !isSimulator) ?? [];
  if (url) return engineMessage('engine.implementationAt', { name: name!, url });
  return target.sandbox ? undefined : engineMessage('engine.targetNotSandbox', { root: target.root });
}

const given = (sut: Sut | undefined): Sut => Object.fromEntries(Object.entries(sut ?? {}).filter(([, v]) => v !== undefined && v !== ''));

/** The simulators a pack's steps call or await. */
function simulatorsOf(pack: LoadedPack): Set<string> {
  const names = new Set<string>();
  for (const c of pack.spec.cases) {
    for (const step of c.steps) {
      const spec = Object.values(step)[0] as { simulator?: unknown } | undefined;
      if (spec && typeof spec === 'object' && typeof spec.simulator === 'string') names.add(spec.simulator);
    }
  }
  return names;
}

/**
 * A pack's own system under test and who played it. The pack's `sut` holds the sandbox's demo names:
 * they describe the system only when the sandbox's own simulators answered; against an implementation
 * outside the sandbox (a bank's ECS) only what the user gave is printed, else the form's blanks.
 */
export function packSut(pack: LoadedPack, target: Pick<Target, 'sandbox' | 'overrides'>, options: Pick<RunOptions, 'sut' | 'sutByPack' | 'driver'>): PackSut {
  const outside = !target.sandbox || [...simulatorsOf(pack)].some((name) => target.overrides[name] !== undefined);
  const observeMode = pack.spec.cases.some((c) => c.steps.some((s) => 'await' in s));
  const playedBy: PlayedBy = outside ? 'vendor' : observeMode ? (driverOf(pack, options.driver)?.identity.kind === 'reference-client' ? 'reference-client' : 'vendor') : 'sandbox';
  const own = pack.spec.sut ?? {};
  const defaults: Sut = outside ? (own.city ? { city: own.city } : {}) : own;
  return { ...given(defaults), ...given(options.sut), ...given(options.sutByPack?.[pack.spec.id]), playedBy };
}

/** The run's driver when it plays this pack's await steps. */
function driverOf(pack: LoadedPack, driver: Driver | undefined): Driver | undefined {
  return driver?.plays(pack.spec.id, pack.spec.system) ? driver : undefined;
}

/** Who plays a case's await steps: the driver, else a person at the console; undefined for a case with none. */
function caseDriver(pack: LoadedPack, c: CaseSpec, driver: Driver | undefined): DriverIdentity | undefined {
  if (!c.steps.some((s) => 'await' in s)) return undefined;
  return driverOf(pack, driver)?.identity ?? { kind: 'console', name: 'operator' };
}

/** A step's title with its variables filled; one that cannot be filled (yet) says which value is missing. */
function stepTitle(lang: Lang, title: string, vars: Variables): string {
  return title.replace(/\$\{([^}]+)\}/g, (placeholder, name: string) => {
    try {
      const value = vars.interpolate(placeholder);
      return typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      return `⟨${t(lang, 'unfilled', { name })}⟩`;
    }
  });
}

/** What every case of a run shares. */
interface RunContext {
  runId: string;
  seed: string;
  target: Target;
  vars: Record<string, unknown>;
  timeoutMs: number;
  simulators: ReadonlyArray<Simulator<any>>;
  /** The schemas of the simulators the run uses. */
  schemas: SchemaRegistry;
  secrets: SecretValues;
  lang: Lang;
  observer?: RunObserver;
  options: Pick<RunOptions, 'signal' | 'cases' | 'skipObserve' | 'carried' | 'driver' | 'answerGraceMs'>;
}

async function runCase(pack: LoadedPack, packIndex: number, c: CaseSpec, run: RunContext): Promise<CaseResult> {
  const started = Date.now();
  const namespace = namespaceFor(pack, run.runId, packIndex, c.id);
  const base = { id: c.id, title: c.title, requirements: c.requirements, preconditions: c.preconditions, namespace, startedAt: new Date(started).toISOString() };
  const carried = run.options.carried?.results[pack.spec.id]?.[c.id];
  if (carried) return { ...carried, carriedFrom: carried.carriedFrom ?? run.options.carried!.runId };
  if (c.skip) return { ...base, verdict: 'skipped', reason: packText(run.lang, pack.spec.translations, c.skip), durationMs: 0, steps: [], traffic: [] };
  const unchosen = notChosen(pack, c, run.options, run.lang);
  if (unchosen) return { ...base, verdict: 'skipped', reason: unchosen, durationMs: 0, steps: [], traffic: [] };
  if (run.options.signal?.aborted) return { ...base, verdict: 'interrupted', reason: t(run.lang, 'notStarted'), durationMs: 0, steps: [], traffic: [] };
  const elsewhere = c.sandboxOnly === undefined ? undefined : outsideSandbox(run, pack.spec.system);
  if (elsewhere) return { ...base, verdict: 'skipped', reason: engineText(run.lang, engineMessage('engine.sandboxOnly', { why: packText(run.lang, pack.spec.translations, c.sandboxOnly!), elsewhere })), durationMs: 0, steps: [], traffic: [] };

  const vars = new Variables(`${run.seed}/${pack.spec.id}/${c.id}`, { ...pack.spec.vars, ...c.vars, ...run.vars }, {
    ...Object.assign({}, ...run.simulators.map((s) => s.packVariables ?? {})),
    runId: run.runId, packId: pack.spec.id, caseId: c.id, namespace, sandboxUrl: run.target.root,
  }, run.schemas);
  const ctx = new CaseContext(pack.spec.id, c.id, namespace, run.target, vars, durationMs(pack.spec.timeout, run.timeoutMs), run.simulators, run.schemas, run.secrets,
    (text, url) => run.observer?.say?.(pack, c, text, { root: run.target.root, namespace, url, masked: run.secrets.scrub(text) }));
  ctx.lang = run.lang;
  if (run.options.answerGraceMs !== undefined) ctx.answerGraceMs = run.options.answerGraceMs;
  const driver = driverOf(pack, run.options.driver);
  if (driver) {
    const urls = Object.fromEntries(run.simulators.map((s) => [s.name, ctx.simulatorUrl(s.name)]));
    ctx.play = (action, instructions, timeoutMs) => ask(driver, {
      protocol: DRIVER_PROTOCOL, runId: run.runId, pack: pack.spec.id, case: c.id, step: { ...ctx.step }, action, instructions,
      deadline: new Date(Date.now() + timeoutMs).toISOString(), timeoutMs,
      sandbox: { root: run.target.root, namespace, urls, clock: ctx.adminUrl('/clock') },
    }, run.options.signal, ctx.answerGraceMs);
  }
  run.observer?.caseStarted?.(pack, c, namespace);

  const steps: StepResult[] = [];
  let verdict: CaseResult['verdict'] = 'passed';
  let reason: string | undefined;
  try {
    await ctx.bookkeeping?.reset(c.demo ?? true);
  } catch (e) {
    verdict = 'error';
    reason = engineText(run.lang, engineMessage('engine.prepareNamespace', { namespace, reason: (e as Error).message }));
  }
  const lang = run.lang;
  const aborted = whenAborted(run.options.signal);
  aborted.catch(() => undefined);
  for (const [index, step] of c.steps.entries()) {
    const kind = Object.keys(step)[0]!;
    const handler = STEP_KINDS.get(kind)!;
    const raw = step[kind];
    const result: StepResult = { index, kind, title: stepTitle(lang, handler.describe(raw), vars), verdict: 'skipped', expected: [], actual: [], failures: [], traffic: [], durationMs: 0 };
    steps.push(result);
    if (verdict !== 'passed') continue;
    const stepStarted = Date.now();
    ctx.step = { index: index + 1, title: result.title };
    try {
      const outcome = await Promise.race([handler.run(vars.interpolate(raw), ctx), aborted]);
      Object.assign(result, { ...outcome, title: result.title });
      result.verdict = outcome.failures.length ? 'failed' : 'passed';
      if (outcome.failures.length) {
        verdict = 'failed';
        reason = caseReason(lang, { verdict, steps })!;
      }
    } catch (e) {
      if (e instanceof Interrupted) {
        result.verdict = verdict = 'interrupted';
        reason = caseReason(lang, { verdict, steps })!;
        result.durationMs = Date.now() - stepStarted;
        result.traffic = await ctx.takeTraffic().catch(() => []);
        continue;
      }
      const skipped = e instanceof NeedsSandbox || e instanceof StepSkipped;
      if (e instanceof StepSkipped && e.driver) result.driver = e.driver;
      result.verdict = skipped ? 'skipped' : 'error';
      result.error = (e as Error).message;
      verdict = skipped ? 'skipped' : 'error';
      reason = caseReason(lang, { verdict, steps })!;
    }
    result.durationMs = Date.now() - stepStarted;
    result.traffic = await ctx.takeTraffic().catch(() => []);
  }
  const traffic = await ctx.allTraffic().catch(() => []);
  driver?.caseFinished?.(run.runId, pack.spec.id, c.id);
  const playedBy = caseDriver(pack, c, run.options.driver);
  const result: CaseResult = { ...base, verdict, reason, durationMs: Date.now() - started, steps, ...(playedBy ? { driver: playedBy } : {}), traffic, restsOn: restsOn(steps) };
  // the console never shows a key or token made during the run (the reports are scrubbed at the end)
  run.observer?.caseFinished?.(pack, reason === undefined ? result : { ...result, reason: run.secrets.scrub(reason) });
  return result;
}

/** At most `size` holders at a time; the others wait their turn in order. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  async hold<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/** Runs `work` on every item, `size` at a time, in order. */
async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const slots = new Slots(size);
  await Promise.all(items.map((item) => slots.hold(() => work(item))));
}

export function coverage(packs: PackResult[]): RequirementCoverage[] {
  const worst = ['interrupted', 'error', 'failed', 'passed', 'skipped'] as const;
  return REQUIREMENTS.map((r) => {
    const citing = packs.flatMap((p) => p.cases.filter((c) => c.requirements.includes(r.id)).map((c) => ({ id: `${p.id}/${c.id}`, verdict: c.verdict })));
    const verdict = citing.length === 0 ? 'not-covered' as const : worst.find((v) => citing.some((c) => c.verdict === v))!;
    return { id: r.id, title: r.title, source: r.source, cases: citing.map((c) => c.id), verdict };
  });
}

/** REP-03: what a case's checks rest on, by their basis (basis.ts). */
function restsOn(steps: StepResult[]): NonNullable<CaseResult['restsOn']> {
  const out = { sources: 0, modeled: 0, unstated: 0 };
  for (const check of steps.flatMap((s) => s.checks ?? [])) {
    if (check.basis === undefined) out.unstated++;
    else if (parseBasis(check.basis).kind === 'modeled') out.modeled++;
    else out.sources++;
  }
  return out;
}

/**
 * Against a Poligon sandbox, a simulator whose wire profile the sandbox publishes (FES: GET
 * /fes/control/v1/profile) signs and judges as the sandbox serves it, not as a local default; a profile
 * chosen locally (`--fes-profile`) that is not the served one is refused. A simulator pointed elsewhere
 * (`--target fes=URL`), or a sandbox that publishes none, keeps the local one.
 */
async function asTheTargetServes(simulators: Array<Simulator<any>>, chosen: ReadonlySet<string>, target: Target): Promise<{ simulators: Array<Simulator<any>>; publishedBy: Record<string, string> }> {
  const publishedBy: Record<string, string> = {};
  const adopted = await Promise.all(simulators.map(async (sim) => {
    const pub = sim.publishedWireProfile;
    if (!pub || target.overrides[sim.name] !== undefined) return sim;
    const url = `${target.root}/${sim.name}${pub.path}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(10_000), ...(target.adminToken === undefined ? {} : { headers: { authorization: `Bearer ${target.adminToken}` } }) });
    } catch (e) {
      throw new RunError(`the target's ${sim.name} profile could not be read (${url}): ${(e as Error).message}`);
    }
    // the sandbox does not serve this simulator, or publishes no profile (an older Poligon): the local one
    if (res.status === 404) return sim;
    let published: { name?: string; sha256?: string };
    try {
      if (!res.ok) throw new Error(`answered HTTP ${res.status}`);
      published = await res.json() as { name?: string; sha256?: string };
    } catch (e) {
      throw new RunError(`the target's ${sim.name} profile could not be read (${url}): ${(e as Error).message}`);
    }
    if (chosen.has(sim.name) && sim.wireProfile && sim.wireProfile.sha256 !== published.sha256) {
      throw new RunError(`the ${sim.name} profile given here, ${sim.wireProfile.name} (SHA-256 ${sim.wireProfile.sha256}), is not the one the target serves, `
        + `${String(published.name)} (SHA-256 ${String(published.sha256)}, ${url}): drop it to sign as the target serves, or serve the same profile there`);
    }
    try {
      publishedBy[sim.name] = url;
      return pub.adopt(published, url);
    } catch (e) {
      throw new RunError(`the target's ${sim.name} profile (${url}) cannot be used: ${(e as Error).message}`);
    }
  }));
  return { simulators: adopted, publishedBy };
}

export async function runPacks(options: RunOptions): Promise<RunReport> {
  // configured as the sandbox configures them (e.g. FES with its protocol profile): the run signs and judges alike
  const chosen = new Set<string>();
  let simulators = (options.simulators ?? builtinSimulators).map((sim) => {
    const configured = sim.configure?.(options.sandbox?.simulatorOptions?.[sim.name] ?? {});
    if (configured) chosen.add(sim.name);
    return configured ?? sim;
  });
  const runId = options.runId ?? newRunId();
  const seed = options.seed ?? 'poligon';
  const startedAt = new Date().toISOString();
  const { target, sandbox } = await resolveTarget(options, simulators);
  let publishedBy: Record<string, string> = {};
  if (target.kind === 'url' && target.sandbox) ({ simulators, publishedBy } = await asTheTargetServes(simulators, chosen, target));
  // masked by the names of the simulators this run uses, whatever another run or sandbox in the process uses
  const secrets = new SecretValues(SecretNames.of(simulators));
  if (options.adminToken !== undefined) secrets.add(options.adminToken);
  const packs: PackResult[] = new Array(options.packs.length);
  const run: RunContext = { runId, seed, target, vars: options.vars ?? {}, timeoutMs: options.timeoutMs ?? 30_000, simulators, schemas: sandboxSchemas(simulators), secrets, lang: options.lang ?? 'ru', observer: options.observer, options };
  // side by side, every case of every pack takes one of these slots while it runs
  const slots = new Slots(options.packsSideBySide ? options.concurrency ?? DEFAULT_CONCURRENCY : Infinity);
  const runPack = async (packIndex: number) => {
    const pack = options.packs[packIndex]!;
    const packStarted = new Date().toISOString();
    options.observer?.packStarted?.(pack);
    const results: CaseResult[] = new Array(pack.spec.cases.length);
    const exec = async (i: number) => { results[i] = await slots.hold(() => runCase(pack, packIndex, pack.spec.cases[i]!, run)); };
    const size = pack.spec.concurrency ?? options.concurrency ?? DEFAULT_CONCURRENCY;
    let batch: number[] = [];
    for (const [i, c] of pack.spec.cases.entries()) {
      if (canRunInParallel(pack, c)) { batch.push(i); continue; }
      await pool(batch, size, exec);
      batch = [];
      await exec(i);
    }
    await pool(batch, size, exec);
    const { id, version, title, system } = pack.spec;
    packs[packIndex] = {
      id, version, title, system, file: pack.file, sha256: pack.sha256, sut: packSut(pack, target, options),
      ...(pack.spec.translations ? { translations: pack.spec.translations } : {}),
      startedAt: packStarted, finishedAt: new Date().toISOString(), cases: results,
    };
  };
  try {
    const indexes = options.packs.map((_, i) => i);
    const alone = (i: number) => !options.packsSideBySide || options.packs[i]!.spec.namespace !== undefined;
    const sideBySide = await Promise.allSettled(indexes.filter((i) => !alone(i)).map(runPack));
    for (const r of sideBySide) if (r.status === 'rejected') throw r.reason;
    for (const i of indexes.filter(alone)) await runPack(i);
  } finally {
    await sandbox?.stop();
  }
  const all = packs.flatMap((p) => p.cases);
  const count = (v: string) => all.filter((c) => c.verdict === v).length;
  const summary = {
    total: all.length, passed: count('passed'), failed: count('failed'), error: count('error'), skipped: count('skipped'), interrupted: count('interrupted'),
    advisories: all.reduce((n, c) => n + c.steps.reduce((m, s) => m + (s.advisories?.length ?? 0), 0), 0),
    verdict: count('failed') + count('error') + count('interrupted') === 0 ? 'passed' as const : 'failed' as const,
  };
  const report: RunReport = {
    format: RUN_FORMAT, runId, tool: { name: 'poligon', version: PACKAGE_VERSION }, lang: options.lang ?? 'ru', seed,
    startedAt, finishedAt: new Date().toISOString(), target: { kind: target.kind, url: target.kind === 'embedded' ? 'embedded' : target.root, ...(Object.keys(target.overrides).length ? { overrides: target.overrides } : {}) },
    ...(options.operator ? { operator: options.operator } : {}), ...(options.signal?.aborted ? { interrupted: true } : {}),
    ...(options.carried ? { resumedFrom: options.carried.runId } : {}),
    wireProfiles: Object.fromEntries(simulators.flatMap((s) => (s.wireProfile ? [[s.name, { ...s.wireProfile, ...(publishedBy[s.name] ? { publishedBy: publishedBy[s.name] } : {}) }]] : []))),
    packs, summary, coverage: coverage(packs),
  };
  return JSON.parse(secrets.scrub(JSON.stringify(report))) as RunReport;
}
