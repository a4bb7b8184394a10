// GIS ES and the real LK FES / FES together: what GIS ES does is seen from the FES side, through public
// HTTP APIs only (GIS API, LK FES API, FES API signed with fesSimulator.clientAuth['fes-mac']).
import { createHash, randomUUID } from 'node:crypto';
import { inProcess, type InProcessTest } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fesSimulator } from '../../simulators/fes/index.js';
import { DEFAULT_NSPK_ADMIN } from '../../simulators/fes/protocol.js';
import { PRODUCTION_TEST_TRU } from '../../src/data/tru.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { ADDRESS, COORDS, TRU, gisApi, readyToActivate, type GisApi } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ validateResponses: true }); });
afterAll(() => sb.stop());

/** Any valid Mir card (Luhn): the production test takes any (§4.6). */
const ANY_MIR_CARD = '2200555500001117';

interface Till { apiKey: string; macKey: string; cashRegisterId: string }

/** The password the technical contacts of these tests set in LK FES. */
const ADMIN_PASSWORD = 'Kassa2026pass';

/** LK FES (with the session of whoever signed in last) and the signed FES API of one namespace. */
function fes(ns: string) {
  const base = `/ns/${ns}/fes`;
  const agent = () => inProcess(sb);
  let session = '';
  const withSession = (r: InProcessTest) => (session ? r.set('authorization', `Bearer ${session}`) : r);
  const signIn = async (body: object) => {
    const r = await agent().post(`${base}/lk/v1/auth/login`).send(body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    session = r.body.sessionToken;
  };
  return {
    lk: {
      get: (path: string) => withSession(agent().get(`${base}/lk/v1${path}`)),
      post: (path: string, body?: object) => (body ? withSession(agent().post(`${base}/lk/v1${path}`)).send(body) : withSession(agent().post(`${base}/lk/v1${path}`))),
      signInNspk: () => signIn(DEFAULT_NSPK_ADMIN),
      /**
       * The merchant's administrator (the technical contact GIS ES named) signs in; the first time it sets
       * its password through the mailed link and waits the 30 minutes before it grants access (LKF-01).
       */
      async signInAdmin(merchantId: string) {
        const mail = (await agent().get(`${base}/lk/v1/merchants/${merchantId}/admin`).expect(200)).body;
        if (mail.accountStatus === 'INVITED') {
          await agent().post(`${base}/lk/v1/auth/set-password`).send({ token: mail.setPasswordLink.setPasswordToken, password: ADMIN_PASSWORD }).expect(200);
          await sb.admin.forNamespace(ns).advanceClock('30m');
        }
        await signIn({ email: mail.email, password: ADMIN_PASSWORD });
      },
    },
    /** A POST signed as the касса would sign it. */
    async call(till: Till, path: string, body: object) {
      const raw = JSON.stringify({ requestId: randomUUID(), ...body });
      const now = Date.parse((await sb.admin.forNamespace(ns).clock()).now);
      const headers = fesSimulator.clientAuth!['fes-mac']!({ method: 'POST', path, body: raw, params: { ...till }, now });
      return agent().post(`${base}${path}`).set(headers).set('content-type', 'application/json').send(raw);
    },
    /** The production-test basket (price 100, nothing covered) at the virtual terminal. */
    pay: (basketId: string, pan: string) => agent().post(`${base}/terminal/v1/payments`).send({ basketId, cardNumber: pan, certificateAmount: 0, ownFundsAmount: 100 }),
  };
}

async function expectEcho(f: ReturnType<typeof fes>, till: Till): Promise<void> {
  const r = await f.call(till, '/api/v1/echo', {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

const testBasket = (truCode: string = PRODUCTION_TEST_TRU) => ({
  panHash: createHash('sha256').update(ANY_MIR_CARD).digest('hex'),
  items: [{ articleNumber: 1, truCode, articleCode: 'TEST-1', count: 1, price: 100 }],
});

/** The merchant's administrator registers one касса for the point in LK FES and obtains the API KEY (LKF-08). */
async function registerTill(f: ReturnType<typeof fes>, merchantId: string, pointId: string): Promise<Till> {
  await f.lk.signInAdmin(merchantId);
  const vendors = (await f.lk.get('/vendors').expect(200)).body.vendors;
  const cr = await f.lk.post(`/merchants/${merchantId}/points/${pointId}/cash-registers`, { vendor: vendors[0].id, count: 1 });
  expect(cr.status, JSON.stringify(cr.body)).toBe(201);
  const key = await f.lk.get(`/merchants/${merchantId}/api-key`).expect(200);
  return { apiKey: key.body.apiKey, macKey: cr.body.cashRegisters[0].macKey, cashRegisterId: cr.body.cashRegisters[0].cashRegisterId };
}

/**
 * Seed 000 §4.6 at the till: echo, then a Pre-Auth of the production-test basket with any Mir card, which
 * the POS terminal answers 513 whatever the card holds.
 */
async function runProductionTest(f: ReturnType<typeof fes>, till: Till): Promise<void> {
  await expectEcho(f, till);
  const pre = await f.call(till, '/api/v1/preauth/purchase', testBasket());
  expect(pre.status, JSON.stringify(pre.body)).toBe(200);
  expect(pre.body.basket.purchaseBasketId).toMatch(/^\d{24}$/);
  const pay = await f.pay(pre.body.basket.purchaseBasketId, ANY_MIR_CARD);
  expect(pay.status).toBe(402);
  expect(pay.body.result.code).toBe(513);
}

/** A GIS point sent to activation, its касса registered in LK FES and tested (TESTED), activated from an hour ago. */
async function livePoint(api: GisApi, ns: string, merchant: object) {
  const f = fes(ns);
  const { merchantId, pointId } = await readyToActivate(api, merchant);
  await api.post(`/points/${pointId}/to-activation`).expect(200);
  const till = await registerTill(f, merchantId, pointId);
  await runProductionTest(f, till);
  await api.post(`/points/${pointId}/activate`, { activeFrom: new Date(Date.now() - 3_600_000).toISOString() }).expect(200);
  await expectEcho(f, till);
  return { merchantId, pointId, till, f };
}

describe('GIS ES → LK FES', () => {
  it('GIS-08, GIS-09: after "to activation" merchant and point exist in LK FES; a касса registered there and its production test passed make the GIS point TESTED (§3.4.7)', async () => {
    const api = gisApi(sb, 'x-fes1');
    const { merchantId, pointId } = await readyToActivate(api);
    const f = fes('x-fes1');
    await f.lk.signInNspk();
    await f.lk.get(`/merchants/${merchantId}`).expect(404);
    await api.post(`/points/${pointId}/to-activation`).expect(200);
    const m = (await f.lk.get(`/merchants/${merchantId}`).expect(200)).body;
    expect(JSON.stringify(m)).toContain(pointId);
    expect(JSON.stringify(m)).toContain('7709876545');
    const contact = (await api.get(`/merchants/${merchantId}`).expect(200)).body.contacts.find((c: { role: string }) => c.role === 'TECHNICAL');
    expect(m.technicalContactEmail).toBe(contact.email); // LKF-01: the administrator is GIS ES's technical contact
    const till = await registerTill(f, merchantId, pointId);
    // registered, not yet tested: still ON_ACTIVATION (§3.4.7 by default; §4.3.1 is the setting testedAfter: registration)
    await api.get(`/points/${pointId}`).expect(200)
      .expect((r) => expect(r.body).toMatchObject({ status: 'ON_ACTIVATION', cashRegisterIds: [till.cashRegisterId], testedCashRegisterIds: [] }));
    await api.post(`/points/${pointId}/activate`, { activeFrom: '2026-01-01' }).expect(409);
    await runProductionTest(f, till);
    await api.get(`/points/${pointId}`).expect(200)
      .expect((r) => expect(r.body).toMatchObject({ status: 'TESTED', cashRegisterIds: [till.cashRegisterId], testedCashRegisterIds: [till.cashRegisterId] }));
  });

  it('GIS-10: FES refuses the касса until the activation date reaches the virtual clock, then accepts it', async () => {
    const ns = 'x-fes2';
    const api = gisApi(sb, ns);
    const f = fes(ns);
    const { merchantId, pointId } = await readyToActivate(api);
    await api.post(`/points/${pointId}/to-activation`).expect(200);
    const till = await registerTill(f, merchantId, pointId);
    // echo works before activation (§4.6 comes before «Протестировано» and activation); certificate Pre-Auths do not
    await expectEcho(f, till);
    const certificateBasket = testBasket('300126010.00000000100000000000');
    const before = await f.call(till, '/api/v1/preauth/purchase', certificateBasket);
    expect(before.status).toBe(403);
    expect(before.body).toMatchObject({ result: { code: 116 }, code: 'FES_PREAUTH_BEFORE_ACTIVATION' });
    await runProductionTest(f, till);
    await api.post(`/points/${pointId}/activate`, { activeFrom: new Date(Date.now() + 86_400_000).toISOString() }).expect(200);
    expect((await f.call(till, '/api/v1/preauth/purchase', certificateBasket)).body.result.code).toBe(116);
    await api.advanceClock('25h');
    await api.get(`/points/${pointId}`).expect((r) => expect(r.body.status).toBe('ACTIVATED'));
    // served now: the card simply holds no certificate
    expect((await f.call(till, '/api/v1/preauth/purchase', certificateBasket)).body.result.code).toBe(410);
  });

  it('GIS-12: a disabled point\'s касса is refused by Pre-Auth with its own code', async () => {
    const ns = 'x-fes3';
    const api = gisApi(sb, ns);
    const { pointId, till, f } = await livePoint(api, ns, {});
    await api.post(`/points/${pointId}/disable`).expect(200);
    const r = await f.call(till, '/api/v1/preauth/purchase', testBasket());
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ result: { code: 114 }, code: 'FES_POINT_DISABLED' });
    expect(r.body.result.description).toContain(pointId);
  });

  it('GIS-14: a blocked merchant\'s кассы are refused, on every point', async () => {
    const ns = 'x-fes4';
    const api = gisApi(sb, ns);
    const { merchantId, till, f } = await livePoint(api, ns, {});
    const second = (await api.post(`/merchants/${merchantId}/points`, { name: 'Вторая', address: ADDRESS, coordinates: COORDS }).expect(201)).body;
    await api.post(`/points/${second.id}/goods`, { truCodes: [TRU.crutches] }).expect(200);
    await api.post(`/points/${second.id}/to-activation`).expect(200);
    const till2 = await registerTill(f, merchantId, second.id);
    await api.post(`/treasury/merchants/${merchantId}/block`, { reason: 'Исключено из ЕГРЮЛ' }).expect(200);
    expect(till2.apiKey).toBe(till.apiKey); // one API KEY per merchant, obtained again (LKF-08)
    for (const t of [till, till2]) {
      const r = await f.call(t, '/api/v1/preauth/purchase', testBasket());
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ result: { code: 115 }, code: 'FES_MERCHANT_BLOCKED' });
    }
  });
});

describe('end to end', () => {
  it('GIS-01…GIS-10: a new merchant goes from creation through the production test on its new касса (Pre-Auth → 513) to an activated point', async () => {
    const ns = 'x-e2e';
    const gis = gisApi(sb, ns);
    const f = fes(ns);
    // GIS ES: merchant, contacts, program, point, goods (§3.4.2–3.4.6)
    const merchant = (await gis.post('/merchants', { inn: '770123456703', ogrn: '314770100001232', name: 'ИП Сидоров Сергей Сергеевич', brand: 'ОртоСид', sellerType: 'INDIVIDUAL_ENTREPRENEUR' }).expect(201)).body;
    expect(merchant.status).toBe('OPEN');
    await gis.post(`/merchants/${merchant.id}/contacts`, { role: 'TECHNICAL', fullName: 'Сидоров Сергей', email: 'it@ortosid.example', phone: '+79141112233' }).expect(201);
    await gis.post(`/merchants/${merchant.id}/contacts`, { role: 'ORGANIZATIONAL', fullName: 'Сидорова Анна', email: 'org@ortosid.example', phone: '+79141112234' }).expect(201);
    const app = (await gis.post(`/merchants/${merchant.id}/programs/ES-SPORT/connect`).expect(200)).body;
    await gis.post(`/treasury/applications/${app.applicationId}/approve`).expect(200);
    const point = (await gis.post(`/merchants/${merchant.id}/points`, { name: 'ОртоСид на Ленина', address: ADDRESS, coordinates: COORDS, accessibleForLimitedMobility: true }).expect(201)).body;
    await gis.post(`/points/${point.id}/goods`, { truCodes: [PRODUCTION_TEST_TRU.slice(0, 19), TRU.wheelchair] }).expect(200);
    // §3.4.7 → LK FES
    await gis.post(`/points/${point.id}/to-activation`).expect(200).expect((r) => expect(r.body.status).toBe('ON_ACTIVATION'));
    // LK FES: касса and keys (§4.3–4.5); the point waits for the test
    const till = await registerTill(f, merchant.id, point.id);
    await gis.get(`/points/${point.id}`).expect((r) => expect(r.body.status).toBe('ON_ACTIVATION'));
    // FES: echo, Pre-Auth with the test TRU, then the terminal answers 513 (§4.6) → GIS point TESTED (§3.4.7)
    await runProductionTest(f, till);
    await gis.get(`/points/${point.id}`).expect((r) => expect(r.body.status).toBe('TESTED'));
    // GIS ES: activate from today (§3.4.8); FES now serves certificate Pre-Auths (this card holds none: 410)
    const today = new Date(Date.parse((await sb.admin.forNamespace(ns).clock()).now) + 3 * 3_600_000).toISOString().slice(0, 10);
    await gis.post(`/points/${point.id}/activate`, { activeFrom: today }).expect(200).expect((r) => expect(r.body.status).toBe('ACTIVATED'));
    expect((await f.call(till, '/api/v1/preauth/purchase', testBasket('300000001.00000000100000000000'))).body.result.code).toBe(410);
  });
});

describe('demo world across GIS ES and LK FES', () => {
  it('GIS-09, GIS-10: the demo point is ACTIVATED in GIS ES with the demo касса, and that касса works in FES', async () => {
    const api = gisApi(sb, 'x-demo');
    const point = (await api.get('/points/pt-000001').expect(200)).body;
    expect(point.status).toBe('ACTIVATED');
    expect(point.cashRegisterIds).toHaveLength(1);
    const fesDemo = sb.demo('x-demo').fes!;
    expect(fesDemo.point.id).toBe('pt-000001');
    const till = { apiKey: fesDemo.apiKey!, macKey: fesDemo.macKey!, cashRegisterId: point.cashRegisterIds[0] };
    await expectEcho(fes('x-demo'), till);
  });
});
