// request (client mode): the runner plays the system under test, calls the target and judges the answer.
// The call names a path, or an operation of the simulator whose method and path the served
// configuration gives (FES: the active protocol profile), so one pack runs under every profile.
import type { CaseContext } from '../context.js';
import { checkRefs, defineStep, type SpecProblem } from './handler.js';
import { sendAndJudge, type CanonicalNames, type HttpStepSpec } from './http.js';

/**
 * A step that names an operation, as the run's (configured) simulator serves it: its method and path,
 * the body under the wire's field names, and how to read the answer in the pack's (canonical) names.
 */
function asServed(spec: HttpStepSpec, ctx: CaseContext): { spec: HttpStepSpec; names?: CanonicalNames } {
  const op = ctx.simulators.find((s) => s.name === spec.simulator)?.operations.find((o) => o.id === spec.operation);
  if (!op) throw new Error(`simulator ${spec.simulator} has no operation ${spec.operation}`);
  if (op.path.includes(':')) throw new Error(`operation ${spec.simulator}.${spec.operation} has path parameters (${op.path}): name its path instead`);
  const route = { method: op.method.toUpperCase(), path: op.path };
  const rename = op.rename;
  if (!rename) return { spec: { ...spec, ...route } };
  const body = spec.body === undefined || typeof spec.body === 'string' ? spec.body : rename('request', spec.body, 'wire');
  return { spec: { ...spec, ...route, body }, names: { request: (b) => rename('request', b, 'canonical'), response: (b) => rename('response', b, 'canonical') } };
}

export const requestStep = defineStep<HttpStepSpec>({
  kind: 'request',
  schemaId: 'scenario/steps/request',
  check(spec, known) {
    const problems: SpecProblem[] = checkRefs(spec, known);
    if (!spec.simulator && !spec.url) problems.push({ pointer: '', message: 'needs "simulator" (the call goes to its mount in the case namespace) or "url"' });
    if (spec.body !== undefined && spec.form !== undefined) problems.push({ pointer: '/form', message: 'give "body" or "form", not both' });
    if ((spec.path === undefined) === (spec.operation === undefined)) problems.push({ pointer: '', message: 'needs "path", or "operation" (its method and path are the served ones, e.g. the FES profile\'s), not both' });
    if (spec.operation !== undefined) {
      if (spec.method !== undefined) problems.push({ pointer: '/method', message: 'an operation brings its own method: drop "method"' });
      if (!spec.simulator) problems.push({ pointer: '/operation', message: 'an operation needs its "simulator"' });
      else if (known.operations.has(spec.simulator) && !known.operations.get(spec.simulator)!.has(spec.operation)) {
        problems.push({ pointer: '/operation', message: `simulator ${spec.simulator} has no operation "${spec.operation}"; known: ${[...known.operations.get(spec.simulator)!].join(', ')}` });
      }
    }
    if (spec.auth?.signer !== undefined && !known.signers.has(spec.auth.signer)) {
      problems.push({ pointer: '/auth/signer', message: `unknown signer "${spec.auth.signer}"; known: ${[...known.signers].join(', ') || 'none yet'}` });
    }
    return problems;
  },
  describe: (spec) => spec.title ?? (spec.operation !== undefined ? `${spec.simulator}.${spec.operation}`
    : `${(spec.method ?? (spec.body ?? spec.form ? 'POST' : 'GET')).toUpperCase()} ${spec.simulator ? `/${spec.simulator}` : ''}${spec.path}`),
  run: (spec, ctx) => {
    const served = spec.operation === undefined ? { spec } : asServed(spec, ctx);
    return sendAndJudge(served.spec, ctx, spec.url ?? ctx.simulatorUrl(spec.simulator!), spec.simulator ?? new URL(spec.url!).host, served.names);
  },
});
