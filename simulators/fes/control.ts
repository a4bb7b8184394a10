// Certificates and cards control (the Treasury registry's side, seed 001): issue a certificate bound
// to a Mir card, inspect balances, expire or exhaust it. Not part of the FES protocol: a test harness.
import { own } from '../../src/data/records.js';
import type { Operation } from '../../src/engine/simulator.js';
import { FesErrors } from './errors.js';
import { sha256Hex } from './protocol.js';
import { applyTime, availableQuantity, certificateView, getCertificate, newCertificateId, sharedKinds, sharedString, type Certificate, type Ctx, type FesState } from './state.js';

/** The card as a cash register sends it: the full PAN online, or the SHA-256 of the PAN from a terminal. */
export type CardInput = { pan: string } | { panHash: string };

export const panHashOf = (card: CardInput): string => ('pan' in card ? sha256Hex(card.pan) : card.panHash.toLowerCase());

export interface CertificateInput {
  certificateId?: string;
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
const NOT_FOUND = { 404: { description: 'Unknown certificate or card', schema: 'fes/error' } };

export const controlOperations: Array<Operation<FesState>> = [
  {
    id: 'controlIssueCertificate', method: 'post', path: '/control/v1/certificates', tag: TAG,
    summary: 'Issue a certificate bound to a Mir card',
    description: 'Names TRU kind codes, a quantity, a maximum price per unit (kopecks) and a validity (default: from now for one year).',
    request: { body: 'fes/control-certificate.issue.request' },
    responses: {
      201: { description: 'The certificate with its balance', schema: 'fes/control-certificate.response' },
      400: { description: 'Malformed request', schema: 'fes/error' }, 409: { description: 'Certificate id taken', schema: 'fes/error' },
      422: { description: 'Bad TRU kind or validity', schema: 'fes/error' },
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
      applyTime(state, ctx.clock.now());
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
      applyTime(state, now);
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
    id: 'controlGetCard', method: 'get', path: '/control/v1/cards/:pan', tag: TAG,
    summary: 'A card with all its certificates and balances',
    request: { params: 'fes/control-card.params' },
    responses: { 200: { description: 'The card', schema: 'fes/control-card.response' }, 400: { description: 'Not a Mir card number', schema: 'fes/error' }, ...NOT_FOUND },
    handle: ({ state, ctx, params }) => {
      const now = ctx.clock.now();
      applyTime(state, now);
      const panHash = sha256Hex(params.pan!);
      if (!own(state.cards, panHash)) throw FesErrors.CARD_NOT_FOUND({ last4: params.pan!.slice(-4) });
      return { body: cardView(state, panHash, now) };
    },
  },
];
