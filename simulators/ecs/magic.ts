// Magic identifiers that force an Appendix 7 result code whatever the state, so that a ticket system can
// rehearse every answer (03 and 04 are reserved by Appendix 7: only these values produce them).
//   clientCode  MAGIC01 … MAGIC08            (connection types 1 and 3)
//   clientSnils 00000000001 … 00000000008    (type 2; SNILS numbers this low carry no check number)
//   cardSeries  MAGIC + cardNumber 01 … 08   (types 1 and 3)
import type { PoligonError } from '../../src/engine/errors.js';
import { RESULT_CODE_ERRORS } from './errors.js';
import type { HolderQuery } from './model.js';

export const MAGIC_VALUES = {
  clientCode: (code: string) => `MAGIC${code}`,
  clientSnils: (code: string) => `000000000${code}`,
  card: (code: string) => ({ cardNumber: code, cardSeries: 'MAGIC' }),
};

function magicCode(q: HolderQuery): string | undefined {
  if (q.kind === 'clientCode') return /^MAGIC(0[1-8])$/.exec(q.clientCode)?.[1];
  if (q.kind === 'clientSnils') return /^000000000(0[1-8])$/.exec(q.clientSnils)?.[1];
  return q.cardSeries === 'MAGIC' ? /^(0[1-8])$/.exec(q.cardNumber)?.[1] : undefined;
}

/** The error a magic identifier selects, if it is one. */
export function magicResultCode(q: HolderQuery): PoligonError | undefined {
  const code = magicCode(q);
  return code ? RESULT_CODE_ERRORS[code]!({ reason: `magic value selecting result code ${code} (see docs/ecs.md)` }) : undefined;
}
