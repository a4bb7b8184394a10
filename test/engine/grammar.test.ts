// One duration grammar for the admin clock and the packs, and one equality for pack assertions in
// which an object's key order does not matter.
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/engine/clock.js';
import { packageSchemas } from '../../src/engine/schemas.js';
import { holds } from '../../src/scenario/values.js';
import { durationMs } from '../../src/scenario/vars.js';

const MINUTES_30 = 30 * 60 * 1000;

describe('durations', () => {
  it('the admin clock, the pack schema and the pack runner take the same forms', () => {
    const registry = packageSchemas(['admin/clock.request', 'duration']);
    for (const [text, ms] of [['PT30M', MINUTES_30], ['30m', MINUTES_30], ['1800s', MINUTES_30], ['1800000', MINUTES_30], ['P1DT2H', 26 * 3_600_000], ['500ms', 500]] as const) {
      expect(parseDuration(text), text).toBe(ms);
      expect(durationMs(text, 0), text).toBe(ms);
      expect(registry.validate('admin/clock.request', { advance: text }), text).toEqual([]);
      expect(registry.validate('duration', text), text).toEqual([]);
    }
  });

  it('refuses the same things everywhere', () => {
    const registry = packageSchemas(['duration']);
    for (const text of ['P', 'PT', '30 minutes', '-5s', '1w']) {
      expect(() => parseDuration(text), text).toThrow(/is not a duration/);
      expect(() => durationMs(text, 0), text).toThrow(/is not a duration/);
      expect(registry.validate('duration', text), text).not.toEqual([]);
    }
  });
});

describe('pack equality', () => {
  it('equals ignores the order of an object\'s keys, not of an array\'s items', () => {
    expect(holds({ a: 1, b: { c: 2, d: 3 } }, [{ pointer: '', equals: { b: { d: 3, c: 2 }, a: 1 } }])).toBe(true);
    expect(holds({ list: [1, 2] }, [{ pointer: '/list', equals: [2, 1] }])).toBe(false);
    expect(holds({ a: 1, b: 2 }, [{ pointer: '', notEquals: { b: 2, a: 1 } }])).toBe(false);
  });
});
