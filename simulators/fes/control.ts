// Certificates and cards control (the Treasury registry's side, seed 001): issue a certificate bound
// to a Mir card, inspect balances, expire or exhaust it; and the касса's protocol version as LK FES
// sets it. Not part of the FES protocol: a test harness.
import { own } from '../../src/data/records.js';
import type { Operation } from '../../src/engine/simulator.js';
import { FesErrors } from './errors.js';
import { MODELED_PROFILE, type LoadedProfile } from './profile.js';
import { DEFAULT_PROTOCOL_VERSION, sha256Hex, type ProtocolVersion } from './protocol.js';
import { availableQuantity, certificateView, chooseProtocolVersion, getCashRegister, getCertificate, newCertificateId, sharedKinds, sharedString, type Certificate, type Ctx, type FesState } from './state.js';

export interface CertificateInput {
  certificateId?: string;
  comment?: string;
  pan: string;
  truKinds: string[];
  quantity: number;
  maxUnitPrice: number;
  validFrom?: string;
  validTo?: string;
}

const YEAR_MS = 365 * 24 * 60 * 60_000;

/** Issues a certificate (TRU kinds already checked by the schema), creating the card record on first use. */
export function issueCertificate(state: FesState, ctx: Ctx, input: CertificateInput): Certificate {
  const now = ctx.clock.now();
  const validFrom = sharedString(input.validFrom ?? new Date(now).toISOString());
  const validTo = sharedString(input.validTo ?? new Date(Date.parse(validFrom) + YEAR_MS).toISOString());
  if (Date.parse(validTo) <= Date.parse(validFrom)) throw FesErrors.CERTIFICATE_INVALID({ problem: `validTo ${validTo} must be after validFrom ${validFrom}` });
  if (input.certificateId && own(state.certificates, input.certificateId)) throw FesErrors.ALREADY_EXISTS({ what: 'Certificate', id: input.certificateId });

  const hash = sha256Hex(input.pan);
  const card = own(state.cards, hash) ?? (state.cards[hash] = { last4: input.pan.slice(-4), certificateIds: [] });
  // the string the card's first certificate holds, not a fresh copy per certificate: 100,000 make it count
  const panHash = card.certificateIds.length ? state.certificates[card.certificateIds[0]!]!.panHash : hash;
  const cert: Certificate = {
    id: input.certificateId ?? newCertificateId(state, ctx.random),
    ...(input.comment === undefined ? {} : { comment: input.comment }),
    panHash, truKinds: sharedKinds([...new Set(input.truKinds)]), quantity: input.quantity, maxUnitPrice: input.maxUnitPrice,
    validFrom, validTo, used: 0, reserved: 0,
  };
  state.certificates[cert.id] = cert;
  // concat allocates exactly the slots needed; push would grow a card's first list to 17 slots (150 bytes)
  card.certificateIds = card.certificateIds.concat(cert.id);
  return cert;
}

const cardView = (state: FesState, panHash: string, now: number) => {
  const card = state.cards[panHash]!;
  return { last4: card.last4, panHash, certificates: card.certificateIds.map((id) => certificateView(state.certificates[id]!, now)) };
};

const TAG = 'Certificates & cards control (sandbox)';

/**
 * FES-15: the version LK FES keeps for the касса (its field, set by the merchant admin with
 * POST /lk/v1/cash-registers/{id}/protocol-version); this sandbox shortcut needs no LK session.
 */
export function setProtocolVersion(state: FesState, cashRegisterId: string, version: ProtocolVersion) {
  const cr = getCashRegister(state, cashRegisterId);
  chooseProtocolVersion(cr, version);
  return { cashRegisterId: cr.id, protocolVersion: cr.protocolVersion ?? DEFAULT_PROTOCOL_VERSION };
}
const NOT_FOUND = { 404: { description: 'Unknown certificate or card', schema: 'fes/refusal' } };

export const controlOperations: Array<Operation<FesState>> = [
  {
    id: 'controlIssueCertificate', method: 'post', path: '/control/v1/certificates', tag: TAG,
    summary: 'Issue a certificate bound to a Mir card',
    description: 'Names TRU kind codes, a quantity, a maximum price per unit (kopecks) and a validity (default: from now for one year).',
    request: { body: 'fes/control-certificate.issue.request' },
    responses: {
      201: { description: 'The certificate with its balance', schema: 'fes/control-certificate.response' },
      400: { description: 'Malformed request', schema: 'fes/refusal' }, 409: { description: 'Certificate id taken', schema: 'fes/refusal' },
      422: { description: 'Bad TRU kind or validity', schema: 'fes/refusal' },
    },
    handle: ({ state, ctx, body }) => {
      const cert = issueCertificate(state, ctx, body as CertificateInput);
      return { status: 201, body: { ...certificateView(cert, ctx.clock.now()), cardLast4: state.cards[cert.panHash]!.last4 } };
    },
  },
  {
    id: 'controlGetCertificate', method: 'get', path: '/control/v1/certificates/:certificateId', tag: TAG,
    summary: 'Inspect a certificate: quantity left, reserved, used, awaiting Treasury processing',
    request: { params: 'fes/control-certificate.params' },
    responses: { 200: { description: 'The certificate', schema: 'fes/control-certificate.response' }, ...NOT_FOUND },
    handle: ({ state, ctx, params }) => {
      const cert = getCertificate(state, params.certificateId!);
      return { body: { ...certificateView(cert, ctx.clock.now()), cardLast4: state.cards[cert.panHash]!.last4 } };
    },
  },
  {
    id: 'controlCertificateAction', method: 'post', path: '/control/v1/certificates/:certificateId/:action', tag: TAG,
    summary: 'Expire a certificate now, or exhaust what is left of it',
    description: 'expire: validity ends now (baskets already approved keep their reservation). exhaust: the quantity left becomes 0 (as if used elsewhere).',
    request: { params: 'fes/control-certificate-action.params' },
    responses: { 200: { description: 'The certificate', schema: 'fes/control-certificate.response' }, ...NOT_FOUND },
    handle: ({ state, ctx, params }) => {
      const now = ctx.clock.now();
      const cert = getCertificate(state, params.certificateId!);
      if (params.action === 'expire') {
        cert.validTo = new Date(now - 1).toISOString();
        if (Date.parse(cert.validFrom) > now - 1) cert.validFrom = cert.validTo;
      } else {
        cert.used += availableQuantity(cert, now);
      }
      return { body: { ...certificateView(cert, now), cardLast4: state.cards[cert.panHash]!.last4 } };
    },
  },
  {
    id: 'controlSetProtocolVersion', method: 'post', path: '/control/v1/cash-registers/:cashRegisterId/protocol-version', tag: TAG,
    summary: 'Sandbox shortcut: set the касса\'s protocol version (V1 default, V2) without an LK FES session (the merchant admin\'s LK call is POST /lk/v1/cash-registers/{cashRegisterId}/protocol-version)',
    description: 'V2 requires the card\'s PAR on the calls that name a card, and the receipt date-time as yyyyMMdd\'T\'HHmm (public record). The setting is per касса.',
    request: { params: 'fes/control-cash-register.params', body: 'fes/control-protocol-version.request' },
    responses: {
      200: { description: 'The касса\'s version now', schema: 'fes/control-protocol-version.response' },
      400: { description: 'Not 1 or 2', schema: 'fes/refusal' }, 404: { description: 'Unknown касса', schema: 'fes/refusal' },
    },
    handle: ({ state, params, body }) => ({ body: setProtocolVersion(state, params.cashRegisterId!, (body as { protocolVersion: ProtocolVersion }).protocolVersion) }),
  },
  {
    id: 'controlGetCard', method: 'get', path: '/control/v1/cards/:pan', tag: TAG,
    summary: 'A card with all its certificates and balances',
    request: { params: 'fes/control-card.params' },
    responses: { 200: { description: 'The card', schema: 'fes/control-card.response' }, 400: { description: 'Not a Mir card number', schema: 'fes/refusal' }, ...NOT_FOUND },
    handle: ({ state, ctx, params }) => {
      const now = ctx.clock.now();
      const panHash = sha256Hex(params.pan!);
      if (!own(state.cards, panHash)) throw FesErrors.CARD_NOT_FOUND({ last4: params.pan!.slice(-4) });
      return { body: cardView(state, panHash, now) };
    },
  },
];

/** GET /control/v1/profile: which FES protocol profile this sandbox serves, so a client can be set up alike. */
export function profileOperation(loaded: LoadedProfile): Operation<FesState> {
  return {
    id: 'controlGetProfile', method: 'get', path: '/control/v1/profile', tag: TAG,
    summary: 'The FES protocol profile this sandbox serves: name, SHA-256 and content (paths, headers, MAC, statuses, result codes)',
    responses: { 200: { description: 'The profile', schema: 'fes/control-profile.response' } },
    handle: () => ({ body: { name: loaded.profile.name, sha256: loaded.sha256, modeled: loaded.sha256 === MODELED_PROFILE.sha256, profile: loaded.profile } }),
  };
}
