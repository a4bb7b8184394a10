// What the Treasury (Казначейство России) does in GIS ES: decides program applications (§3.4.4)
// and blocks merchants (§3.4.12).
import type { Operation, SimulatorContext } from '../../src/engine/simulator.js';
import { emitMerchantBlocked } from './events.js';
import { GisErrors } from './errors.js';
import { assertOperable, planMerchantTransition, planPointTransition, planProgramTransition, type ProgramAction } from './machine.js';
import { own, type Application, type GisState, type Merchant } from './state.js';
import { checkProgramValid } from './programs.js';
import { getMerchant, getProgram, merchantView, pointsOf } from './views.js';

const TAG = 'Treasury (Казначейство)';
const ERR = (description: string) => ({ description, schema: 'gis/error' });
const REFUSED = ERR('Refused: already decided, blocked merchant, or a transition not allowed');

const DECISIONS: Record<Application['kind'], Record<'approve' | 'reject', ProgramAction>> = {
  CONNECT: { approve: 'approveConnection', reject: 'rejectConnection' },
  DISCONNECT: { approve: 'approveDisconnection', reject: 'rejectDisconnection' },
};

function decide(state: GisState, applicationId: string, decision: 'approve' | 'reject', reason: string | undefined, now: string): Application {
  const application = own(state.applications, applicationId);
  if (!application) throw GisErrors.APPLICATION_NOT_FOUND({ applicationId });
  if (application.status !== 'PENDING') throw GisErrors.APPLICATION_DECIDED({ applicationId, status: application.status });
  const merchant = getMerchant(state, application.merchantId);
  assertOperable(merchant);
  const status = planProgramTransition(DECISIONS[application.kind][decision], merchant, application.programCode);
  if (status === 'CONNECTED' && application.kind === 'CONNECT') checkProgramValid(getProgram(application.programCode), now);
  application.status = decision === 'approve' ? 'APPROVED' : 'REJECTED';
  application.decidedAt = now;
  if (reason !== undefined) application.reason = reason;
  // a rejected connection keeps its reason on the program (§3.4.4); any other decision clears it
  merchant.programs[application.programCode] =
    status === 'REJECTED' && reason !== undefined ? { status, rejectionReason: reason } : { status };
  merchant.updatedAt = now;
  return application;
}

/** GIS-14: BLOCKED, every point DISABLED; LK FES is told once for the merchant. */
export function blockMerchant(state: GisState, merchant: Merchant, reason: string, ctx: SimulatorContext): void {
  const status = planMerchantTransition('block', merchant);
  const points = pointsOf(state, merchant.id);
  const pointStatuses = points.map((p) => planPointTransition('merchantBlocked', merchant, p, ctx.clock.now())!);
  const now = ctx.clock.date().toISOString();
  merchant.status = status;
  merchant.blockReason = reason;
  merchant.updatedAt = now;
  points.forEach((p, i) => {
    p.status = pointStatuses[i]!;
    p.updatedAt = now;
  });
  emitMerchantBlocked(ctx, merchant);
}

export const treasuryOperations: Array<Operation<GisState>> = [
  {
    id: 'listApplications', method: 'get', path: '/api/v1/treasury/applications', tag: TAG,
    summary: 'Program applications (connect and disconnect), optionally by status',
    request: { query: 'gis/applications.query' },
    responses: { 200: { description: 'Applications', schema: 'gis/application.list' }, 400: ERR('Bad filter') },
    handle: ({ state, query }) => ({
      body: { applications: Object.values(state.applications).filter((a) => !query.status || a.status === query.status).map((a) => structuredClone(a)) },
    }),
  },
  {
    id: 'approveApplication', method: 'post', path: '/api/v1/treasury/applications/:applicationId/approve', tag: TAG,
    summary: 'Approve: a connection becomes CONNECTED, a disconnection NOT_CONNECTED (GIS-03, GIS-04)',
    responses: { 200: { description: 'Decided', schema: 'gis/application' }, 404: ERR('Unknown application'), 409: REFUSED },
    handle: ({ state, params, ctx }) => ({ body: decide(state, params.applicationId!, 'approve', undefined, ctx.clock.date().toISOString()) }),
  },
  {
    id: 'rejectApplication', method: 'post', path: '/api/v1/treasury/applications/:applicationId/reject', tag: TAG,
    summary: 'Reject with a reason: a connection becomes REJECTED, a disconnection leaves the program CONNECTED (GIS-03)',
    request: { body: 'gis/reason.request' },
    responses: { 200: { description: 'Decided', schema: 'gis/application' }, 400: ERR('No reason given'), 404: ERR('Unknown application'), 409: REFUSED },
    handle: ({ state, params, body, ctx }) =>
      ({ body: decide(state, params.applicationId!, 'reject', (body as { reason: string }).reason, ctx.clock.date().toISOString()) }),
  },
  {
    id: 'blockMerchant', method: 'post', path: '/api/v1/treasury/merchants/:merchantId/block', tag: TAG,
    summary: 'Block a merchant (e.g. struck off the register): BLOCKED, every point DISABLED (§3.4.12, GIS-14)',
    request: { body: 'gis/reason.request' },
    responses: { 200: { description: 'BLOCKED', schema: 'gis/merchant' }, 400: ERR('No reason given'), 404: ERR('Unknown merchant'), 409: REFUSED },
    handle: ({ state, params, body, ctx }) => {
      const merchant = getMerchant(state, params.merchantId!);
      assertOperable(merchant);
      blockMerchant(state, merchant, (body as { reason: string }).reason, ctx);
      return { body: merchantView(merchant) };
    },
  },
];
