// The public map (seed 000 §3.4.8): points ACTIVATED at the virtual now, with address, name and
// location, brand, site, accessibility and goods; read-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { ADDRESS, COORDS, TRU, activatedPoint, createMerchant, createPoint, gisApi, readyToActivate, startGisSandbox, testedPoint } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startGisSandbox(); });
afterAll(() => sb.stop());

const mapIds = async (api: ReturnType<typeof gisApi>) =>
  (await api.get('/map/points').expect(200)).body.points.map((p: { pointId: string }) => p.pointId);

describe('public map', () => {
  it('GIS-10: an ACTIVATED point is on the map with what §3.4.8 lists; points not yet activated are not', async () => {
    const api = gisApi(sb, 'map1');
    await api.get('/map/points').expect(200).expect((r) => expect(r.body.points).toEqual([]));
    const { merchantId, pointId } = await activatedPoint(api);
    await api.patch(`/points/${pointId}`, { site: 'https://shop.example', accessibleForLimitedMobility: true }).expect(200);
    const draft = await createPoint(api, merchantId, { name: 'Черновик', address: ADDRESS, coordinates: COORDS });
    const r = await api.get('/map/points').expect(200);
    expect(r.body.points).toEqual([{
      pointId,
      name: 'Точка 1',
      address: ADDRESS.text,
      coordinates: { latitude: '62.028', longitude: '129.732' },
      brand: 'Тест',
      site: 'https://shop.example',
      accessibleForLimitedMobility: true,
      onlineShop: false,
      goods: [TRU.wheelchair],
      activeFrom: expect.any(String),
    }]);
    expect(r.body.points.map((p: { pointId: string }) => p.pointId)).not.toContain(draft.id);
    expect(Date.parse(r.body.at)).toBeGreaterThan(Date.parse(r.body.points[0].activeFrom));
  });

  it('GIS-10: a point activated from a later date joins the map when the virtual clock reaches it; ON_ACTIVATION and TESTED points never show', async () => {
    const api = gisApi(sb, 'map2');
    const onActivation = await readyToActivate(api);
    await api.post(`/points/${onActivation.pointId}/to-activation`).expect(200);
    const later = await testedPoint(api, { inn: '7701234560', kpp: '770101001', ogrn: '1027700123450' });
    const tomorrow = new Date(Date.now() + 86_400_000 + 60_000).toISOString();
    await api.post(`/points/${later.pointId}/activate`, { activeFrom: tomorrow }).expect(200);
    expect(await mapIds(api)).toEqual([]);
    await api.advanceClock('1d');
    await api.advanceClock('2m');
    expect(await mapIds(api)).toEqual([later.pointId]);
  });

  it('GIS-12, GIS-14: a disabled point leaves the map, and so do a blocked merchant\'s points; hiding changes only the merchant\'s list', async () => {
    const api = gisApi(sb, 'map3');
    const a = await activatedPoint(api);
    const b = await activatedPoint(api, { inn: '7701234560', kpp: '770101001', ogrn: '1027700123450' });
    await api.post(`/points/${a.pointId}/hide`).expect(200);
    expect(await mapIds(api)).toEqual([a.pointId, b.pointId]);
    await api.post(`/points/${a.pointId}/disable`).expect(200);
    expect(await mapIds(api)).toEqual([b.pointId]);
    await api.post(`/treasury/merchants/${b.merchantId}/block`, { reason: 'Исключено из ЕГРЮЛ' }).expect(200);
    expect(await mapIds(api)).toEqual([]);
  });

  it('is read-only: another method is 405 with Allow, in the GIS format', async () => {
    const api = gisApi(sb, 'map4');
    await createMerchant(api);
    const r = await api.post('/map/points', {}).expect(405);
    expect(r.headers.allow).toBe('GET, HEAD');
    expect(r.body.error.code).toBe('POLIGON_METHOD_NOT_ALLOWED');
  });
});
