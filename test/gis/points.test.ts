// GIS ES points: the point state machine of seed 000 §3.4.5–3.4.11 and its events to LK FES
// (heard here by a probe standing in for LK FES).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import {
  ADDRESS, COORDS, TRU, activatedPoint, addContacts, createMerchant, createPoint, expectRefusedUnchanged, gisApi, readyToActivate, startGisSandbox, testedPoint,
} from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startGisSandbox(); });
afterAll(() => sb.stop());

describe('creating and deleting points', () => {
  it('GIS-05: a point is saved CREATED with its FIAS address and coordinates', async () => {
    const api = gisApi(sb, 'pt1');
    const m = await createMerchant(api);
    const p = await createPoint(api, m.id, { name: 'Салон', address: ADDRESS, coordinates: COORDS, onlineShop: false, site: 'https://shop.example', accessibleForLimitedMobility: true });
    expect(p).toMatchObject({ id: 'pt-000001', merchantId: m.id, status: 'CREATED', address: ADDRESS, coordinates: COORDS, goods: [], hidden: false, accessibleForLimitedMobility: true });
    await api.get(`/points/${p.id}`).expect(200).expect((r) => expect(r.body).toEqual(p));
    await api.get(`/merchants/${m.id}/points`).expect(200).expect((r) => expect(r.body.points).toEqual([p]));
  });

  it('GIS-05: fewer than 3 decimals are only recommended against (§3.4.5): the point is saved, with a warning while it lasts', async () => {
    const api = gisApi(sb, 'pt6');
    const m = await createMerchant(api);
    const r = await api.post(`/merchants/${m.id}/points`, { name: 'X', address: ADDRESS, coordinates: { latitude: '62.02', longitude: '129' } }).expect(201);
    expect(r.body).toMatchObject({ status: 'CREATED', coordinates: { latitude: '62.02', longitude: '129' } });
    expect(r.body.warnings).toEqual([
      'latitude 62.02 has 2 decimals; at least 3 are recommended (§3.4.5): the public map places the point by its coordinates',
      'longitude 129 has 0 decimals; at least 3 are recommended (§3.4.5): the public map places the point by its coordinates',
    ]);
    await api.get(`/points/${r.body.id}`).expect(200).expect((g) => expect(g.body.warnings).toHaveLength(2));
    // each coordinate is judged alone; with 3 decimals on both the warning is gone
    const fixed = await api.patch(`/points/${r.body.id}`, { coordinates: { latitude: '62.028', longitude: '129.1' } }).expect(200);
    expect(fixed.body.warnings).toEqual(['longitude 129.1 has 1 decimal; at least 3 are recommended (§3.4.5): the public map places the point by its coordinates']);
    const exact = await api.patch(`/points/${r.body.id}`, { coordinates: { latitude: '62.028', longitude: '129.732' } }).expect(200);
    expect(exact.body).not.toHaveProperty('warnings');
  });

  it('GIS-05: coordinates are decimal-degree strings in a sane range; the address must be FIAS, municipal division', async () => {
    const api = gisApi(sb, 'pt2');
    const m = await createMerchant(api);
    const asNumbers = await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/points`, { name: 'X', coordinates: { latitude: 62.028, longitude: 129.732 } }), 400, 'POLIGON_VALIDATION');
    expect(asNumbers.problems[0]).toMatchObject({ pointer: '/coordinates/latitude', expected: 'type string' });
    const range = await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/points`, { name: 'X', coordinates: { latitude: '95.000', longitude: '200.000' } }), 400, 'GIS_COORDINATES_OUT_OF_RANGE');
    expect(range.message).toMatch(/latitude 95.000.*longitude 200.000/);
    const addr = await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/points`, { name: 'X', address: { ...ADDRESS, fiasId: 'nope', division: 'ADMINISTRATIVE' } }), 400, 'POLIGON_VALIDATION');
    expect(addr.problems.map((p: { pointer: string }) => p.pointer)).toEqual(['/address/fiasId', '/address/division']);
  });

  it('GIS-06: a CREATED point can be deleted; later statuses cannot', async () => {
    const api = gisApi(sb, 'pt3');
    const m = await createMerchant(api);
    const p = await createPoint(api, m.id);
    await api.delete(`/points/${p.id}`).expect(200, { id: p.id, deleted: true });
    await api.get(`/points/${p.id}`).expect(404).expect((r) => expect(r.body.error.code).toBe('GIS_POINT_NOT_FOUND'));

    const { pointId } = await readyToActivate(api, { kpp: '770902001' });
    await api.post(`/points/${pointId}/to-activation`).expect(200);
    const e = await expectRefusedUnchanged(api, () => api.delete(`/points/${pointId}`), 409, 'GIS_TRANSITION_NOT_ALLOWED');
    expect(e.message).toBe(`Point ${pointId} is ON_ACTIVATION: "delete" is allowed only from CREATED`);
  });

  it('GIS-11: a point\'s data can be edited', async () => {
    const api = gisApi(sb, 'pt4');
    const m = await createMerchant(api);
    const p = await createPoint(api, m.id, { name: 'Черновик' });
    const r = await api.patch(`/points/${p.id}`, { name: 'Салон на Ленина', address: ADDRESS, coordinates: { latitude: '62.0280', longitude: '129.7320' }, onlineShop: true }).expect(200);
    expect(r.body).toMatchObject({ name: 'Салон на Ленина', address: ADDRESS, coordinates: { latitude: '62.0280', longitude: '129.7320' }, onlineShop: true, status: 'CREATED' });
    await expectRefusedUnchanged(api, () => api.patch(`/points/${p.id}`, {}), 400, 'POLIGON_VALIDATION');
  });

  it('GIS-13: a hidden point leaves the list, shows with the hidden filter, and comes back when shown', async () => {
    const api = gisApi(sb, 'pt5');
    const m = await createMerchant(api);
    const a = await createPoint(api, m.id);
    const b = await createPoint(api, m.id);
    await api.post(`/points/${a.id}/hide`).expect(200).expect((r) => expect(r.body.hidden).toBe(true));
    const ids = async (q = '') => (await api.get(`/merchants/${m.id}/points${q}`).expect(200)).body.points.map((p: { id: string }) => p.id);
    expect(await ids()).toEqual([b.id]);
    expect(await ids('?includeHidden=true')).toEqual([a.id, b.id]);
    await api.post(`/points/${a.id}/show`).expect(200);
    expect(await ids()).toEqual([a.id, b.id]);
    await expectRefusedUnchanged(api, () => api.get(`/merchants/${m.id}/points?includeHidden=yes`), 400, 'POLIGON_VALIDATION');
  });
});

describe('goods list', () => {
  it('GIS-07: TRU kind codes are added and removed; a code is listed once', async () => {
    const api = gisApi(sb, 'g1');
    const m = await createMerchant(api);
    const p = await createPoint(api, m.id);
    await api.post(`/points/${p.id}/goods`, { truCodes: [TRU.wheelchair, TRU.crutches] }).expect(200).expect((r) => expect(r.body.goods).toEqual([TRU.wheelchair, TRU.crutches]));
    await api.post(`/points/${p.id}/goods`, { truCodes: [TRU.wheelchair] }).expect(200).expect((r) => expect(r.body.goods).toEqual([TRU.wheelchair, TRU.crutches]));
    await api.post(`/points/${p.id}/goods/remove`, { truCodes: [TRU.wheelchair] }).expect(200).expect((r) => expect(r.body.goods).toEqual([TRU.crutches]));
  });

  it('GIS-07: malformed TRU codes are refused and nothing is added; removing a code not listed removes nothing', async () => {
    const api = gisApi(sb, 'g2');
    const m = await createMerchant(api);
    const p = await createPoint(api, m.id);
    await api.post(`/points/${p.id}/goods`, { truCodes: [TRU.wheelchair] }).expect(200);
    const e = await expectRefusedUnchanged(api, () => api.post(`/points/${p.id}/goods`, { truCodes: [TRU.crutches, '300000001.00000001', '999999999.99999999900000000000'] }), 400, 'POLIGON_VALIDATION');
    expect(e.problems.map((x: { pointer: string }) => x.pointer)).toEqual(['/truCodes/1', '/truCodes/2']);
    expect(e.problems[0].expected).toMatch(/NNNNNNNNN\.NNNNNNNNN/);
    await expectRefusedUnchanged(api, () => api.post(`/points/${p.id}/goods`, { truCodes: [] }), 400, 'POLIGON_VALIDATION');
    const gone = await expectRefusedUnchanged(api, () => api.post(`/points/${p.id}/goods/remove`, { truCodes: [TRU.wheelchair, TRU.crutches] }), 409, 'GIS_TRU_NOT_IN_LIST');
    expect(gone.message).toContain(TRU.crutches);
  });
});

describe('to activation', () => {
  it('GIS-08: refused with every missing precondition listed, and nothing changes', async () => {
    const api = gisApi(sb, 'a1');
    const m = await createMerchant(api);
    const p = await createPoint(api, m.id, { name: 'Пусто' });
    const e = await expectRefusedUnchanged(api, () => api.post(`/points/${p.id}/to-activation`), 409, 'GIS_PRECONDITIONS_FAILED');
    expect(e.missing.map((x: { precondition: string }) => x.precondition)).toEqual(['TECHNICAL_CONTACT', 'ORGANIZATIONAL_CONTACT', 'CONNECTED_PROGRAM', 'ADDRESS', 'COORDINATES', 'GOODS']);
    expect(e.missing[0]).toMatchObject({ requirement: 'GIS-02', message: expect.stringContaining('TECHNICAL') });
    expect(e.message).toContain('TECHNICAL_CONTACT, ORGANIZATIONAL_CONTACT, CONNECTED_PROGRAM, ADDRESS, COORDINATES, GOODS');
    expect(await api.probeEvents()).toEqual([]);
  });

  it('GIS-02, GIS-08: with only a technical contact and a program still under review, exactly those are missing', async () => {
    const api = gisApi(sb, 'a2');
    const m = await createMerchant(api);
    await addContacts(api, m.id, ['TECHNICAL']);
    await api.post(`/merchants/${m.id}/programs/ES-SANATORIUM/connect`).expect(200);
    const p = await createPoint(api, m.id);
    await api.post(`/points/${p.id}/goods`, { truCodes: [TRU.wheelchair] }).expect(200);
    const e = await expectRefusedUnchanged(api, () => api.post(`/points/${p.id}/to-activation`), 409, 'GIS_PRECONDITIONS_FAILED');
    expect(e.missing.map((x: { precondition: string }) => x.precondition)).toEqual(['ORGANIZATIONAL_CONTACT', 'CONNECTED_PROGRAM']);
  });

  it('GIS-08: CREATED → ON_ACTIVATION and LK FES is sent the merchant and the point', async () => {
    const api = gisApi(sb, 'a3');
    const { merchantId, pointId } = await readyToActivate(api);
    await api.post(`/points/${pointId}/to-activation`).expect(200).expect((r) => expect(r.body.status).toBe('ON_ACTIVATION'));
    const events = await api.probeEvents();
    expect(events).toEqual([{
      topic: 'gis.point.toActivation',
      payload: {
        merchant: {
          id: merchantId, inn: '7709876545', kpp: '770901001', ogrn: '1027700987654', name: 'ООО «Тест»', brand: 'Тест',
          // §4.1: LK FES mails its set-password link to the TECHNICAL contact's e-mail
          technicalContactEmail: 'c0@shop.example',
          contacts: [
            { id: 'ct-000001', role: 'TECHNICAL', fullName: 'Контакт TECHNICAL', email: 'c0@shop.example', phone: '+79140000000' },
            { id: 'ct-000002', role: 'ORGANIZATIONAL', fullName: 'Контакт ORGANIZATIONAL', email: 'c1@shop.example', phone: '+79140000001' },
          ],
        },
        point: { id: pointId, name: 'Точка 1', address: ADDRESS.text, onlineShop: false },
      },
    }]);
    await expectRefusedUnchanged(api, () => api.post(`/points/${pointId}/to-activation`), 409, 'GIS_TRANSITION_NOT_ALLOWED');
  });
});

describe('tested, activated, disabled', () => {
  it('GIS-09: the point becomes TESTED once its касса is registered in LK FES AND has passed the production test (§3.4.7); registration alone is not enough', async () => {
    const api = gisApi(sb, 't1');
    const { pointId } = await readyToActivate(api);
    await api.post(`/points/${pointId}/to-activation`).expect(200);
    await api.registerCashRegister(pointId, 'CR-42');
    await api.registerCashRegister(pointId, 'CR-44');
    await api.get(`/points/${pointId}`).expect(200)
      .expect((r) => expect(r.body).toMatchObject({ status: 'ON_ACTIVATION', cashRegisterIds: ['CR-42', 'CR-44'], testedCashRegisterIds: [] }));
    const e = await expectRefusedUnchanged(api, () => api.post(`/points/${pointId}/activate`, { activeFrom: '2020-01-01' }), 409, 'GIS_TRANSITION_NOT_ALLOWED');
    expect(e.message).toBe(`Point ${pointId} is ON_ACTIVATION: "activate" is allowed only from TESTED`);
    await api.passProductionTest('pt-999999', 'CR-43'); // a point GIS ES does not know: ignored
    await api.passProductionTest(pointId, 'CR-44');
    await api.get(`/points/${pointId}`).expect(200)
      .expect((r) => expect(r.body).toMatchObject({ status: 'TESTED', cashRegisterIds: ['CR-42', 'CR-44'], testedCashRegisterIds: ['CR-44'] }));
    // the other касса's test later is recorded; the point stays TESTED
    await api.passProductionTest(pointId, 'CR-42');
    await api.get(`/points/${pointId}`).expect((r) => expect(r.body).toMatchObject({ status: 'TESTED', testedCashRegisterIds: ['CR-44', 'CR-42'] }));
    await api.post(`/points/${pointId}/activate`, { activeFrom: '2020-01-01' }).expect(200);
  });

  it('GIS-09: a production test before "to activation" or after activation changes no status', async () => {
    const api = gisApi(sb, 't6');
    const { pointId } = await readyToActivate(api);
    await api.passProductionTest(pointId, 'CR-1');
    await api.get(`/points/${pointId}`).expect((r) => expect(r.body).toMatchObject({ status: 'CREATED', testedCashRegisterIds: ['CR-1'] }));
    const active = await activatedPoint(api, { kpp: '770902001' });
    await api.passProductionTest(active.pointId, 'CR-2');
    await api.get(`/points/${active.pointId}`).expect((r) => expect(r.body).toMatchObject({ status: 'ACTIVATED', testedCashRegisterIds: ['CR-0001', 'CR-2'] }));
  });

  it('GIS-10: activated from a future date the point reads TESTED until the virtual clock gets there, then ACTIVATED', async () => {
    const api = gisApi(sb, 't2');
    const { merchantId, pointId } = await testedPoint(api);
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const r = await api.post(`/points/${pointId}/activate`, { activeFrom: inTwoDays }).expect(200);
    expect(r.body).toMatchObject({ status: 'TESTED', activeFrom: inTwoDays });
    expect((await api.probeEvents()).at(-1)).toEqual({ topic: 'gis.point.activated', payload: { merchantId, pointId, activeFrom: inTwoDays } });
    // not yet active: a disable is refused as for any TESTED point
    await expectRefusedUnchanged(api, () => api.post(`/points/${pointId}/disable`), 409, 'GIS_TRANSITION_NOT_ALLOWED');
    await api.advanceClock('1d');
    await api.get(`/points/${pointId}`).expect((x) => expect(x.body.status).toBe('TESTED'));
    await api.advanceClock('1d');
    await api.get(`/points/${pointId}`).expect((x) => expect(x.body.status).toBe('ACTIVATED'));
    await api.get(`/merchants/${merchantId}/points`).expect((x) => expect(x.body.points[0].status).toBe('ACTIVATED'));
  });

  it('GIS-10: a calendar date means 00:00 Moscow time of that day', async () => {
    const api = gisApi(sb, 't3');
    const { pointId } = await testedPoint(api);
    const r = await api.post(`/points/${pointId}/activate`, { activeFrom: '2024-03-01' }).expect(200);
    expect(r.body).toMatchObject({ status: 'ACTIVATED', activeFrom: '2024-02-29T21:00:00.000Z' });
    await expectRefusedUnchanged(api, () => api.post(`/points/${pointId}/activate`, { activeFrom: '2024-03-01' }), 409, 'GIS_TRANSITION_NOT_ALLOWED');
    await expectRefusedUnchanged(api, () => api.post(`/points/${pointId}/activate`, { activeFrom: 'tomorrow' }), 400, 'POLIGON_VALIDATION');
  });

  it('GIS-12: disabling an ACTIVATED point makes it DISABLED and tells LK FES; then nothing more is allowed on it', async () => {
    const api = gisApi(sb, 't4');
    const { merchantId, pointId } = await activatedPoint(api);
    await api.post(`/points/${pointId}/disable`).expect(200).expect((r) => expect(r.body.status).toBe('DISABLED'));
    expect((await api.probeEvents()).at(-1)).toEqual({ topic: 'gis.point.disabled', payload: { merchantId, pointId } });
    for (const attempt of [
      () => api.post(`/points/${pointId}/disable`),
      () => api.post(`/points/${pointId}/activate`, { activeFrom: '2024-01-01' }),
      () => api.patch(`/points/${pointId}`, { name: 'Новое имя' }),
      () => api.post(`/points/${pointId}/goods`, { truCodes: [TRU.crutches] }),
      () => api.post(`/points/${pointId}/goods/remove`, { truCodes: [TRU.wheelchair] }),
      () => api.delete(`/points/${pointId}`),
      () => api.post(`/points/${pointId}/to-activation`),
    ]) {
      const e = await expectRefusedUnchanged(api, attempt, 409, 'GIS_POINT_DISABLED');
      expect(e.message).toContain(pointId);
    }
    // GIS-13: hiding is for any status (§3.4.11)
    await api.post(`/points/${pointId}/hide`).expect(200).expect((r) => expect(r.body).toMatchObject({ status: 'DISABLED', hidden: true }));
    await api.post(`/points/${pointId}/show`).expect(200).expect((r) => expect(r.body).toMatchObject({ status: 'DISABLED', hidden: false }));
  });

  it('GIS-12: only an ACTIVATED point can be disabled', async () => {
    const api = gisApi(sb, 't5');
    const m = await createMerchant(api);
    const p = await createPoint(api, m.id);
    const e = await expectRefusedUnchanged(api, () => api.post(`/points/${p.id}/disable`), 409, 'GIS_TRANSITION_NOT_ALLOWED');
    expect(e.message).toBe(`Point ${p.id} is CREATED: "disable" is allowed only from ACTIVATED`);
  });
});
