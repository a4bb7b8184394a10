// GIS-14: the Treasury blocks a merchant (seed 000 §3.4.12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { TRU, activatedPoint, createPoint, expectRefusedUnchanged, gisApi, readyToActivate, startGisSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startGisSandbox(); });
afterAll(() => sb.stop());

describe('blocking a merchant', () => {
  it('GIS-14: BLOCKED, every point DISABLED whatever its status, and LK FES is told', async () => {
    const api = gisApi(sb, 'b1');
    const { merchantId, pointId: active } = await activatedPoint(api);
    const draft = await createPoint(api, merchantId, { name: 'Черновик' });
    const r = await api.post(`/treasury/merchants/${merchantId}/block`, { reason: 'Исключено из ЕГРЮЛ' }).expect(200);
    expect(r.body).toMatchObject({ id: merchantId, status: 'BLOCKED', blockReason: 'Исключено из ЕГРЮЛ' });
    const points = (await api.get(`/merchants/${merchantId}/points`).expect(200)).body.points;
    expect(points.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([[active, 'DISABLED'], [draft.id, 'DISABLED']]);
    expect((await api.probeEvents()).at(-1)).toEqual({ topic: 'gis.merchant.blocked', payload: { merchantId } });
  });

  it('GIS-14: no operation on a blocked merchant or its points succeeds, and nothing changes', async () => {
    const api = gisApi(sb, 'b2');
    const { merchantId, pointId } = await readyToActivate(api);
    const { applicationId } = (await api.post(`/merchants/${merchantId}/programs/ES-SPORT/connect`).expect(200)).body;
    const contactId = (await api.get(`/merchants/${merchantId}`)).body.contacts[0].id;
    await api.post(`/treasury/merchants/${merchantId}/block`, { reason: 'Решение Казначейства' }).expect(200);
    const merchantAttempts = [
      () => api.patch(`/merchants/${merchantId}`, { brand: 'Другой' }),
      () => api.post(`/merchants/${merchantId}/contacts`, { role: 'TECHNICAL', fullName: 'Новый Н. Н.', email: 'n@shop.example', phone: '+79140000009' }),
      () => api.patch(`/merchants/${merchantId}/contacts/${contactId}`, { fullName: 'Другой Д. Д.' }),
      () => api.delete(`/merchants/${merchantId}/contacts/${contactId}`),
      () => api.post(`/merchants/${merchantId}/programs/ES-SCHOOL/connect`),
      () => api.post(`/merchants/${merchantId}/programs/ES-TSR/disconnect`),
      () => api.post(`/merchants/${merchantId}/points`, { name: 'Новая' }),
      () => api.post(`/treasury/applications/${applicationId}/approve`),
      () => api.post(`/treasury/applications/${applicationId}/reject`, { reason: 'Поздно' }),
      () => api.post(`/treasury/merchants/${merchantId}/block`, { reason: 'Ещё раз' }),
      () => api.post(`/points/${pointId}/to-activation`),
      () => api.post(`/points/${pointId}/goods`, { truCodes: [TRU.crutches] }),
      () => api.delete(`/points/${pointId}`),
    ];
    for (const attempt of merchantAttempts) {
      const e = await expectRefusedUnchanged(api, attempt, 409, 'GIS_MERCHANT_BLOCKED');
      expect(e.message).toContain(merchantId);
    }
    // reading stays possible
    await api.get(`/merchants/${merchantId}`).expect(200);
    await api.get(`/points/${pointId}`).expect(200).expect((r) => expect(r.body.status).toBe('DISABLED'));
  });

  it('GIS-13: a BLOCKED merchant and its DISABLED points can still be hidden and shown again (§3.4.11: «для любого статуса»)', async () => {
    const api = gisApi(sb, 'b4');
    const { merchantId, pointId } = await activatedPoint(api);
    await api.post(`/treasury/merchants/${merchantId}/block`, { reason: 'Исключено из ЕГРЮЛ' }).expect(200);
    await api.post(`/points/${pointId}/hide`).expect(200).expect((r) => expect(r.body).toMatchObject({ id: pointId, status: 'DISABLED', hidden: true }));
    await api.post(`/merchants/${merchantId}/hide`).expect(200).expect((r) => expect(r.body).toMatchObject({ id: merchantId, status: 'BLOCKED', hidden: true }));
    await api.get('/merchants').expect(200, { merchants: [] });
    await api.get(`/merchants/${merchantId}/points`).expect(200, { points: [] });
    await api.post(`/merchants/${merchantId}/show`).expect(200).expect((r) => expect(r.body).toMatchObject({ status: 'BLOCKED', hidden: false }));
    await api.post(`/points/${pointId}/show`).expect(200).expect((r) => expect(r.body).toMatchObject({ status: 'DISABLED', hidden: false }));
    expect((await api.get('/merchants').expect(200)).body.merchants.map((m: { id: string }) => m.id)).toEqual([merchantId]);
    expect((await api.get(`/merchants/${merchantId}/points`).expect(200)).body.points.map((p: { id: string }) => p.id)).toEqual([pointId]);
  });

  it('GIS-14: blocking needs a reason and a known merchant', async () => {
    const api = gisApi(sb, 'b3');
    const { merchantId } = await readyToActivate(api);
    await expectRefusedUnchanged(api, () => api.post(`/treasury/merchants/${merchantId}/block`, {}), 400, 'POLIGON_VALIDATION');
    await expectRefusedUnchanged(api, () => api.post('/treasury/merchants/tsp-999999/block', { reason: 'Исключено' }), 404, 'GIS_MERCHANT_NOT_FOUND');
  });
});
