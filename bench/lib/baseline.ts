// The baselines' contract: one route answering one fixed JSON.

/** What both baselines answer: about the size of an FES echo answer. */
export const FIXED_ANSWER = JSON.stringify({ responseCode: '000', message: 'Poligon benchmark fixed answer', serverTime: '2026-01-01T00:00:00.000Z' });
/** Path both baselines answer on. */
export const BASELINE_PATH = '/echo';
/** What the load generator sends them. */
export const BASELINE_BODY = '{"ping":"benchmark"}';
