/**
 * A record's own entry. Simulator state keeps entities in plain objects keyed by id (state must be
 * JSON), so an id like "__proto__" or "constructor" from a URL must not reach Object.prototype.
 */
export const own = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
