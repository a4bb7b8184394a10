// control: sets the sandbox up for a case — reset, clock, faults (admin shorthands), or any call to
// the admin API (path without simulator, below /__admin) or to a simulator's control API.
import type { FaultRuleInput } from '../../engine/faults.js';
import type { ResponseExpectation } from '../types.js';
import { durationMs } from '../vars.js';
import { checkRefs, defineStep, type SpecProblem, type StepOutcome } from './handler.js';
import { sendAndJudge, type HttpStepSpec } from './http.js';
import { engineMessage } from '../../reports/i18n.js';

type ControlObject = Omit<HttpStepSpec, 'path'> & {
  path?: string;
  reset?: boolean | { demo?: boolean };
  clock?: { advance?: number | string; set?: string };
  fault?: FaultRuleInput;
  clearFaults?: true;
  expect?: ResponseExpectation;
};
type ControlSpec = 'reset' | 'reset-empty' | 'clear-faults' | 'clear-journal' | ControlObject;

const ACTIONS = ['reset', 'clock', 'fault', 'clearFaults', 'path'] as const;

function normalize(spec: ControlSpec): ControlObject {
  switch (spec) {
    case 'reset': return { reset: true };
    case 'reset-empty': return { reset: { demo: false } };
    case 'clear-faults': return { clearFaults: true };
    case 'clear-journal': return { method: 'DELETE', path: '/journal' };
    default: return spec;
  }
}

function describe(spec: ControlSpec): string {
  const c = normalize(spec);
  if (c.title) return c.title;
  if (c.reset !== undefined) return typeof c.reset === 'object' && c.reset.demo === false ? 'reset (empty world)' : 'reset';
  if (c.clock) return c.clock.advance !== undefined ? `clock +${c.clock.advance}` : `clock = ${c.clock.set}`;
  if (c.fault) return `fault ${c.fault.kind} on ${c.fault.operation}`;
  if (c.clearFaults) return 'clear faults';
  return `${(c.method ?? (c.body !== undefined ? 'POST' : 'GET')).toUpperCase()} ${c.simulator ? `/${c.simulator}` : '/__admin'}${c.path}`;
}

export const controlStep = defineStep<ControlSpec>({
  kind: 'control',
  schemaId: 'scenario/steps/control',
  check(spec, known) {
    if (typeof spec === 'string') return [];
    const given = ACTIONS.filter((a) => spec[a] !== undefined);
    const problems: SpecProblem[] = given.length === 1 ? [] : [{ pointer: '', message: `needs exactly one action of ${ACTIONS.join(', ')} (found ${given.join(', ') || 'none'})` }];
    return [...problems, ...checkRefs(spec, known)];
  },
  describe,
  async run(spec, ctx): Promise<StepOutcome> {
    const c = normalize(spec);
    if (c.path !== undefined) {
      ctx.requireAdmin(c.simulator ? engineMessage('engine.what.controlCall', { simulator: c.simulator }) : engineMessage('engine.what.adminCall'), c.simulator);
      const base = c.simulator ? ctx.simulatorUrl(c.simulator) : ctx.adminUrl('');
      const headers = c.simulator ? c.headers : { ...ctx.adminHeaders(), ...c.headers };
      return sendAndJudge({ ...c, headers, path: c.path, expect: c.expect ?? { status: [200, 201, 204] } }, ctx, base, c.simulator ?? '__admin');
    }
    // a fault names its simulator; a clock step may name the simulator whose time it is about: either is
    // skipped when that simulator is an implementation outside the sandbox (--target ecs=URL)
    const admin = ctx.requireAdmin(describe(spec), c.simulator ?? c.fault?.operation.split('.')[0]);
    let done: string;
    if (c.reset !== undefined) {
      await admin.reset(typeof c.reset === 'object' ? c.reset : {});
      done = `namespace ${ctx.namespace} reset`;
    }
    else if (c.clock?.advance !== undefined) done = `virtual time ${(await admin.advanceClock(durationMs(c.clock.advance, 0))).now}`;
    else if (c.clock?.set !== undefined) done = `virtual time ${(await admin.setClock(c.clock.set)).now}`;
    else if (c.fault) done = `${(await admin.addFault(c.fault)).id} set`;
    else {
      await admin.clearFaults();
      done = 'faults cleared';
    }
    return { expected: [describe(spec)], actual: [done], failures: [] };
  },
});
