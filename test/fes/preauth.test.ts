// Pre-Auth of a purchase basket (FES-05, 07, 08, 09, TRU-01): coverage, reservation, lifetime, magic cards.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { MAGIC_CARDS } from '../../simulators/fes/protocol.js';
import { CARD_LOW_CAP, CARD_NO_CERTS, CARD_TWO_CERTS, FesClient, HEARING_KIND, WHEELCHAIR_KIND, full, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const certificate = (c: FesClient, id: string) => c.get(`/control/v1/certificates/${id}`).expect(200).then((r) => r.body);
const WHEELCHAIR_CERT = 'ES-DEMO-0000000000000001';
const HEARING_CERT = 'ES-DEMO-0000000000000002';

describe('Pre-Auth', () => {
  it('FES-05: answers a 24-digit basket id, the certificate total and the covering certificates per item', async () => {
    const c = new FesClient(sb, 'fes05');
    const r = await c.preAuth({ pan: CARD_TWO_CERTS }, [
      { truCode: full(WHEELCHAIR_KIND), quantity: 1, unitPrice: 4_500_000 },
      { truCode: full(HEARING_KIND), quantity: 2, unitPrice: 1_000_000 },
      { truCode: full('111111111.111111111'), quantity: 1, unitPrice: 50_000 },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.purchaseBasketId).toMatch(/^\d{24}$/);
    expect(r.body).toMatchObject({ responseCode: '000', productionTest: false, totalAmount: 6_550_000, totalCertAmount: 6_500_000, totalOwnFundsAmount: 50_000 });
    expect(r.body.items[0].certificates).toEqual([{ certificateId: WHEELCHAIR_CERT, quantity: 1, compensationAvailablePerUnit: 5_000_000, compensationAppliedPerUnit: 4_500_000 }]);
    expect(r.body.items[1]).toMatchObject({ certAmount: 2_000_000, certificates: [{ certificateId: HEARING_CERT, quantity: 2 }] });
    expect(r.body.items[2]).toMatchObject({ certAmount: 0, certificates: [] });
  });

  it('FES-05: the card may come as the SHA-256 of the PAN, as a terminal hands it over', async () => {
    const c = new FesClient(sb, 'fes05h');
    const panHash = createHash('sha256').update(CARD_TWO_CERTS).digest('hex');
    const r = await c.preAuth({ panHash }, [{ truCode: full(HEARING_KIND) }]);
    expect(r.status).toBe(200);
    expect(r.body.totalCertAmount).toBe(100_000);
  });

  it('FES-07: an item dearer than the unit cap is covered up to the cap; the rest is own funds', async () => {
    const c = new FesClient(sb, 'fes07');
    const r = await c.preAuth({ pan: CARD_LOW_CAP }, [{ truCode: full(WHEELCHAIR_KIND), quantity: 1, unitPrice: 1_250_000 }]);
    expect(r.status).toBe(200);
    expect(r.body.items[0].certificates[0]).toMatchObject({ compensationAvailablePerUnit: 1_000_000, compensationAppliedPerUnit: 1_000_000 });
    expect(r.body).toMatchObject({ totalCertAmount: 1_000_000, totalOwnFundsAmount: 250_000 });
  });

  it('FES-08: a certificate covers only its kinds, up to its quantity, within its validity', async () => {
    const c = new FesClient(sb, 'fes08');
    const over = await c.preAuth({ pan: CARD_TWO_CERTS }, [{ truCode: full(WHEELCHAIR_KIND), quantity: 3, unitPrice: 100_000 }]);
    expect(over.body.items[0].certificates).toEqual([expect.objectContaining({ certificateId: WHEELCHAIR_CERT, quantity: 2 })]);
    expect(over.body).toMatchObject({ totalCertAmount: 200_000, totalOwnFundsAmount: 100_000 });

    const otherKind = await c.preAuth({ pan: CARD_LOW_CAP }, [{ truCode: full(HEARING_KIND) }]);
    expect(otherKind.status).toBe(422);
    expect(otherKind.body).toMatchObject({ responseCode: '410', responseMessage: expect.stringContaining(`covers ${WHEELCHAIR_KIND}`) });

    const issued = await c.post('/control/v1/certificates', {
      pan: CARD_NO_CERTS, truKinds: [HEARING_KIND], quantity: 5, maxUnitPrice: 100_000,
      validFrom: new Date((await c.now()) + 86_400_000).toISOString(), validTo: new Date((await c.now()) + 2 * 86_400_000).toISOString(),
    }).expect(201);
    expect(issued.body.status).toBe('NOT_YET_VALID');
    const early = await c.preAuth({ pan: CARD_NO_CERTS }, [{ truCode: full(HEARING_KIND) }]);
    expect(early.body.responseMessage).toMatch(/is valid from/);
    await c.admin.advanceClock('25h');
    expect((await c.preAuth({ pan: CARD_NO_CERTS }, [{ truCode: full(HEARING_KIND) }])).status).toBe(200);
    await c.post(`/control/v1/certificates/${issued.body.certificateId}/expire`).expect(200);
    const expired = await c.preAuth({ pan: CARD_NO_CERTS }, [{ truCode: full(HEARING_KIND) }]);
    expect(expired.body.responseMessage).toMatch(/expired/);

    await c.post(`/control/v1/certificates/${HEARING_CERT}/exhaust`).expect(200).expect((r) => expect(r.body).toMatchObject({ status: 'EXHAUSTED', balance: { quantityLeft: 0 } }));
    const exhausted = await c.preAuth({ pan: CARD_TWO_CERTS }, [{ truCode: full(HEARING_KIND) }]);
    expect(exhausted.body.responseMessage).toMatch(/no quantity left/);
    const none = await c.preAuth({ pan: '2200000000000046' }, [{ truCode: full(HEARING_KIND) }]);
    expect(none.body.responseMessage).toMatch(/holds no certificates/);
  });

  it('FES-08: Pre-Auth reserves the covered quantity; concurrent Pre-Auths never cover more than the certificate holds', async () => {
    const c = new FesClient(sb, 'fes08c');
    const results = await Promise.all(Array.from({ length: 12 }, () => c.preAuth({ pan: CARD_TWO_CERTS }, [{ truCode: full(HEARING_KIND), quantity: 1 }])));
    const approved = results.filter((r) => r.status === 200);
    expect(approved).toHaveLength(4);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.responseCode === '410')).toBe(true);
    expect(new Set(approved.map((r) => r.body.purchaseBasketId)).size).toBe(4);
    expect((await certificate(c, HEARING_CERT)).balance).toMatchObject({ quantityLeft: 0, reserved: 4, used: 0 });

    await c.call('/api/v1/preauth/cancel', { purchaseBasketId: approved[0]!.body.purchaseBasketId }).then((r) => expect(r.body).toMatchObject({ responseCode: '000', status: 'CANCELLED' }));
    expect((await certificate(c, HEARING_CERT)).balance).toMatchObject({ quantityLeft: 1, reserved: 3 });
    const again = await c.call('/api/v1/preauth/cancel', { purchaseBasketId: approved[0]!.body.purchaseBasketId });
    expect(again.status).toBe(409);
    expect(again.body.responseCode).toBe('422');
  });

  it('FES-09: a basket lives 30 minutes; then its reservation is released and the terminal refuses it', async () => {
    const c = new FesClient(sb, 'fes09');
    const r = await c.preAuth({ pan: CARD_TWO_CERTS }, [{ truCode: full(WHEELCHAIR_KIND), quantity: 2 }]);
    expect(Date.parse(r.body.expiresAt) - (await c.now())).toBeLessThanOrEqual(30 * 60_000);
    expect((await certificate(c, WHEELCHAIR_CERT)).balance.reserved).toBe(2);
    await c.admin.advanceClock('29m');
    expect((await certificate(c, WHEELCHAIR_CERT)).balance.reserved).toBe(2);
    await c.admin.advanceClock('2m');
    expect((await certificate(c, WHEELCHAIR_CERT)).balance).toMatchObject({ reserved: 0, quantityLeft: 2 });
    const late = await c.pay(r.body.purchaseBasketId, CARD_TWO_CERTS).expect(410);
    expect(late.body).toMatchObject({ responseCode: '521', responseMessage: expect.stringContaining('expired') });
    const cancel = await c.call('/api/v1/preauth/cancel', { purchaseBasketId: r.body.purchaseBasketId });
    expect(cancel.body.responseCode).toBe('421');
  });

  it('TRU-01: a malformed TRU code is refused with a message naming the item, and nothing is reserved', async () => {
    const c = new FesClient(sb, 'tru01');
    const before = await c.businessState();
    for (const bad of [WHEELCHAIR_KIND, `${WHEELCHAIR_KIND}0000000000`, '300126010-000000001.00000000000', `${WHEELCHAIR_KIND}0000000000A`]) {
      const r = await c.preAuth({ pan: CARD_TWO_CERTS }, [{ truCode: full(HEARING_KIND) }, { truCode: bad }]);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ responseCode: '310', responseMessage: expect.stringContaining('Item 2 (/items/1/truCode)') });
      expect(r.body.responseMessage).toContain('30 characters');
      expect(r.body.errors[0]).toMatchObject({ pointer: '/items/1/truCode', received: bad });
    }
    const badKind = await c.post('/control/v1/certificates', { pan: CARD_NO_CERTS, truKinds: ['12345'], quantity: 1, maxUnitPrice: 1 }).expect(400);
    expect(badKind.body.errors[0]).toMatchObject({ pointer: '/truKinds/0', expected: 'TRU kind code NNNNNNNNN.NNNNNNNNN' });
    expect(await c.businessState()).toEqual(before);
  });

  it('refuses a basket repeating an item number (312)', async () => {
    const c = new FesClient(sb, 'dup');
    const r = await c.call('/api/v1/preauth/purchase', { card: { pan: CARD_TWO_CERTS }, items: [1, 1].map((n) => ({ itemNumber: n, truCode: full(HEARING_KIND), articleCode: 'A', name: 'N', quantity: 1, unitPrice: 1 })) });
    expect(r.status).toBe(400);
    expect(r.body.responseCode).toBe('312');
  });

  it('magic cards produce their refusal deterministically and reserve nothing', async () => {
    const c = new FesClient(sb, 'magic');
    const before = await c.businessState();
    const basket = [{ truCode: full(HEARING_KIND) }];
    const expectations: Array<[string, number, string]> = [
      [MAGIC_CARDS.cardBlocked, 422, '411'], [MAGIC_CARDS.processingUnavailable, 503, '902'], [MAGIC_CARDS.registryTimeout, 504, '903'],
    ];
    for (const [pan, status, code] of expectations) {
      const r = await c.preAuth({ pan }, basket);
      expect(r.status).toBe(status);
      expect(r.body.responseCode).toBe(code);
      const hashed = await c.preAuth({ panHash: createHash('sha256').update(pan).digest('hex') }, basket);
      expect(hashed.body.responseCode).toBe(code);
    }
    expect(await c.businessState()).toEqual(before);
  });
});

describe('faults', () => {
  it('an injected fault by catalogue code answers that FES response code, once', async () => {
    const c = new FesClient(sb, 'fault');
    await c.admin.addFault({ operation: 'fes.preAuthPurchase', kind: 'error', errorCode: 'FES_REGISTRY_TIMEOUT', status: 504, times: 1 });
    const r = await c.preAuth({ pan: CARD_TWO_CERTS }, [{ truCode: full(HEARING_KIND) }]);
    expect([r.status, r.body.responseCode]).toEqual([504, '903']);
    expect((await c.preAuth({ pan: CARD_TWO_CERTS }, [{ truCode: full(HEARING_KIND) }])).status).toBe(200);
  });
});

describe('certificates control', () => {
  it('issues a certificate bound to a card, shows balances, and refuses bad validity or unknown ids', async () => {
    const c = new FesClient(sb, 'control');
    const r = await c.post('/control/v1/certificates', { certificateId: 'ES-TEST-00000000000000', pan: CARD_NO_CERTS, truKinds: [HEARING_KIND], quantity: 3, maxUnitPrice: 200_000 }).expect(201);
    expect(r.body).toMatchObject({ certificateId: 'ES-TEST-00000000000000', status: 'ACTIVE', cardLast4: CARD_NO_CERTS.slice(-4), balance: { quantityLeft: 3, reserved: 0, used: 0 } });
    const card = await c.get(`/control/v1/cards/${CARD_NO_CERTS}`).expect(200);
    expect(card.body.certificates.map((x: { certificateId: string }) => x.certificateId)).toEqual(['ES-TEST-00000000000000']);
    await c.post('/control/v1/certificates', { certificateId: 'ES-TEST-00000000000000', pan: CARD_NO_CERTS, truKinds: [HEARING_KIND], quantity: 1, maxUnitPrice: 1 }).expect(409);
    const backwards = await c.post('/control/v1/certificates', { pan: CARD_NO_CERTS, truKinds: [HEARING_KIND], quantity: 1, maxUnitPrice: 1, validFrom: '2030-01-02T00:00:00Z', validTo: '2030-01-01T00:00:00Z' }).expect(422);
    expect(backwards.body.responseCode).toBe('703');
    expect((await c.get('/control/v1/certificates/ES-NOPE-00000000000000').expect(404)).body.responseCode).toBe('701');
    expect((await c.get('/control/v1/cards/2200000000000046').expect(404)).body.responseCode).toBe('702');
    await c.get('/control/v1/cards/1234').expect(400);
  });
});
