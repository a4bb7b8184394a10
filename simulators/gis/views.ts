// Lookups that refuse unknown ids, and the JSON views the API answers with.
import { GisErrors } from './errors.js';
import { pointStatus } from './machine.js';
import { PROGRAM_CATALOGUE, findProgram, type Program } from './programs.js';
import { own, type Coordinates, type GisState, type Merchant, type Point } from './state.js';

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

const RECOMMENDED_DECIMALS = 3;

/** §3.4.5 recommends (does not require) at least 3 decimals: fewer are kept, with a warning in every answer about the point. */
export function coordinateWarnings(c: Coordinates | undefined): string[] {
  if (!c) return [];
  return (['latitude', 'longitude'] as const)
    .map((axis) => ({ axis, value: c[axis], decimals: c[axis].split('.')[1]?.length ?? 0 }))
    .filter(({ decimals }) => decimals < RECOMMENDED_DECIMALS)
    .map(({ axis, value, decimals }) =>
      `${axis} ${value} has ${decimals} decimal${decimals === 1 ? '' : 's'}; at least ${RECOMMENDED_DECIMALS} are recommended (§3.4.5): the public map places the point by its coordinates`);
}

export function pointView(p: Point, now: number) {
  const warnings = coordinateWarnings(p.coordinates);
  return { ...structuredClone(p), status: pointStatus(p, now), ...(warnings.length > 0 && { warnings }) };
}

export function merchantProgramView(m: Merchant, program: Program) {
  const link = m.programs[program.code];
  return {
    code: program.code,
    name: program.name,
    access: program.access,
    validFrom: program.validFrom,
    validTo: program.validTo,
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
