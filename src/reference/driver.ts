// The reference client as a driver (src/scenario/driver.ts): it receives each await step's structured
// action like any vendor's harness and carries it out with the reference cash register (fes.*) or the
// reference ticket system (ecs.*), so every CI run of the observe-mode packs exercises the protocol.
// It keeps one session per run and case (what a till or ticket system remembers: keys, baskets, the
// last request, receipts) and forgets it when the case ends.
import { httpRequest } from '../client/http.js';
import type { ActionMessage, Driver, DriverAction, DriverAnswer, DriverIdentity } from '../scenario/driver.js';
import type { RunOptions } from '../scenario/runner.js';
import { ecsActions } from './scripts/ecs.js';
import { fesActions } from './scripts/fes-certification.js';

/** Where an action runs: the case's namespace on the sandbox. */
export interface ActEnv {
  /** Base URL of a simulator in the case namespace, e.g. url('fes'). */
  url(simulator: string): string;
  /** The namespace's virtual now in ms (what the sandbox checks timestamps against). */
  now(): Promise<number>;
}

/** The reference client's part for one system: a session per case and how it carries out each action. */
export interface ActionPlayer<S> {
  session(env: ActEnv): S;
  perform(action: DriverAction, session: S, env: ActEnv): Promise<unknown>;
}

const PLAYERS: Record<string, ActionPlayer<any>> = { fes: fesActions, ecs: ecsActions };

export class ReferenceClientDriver implements Driver {
  readonly identity: DriverIdentity = { kind: 'reference-client', name: 'Poligon reference client (src/reference)' };
  private readonly sessions = new Map<string, { env: ActEnv; session: unknown }>();

  /** `adminToken`: what reading the namespace's clock on a guarded sandbox takes. */
  constructor(private readonly options: { adminToken?: string } = {}) {}

  plays(_packId: string, system: string): boolean {
    return system in PLAYERS;
  }

  async perform(message: ActionMessage): Promise<DriverAnswer> {
    const system = message.action.do.split('.')[0]!;
    const player = PLAYERS[system];
    if (!player) return { result: 'cannot', reason: `the reference client plays ${Object.keys(PLAYERS).join(' and ')}, not ${system}` };
    const key = `${message.runId}/${message.pack}/${message.case}/${system}`;
    let held = this.sessions.get(key);
    if (!held) {
      const env: ActEnv = {
        url: (simulator) => message.sandbox.urls[simulator] ?? `${message.sandbox.root}/ns/${message.sandbox.namespace}/${simulator}`,
        now: async () => {
          const headers = this.options.adminToken === undefined ? undefined : { authorization: `Bearer ${this.options.adminToken}` };
          return Date.parse((JSON.parse((await httpRequest({ method: 'GET', url: message.sandbox.clock, headers })).text) as { now: string }).now);
        },
      };
      held = { env, session: player.session(env) };
      this.sessions.set(key, held);
    }
    try {
      await player.perform(message.action, held.session, held.env);
      return { result: 'done' };
    } catch (e) {
      return { result: 'failed', reason: (e as Error).message };
    }
  }

  caseFinished(runId: string, packId: string, caseId: string): void {
    for (const key of this.sessions.keys()) if (key.startsWith(`${runId}/${packId}/${caseId}/`)) this.sessions.delete(key);
  }
}

/** Run options with the reference client playing every observe-mode case of the fes and ecs packs. */
export function withReferenceClient(options: RunOptions): RunOptions {
  return { ...options, driver: new ReferenceClientDriver() };
}
