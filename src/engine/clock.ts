// A virtual clock per namespace: real time plus an offset that tests move forward, so that a basket's
// 30-minute life or a token's hour can pass in a millisecond. It never runs backwards.

/** How far a namespace's clock may be from real time: beyond it dates stop being dates (and JSON). */
export const MAX_CLOCK_OFFSET_MS = 100 * 365.25 * 864e5;

/** Why `offsetMs` is not a usable clock offset, or undefined. */
export function clockOffsetProblem(offsetMs: unknown): string | undefined {
  if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs)) return 'the clock offset must be a finite number of milliseconds';
  if (Math.abs(offsetMs) > MAX_CLOCK_OFFSET_MS) return `the clock would be more than 100 years from real time (offset ${offsetMs} ms)`;
  return undefined;
}

export class VirtualClock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward: give a duration of 0 or more');
    const problem = clockOffsetProblem(this.offsetMs + ms);
    if (problem) throw new RangeError(problem);
    this.offsetMs += ms;
  }

  /** Moves the clock to `at`; a time in the past is refused. */
  set(at: number): void {
    const delta = at - this.now();
    if (Number.isNaN(delta)) throw new RangeError('not a date');
    if (delta < 0) throw new RangeError(`cannot set the clock back to ${new Date(at).toISOString()}; it is ${this.date().toISOString()}`);
    const problem = clockOffsetProblem(this.offsetMs + delta);
    if (problem) throw new RangeError(problem);
    this.offsetMs += delta;
  }

  get offset(): number {
    return this.offsetMs;
  }

  restoreOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}

/** Parses "90s", "30m", "2h", "1d", "1500" (ms) or an ISO-8601 duration like "PT30M". */
/**
 * A simulator option that is a duration (e.g. simulatorOptions.fes.lkSessionLifetime): `fallback` when
 * absent; throws an Error naming the option (`where`, e.g. "simulatorOptions.fes.lkSessionLifetime").
 */
export function durationSetting(value: unknown, fallback: string, where: string): number {
  const given = value ?? fallback;
  if (typeof given !== 'string' && typeof given !== 'number') throw new Error(`${where} must be a duration such as "${fallback}", got ${JSON.stringify(given)}`);
  try {
    const ms = parseDuration(given);
    if (ms < 0) throw new RangeError('it is negative');
    return ms;
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
}

export function parseDuration(input: string | number): number {
  if (typeof input === 'number') return input;
  const simple = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(input.trim());
  if (simple) {
    const n = Number(simple[1]);
    const unit = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[simple[2] ?? 'ms']!;
    return n * unit;
  }
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(input.trim());
  if (iso && input.trim() !== 'P' && input.trim() !== 'PT') {
    const [, d, h, m, s] = iso;
    return Number(d ?? 0) * 864e5 + Number(h ?? 0) * 36e5 + Number(m ?? 0) * 6e4 + Number(s ?? 0) * 1e3;
  }
  throw new RangeError(`"${input}" is not a duration: use e.g. 1500, 90s, 30m, 2h, 1d or PT30M`);
}
