// Lookups that refuse unknown ids, and the JSON views the API answers with.
import { GisErrors } from './errors.js';
import { pointStatus } from './machine.js';
import { PROGRAM_CATALOGUE, findProgram, type Program } from './programs.js';
import { own, type GisState, type Merchant, type Point } from './state.js';

export function getMerchant(state: GisState, merchantId: string): Merchant {
  const merchant = own(state.merchants, merchantId);
  if (!merchant) throw GisErrors.MERCHANT_NOT_FOUND({ merchantId });
  return merchant;
}

/** The point and its merchant. */
export function getPoint(state: GisState, pointId: string): { point: Point; merchant: Merchant } {
  const point = own(state.points, pointId);
  if (!point) throw GisErrors.POINT_NOT_FOUND({ pointId });
  return { point, merchant: getMerchant(state, point.merchantId) };
}

export function getProgram(programCode: string): Program {
  const program = findProgram(programCode);
  if (!program) throw GisErrors.PROGRAM_NOT_FOUND({ programCode });
  return program;
}

export function merchantView(m: Merchant) {
  const { programs, ...rest } = structuredClone(m);
  return rest;
}

export function pointView(p: Point, now: number) {
  return { ...structuredClone(p), status: pointStatus(p, now) };
}

export function merchantProgramView(m: Merchant, program: Program) {
  const link = m.programs[program.code];
  return {
    code: program.code,
    name: program.name,
    access: program.access,
    status: link?.status ?? 'NOT_CONNECTED',
    ...(link?.rejectionReason !== undefined && { rejectionReason: link.rejectionReason }),
    ...(link?.applicationId !== undefined && { applicationId: link.applicationId }),
  };
}

export const merchantProgramsView = (m: Merchant) => ({
  merchantId: m.id,
  programs: PROGRAM_CATALOGUE.map((p) => merchantProgramView(m, p)),
});

export const pointsOf = (state: GisState, merchantId: string): Point[] =>
  Object.values(state.points).filter((p) => p.merchantId === merchantId);
