// Pre-Auth of a purchase basket (FES-05, 07, 08, 09, 14, TRU-01): coverage, reservation, lifetime, magic cards.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { MAGIC_CARDS } from '../../simulators/fes/protocol.js';
import { CARD_LOW_CAP, CARD_NO_CERTS, CARD_TWO_CERTS, FesClient, HEARING_KIND, WHEELCHAIR_KIND, full, panHash, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const certificate = (c: FesClient, id: string) => c.get(`/control/v1/certificates/${id}`).expect(200).then((r) => r.body);
const WHEELCHAIR_CERT = '907581400329309796796000000001';
const HEARING_CERT = '907581400329309796796000000002';

describe('Pre-Auth', () => {
  it('FES-05: answers a 24-digit basket id, the certificate total and the covering certificates per item', async () => {
    const c = new FesClient(sb, 'fes05');
    const r = await c.preAuth(CARD_TWO_CERTS, [
      { truCode: full(WHEELCHAIR_KIND), count: 1, price: 4_500_000 },
      { truCode: full(HEARING_KIND), count: 2, price: 1_000_000 },
      { truCode: full('111111111.111111111'), count: 1, price: 50_000 },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.basket.purchaseBasketId).toMatch(/^\d{24}$/);
    expect(r.body).toMatchObject({ result: { code: 0 }, basket: { totalCertAmount: 6_500_000 } });
    expect(r.body.basket.article[0].certificate).toEqual([{ certificateId: WHEELCHAIR_CERT, certCount: 1, certMaxPrice: 5_000_000, certPrice: 4_500_000 }]);
    expect(r.body.basket.article[1]).toMatchObject({ certificate: [{ certificateId: HEARING_CERT, certCount: 2, certPrice: 1_000_000 }] });
    expect(r.body.basket.article[2]).toMatchObject({ certificate: [] });
  });

  it('FES-14: the card is named by the SHA-256 of its PAN, upper- or lower-case hex', async () => {
    const c = new FesClient(sb, 'fes05h');
    const panHash = createHash('sha256').update(CARD_TWO_CERTS).digest('hex').toUpperCase();
    const r = await c.call('/api/v1/preauth/purchase', { panHash, items: [{ articleNumber: 1, truCode: full(HEARING_KIND), count: 1, price: 100_000 }] });
    expect(r.status).toBe(200);
    expect(r.body.basket.totalCertAmount).toBe(100_000);
  });

  it('FES-07: an item dearer than the unit cap is covered up to the cap; the rest is own funds', async () => {
    const c = new FesClient(sb, 'fes07');
    const r = await c.preAuth(CARD_LOW_CAP, [{ truCode: full(WHEELCHAIR_KIND), count: 1, price: 1_250_000 }]);
    expect(r.status).toBe(200);
    expect(r.body.basket.article[0].certificate[0]).toMatchObject({ certMaxPrice: 1_000_000, certPrice: 1_000_000 });
    expect(r.body.basket.totalCertAmount).toBe(1_000_000);
  });

  it('FES-08: a certificate covers only its kinds, up to its quantity, within its validity', async () => {
    const c = new FesClient(sb, 'fes08');
    const over = await c.preAuth(CARD_TWO_CERTS, [{ truCode: full(WHEELCHAIR_KIND), count: 3, price: 100_000 }]);
    expect(over.body.basket.article[0].certificate).toEqual([expect.objectContaining({ certificateId: WHEELCHAIR_CERT, certCount: 2 })]);
    expect(over.body.basket.totalCertAmount).toBe(200_000);

    const otherKind = await c.preAuth(CARD_LOW_CAP, [{ truCode: full(HEARING_KIND) }]);
    expect(otherKind.status).toBe(422);
    expect(otherKind.body).toMatchObject({ result: { code: 410, description: expect.stringContaining(`covers ${WHEELCHAIR_KIND}`) } });

    const issued = await c.post('/control/v1/certificates', {
      pan: CARD_NO_CERTS, truKinds: [HEARING_KIND], quantity: 5, maxUnitPrice: 100_000,
      validFrom: new Date((await c.now()) + 86_400_000).toISOString(), validTo: new Date((await c.now()) + 2 * 86_400_000).toISOString(),
    }).expect(201);
    expect(issued.body.status).toBe('NOT_YET_VALID');
    const early = await c.preAuth(CARD_NO_CERTS, [{ truCode: full(HEARING_KIND) }]);
    expect(early.body.result.description).toMatch(/is valid from/);
    await c.admin.advanceClock('25h');
    expect((await c.preAuth(CARD_NO_CERTS, [{ truCode: full(HEARING_KIND) }])).status).toBe(200);
    await c.post(`/control/v1/certificates/${issued.body.certificateId}/expire`).expect(200);
    const expired = await c.preAuth(CARD_NO_CERTS, [{ truCode: full(HEARING_KIND) }]);
    expect(expired.body.result.description).toMatch(/expired/);

    await c.post(`/control/v1/certificates/${HEARING_CERT}/exhaust`).expect(200).expect((r) => expect(r.body).toMatchObject({ status: 'EXHAUSTED', balance: { quantityLeft: 0 } }));
    const exhausted = await c.preAuth(CARD_TWO_CERTS, [{ truCode: full(HEARING_KIND) }]);
    expect(exhausted.body.result.description).toMatch(/no quantity left/);
    const none = await c.preAuth('2200000000000053', [{ truCode: full(HEARING_KIND) }]);
    expect(none.body.result.description).toMatch(/holds no certificates/);
  });

  it('FES-08: Pre-Auth reserves the covered quantity; concurrent Pre-Auths never cover more than the certificate holds', async () => {
    const c = new FesClient(sb, 'fes08c');
    const results = await Promise.all(Array.from({ length: 12 }, () => c.preAuth(CARD_TWO_CERTS, [{ truCode: full(HEARING_KIND), count: 1 }])));
    const approved = results.filter((r) => r.status === 200);
    expect(approved).toHaveLength(4);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.result.code === 410)).toBe(true);
    expect(new Set(approved.map((r) => r.body.basket.purchaseBasketId)).size).toBe(4);
    expect((await certificate(c, HEARING_CERT)).balance).toMatchObject({ quantityLeft: 0, reserved: 4, used: 0 });

    await c.call('/api/v1/preauth/cancel', { purchaseBasketId: approved[0]!.body.basket.purchaseBasketId }).then((r) => expect(r.body).toMatchObject({ result: { code: 0 }, status: 'CANCELLED' }));
    expect((await certificate(c, HEARING_CERT)).balance).toMatchObject({ quantityLeft: 1, reserved: 3 });
    const again = await c.call('/api/v1/preauth/cancel', { purchaseBasketId: approved[0]!.body.basket.purchaseBasketId });
    expect(again.status).toBe(409);
    expect(again.body.result.code).toBe(422);
  });

  it('FES-09: a basket lives 30 minutes; then its reservation is released and the terminal refuses it', async () => {
    const c = new FesClient(sb, 'fes09');
    const r = await c.preAuth(CARD_TWO_CERTS, [{ truCode: full(WHEELCHAIR_KIND), count: 2 }]);
    expect((await certificate(c, WHEELCHAIR_CERT)).balance.reserved).toBe(2);
    await c.admin.advanceClock('29m');
    expect((await certificate(c, WHEELCHAIR_CERT)).balance.reserved).toBe(2);
    await c.admin.advanceClock('2m');
    expect((await certificate(c, WHEELCHAIR_CERT)).balance).toMatchObject({ reserved: 0, quantityLeft: 2 });
    const late = await c.pay(r.body.basket, CARD_TWO_CERTS).expect(410);
    expect(late.body).toMatchObject({ result: { code: 521, description: expect.stringContaining('expired') } });
    const cancel = await c.call('/api/v1/preauth/cancel', { purchaseBasketId: r.body.basket.purchaseBasketId });
    expect(cancel.body.result.code).toBe(421);
  });

  it('TRU-01: a malformed TRU code is refused with a description naming the field, and nothing is reserved', async () => {
    const c = new FesClient(sb, 'tru01');
    const before = await c.businessState();
    for (const bad of [WHEELCHAIR_KIND, `${WHEELCHAIR_KIND}0000000000`, '300126010-000000001.00000000000', `${WHEELCHAIR_KIND}0000000000A`]) {
      const r = await c.preAuth(CARD_TWO_CERTS, [{ truCode: full(HEARING_KIND) }, { truCode: bad }]);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ result: { code: 310, description: expect.stringContaining('Field /items/1/truCode: expected a full TRU code') } });
      expect(r.body.result.description).toContain(`came "${bad}"`);
      expect(r.body.errors[0]).toMatchObject({ pointer: '/items/1/truCode', received: bad });
    }
    const badKind = await c.post('/control/v1/certificates', { pan: CARD_NO_CERTS, truKinds: ['12345'], quantity: 1, maxUnitPrice: 1 }).expect(400);
    expect(badKind.body.errors[0]).toMatchObject({ pointer: '/truKinds/0', expected: 'TRU kind code NNNNNNNNN.NNNNNNNNN' });
    expect(await c.businessState()).toEqual(before);
  });

  it('refuses a basket repeating an articleNumber (312)', async () => {
    const c = new FesClient(sb, 'dup');
    const r = await c.call('/api/v1/preauth/purchase', { panHash: panHash(CARD_TWO_CERTS), items: [1, 1].map((n) => ({ articleNumber: n, truCode: full(HEARING_KIND), count: 1, price: 1 })) });
    expect(r.status).toBe(400);
    expect(r.body.result.code).toBe(312);
  });

  it('magic cards produce their refusal deterministically and reserve nothing', async () => {
    const c = new FesClient(sb, 'magic');
    const before = await c.businessState();
    const basket = [{ truCode: full(HEARING_KIND) }];
    const expectations: Array<[string, number, number]> = [
      [MAGIC_CARDS.cardBlocked, 422, 411], [MAGIC_CARDS.processingUnavailable, 503, 902], [MAGIC_CARDS.registryTimeout, 504, 903],
    ];
    for (const [pan, status, code] of expectations) {
      const r = await c.preAuth(pan, basket);
      expect(r.status).toBe(status);
      expect(r.body.result.code).toBe(code);
    }
    expect(await c.businessState()).toEqual(before);
  });
});

describe('faults', () => {
  it('an injected fault by catalogue code answers that FES response code, once', async () => {
    const c = new FesClient(sb, 'fault');
    await c.admin.addFault({ operation: 'fes.preAuthPurchase', kind: 'error', errorCode: 'FES_REGISTRY_TIMEOUT', status: 504, times: 1 });
    const r = await c.preAuth(CARD_TWO_CERTS, [{ truCode: full(HEARING_KIND) }]);
    expect([r.status, r.body.result.code]).toEqual([504, 903]);
    expect((await c.preAuth(CARD_TWO_CERTS, [{ truCode: full(HEARING_KIND) }])).status).toBe(200);
  });
});

describe('certificates control', () => {
  it('issues a certificate bound to a card, shows balances, and refuses bad validity or unknown ids', async () => {
    const c = new FesClient(sb, 'control');
    const r = await c.post('/control/v1/certificates', { certificateId: '90758140032930979679600000077', pan: CARD_NO_CERTS, truKinds: [HEARING_KIND], quantity: 3, maxUnitPrice: 200_000 }).expect(201);
    expect(r.body).toMatchObject({ certificateId: '90758140032930979679600000077', status: 'ACTIVE', cardLast4: CARD_NO_CERTS.slice(-4), balance: { quantityLeft: 3, reserved: 0, used: 0 } });
    const card = await c.get(`/control/v1/cards/${CARD_NO_CERTS}`).expect(200);
    expect(card.body.certificates.map((x: { certificateId: string }) => x.certificateId)).toEqual(['90758140032930979679600000077']);
    await c.post('/control/v1/certificates', { certificateId: '90758140032930979679600000077', pan: CARD_NO_CERTS, truKinds: [HEARING_KIND], quantity: 1, maxUnitPrice: 1 }).expect(409);
    const backwards = await c.post('/control/v1/certificates', { pan: CARD_NO_CERTS, truKinds: [HEARING_KIND], quantity: 1, maxUnitPrice: 1, validFrom: '2030-01-02T00:00:00Z', validTo: '2030-01-01T00:00:00Z' }).expect(422);
    expect(backwards.body.result.code).toBe(703);
    expect((await c.get('/control/v1/certificates/90758140032930979679600000099').expect(404)).body.result.code).toBe(701);
    expect((await c.get('/control/v1/cards/2200000000000053').expect(404)).body.result.code).toBe(702);
    await c.get('/control/v1/cards/1234').expect(400);
  });
});
