// GIS-11: edits after "to activation" that LK FES shows reach it as events (seed 000 §3.4.9, §4.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { ADDRESS, expectRefusedUnchanged, gisApi, readyToActivate, startGisSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startGisSandbox(); });
afterAll(() => sb.stop());

const TECH = { id: 'ct-000001', role: 'TECHNICAL', fullName: 'Контакт TECHNICAL', email: 'c0@shop.example', phone: '+79140000000' };
const ORG = { id: 'ct-000002', role: 'ORGANIZATIONAL', fullName: 'Контакт ORGANIZATIONAL', email: 'c1@shop.example', phone: '+79140000001' };
const MERCHANT = { id: 'tsp-000001', inn: '7709876545', kpp: '770901001', ogrn: '1027700987654', name: 'ООО «Тест»', brand: 'Тест' };

describe('edits LK FES shows', () => {
  it('GIS-11: before "to activation" LK FES does not know the merchant, and edits send nothing', async () => {
    const api = gisApi(sb, 'e1');
    const { merchantId, pointId } = await readyToActivate(api);
    await api.patch(`/merchants/${merchantId}`, { brand: 'Другой' }).expect(200);
    await api.patch(`/merchants/${merchantId}/contacts/ct-000001`, { email: 'new@shop.example' }).expect(200);
    await api.patch(`/points/${pointId}`, { name: 'Другое имя' }).expect(200);
    expect(await api.probeEvents()).toEqual([]);
  });

  it('GIS-11: after it, brand and contact edits send the merchant as LK FES shows it; point name and address send the point', async () => {
    const api = gisApi(sb, 'e2');
    const { merchantId, pointId } = await readyToActivate(api);
    await api.post(`/points/${pointId}/to-activation`).expect(200);
    const heard = async () => (await api.probeEvents()).slice(1); // after gis.point.toActivation

    await api.patch(`/merchants/${merchantId}`, { brand: 'Ортопед+' }).expect(200);
    await api.patch(`/merchants/${merchantId}/contacts/ct-000001`, { email: 'admin@shop.example' }).expect(200);
    await api.post(`/merchants/${merchantId}/contacts`, { role: 'TECHNICAL', fullName: 'Сидоров С. С.', email: 'it2@shop.example', phone: '+79140000007' }).expect(201);
    await api.delete(`/merchants/${merchantId}/contacts/ct-000003`).expect(200);
    const tech = { ...TECH, email: 'admin@shop.example' };
    const extra = { id: 'ct-000003', role: 'TECHNICAL', fullName: 'Сидоров С. С.', email: 'it2@shop.example', phone: '+79140000007' };
    expect(await heard()).toEqual([
      { topic: 'gis.merchant.updated', payload: { merchant: { ...MERCHANT, brand: 'Ортопед+', technicalContactEmail: 'c0@shop.example', contacts: [TECH, ORG] } } },
      { topic: 'gis.merchant.updated', payload: { merchant: { ...MERCHANT, brand: 'Ортопед+', technicalContactEmail: 'admin@shop.example', contacts: [tech, ORG] } } },
      { topic: 'gis.merchant.updated', payload: { merchant: { ...MERCHANT, brand: 'Ортопед+', technicalContactEmail: 'admin@shop.example', contacts: [tech, ORG, extra] } } },
      { topic: 'gis.merchant.updated', payload: { merchant: { ...MERCHANT, brand: 'Ортопед+', technicalContactEmail: 'admin@shop.example', contacts: [tech, ORG] } } },
    ]);

    const moved = { ...ADDRESS, text: 'г. Якутск, городской округ «город Якутск», ул. Орджоникидзе, д. 20' };
    await api.patch(`/points/${pointId}`, { name: 'Салон на Орджоникидзе', address: moved }).expect(200);
    expect((await heard()).at(-1)).toEqual({
      topic: 'gis.point.updated',
      payload: { merchantId, point: { id: pointId, name: 'Салон на Орджоникидзе', address: moved.text, onlineShop: false } },
    });
  });

  it('GIS-11: what LK FES does not show (site, accessibility, a contact\'s position, an unchanged value) sends nothing; a refused edit neither', async () => {
    const api = gisApi(sb, 'e3');
    const { merchantId, pointId } = await readyToActivate(api);
    await api.post(`/points/${pointId}/to-activation`).expect(200);
    await api.patch(`/points/${pointId}`, { site: 'https://shop.example', accessibleForLimitedMobility: true }).expect(200);
    await api.patch(`/merchants/${merchantId}/contacts/ct-000002`, { position: 'Директор' }).expect(200);
    await api.patch(`/merchants/${merchantId}`, { brand: 'Тест' }).expect(200);
    await expectRefusedUnchanged(api, () => api.delete(`/merchants/${merchantId}/contacts/ct-000001`), 409, 'GIS_LAST_CONTACT_OF_ROLE');
    expect((await api.probeEvents()).map((e) => e.topic)).toEqual(['gis.point.toActivation']);
  });
});
