// Snapshots of large worlds (issue 7, bench/RESULTS.md): copies keep JSON's semantics, and PUT takes
// back a snapshot far larger than the admin API's ordinary body limit.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneJson } from '../../src/engine/json.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { counterSimulator } from './fixtures/counter.js';

describe('cloneJson', () => {
  it('copies exactly what a JSON round trip would, detached from the original', () => {
    const samples: unknown[] = [
      { a: 1, skipped: undefined, list: [1, undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY], at: new Date(0), nested: { n: null, s: 'x' } },
      { custom: { toJSON: (key: string) => `serialized under ${key}` } },
      [undefined, [[{}]]], 'text', 5, null, true,
    ];
    for (const sample of samples) expect(cloneJson(sample)).toEqual(JSON.parse(JSON.stringify(sample)));
    const original = { inner: { list: [1, 2] } };
    const copy = cloneJson(original);
    copy.inner.list.push(3);
    expect(original.inner.list).toEqual([1, 2]);
  });

  it('keeps a "__proto__" key as data and never pollutes a prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const copy = cloneJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('PUT /__admin/snapshot of a large world', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ available: [counterSimulator], bodyLimitBytes: 1024 });
  });
  afterAll(() => sb.stop());

  it('takes back a snapshot larger than the admin body limit, while other admin requests keep that limit', async () => {
    const api = request(sb.url);
    const snap = (await api.get('/__admin/snapshot').expect(200).expect('content-type', /application\/json/)).body as Record<string, unknown>;
    const large = { ...snap, note: 'x'.repeat(200 * 1024) };
    await api.put('/ns/big/__admin/snapshot').send(large).expect(200, { namespace: 'big', restored: true });
    const refused = await api.post('/__admin/faults').send({ operation: '*', kind: 'latency', latencyMs: 1, note: 'x'.repeat(200 * 1024) }).expect(413);
    expect(refused.body.error.message).toMatch(/65536 bytes/);
  });
});
