// Snapshots of large worlds (issue 7, bench/RESULTS.md): copies keep JSON's semantics, JSON text goes
// in and out in pieces with the same result, PUT takes back a snapshot far larger than the admin API's
// ordinary body limit and keeps its parse as the state without ever sharing it.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneJson, parseJsonBytes, stringifyPieces } from '../../src/engine/json.js';
import { NamespaceStore, type Snapshot } from '../../src/engine/namespace.js';
import { SecretNames } from '../../src/engine/secrets.js';
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

describe('JSON text in and out', () => {
  it('stringifyPieces joins to exactly what JSON.stringify gives, at any depth', () => {
    const sample = {
      format: 'x', skipped: undefined, fn: () => 1, empty: {}, onlySkipped: { a: undefined },
      nested: { name: 'ООО «Ромашка»', list: [1, undefined, { deep: { deeper: true } }], at: new Date(0), n: Number.NaN },
      custom: { toJSON: () => 'custom' }, ['__proto__']: 'data',
    };
    for (const depth of [0, 1, 2, 3, 5]) expect(stringifyPieces(sample, depth).join('')).toBe(JSON.stringify(sample));
    expect(stringifyPieces(undefined, 2).join('')).toBe('');
    expect(stringifyPieces([{ a: 1 }], 2)).toEqual(['[{"a":1}]']);
  });

  it('parseJsonBytes reads UTF-8 as JSON.parse of the decoded text does, a character split between slices and a broken one included', () => {
    const slice = 1 << 20;
    const padding = (n: number) => 'a'.repeat(n);
    // ["aaa…Ж", "aaa…<lone lead byte>", "aaa"]: 'Ж' straddles the first slice boundary, the lone byte ends the second slice
    const bytes = Buffer.concat([
      Buffer.from(`["${padding(slice - 3)}Ж","${padding(slice - 5)}`), Buffer.from([0xd0]), Buffer.from(`","${padding(10)}"]`),
    ]);
    expect(bytes[slice - 1]).toBe(0xd0);
    expect(bytes[2 * slice - 1]).toBe(0xd0);
    const parsed = parseJsonBytes(bytes) as string[];
    expect(parsed).toEqual(JSON.parse(bytes.toString('utf8')));
    expect(parsed[0]!.endsWith('Ж')).toBe(true);
    expect(parsed[1]!.endsWith('\ufffd')).toBe(true);
    expect(() => parseJsonBytes(Buffer.from('{oops'))).toThrow(SyntaxError);
  });

  it('parseJsonBytes reads text full of Cyrillic, astral characters included, and tells errors about the text as sent', () => {
    const names = Array.from({ length: 200_000 }, (_, i) => `ООО «Ромашка ${i}» 🌼`);
    const bytes = Buffer.from(JSON.stringify({ names, note: 'ёж\u2028' }));
    expect(bytes.length).toBeGreaterThan(5 * (1 << 20));
    expect(parseJsonBytes(bytes)).toEqual(JSON.parse(bytes.toString('utf8')));
    const few = Buffer.from(JSON.stringify({ name: 'ООО «Ромашка» 🌼', pad: 'a'.repeat(3 << 20) }));
    expect(parseJsonBytes(few)).toEqual({ name: 'ООО «Ромашка» 🌼', pad: 'a'.repeat(3 << 20) });
    expect(() => parseJsonBytes(Buffer.from('{"name": Ромашка}'))).toThrow(/Ромашка/);
  }, 60_000); // parses and compares 5 MB twice: seconds of CPU, more on a busy machine
});

describe('restore never shares state with its input', () => {
  const options = { seed: 't', secretNames: SecretNames.of([counterSimulator]), demo: true, journalLimit: 10, simulatorOptions: {} };

  it('restore() copies: the caller can change its object afterwards without touching the namespace', () => {
    const ns = new NamespaceStore([counterSimulator], options).get('a');
    const snap = ns.snapshot();
    ns.restore(snap);
    (snap.simulators.counter as { value: number; events: string[] }).events.push('changed by the caller');
    expect(ns.state<{ events: string[] }>('counter').events).toEqual([]);
  });

  it('PUT of one snapshot into two namespaces leaves them independent; a refused one changes nothing', async () => {
    const sb = await startSandbox({ available: [counterSimulator] });
    try {
      const api = inProcess(sb);
      const auth = { 'x-token': 'secret-token-1234' };
      const snap = (await api.get('/__admin/snapshot').expect(200)).body as Snapshot;
      for (const ns of ['p1', 'p2']) await api.put(`/ns/${ns}/__admin/snapshot`).send(snap).expect(200, { namespace: ns, restored: true });
      await api.post('/ns/p1/counter/add').set(auth).send({ by: 5 }).expect(200, { value: 15 });
      await api.get('/ns/p2/counter/value').expect((r) => expect(r.body.value).toBe(10));
      const p2 = (await api.get('/ns/p2/__admin/snapshot').expect(200)).body as Snapshot;
      expect(p2.simulators).toEqual({ counter: { value: 10, events: [] } });

      const malformed = await api.put('/ns/p1/__admin/snapshot').set('content-type', 'application/json').send('{"format": ').expect(400);
      expect(malformed.body.error.code).toBe('POLIGON_MALFORMED_BODY');
      const notJson = await api.put('/ns/p1/__admin/snapshot').set('content-type', 'text/plain').send(JSON.stringify(snap)).expect(400);
      expect(notJson.body.error.message).toMatch(/expected a JSON object/);
      await api.get('/ns/p1/counter/value').expect((r) => expect(r.body.value).toBe(15));
    } finally {
      await sb.stop();
    }
  });
});

describe('PUT /__admin/snapshot of a large world', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ available: [counterSimulator], bodyLimitBytes: 1024 });
  });
  afterAll(() => sb.stop());

  it('takes back a snapshot larger than the admin body limit, while other admin requests keep that limit', async () => {
    const api = inProcess(sb);
    const snap = (await api.get('/__admin/snapshot').expect(200).expect('content-type', /application\/json/)).body as Record<string, unknown>;
    const large = { ...snap, note: 'x'.repeat(200 * 1024) };
    await api.put('/ns/big/__admin/snapshot').send(large).expect(200, { namespace: 'big', restored: true });
    const refused = await api.post('/__admin/faults').send({ operation: '*', kind: 'latency', latencyMs: 1, note: 'x'.repeat(200 * 1024) }).expect(413);
    expect(refused.body.error.message).toMatch(/65536 bytes/);
  });
});
