// request (client mode): the runner plays the system under test, calls the target and judges the answer.
import { checkRefs, defineStep, type SpecProblem } from './handler.js';
import { sendAndJudge, type HttpStepSpec } from './http.js';

export const requestStep = defineStep<HttpStepSpec>({
  kind: 'request',
  schemaId: 'scenario/steps/request',
  check(spec, known) {
    const problems: SpecProblem[] = checkRefs(spec, known);
    if (!spec.simulator && !spec.url) problems.push({ pointer: '', message: 'needs "simulator" (the call goes to its mount in the case namespace) or "url"' });
    if (spec.body !== undefined && spec.form !== undefined) problems.push({ pointer: '/form', message: 'give "body" or "form", not both' });
    if (spec.auth?.signer !== undefined && !known.signers.has(spec.auth.signer)) {
      problems.push({ pointer: '/auth/signer', message: `unknown signer "${spec.auth.signer}"; known: ${[...known.signers].join(', ') || 'none yet'}` });
    }
    return problems;
  },
  describe: (spec) => spec.title ?? `${(spec.method ?? (spec.body ?? spec.form ? 'POST' : 'GET')).toUpperCase()} ${spec.simulator ? `/${spec.simulator}` : ''}${spec.path}`,
  run: (spec, ctx) => sendAndJudge(spec, ctx, spec.url ?? ctx.simulatorUrl(spec.simulator!), spec.simulator ?? new URL(spec.url!).host),
});
