// A mistake in what the user typed or gave us (flag, environment variable, file): the CLI prints the
// message alone — no stack, no schema dump — and exits with 2.
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_USAGE = 2;
