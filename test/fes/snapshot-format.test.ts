// The FES state as snapshots hold it: lean records (a certificate lists refunds awaiting the Treasury
// only once it has one, a card's PAN hash is only its key), and snapshots made before that still restore.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/engine/namespace.js';
import type { Sandbox } from '../../src/sandbox.js';
import type { FesState } from '../../simulators/fes/state.js';
import { CARD_TWO_CERTS, FesClient, full, panHash, startFesSandbox, WHEELCHAIR_KIND } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const WHEELCHAIR = full(WHEELCHAIR_KIND);
const WHEELCHAIR_CERT = '907581400329309796796000000001';

/** The snapshot as a Poligon that gave every certificate a "returning" list and every card its PAN hash made it. */
function inOlderShape(snap: Snapshot): Snapshot {
  const fes = snap.simulators.fes as FesState;
  const certificates = Object.fromEntries(Object.entries(fes.certificates).map(([id, c]) => [id, { ...c, returning: c.returning ?? [] }]));
  const cards = Object.fromEntries(Object.entries(fes.cards).map(([panHash, card]) => [panHash, { panHash, ...card }]));
  return { ...snap, simulators: { ...snap.simulators, fes: { ...fes, certificates, cards } } };
}

describe('FES state in snapshots', () => {
  it('FES-11: a certificate lists refunds only once refunded; an older snapshot (empty lists everywhere, cards naming their hash) restores, its refund still awaits the Treasury', async () => {
    const a = new FesClient(sb, 'format-a');
    const fresh = await a.state();
    expect(Object.values(fresh.certificates).some((c) => 'returning' in c)).toBe(false);
    expect(Object.values(fresh.cards).some((c) => 'panHash' in c)).toBe(false);

    const pre = await a.preAuth(CARD_TWO_CERTS, [{ truCode: WHEELCHAIR, count: 1, price: 4_000_000 }]);
    const purchaseBasketId = pre.body.basket.purchaseBasketId as string;
    await a.pay(pre.body.basket, CARD_TWO_CERTS).expect(200);
    const ret = await a.call('/api/v1/preauth/return', { purchaseBasketId, panHash: panHash(CARD_TWO_CERTS), items: [{ articleNumber: 1, originalArticleNumber: 1, truCode: WHEELCHAIR, count: 1, price: 4_000_000 }] });
    await a.refund(ret.body.basket, CARD_TWO_CERTS).expect(200);
    const snap = await a.admin.snapshot();
    const refunded = (snap.simulators.fes as FesState).certificates;
    expect(refunded[WHEELCHAIR_CERT]!.returning).toHaveLength(1);
    expect(Object.values(refunded).filter((c) => 'returning' in c)).toHaveLength(1);

    const b = new FesClient(sb, 'format-b');
    await b.admin.restore(inOlderShape(snap));
    const restored = await b.state();
    expect(restored.certificates[WHEELCHAIR_CERT]).toEqual(refunded[WHEELCHAIR_CERT]);
    const balance = async () => (await b.get(`/control/v1/certificates/${WHEELCHAIR_CERT}`).expect(200)).body.balance;
    expect(await balance()).toMatchObject({ used: 0, awaitingTreasury: 1 });
    await b.admin.advanceClock('1d');
    expect(await balance()).toMatchObject({ used: 0, awaitingTreasury: 0 });
    expect((await b.preAuth(CARD_TWO_CERTS, [{ truCode: WHEELCHAIR, count: 2, price: 100 }])).status).toBe(200);
  });
});

describe('snapshots of the FES shape before the public record', () => {
  it('are refused with a clear message: certificate ids were not digits then', async () => {
    const a = new FesClient(sb, 'format-old');
    const snap = await a.admin.snapshot();
    const fes = snap.simulators.fes as FesState;
    const certificates = Object.fromEntries(Object.entries(fes.certificates).map(([id, c]) => [id.replace(/^9075814003293097967960+/, 'ES-DEMO-000000000000000'), { ...c, id }]));
    const old = { ...snap, simulators: { ...snap.simulators, fes: { ...fes, certificates } } };
    await expect(a.admin.restore(old)).rejects.toThrow(/before the public record/);
  });
});
