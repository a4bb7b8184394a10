// What an assertion rests on (its `basis`), and whether a failure of it may fail a system outside the
// sandbox. A basis is a kind, optionally followed by the reference or the reason:
//   regulation App. 7        the source document fixes it (seed 004: a § or an Appendix)
//   public-record §4.6       public integrator material (FES-PUBLIC-RECORD.md)
//   seed 000 §4.6            another seed document
//   modeled HTTP statuses    Poligon's own convention where the sources are silent
// Against the sandbox every check binds. Against an implementation outside it (`--target ecs=URL`),
// only binding kinds can fail a case; a failed check of a non-binding kind is reported as advice.
// Adding a kind: one entry here and the same word in schemas/scenario/common.json#/$defs/basis.
import type { Assertion, ResponseExpectation } from './types.js';

export const BASIS_KINDS = {
  regulation: { binding: true, label: 'regulation' },
  'public-record': { binding: true, label: 'public record' },
  seed: { binding: true, label: 'source document' },
  modeled: { binding: false, label: "Poligon's modeled convention" },
} as const;

export type BasisKind = keyof typeof BASIS_KINDS;

export interface ParsedBasis {
  kind: BasisKind;
  /** The § / Appendix, or the reason (for modeled). */
  detail?: string;
}

export function parseBasis(basis: string): ParsedBasis {
  const m = /^([a-z-]+)(?:\s+(.+))?$/s.exec(basis.trim());
  const kind = m?.[1] as BasisKind | undefined;
  if (!kind || !(kind in BASIS_KINDS)) throw new Error(`unknown basis "${basis}"; a basis starts with one of ${Object.keys(BASIS_KINDS).join(', ')}`);
  return m![2] ? { kind, detail: m![2].trim() } : { kind };
}

/** A check without a basis binds (packs written before bases existed keep judging as they did). */
export function isBinding(basis: string | undefined): boolean {
  return basis === undefined || BASIS_KINDS[parseBasis(basis).kind].binding;
}

/** The basis each part of an expectation rests on: the part's own, else the expectation's. */
export function statusBasis(expect: ResponseExpectation | undefined): string | undefined {
  return expect?.statusBasis ?? expect?.basis;
}

export function assertionBasis(a: Assertion, expect: { basis?: string } | undefined): string | undefined {
  return a.basis ?? expect?.basis;
}

/** Why a failed check is only advice against an outside implementation (for the reports). */
export function advisoryReason(basis: string): string {
  const { kind, detail } = parseBasis(basis);
  return `advisory: rests on ${BASIS_KINDS[kind].label}${detail ? ` (${detail})` : ''}, not on what the regulation fixes`;
}
