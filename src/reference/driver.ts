// Plays the system under test for observe-mode packs, so CI runs them with no person present. A pack
// script holds, per case id, one act per `await` step in the order they come: when the runner prints an
// await step's instructions (RunObserver.say), the driver performs that step's act in the case's
// namespace — after the control steps before it have run, as an operator would. A failing act is
// reported on stderr; the await step then times out and the case fails saying what it waited for.
import { AdminClient } from '../client/admin-client.js';
import type { RunObserver, RunOptions } from '../scenario/runner.js';
import type { CaseSpec, LoadedPack } from '../scenario/types.js';

/** Where an act runs: the case's namespace on the sandbox. */
export interface ActEnv {
  /** Base URL of a simulator in the case namespace, e.g. url('fes'). */
  url(simulator: string): string;
  admin: AdminClient;
  /** The namespace's virtual now in ms (what the sandbox checks timestamps against). */
  now(): Promise<number>;
}

export type Act<S> = (session: S, env: ActEnv) => Promise<unknown>;

/** The reference client's part in one pack: a session per case (its memory) and acts per case id. */
export interface PackScript<S> {
  session(env: ActEnv): S;
  cases: Record<string, Array<Act<S>>>;
}

interface CaseRun {
  env: ActEnv;
  session: unknown;
  next: number;
  /** Acts run one after another, each after its await step began. */
  chain: Promise<unknown>;
}

export class ReferenceClientDriver implements RunObserver {
  private readonly runs = new Map<string, CaseRun>();

  constructor(
    private readonly scripts: Record<string, PackScript<any>>,
    private readonly forward: RunObserver = {},
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  playsSut(pack: LoadedPack): boolean {
    return pack.spec.id in this.scripts;
  }

  packStarted(pack: LoadedPack): void {
    this.forward.packStarted?.(pack);
  }

  caseStarted(pack: LoadedPack, c: CaseSpec): void {
    this.forward.caseStarted?.(pack, c);
  }

  caseFinished(pack: LoadedPack, result: Parameters<NonNullable<RunObserver['caseFinished']>>[1]): void {
    this.runs.delete(`${pack.spec.id}/${result.id}`);
    this.forward.caseFinished?.(pack, result);
  }

  say(pack: LoadedPack, c: CaseSpec, text: string, where: Parameters<NonNullable<RunObserver['say']>>[3]): void {
    this.forward.say?.(pack, c, text, where);
    const script = this.scripts[pack.spec.id];
    const acts = script?.cases[c.id];
    if (!script || !acts) return;
    const key = `${pack.spec.id}/${c.id}`;
    let run = this.runs.get(key);
    if (!run) {
      const admin = new AdminClient(where.root, where.namespace);
      const env: ActEnv = {
        url: (simulator) => admin.url(simulator),
        admin,
        now: async () => Date.parse((await admin.clock()).now),
      };
      run = { env, session: script.session(env), next: 0, chain: Promise.resolve() };
      this.runs.set(key, run);
    }
    const index = run.next++;
    const act = acts[index];
    if (!act) {
      this.log(`reference client: ${key} has no act for await step ${index + 1}`);
      return;
    }
    const { env, session } = run;
    run.chain = run.chain.then(() => act(session, env)).catch((e: unknown) => {
      this.log(`reference client: ${key}, act ${index + 1} failed: ${(e as Error).message}`);
    });
  }
}

/** Run options with the reference client playing every observe-mode case it has a script for. */
export function withReferenceClient(options: RunOptions, scripts: Record<string, PackScript<any>>): RunOptions {
  return { ...options, observer: new ReferenceClientDriver(scripts, options.observer) };
}
