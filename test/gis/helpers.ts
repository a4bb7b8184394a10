// Shared steps for the GIS ES tests: a sandbox with GIS ES and a probe standing in for LK FES, and the
// requests a merchant makes, each through the public API.
import { inProcess, type InProcessResponse } from '../support/in-process.js';
import { expect } from 'vitest';
import { gisSimulator } from '../../simulators/gis/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { fesProbe } from './fixtures/fes-probe.js';

/** Valid registry identifiers (real check digits) used across the tests. */
export const IDS = {
  legal: { inn: '7709876545', kpp: '770901001', ogrn: '1027700987654' },
  entrepreneur: { inn: '770123456703', ogrn: '314770100001232' },
  person: { inn: '140234567883' },
  badInn: '7709876546',
};

export const TRU = { wheelchair: '300000001.000000001', crutches: '300000002.000000007' };

export const ADDRESS = { fiasId: '6f7b5a3c-1d2e-4f80-9a1b-2c3d4e5f6a7b', division: 'MUNICIPAL', text: 'г. Якутск, городской округ «город Якутск», пр. Ленина, д. 1' };
export const COORDS = { latitude: '62.028', longitude: '129.732' };

/** The GIS tests follow the default, §3.4.7 (registered AND production test passed), unless they say otherwise. */
export const startGisSandbox = (gisOptions: Record<string, unknown> = {}): Promise<Sandbox> =>
  startSandbox({ available: [gisSimulator, fesProbe], validateResponses: true, demo: false, simulatorOptions: { gis: gisOptions } });

/** A supertest agent bound to one namespace's /gis/api/v1. */
export function gisApi(sb: Sandbox, ns: string) {
  const base = `/ns/${ns}/gis/api/v1`;
  const agent = () => inProcess(sb);
  return {
    get: (path: string) => agent().get(base + path),
    post: (path: string, body?: object) => (body === undefined ? agent().post(base + path) : agent().post(base + path).send(body)),
    patch: (path: string, body: object) => agent().patch(base + path).send(body),
    delete: (path: string) => agent().delete(base + path),
    probeEvents: async () => (await agent().get(`/ns/${ns}/probe/events`).expect(200)).body.events as Array<{ topic: string; payload: any }>,
    registerCashRegister: (pointId: string, cashRegisterId = 'CR-0001') =>
      agent().post(`/ns/${ns}/probe/points/${pointId}/cash-registers/${cashRegisterId}`).expect(204),
    passProductionTest: (pointId: string, cashRegisterId = 'CR-0001') =>
      agent().post(`/ns/${ns}/probe/points/${pointId}/cash-registers/${cashRegisterId}/production-test`).expect(204),
    snapshot: async () => (await sb.admin.forNamespace(ns).snapshot()).simulators,
    advanceClock: (by: string) => sb.admin.forNamespace(ns).advanceClock(by),
  };
}

export type GisApi = ReturnType<typeof gisApi>;

export async function createMerchant(api: GisApi, overrides: object = {}): Promise<any> {
  const r = await api.post('/merchants', { ...IDS.legal, name: 'ООО «Тест»', brand: 'Тест', sellerType: 'LEGAL_ENTITY', ...overrides });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

export async function addContacts(api: GisApi, merchantId: string, roles: string[] = ['TECHNICAL', 'ORGANIZATIONAL']): Promise<void> {
  for (const [i, role] of roles.entries()) {
    await api.post(`/merchants/${merchantId}/contacts`, { role, fullName: `Контакт ${role}`, email: `c${i}@shop.example`, phone: `+7914000000${i}` }).expect(201);
  }
}

export async function createPoint(api: GisApi, merchantId: string, body: object = { name: 'Точка 1', address: ADDRESS, coordinates: COORDS }): Promise<any> {
  const r = await api.post(`/merchants/${merchantId}/points`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** Merchant with both contacts, a connected public program, and a complete point still CREATED. */
export async function readyToActivate(api: GisApi, merchant: object = {}): Promise<{ merchantId: string; pointId: string }> {
  const m = await createMerchant(api, merchant);
  await addContacts(api, m.id);
  await api.post(`/merchants/${m.id}/programs/ES-TSR/connect`).expect(200);
  const p = await createPoint(api, m.id);
  await api.post(`/points/${p.id}/goods`, { truCodes: [TRU.wheelchair] }).expect(200);
  return { merchantId: m.id, pointId: p.id };
}

/** Through to-activation, a касса registered in LK FES and its production test passed: the point is TESTED (§3.4.7). */
export async function testedPoint(api: GisApi, merchant: object = {}): Promise<{ merchantId: string; pointId: string }> {
  const ids = await readyToActivate(api, merchant);
  await api.post(`/points/${ids.pointId}/to-activation`).expect(200);
  await api.registerCashRegister(ids.pointId);
  await api.passProductionTest(ids.pointId);
  await api.get(`/points/${ids.pointId}`).expect(200).expect((r) => expect(r.body.status).toBe('TESTED'));
  return ids;
}

/** A TESTED point activated from an hour ago: ACTIVATED. */
export async function activatedPoint(api: GisApi, merchant: object = {}): Promise<{ merchantId: string; pointId: string }> {
  const ids = await testedPoint(api, merchant);
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const r = await api.post(`/points/${ids.pointId}/activate`, { activeFrom: hourAgo }).expect(200);
  expect(r.body.status).toBe('ACTIVATED');
  return ids;
}

/** Runs `refused`, expects the given status and error code, and checks that no state changed. */
export async function expectRefusedUnchanged(api: GisApi, refused: () => PromiseLike<InProcessResponse>, status: number, code: string): Promise<any> {
  const before = await api.snapshot();
  const r = await refused();
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(await api.snapshot()).toEqual(before);
  return r.body.error;
}
