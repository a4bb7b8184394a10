// Defects 6 and 7 of issue 13: clock values and snapshots that used to poison a namespace are
// refused with the list of problems, and the namespace stays as it was; a state too deep to be saved
// is refused at import, not at stop.
import { gzipSync } from 'node:zlib';
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

/** The namespace's snapshot without its creation time (the virtual now when taken). */
const snapshotOf = async (ns: string) => {
  const { createdAt: _taken, ...rest } = (await inProcess(sb).get(`/ns/${ns}/__admin/snapshot`).expect(200)).body;
  return rest;
};
const put = (ns: string, body: unknown) => inProcess(sb).put(`/ns/${ns}/__admin/snapshot`).set('content-type', 'application/json').send(JSON.stringify(body));

describe('defect 6: crafted clock values and snapshots are refused, the namespace untouched', () => {
  it('a clock advance of 99999999999999 days is refused (400) and the clock stays', async () => {
    const r = await inProcess(sb).post('/ns/c1/__admin/clock').send({ advance: '99999999999999d' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/100 years/);
    const clock = await inProcess(sb).get('/ns/c1/__admin/clock').expect(200);
    expect(clock.body.offsetMs).toBe(0);
    // the namespace still answers
    await inProcess(sb).get('/ns/c1/ecs/.well-known/openid-configuration').expect(200);
  });

  it('a snapshot with clockOffsetMs 1e20 is refused', async () => {
    const before = await snapshotOf('c2');
    const r = await put('c2', { ...before, clockOffsetMs: 1e20 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('POLIGON_BAD_SNAPSHOT');
    expect((await snapshotOf('c2')).clockOffsetMs).toBe(before.clockOffsetMs);
  });

  it('a snapshot with "__proto__" and "constructor" keys is refused with each problem listed', async () => {
    const before = await snapshotOf('c3');
    const crafted = JSON.parse(JSON.stringify(before));
    const fes = crafted.simulators.fes as Record<string, Record<string, unknown>>;
    const first = Object.keys(fes).find((k) => fes[k] !== null && typeof fes[k] === 'object' && !Array.isArray(fes[k]))!;
    // own keys named like the prototype, as JSON text would give them
    Object.defineProperty(fes[first], '__proto__', { value: { x: 1 }, enumerable: true });
    (fes[first] as Record<string, unknown>)['constructor'] = { y: 2 };
    const text = JSON.stringify(crafted);
    const r = await inProcess(sb).put('/ns/c3/__admin/snapshot').set('content-type', 'application/json').send(text);
    expect(r.status).toBe(400);
    const pointers = (r.body.error.problems as Array<{ pointer: string }>).map((p) => p.pointer).sort();
    expect(pointers, JSON.stringify(r.body)).toEqual([`/simulators/fes/${first}/__proto__`, `/simulators/fes/${first}/constructor`]);
    expect(await snapshotOf('c3')).toEqual(before);
  });
});

describe('safe state: a snapshot is checked against each simulator\'s state schema and invariants', () => {
  it('a negative quantity, units out beyond a certificate\'s quantity and references that do not resolve are each listed; nothing changes', async () => {
    const before = await snapshotOf('inv1');
    const crafted = JSON.parse(JSON.stringify(before));
    const fes = crafted.simulators.fes;
    fes.cashRegisters['CR-DEMO-0001'].pointId = 'no-such-point';
    const [firstCert, secondCert] = Object.keys(fes.certificates) as [string, string];
    fes.certificates[firstCert].used = fes.certificates[firstCert].quantity + 1;
    const [hash] = Object.keys(fes.cards) as [string];
    fes.cards[hash].certificateIds.push('12345678901234567890');
    const r = await put('inv1', crafted);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('POLIGON_BAD_SNAPSHOT');
    expect((r.body.error.problems as Array<{ pointer: string }>).map((p) => p.pointer).sort()).toEqual([
      `/simulators/fes/cards/${hash}/certificateIds/${fes.cards[hash].certificateIds.length - 1}`,
      '/simulators/fes/cashRegisters/CR-DEMO-0001/pointId',
      `/simulators/fes/certificates/${firstCert}`,
    ].sort());

    const negative = JSON.parse(JSON.stringify(before));
    negative.simulators.fes.certificates[secondCert].quantity = -5;
    const n = await put('inv1', negative);
    expect(n.status).toBe(400);
    expect(n.body.error.problems).toEqual([expect.objectContaining({ pointer: `/simulators/fes/certificates/${secondCert}/quantity` })]);
    expect(await snapshotOf('inv1')).toEqual(before);
  });

  it('GIS ES and ECS: a point of no merchant, a terminal of no organization and a card of a holder that is gone are listed', async () => {
    const before = await snapshotOf('inv3');
    const crafted = JSON.parse(JSON.stringify(before));
    const [pointId] = Object.keys(crafted.simulators.gis.points) as [string];
    crafted.simulators.gis.points[pointId].merchantId = 'tsp-999999';
    const [terminalId] = Object.keys(crafted.simulators.ecs.terminals) as [string];
    crafted.simulators.ecs.terminals[terminalId].organizationId = 999;
    const [cardId] = Object.keys(crafted.simulators.ecs.cards) as [string];
    crafted.simulators.ecs.cards[cardId].holderId = 999;
    const r = await put('inv3', crafted);
    expect(r.status).toBe(400);
    expect((r.body.error.problems as Array<{ pointer: string }>).map((p) => p.pointer).sort()).toEqual([
      `/simulators/ecs/cards/${cardId}/holderId`,
      `/simulators/ecs/terminals/${terminalId}/organizationId`,
      `/simulators/gis/points/${pointId}/merchantId`,
    ]);
    expect(await snapshotOf('inv3')).toEqual(before);
  });

  it('the demo world\'s own snapshot passes its checks', async () => {
    const before = await snapshotOf('inv2');
    expect((await put('inv2', before)).status).toBe(200);
  });
});

describe('defect 8: a snapshot import is bounded by its decompressed size', () => {
  it('a gzip bomb (a few KB inflating to 8 MiB) is refused with 413 at the configured limit, the old state kept', async () => {
    const small = await startSandbox({ snapshotMaxBytes: 1024 * 1024 });
    try {
      const before = (await inProcess(small).get('/__admin/snapshot').expect(200)).body;
      const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
      expect(bomb.length).toBeLessThan(16 * 1024);
      const r = await fetch(`${small.url}/__admin/snapshot`, { method: 'PUT', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
      const body = (await r.json()) as { error: { code: string } };
      expect(r.status, JSON.stringify(body)).toBe(413);
      expect(body.error.code).toBe('POLIGON_BODY_TOO_LARGE');
      const { createdAt: _a, ...after } = (await inProcess(small).get('/__admin/snapshot').expect(200)).body;
      const { createdAt: _b, ...was } = before;
      expect(after).toEqual(was);
    } finally {
      await small.stop();
    }
  });
});

describe('defect 7: a state that could not be saved is refused at import', () => {
  it('a member 20,000 levels deep is refused, the old state kept', async () => {
    const before = await snapshotOf('d1');
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const text = JSON.stringify({ ...before, simulators: { ...before.simulators, ecs: { ...before.simulators.ecs, note: '@DEEP@' } } }).replace('"@DEEP@"', deep);
    const r = await inProcess(sb).put('/ns/d1/__admin/snapshot').set('content-type', 'application/json').send(text);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/deeper than 64 levels/);
    expect(await snapshotOf('d1')).toEqual(before);
  });
});
