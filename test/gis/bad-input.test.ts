// Bad input: clear 4xx in the GIS ES error format, never a 500, never half-applied state.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { IDS, createMerchant, createPoint, expectRefusedUnchanged, gisApi, startGisSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startGisSandbox(); });
afterAll(() => sb.stop());

describe('bad input', () => {
  it('GIS-01: malformed JSON, a wrong media type and a missing body get 4xx and change nothing', async () => {
    const api = gisApi(sb, 'x1');
    const raw = (ct: string, body: string) => () => inProcess(sb).post('/ns/x1/gis/api/v1/merchants').set('content-type', ct).send(body);
    const bad = await expectRefusedUnchanged(api, raw('application/json', '{"inn": "7709876545",'), 400, 'POLIGON_MALFORMED_BODY');
    expect(bad.message).toMatch(/not valid JSON/);
    await expectRefusedUnchanged(api, raw('text/plain', 'inn=1'), 415, 'POLIGON_UNSUPPORTED_MEDIA_TYPE');
    const none = await expectRefusedUnchanged(api, () => api.post('/merchants'), 400, 'POLIGON_VALIDATION');
    expect(none.problems[0].message).toMatch(/required/);
    await expectRefusedUnchanged(api, raw('application/json', '[1,2]'), 400, 'POLIGON_VALIDATION');
  });

  it('GIS-01: wrong types, unknown fields and a bad INN checksum are each named with their pointer', async () => {
    const api = gisApi(sb, 'x2');
    const e = await expectRefusedUnchanged(api, () => api.post('/merchants', { inn: 7709876545, kpp: IDS.legal.kpp, ogrn: IDS.legal.ogrn, name: 'X', brand: 'X', sellerType: 'LEGAL_ENTITY', colour: 'red' }), 400, 'POLIGON_VALIDATION');
    expect(e.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ pointer: '/inn', expected: 'type string', received: 7709876545 }),
      expect.objectContaining({ pointer: '/colour', message: 'is not a known field' }),
    ]));
    const checksum = await expectRefusedUnchanged(api, () => api.post('/merchants', { ...IDS.legal, inn: IDS.badInn, name: 'X', brand: 'X', sellerType: 'LEGAL_ENTITY' }), 400, 'POLIGON_VALIDATION');
    expect(checksum.problems).toEqual([expect.objectContaining({ pointer: '/inn', message: 'is not a valid inn', expected: expect.stringMatching(/check digits/) })]);
    await expectRefusedUnchanged(api, () => api.post('/merchants', { ...IDS.legal, name: 'X', brand: 'X', sellerType: 'COMPANY' }), 400, 'POLIGON_VALIDATION');
  });

  it('GIS-05: coordinates that are not decimal degrees are refused with a clear pointer, and the hint names `problems`', async () => {
    const api = gisApi(sb, 'x3');
    const m = await createMerchant(api);
    const p = await createPoint(api, m.id, { name: 'Точка' });
    const e = await expectRefusedUnchanged(api, () => api.patch(`/points/${p.id}`, { coordinates: { latitude: '62,03', longitude: '129.732' } }), 400, 'POLIGON_VALIDATION');
    expect(e.problems).toEqual([expect.objectContaining({ pointer: '/coordinates/latitude', received: '62,03' })]);
    expect(e.message).toContain('/coordinates/latitude');
    expect(e.hint).toBe('See `problems` for the JSON pointer, what was expected and what was received.');
  });

  it('an empty JSON object, which many HTTP clients send on every POST, is taken as no body', async () => {
    const api = gisApi(sb, 'x5');
    const m = await createMerchant(api);
    await api.post(`/merchants/${m.id}/hide`, {}).expect(200).expect((r) => expect(r.body.hidden).toBe(true));
    await api.post(`/merchants/${m.id}/programs/ES-TSR/connect`, {}).expect(200).expect((r) => expect(r.body.status).toBe('CONNECTED'));
    const raw = await inProcess(sb).post(`/ns/x5/gis/api/v1/merchants/${m.id}/show`).set('content-type', 'application/json').send('{}').expect(200);
    expect(raw.body.hidden).toBe(false);
    // anything more than {} is still refused
    await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/hide`, { hidden: true }), 400, 'POLIGON_VALIDATION');
    await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/hide`, [] as unknown as object), 400, 'POLIGON_VALIDATION');
  });

  it('answers unknown paths, unknown ids and bodies where none is taken with 4xx in the GIS format', async () => {
    const api = gisApi(sb, 'x4');
    const nf = await api.get('/nowhere').expect(404);
    expect(nf.body.error).toMatchObject({ code: 'POLIGON_NOT_FOUND', message: expect.stringContaining('/api/v1/nowhere') });
    await api.get('/merchants/tsp-000404').expect(404).expect((r) => expect(r.body.error.code).toBe('GIS_MERCHANT_NOT_FOUND'));
    await api.get('/points/whatever').expect(404).expect((r) => expect(r.body.error.code).toBe('GIS_POINT_NOT_FOUND'));
    await api.post('/treasury/applications/app-000404/approve').expect(404).expect((r) => expect(r.body.error.code).toBe('GIS_APPLICATION_NOT_FOUND'));
    const m = await createMerchant(api);
    await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/hide`, { please: true }), 400, 'POLIGON_VALIDATION');
    // ids that name Object.prototype members are unknown ids like any other
    await api.get('/merchants/__proto__').expect(404).expect((r) => expect(r.body.error.code).toBe('GIS_MERCHANT_NOT_FOUND'));
    await api.get('/points/constructor').expect(404).expect((r) => expect(r.body.error.code).toBe('GIS_POINT_NOT_FOUND'));
    await api.post('/treasury/applications/toString/approve').expect(404).expect((r) => expect(r.body.error.code).toBe('GIS_APPLICATION_NOT_FOUND'));
    await expectRefusedUnchanged(api, () => api.post(`/merchants/${m.id}/programs/__proto__/connect`), 404, 'GIS_PROGRAM_NOT_FOUND');
    await expectRefusedUnchanged(api, () => api.patch(`/merchants/${m.id}`, JSON.parse('{"__proto__": {"status": "BLOCKED"}}')), 400, 'POLIGON_VALIDATION');
  });
});
