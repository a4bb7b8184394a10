// TRU codes (seed 000 §2.2): the kind code is `NNNNNNNNN.NNNNNNNNN` (19 chars); the full code appends
// manufacturer YYYY, model MMMM and OKSM country ZZZ (30 chars, only the first dot kept).

export const TRU_KIND_PATTERN = /^\d{9}\.\d{9}$/;
export const TRU_FULL_PATTERN = /^\d{9}\.\d{20}$/;

/** The production-test TRU of seed 000 §4.6: a basket holding it gets response 513 at the terminal. */
export const PRODUCTION_TEST_TRU = '999999999.99999999900000000000';

export const isTruKind = (code: string): boolean => TRU_KIND_PATTERN.test(code);
export const isTruFull = (code: string): boolean => TRU_FULL_PATTERN.test(code);

/** The kind code a full code belongs to: its first 19 characters. */
export const truKindOf = (fullCode: string): string => fullCode.slice(0, 19);

/** Explains what is wrong with a TRU code, or returns undefined when it is well formed. */
export function describeTruProblem(code: unknown, expect: 'kind' | 'full'): string | undefined {
  if (typeof code !== 'string') return `a TRU ${expect} code must be a string`;
  const ok = expect === 'kind' ? isTruKind(code) : isTruFull(code);
  if (ok) return undefined;
  return expect === 'kind'
    ? `TRU kind code must be 19 characters NNNNNNNNN.NNNNNNNNN (9 digits, a dot, 9 digits); got "${code}" (${code.length} chars)`
    : `full TRU code must be 30 characters NNNNNNNNN.NNNNNNNNNYYYYMMMMZZZ (9 digits, a dot, 20 digits; zero-fill what is unknown); got "${code}" (${code.length} chars)`;
}

export function fullTru(kind: string, manufacturer = '0000', model = '0000', country = '000'): string {
  return `${kind}${manufacturer}${model}${country}`;
}
