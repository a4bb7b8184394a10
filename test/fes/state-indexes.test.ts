// The FES state's indexes (basket expiry queue, API KEY → merchant) behave as the scans they replaced,
// across snapshot and restore, including snapshots made before the indexes existed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/engine/namespace.js';
import { seededRandom } from '../../src/data/checksums.js';
import type { PoligonError } from '../../src/engine/errors.js';
import { VirtualClock } from '../../src/engine/clock.js';
import type { Sandbox } from '../../src/sandbox.js';
import { fesMacAuthenticator } from '../../simulators/fes/auth.js';
import { MODELED_PROFILE } from '../../simulators/fes/profile.js';
import { seedFesDemo } from '../../simulators/fes/demo.js';
import { fesSimulator } from '../../simulators/fes/index.js';
import { DEMO } from '../../simulators/fes/protocol.js';
import { createFesState, type FesState } from '../../simulators/fes/state.js';
import { CARD_TWO_CERTS, DEMO_CREDENTIALS, FesClient, HEARING_KIND, full, registerStandalone, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const HEARING_CERT = '907581400329309796796000000002';

/** The snapshot as a Poligon without the indexes made it: open baskets by id, no queue, no key index. */
function withoutIndexes(snap: Snapshot): Snapshot {
  const { basketExpiries: _queue, basketExpiryHead: _head, apiKeyOwners: _keys, ...rest } = snap.simulators.fes as FesState;
  const openBaskets = Object.fromEntries([...Object.values(rest.purchaseBaskets), ...Object.values(rest.returnBaskets)]
    .filter((b) => b.status === 'APPROVED').map((b) => [b.id, b.expiresAt]));
  return { ...snap, simulators: { ...snap.simulators, fes: { ...rest, openBaskets } } };
}

describe('basket expiry queue', () => {
  it('FES-09: after a restore (also of an older snapshot) baskets still expire in their order, paid ones stay paid', async () => {
    const a = new FesClient(sb, 'queue-a');
    const basket = async () => (await a.preAuth(CARD_TWO_CERTS, [{ truCode: full(HEARING_KIND) }])).body.basket;
    const first = await basket();
    await a.admin.advanceClock('10m');
    const paid = await basket();
    await a.pay(paid, CARD_TWO_CERTS).expect(200);
    await a.admin.advanceClock('10m');
    const last = await basket();
    const snap = await a.admin.snapshot();

    for (const [ns, given] of [['queue-b', snap], ['queue-old', withoutIndexes(snap)]] as const) {
      const b = new FesClient(sb, ns);
      await b.admin.restore(given);
      const statuses = async () => {
        const { purchaseBaskets } = await b.state();
        return [first, paid, last].map((b) => purchaseBaskets[b.purchaseBasketId]!.status);
      };
      const reserved = async () => (await b.get(`/control/v1/certificates/${HEARING_CERT}`).expect(200)).body.balance.reserved;
      expect(await statuses()).toEqual(['APPROVED', 'PAID', 'APPROVED']);
      expect(await reserved()).toBe(2);
      await b.admin.advanceClock('11m'); // the first basket is 31 minutes old, the last 11
      expect(await reserved()).toBe(1);
      expect(await statuses()).toEqual(['EXPIRED', 'PAID', 'APPROVED']);
      await b.admin.advanceClock('20m');
      expect(await reserved()).toBe(0);
      expect(await statuses()).toEqual(['EXPIRED', 'PAID', 'EXPIRED']);
      const state = (await b.state()) as FesState & { openBaskets?: unknown };
      expect(state).not.toHaveProperty('openBaskets');
      // every entry done: the queue let go of them
      expect([state.basketExpiries, state.basketExpiryHead]).toEqual([[], 0]);
    }
  });
});

describe('API KEY index', () => {
  it('FES-02, LKF-04: after regeneration and a restore (also of an older snapshot) the new key works, the old one is "replaced" (104)', async () => {
    const a = new FesClient(sb, 'keys-a');
    const { merchantId, credentials } = await registerStandalone(a);
    const regen = await a.post(`/lk/v1/merchants/${merchantId}/api-key/regenerate`).expect(200); // as its administrator
    const snap = await a.admin.snapshot();

    for (const [ns, given] of [['keys-b', snap], ['keys-old', withoutIndexes(snap)]] as const) {
      const b = new FesClient(sb, ns, { ...credentials, apiKey: regen.body.apiKey });
      await b.admin.restore(given);
      expect((await b.call('/api/v1/echo', {})).status).toBe(200);
      const old = await b.call('/api/v1/echo', {}, { credentials });
      expect(old.status).toBe(401);
      expect(old.body).toMatchObject({ result: { code: 104, description: expect.stringContaining('replaced') } });
      expect((await b.call('/api/v1/echo', {}, { credentials: { ...credentials, apiKey: 'f'.repeat(48) } })).body.result.code).toBe(102);
      expect((await b.call('/api/v1/echo', {}, { credentials: DEMO_CREDENTIALS })).status).toBe(200);
      expect((await b.state()).apiKeyOwners).toEqual((snap.simulators.fes as FesState).apiKeyOwners);
    }
  });

  it('FES-02: the key a GIS ES merchant got before the demo gave it the documented key is unknown (102), not replaced', () => {
    const state = createFesState();
    const ctx = { namespace: 't', clock: new VirtualClock(), random: seededRandom('t'), options: {}, emit: () => {} };
    fesSimulator.events!['gis.point.toActivation']!(state, {
      merchant: { id: 'G-M', inn: '7707083893', name: 'ИП Иванов', technicalContactEmail: 'tech@g-m.example' }, point: { id: 'G-P', name: 'Точка', address: 'Якутск', onlineShop: false },
    }, ctx);
    const firstKey = state.merchants['G-M']!.apiKey;
    seedFesDemo(state, ctx, 1);
    expect(state.apiKeyOwners).toEqual({ [DEMO.apiKey]: 'G-M' });
    const authenticate = (apiKey: string) => {
      try {
        fesMacAuthenticator(MODELED_PROFILE.profile)({ state, ctx, headers: { 'x-fes-api-key': apiKey }, method: 'POST', path: '/api/v1/echo', rawBody: Buffer.from('{}') } as never, () => {});
        return undefined;
      } catch (e) {
        return (e as PoligonError).systemCode;
      }
    };
    expect(authenticate(firstKey)).toBe('102');
    expect(authenticate(DEMO.apiKey)).toBe('105'); // past the key: the касса header is missing
  });
});
