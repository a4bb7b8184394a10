// GIS ES merchant card, contacts and programs (seed 000 §3.4.2–3.4.4, §3.4.9, §3.4.11).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { IDS, addContacts, createMerchant, expectRefusedUnchanged, gisApi, readyToActivate, startGisSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startGisSandbox(); });
afterAll(() => sb.stop());

describe('merchant card', () => {
  it('GIS-01: a merchant is saved OPEN with INN, KPP, OGRN, name, brand and seller type', async () => {
    const api = gisApi(sb, 'm1');
    const m = await createMerchant(api, { name: 'ООО «Ортопед»', brand: 'Ортопед' });
    expect(m).toMatchObject({ id: 'tsp-000001', status: 'OPEN', inn: IDS.legal.inn, kpp: IDS.legal.kpp, ogrn: IDS.legal.ogrn,
      name: 'ООО «Ортопед»', brand: 'Ортопед', sellerType: 'LEGAL_ENTITY', hidden: false, contacts: [] });
    await api.get(`/merchants/${m.id}`).expect(200).expect((r) => expect(r.body).toEqual(m));
    const ie = await createMerchant(api, { ...IDS.entrepreneur, kpp: undefined, sellerType: 'INDIVIDUAL_ENTREPRENEUR', name: 'ИП Сидоров' });
    expect(ie).toMatchObject({ status: 'OPEN', sellerType: 'INDIVIDUAL_ENTREPRENEUR', ogrn: IDS.entrepreneur.ogrn });
    expect(ie.kpp).toBeUndefined();
    const person = await createMerchant(api, { inn: IDS.person.inn, kpp: undefined, ogrn: undefined, sellerType: 'INDIVIDUAL', name: 'Сидоров С. С.' });
    expect(person).toMatchObject({ status: 'OPEN', sellerType: 'INDIVIDUAL' });
  });

  it('GIS-01: INN, KPP and OGRN are checked with their real check digits, and nothing is saved', async () => {
    const api = gisApi(sb, 'm2');
    const error = await expectRefusedUnchanged(api, () => api.post('/merchants', { ...IDS.legal, inn: IDS.badInn, ogrn: '1027700987655', kpp: '77-01', name: 'X', brand: 'X', sellerType: 'LEGAL_ENTITY' }), 400, 'POLIGON_VALIDATION');
    expect(error.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ pointer: '/inn', message: 'is not a valid inn', received: IDS.badInn }),
      expect.objectContaining({ pointer: '/ogrn', message: 'is not a valid ogrn' }),
      expect.objectContaining({ pointer: '/kpp', message: 'is not a valid kpp' }),
    ]));
    await api.get('/merchants').expect(200, { merchants: [] });
  });

  it('GIS-01: the identifiers must fit the seller type', async () => {
    const api = gisApi(sb, 'm3');
    const e1 = await expectRefusedUnchanged(api, () => api.post('/merchants', { ...IDS.entrepreneur, name: 'X', brand: 'X', sellerType: 'LEGAL_ENTITY' }), 400, 'GIS_SELLER_DETAILS_INCONSISTENT');
    expect(e1.message).toMatch(/10-digit INN.*needs a KPP.*13-digit OGRN/);
    const e2 = await expectRefusedUnchanged(api, () => api.post('/merchants', { ...IDS.legal, name: 'X', brand: 'X', sellerType: 'INDIVIDUAL_ENTREPRENEUR' }), 400, 'GIS_SELLER_DETAILS_INCONSISTENT');
    expect(e2.message).toMatch(/12-digit INN.*no KPP.*15-digit OGRNIP/);
  });

  it('GIS-01: the same INN and KPP cannot be registered twice', async () => {
    const api = gisApi(sb, 'm4');
    const m = await createMerchant(api);
    const e = await expectRefusedUnchanged(api, () => api.post('/merchants', { ...IDS.legal, name: 'Y', brand: 'Y', sellerType: 'LEGAL_ENTITY' }), 409, 'GIS_MERCHANT_EXISTS');
    expect(e.message).toContain(m.id);
  });

  it('GIS-11: KPP, brand and seller type can be edited; name, INN and OGRN come from ESIA and cannot (§3.4.2)', async () => {
    const api = gisApi(sb, 'm5');
    const m = await createMerchant(api);
    const r = await api.patch(`/merchants/${m.id}`, { brand: 'Новый бренд', kpp: '770902001' }).expect(200);
    expect(r.body).toMatchObject({ brand: 'Новый бренд', name: 'ООО «Тест»', kpp: '770902001', inn: m.inn, status: 'OPEN' });
    for (const [field, value] of [['name', 'ООО «Новое»'], ['inn', IDS.entrepreneur.inn], ['ogrn', IDS.entrepreneur.ogrn]] as const) {
      const e = await expectRefusedUnchanged(api, () => api.patch(`/merchants/${m.id}`, { [field]: value }), 400, 'POLIGON_VALIDATION');
      expect(e.problems[0]).toMatchObject({ pointer: `/${field}`, message: 'is not a known field' });
    }
    const person = await createMerchant(api, { inn: IDS.person.inn, kpp: undefined, ogrn: undefined, sellerType: 'INDIVIDUAL', name: 'Сидоров С. С.' });
    // the seller type is chosen, but must fit the identifiers ESIA gave: a person with no OGRNIP is no entrepreneur
    await expectRefusedUnchanged(api, () => api.patch(`/merchants/${person.id}`, { sellerType: 'INDIVIDUAL_ENTREPRENEUR' }), 400, 'GIS_SELLER_DETAILS_INCONSISTENT');
    await expectRefusedUnchanged(api, () => api.patch(`/merchants/${m.id}`, { sellerType: 'INDIVIDUAL' }), 400, 'GIS_SELLER_DETAILS_INCONSISTENT');
    await expectRefusedUnchanged(api, () => api.patch('/merchants/tsp-999999', { brand: 'Z' }), 404, 'GIS_MERCHANT_NOT_FOUND');
  });

  it('GIS-13: a hidden merchant leaves the list, shows with the hidden filter, and comes back when shown', async () => {
    const api = gisApi(sb, 'm6');
    const a = await createMerchant(api);
    const b = await createMerchant(api, { ...IDS.entrepreneur, kpp: undefined, sellerType: 'INDIVIDUAL_ENTREPRENEUR' });
    await api.post(`/merchants/${a.id}/hide`).expect(200).expect((r) => expect(r.body.hidden).toBe(true));
    const ids = async (q = '') => (await api.get(`/merchants${q}`).expect(200)).body.merchants.map((m: { id: string }) => m.id);
    expect(await ids()).toEqual([b.id]);
    expect(await ids('?includeHidden=true')).toEqual([a.id, b.id]);
    await api.post(`/merchants/${a.id}/show`).expect(200).expect((r) => expect(r.body.hidden).toBe(false));
    expect(await ids()).toEqual([a.id, b.id]);
  });
});

describe('contacts', () => {
  it('GIS-02: TECHNICAL and ORGANIZATIONAL contacts, several of a role allowed; an unknown role is refused', async () => {
    const api = gisApi(sb, 'c1');
    const m = await createMerchant(api);
    await addContacts(api, m.id, ['TECHNICAL', 'TECHNICAL', 'ORGANIZATIONAL']);
    const r = await api.get(`/merchants/${m.id}`).expect(200);
    expect(r.body.contacts.map((c: { role: string }) => c.role)).toEqual(['TECHNICAL', 'TECHNICAL', 'ORGANIZATIONAL']);
    const e = await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/contacts`, { role: 'BOSS', fullName: 'Босс', email: 'not-an-email', phone: '12345' }), 400, 'POLIGON_VALIDATION');
    expect(e.problems.map((p: { pointer: string }) => p.pointer).sort()).toEqual(['/email', '/phone', '/role']);
  });

  it('GIS-11: a contact can be edited and removed', async () => {
    const api = gisApi(sb, 'c2');
    const m = await createMerchant(api);
    const c = (await api.post(`/merchants/${m.id}/contacts`, { role: 'TECHNICAL', fullName: 'Иванов И. И.', email: 'i@shop.example', phone: '+79140000001' }).expect(201)).body;
    await api.patch(`/merchants/${m.id}/contacts/${c.id}`, { email: 'ivanov@shop.example', position: 'Админ' }).expect(200)
      .expect((r) => expect(r.body).toMatchObject({ id: c.id, email: 'ivanov@shop.example', position: 'Админ', role: 'TECHNICAL' }));
    await expectRefusedUnchanged(api, () => api.patch(`/merchants/${m.id}/contacts/ct-999999`, { email: 'x@y.example' }), 404, 'GIS_CONTACT_NOT_FOUND');
    await api.delete(`/merchants/${m.id}/contacts/${c.id}`).expect(200, { id: c.id, deleted: true });
    expect((await api.get(`/merchants/${m.id}`)).body.contacts).toEqual([]);
  });

  it('GIS-02: once a point has left CREATED, the last contact of a role can be neither removed nor given the other role (§3.4.3)', async () => {
    const api = gisApi(sb, 'c3');
    const { merchantId, pointId } = await readyToActivate(api);
    const [tech, org] = (await api.get(`/merchants/${merchantId}`)).body.contacts as Array<{ id: string; role: string }>;
    expect([tech!.role, org!.role]).toEqual(['TECHNICAL', 'ORGANIZATIONAL']);
    // while every point is CREATED, contacts come and go freely
    await api.delete(`/merchants/${merchantId}/contacts/${org!.id}`).expect(200);
    const org2 = (await api.post(`/merchants/${merchantId}/contacts`, { role: 'ORGANIZATIONAL', fullName: 'Петрова М. С.', email: 'org@shop.example', phone: '+79140000005' }).expect(201)).body;
    await api.post(`/points/${pointId}/to-activation`).expect(200);

    const e = await expectRefusedUnchanged(api, () => api.delete(`/merchants/${merchantId}/contacts/${tech!.id}`), 409, 'GIS_LAST_CONTACT_OF_ROLE');
    expect(e.message).toBe(`Contact ${tech!.id} is the last TECHNICAL contact of merchant ${merchantId}, whose point ${pointId} has left CREATED: at least one of each role must stay`);
    await expectRefusedUnchanged(api, () => api.patch(`/merchants/${merchantId}/contacts/${org2.id}`, { role: 'TECHNICAL' }), 409, 'GIS_LAST_CONTACT_OF_ROLE');
    // editing other fields, or keeping the role, is fine
    await api.patch(`/merchants/${merchantId}/contacts/${tech!.id}`, { role: 'TECHNICAL', phone: '+79140000099' }).expect(200);
    // with a second TECHNICAL contact the first may go
    await api.post(`/merchants/${merchantId}/contacts`, { role: 'TECHNICAL', fullName: 'Сидоров С. С.', email: 'it2@shop.example', phone: '+79140000006' }).expect(201);
    await api.delete(`/merchants/${merchantId}/contacts/${tech!.id}`).expect(200);
    expect((await api.get(`/merchants/${merchantId}`)).body.contacts.map((c: { role: string }) => c.role)).toEqual(['ORGANIZATIONAL', 'TECHNICAL']);
  });
});

describe('programs', () => {
  it('GIS-03: the catalogue has public programs and programs by approval', async () => {
    const api = gisApi(sb, 'p0');
    const { programs } = (await api.get('/programs').expect(200)).body;
    expect(programs.filter((p: { access: string }) => p.access === 'PUBLIC').length).toBeGreaterThan(0);
    expect(programs.filter((p: { access: string }) => p.access === 'BY_APPROVAL').length).toBeGreaterThan(0);
  });

  it('GIS-03: a public program connects at once', async () => {
    const api = gisApi(sb, 'p1');
    const m = await createMerchant(api);
    await api.post(`/merchants/${m.id}/programs/ES-TSR/connect`).expect(200).expect((r) => expect(r.body).toMatchObject({ code: 'ES-TSR', status: 'CONNECTED' }));
    expect((await api.get('/treasury/applications')).body.applications).toEqual([]);
    await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/programs/ES-TSR/connect`), 409, 'GIS_TRANSITION_NOT_ALLOWED');
    await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/programs/NO-SUCH/connect`), 404, 'GIS_PROGRAM_NOT_FOUND');
  });

  it('GIS-03: a program by approval goes UNDER_REVIEW, then CONNECTED on approval', async () => {
    const api = gisApi(sb, 'p2');
    const m = await createMerchant(api);
    const r = await api.post(`/merchants/${m.id}/programs/ES-SANATORIUM/connect`).expect(200);
    expect(r.body).toMatchObject({ status: 'UNDER_REVIEW', applicationId: expect.any(String) });
    const pending = (await api.get('/treasury/applications?status=PENDING').expect(200)).body.applications;
    expect(pending).toEqual([expect.objectContaining({ id: r.body.applicationId, merchantId: m.id, programCode: 'ES-SANATORIUM', kind: 'CONNECT', status: 'PENDING' })]);
    await api.post(`/treasury/applications/${r.body.applicationId}/approve`).expect(200).expect((a) => expect(a.body.status).toBe('APPROVED'));
    const programs = (await api.get(`/merchants/${m.id}/programs`).expect(200)).body.programs;
    expect(programs.find((p: { code: string }) => p.code === 'ES-SANATORIUM')).toEqual({ code: 'ES-SANATORIUM', name: expect.any(String), access: 'BY_APPROVAL', validFrom: '2024-01-01', validTo: '2030-12-31', status: 'CONNECTED' });
    await expectRefusedUnchanged(api, () => api.post(`/treasury/applications/${r.body.applicationId}/approve`), 409, 'GIS_APPLICATION_DECIDED');
  });

  it('GIS-03: a rejected application leaves the program REJECTED with the reason; the merchant may apply again', async () => {
    const api = gisApi(sb, 'p3');
    const m = await createMerchant(api);
    const { applicationId } = (await api.post(`/merchants/${m.id}/programs/ES-SPORT/connect`).expect(200)).body;
    await expectRefusedUnchanged(api, () => api.post(`/treasury/applications/${applicationId}/reject`, {}), 400, 'POLIGON_VALIDATION');
    await api.post(`/treasury/applications/${applicationId}/reject`, { reason: 'Нет лицензии на спортивный инвентарь' }).expect(200)
      .expect((r) => expect(r.body).toMatchObject({ status: 'REJECTED', reason: 'Нет лицензии на спортивный инвентарь' }));
    const sport = (await api.get(`/merchants/${m.id}/programs`)).body.programs.find((p: { code: string }) => p.code === 'ES-SPORT');
    expect(sport).toMatchObject({ status: 'REJECTED', rejectionReason: 'Нет лицензии на спортивный инвентарь' });
    await api.post(`/merchants/${m.id}/programs/ES-SPORT/connect`).expect(200).expect((r) => expect(r.body.status).toBe('UNDER_REVIEW'));
  });

  it('GIS-03: a program connects only within its period of validity, shown with it (§3.4.4)', async () => {
    const api = gisApi(sb, 'p5');
    const m = await createMerchant(api);
    const pilot = (await api.get(`/merchants/${m.id}/programs`)).body.programs.find((p: { code: string }) => p.code === 'ES-PILOT-2023');
    expect(pilot).toMatchObject({ validFrom: '2023-01-01', validTo: '2023-12-31', status: 'NOT_CONNECTED' });
    const e = await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/programs/ES-PILOT-2023/connect`), 409, 'GIS_PROGRAM_NOT_VALID');
    expect(e.message).toMatch(/^Program ES-PILOT-2023 is valid from 2023-01-01 to 2023-12-31; today \(\d{4}-\d{2}-\d{2}\) it cannot be connected$/);
    // an application filed in time is not approved once the period is over (ES-SPORT ends 2030-12-31)
    const { applicationId } = (await api.post(`/merchants/${m.id}/programs/ES-SPORT/connect`).expect(200)).body;
    await api.advanceClock('2000d');
    const late = await expectRefusedUnchanged(api, () => api.post(`/treasury/applications/${applicationId}/approve`), 409, 'GIS_PROGRAM_NOT_VALID');
    expect(late.message).toContain('ES-SPORT is valid from 2025-01-01 to 2030-12-31');
    await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/programs/ES-TSR/connect`), 409, 'GIS_PROGRAM_NOT_VALID');
    // rejecting it is still possible
    await api.post(`/treasury/applications/${applicationId}/reject`, { reason: 'Программа завершена' }).expect(200);
  });

  it('GIS-04: disconnecting goes to approval (UNDER_REVIEW), then NOT_CONNECTED; a refused disconnection keeps it CONNECTED', async () => {
    const api = gisApi(sb, 'p4');
    const m = await createMerchant(api);
    await api.post(`/merchants/${m.id}/programs/ES-TSR/connect`).expect(200);
    await api.post(`/merchants/${m.id}/programs/ES-SCHOOL/connect`).expect(200);
    const d1 = (await api.post(`/merchants/${m.id}/programs/ES-TSR/disconnect`).expect(200)).body;
    expect(d1).toMatchObject({ status: 'UNDER_REVIEW', applicationId: expect.any(String) });
    await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/programs/ES-TSR/disconnect`), 409, 'GIS_TRANSITION_NOT_ALLOWED');
    await api.post(`/treasury/applications/${d1.applicationId}/approve`).expect(200).expect((r) => expect(r.body.kind).toBe('DISCONNECT'));
    const d2 = (await api.post(`/merchants/${m.id}/programs/ES-SCHOOL/disconnect`).expect(200)).body;
    await api.post(`/treasury/applications/${d2.applicationId}/reject`, { reason: 'Есть неисполненные обязательства' }).expect(200);
    const statuses = Object.fromEntries((await api.get(`/merchants/${m.id}/programs`)).body.programs.map((p: { code: string; status: string }) => [p.code, p.status]));
    expect(statuses).toMatchObject({ 'ES-TSR': 'NOT_CONNECTED', 'ES-SCHOOL': 'CONNECTED' });
    const e = await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/programs/ES-TSR/disconnect`), 409, 'GIS_TRANSITION_NOT_ALLOWED');
    expect(e.message).toMatch(/NOT_CONNECTED.*requestDisconnection.*CONNECTED/);
  });
});
