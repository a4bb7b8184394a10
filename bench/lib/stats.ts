// Small number helpers for the benchmark.

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

export const mib = (bytes: number): number => round(bytes / (1024 * 1024), 1);
