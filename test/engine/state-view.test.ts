// The admin API's state view (GET /__admin/view): the demo world as a person reads it, typed by hand
// from the demo worlds (simulators/*/demo.ts, fes/protocol.ts DEMO), each part valid against its
// schema; a basket's time left on the virtual clock; secrets masked, on a guarded sandbox too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxSchemas } from '../../src/engine/app.js';
import { ReferenceCashRegister } from '../../src/reference/fes-cash-register.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { builtinSimulators } from '../../simulators/index.js';
import { openTransaction, tokenFor } from '../ecs/helpers.js';

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const BASKET_LIFETIME_MS = 30 * 60_000; // DOMAIN.md §4: a basket lives 30 minutes
const MINUTE_MS = 60_000;

/** The demo world's keys (README.md) and the ECS demo organizations' client secrets (seed 004's example for 111). */
const SECRETS = {
  apiKey: 'demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f',
  macKey: 'demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f',
  clientSecrets: ['aaaabbbbbcccccc', 'ddddeeeeeffffff', 'gggghhhhhiiiiii'],
  lkPassword: 'DemoAdmin2026',
};

const registry = sandboxSchemas(builtinSimulators);
/** The problems of a view against the envelope's schema and each part's. */
function schemaProblems(view: any): unknown[] {
  return [
    ...registry.validate('admin/view', view),
    ...['gis', 'fes', 'ecs'].flatMap((name) => registry.validate(`${name}/view`, view.simulators[name]).map((p) => ({ simulator: name, ...p }))),
  ];
}

/** The view as any client reads it (the parts are the schemas' business, not the client's types). */
const viewOf = async (sb: Sandbox, namespace: string): Promise<any> => sb.admin.forNamespace(namespace).view();

const at = (iso: string) => Date.parse(iso);

describe('GET /__admin/view', () => {
  let sb: Sandbox;
  beforeAll(async () => { sb = await startSandbox(); });
  afterAll(() => sb.stop());

  it("shows the demo world: GIS ES's merchant and point, LK FES's merchant, point, касса and certificates, ECS's organizations and transaction", async () => {
    const view = await viewOf(sb, 'view-demo');
    expect(schemaProblems(view)).toEqual([]);
    expect(view.namespace).toBe('view-demo');
    const now = at(view.now);

    const gis = view.simulators.gis;
    expect(gis.merchants).toEqual([{ id: 'tsp-000001', name: 'ООО «Реабилитация-Демо»', brand: 'РеаДемо', inn: '7701234560', kpp: '770101001', ogrn: '1027700123450', status: 'OPEN', hidden: false }]);
    expect(gis.points).toEqual([{
      id: 'pt-000001', merchantId: 'tsp-000001', name: 'Салон «РеаДемо» на Тверской', address: 'г. Москва, муниципальный округ Тверской, ул. Тверская, д. 7',
      status: 'ACTIVATED', hidden: false, goods: 3, activeFrom: expect.any(String),
    }]);
    // activated from a day before the world was made (a moment before now)
    const activeFrom = at(gis.points[0].activeFrom);
    expect(now - activeFrom).toBeGreaterThanOrEqual(DAY_MS);
    expect(now - activeFrom).toBeLessThan(DAY_MS + 60_000);

    const fes = view.simulators.fes;
    // GIS ES sent the merchant and point to LK FES: its ids, its technical contact as administrator
    expect(fes.merchants).toEqual([{
      id: 'tsp-000001', name: 'ООО «Реабилитация-Демо»', inn: '7701234560', status: 'ACTIVE', apiKey: '****9e2f', apiKeyStatus: 'ACTIVE',
      adminEmail: 'tech@readem.example', adminStatus: 'ACTIVE',
    }]);
    expect(fes.points).toEqual([{
      id: 'pt-000001', merchantId: 'tsp-000001', name: 'Салон «РеаДемо» на Тверской', address: 'г. Москва, муниципальный округ Тверской, ул. Тверская, д. 7',
      status: 'ACTIVATED', activeFrom: gis.points[0].activeFrom, cashRegisters: 1,
    }]);
    expect(fes.cashRegisters).toEqual([{ id: 'CR-DEMO-0001', merchantId: 'tsp-000001', pointId: 'pt-000001', vendor: 'POLIGON-TEST-VENDOR', status: 'ACTIVE', macKey: '****8d0f' }]);
    const certificate = (id: string, cardLast4: string, truKind: string, quantity: number, maxUnitPrice: number) => ({
      id, cardLast4, status: 'ACTIVE', truKinds: [truKind], quantity, maxUnitPrice, validFrom: expect.any(String), validTo: expect.any(String),
      left: quantity, reserved: 0, used: 0, awaitingTreasury: 0,
    });
    expect(fes.certificates).toEqual([
      certificate('907581400329309796796000000001', '9019', '300126010.000000001', 2, 5_000_000),
      certificate('907581400329309796796000000002', '9019', '300127020.000000002', 4, 1_500_000),
      certificate('907581400329309796796000000003', '1092', '300126010.000000001', 1, 1_000_000),
      certificate('907581400329309796796000000004', '0046', '300126010.000000001', 5, 1_000_000),
    ]);
    for (const c of fes.certificates) {
      expect(at(c.validTo) - at(c.validFrom)).toBe(YEAR_MS); // issued for a year from the world's making
      expect(at(c.validFrom)).toBeLessThanOrEqual(now);
    }
    expect(fes.baskets).toEqual([]);

    const ecs = view.simulators.ecs;
    expect(ecs.organizations).toEqual([
      { id: 1, shortName: 'ГБУ «Демо-бассейн»', connectionType: 1, variant: 'type2.variant2', clientId: '111', status: 'active', terminals: 2, services: 2 },
      { id: 2, shortName: 'Цифровой пропуск (демо)', connectionType: 2, variant: 'type2.variant1', clientId: '222', status: 'active', terminals: 1, services: 2 },
      { id: 3, shortName: 'ООО «Демо-аптека»', connectionType: 3, variant: 'type3', clientId: '333', status: 'active', terminals: 1, services: 2 },
      { id: 4, shortName: 'МБУ «Демо-музей»', connectionType: null, variant: 'type1.variant1', clientId: null, status: 'active', terminals: 1, services: 0 },
    ]);
    // the confirmed transaction of Appendix 9's example
    expect(ecs.transactions).toEqual([{
      id: 100, status: 'confirmed', organizationId: 1, organization: 'ГБУ «Демо-бассейн»', serviceId: 1, service: 'Разовое посещение бассейна',
      createdAt: '2021-04-21T12:31:30.842Z', confirmedAt: '2021-04-21T12:31:30.842Z', discountedPrice: 100, timeLeftMs: null,
    }]);
  });

  it("a basket's time left runs on the namespace's virtual clock, and an expired basket is no longer open (FES-09)", async () => {
    const admin = sb.admin.forNamespace('view-basket');
    const till = new ReferenceCashRegister({
      baseUrl: `${sb.url}/ns/view-basket/fes`, apiKey: SECRETS.apiKey, macKey: SECRETS.macKey, cashRegisterId: 'CR-DEMO-0001',
      now: async () => Date.parse((await admin.clock()).now),
    });
    // one wheelchair (TRU kind of certificate …001) at 10,000 ₽ on the card with two certificates
    const preAuth = await till.preAuthPurchase({ pan: '2200123456789019' }, [{ articleNumber: 1, truCode: '300126010.00000000100000000000', count: 1, price: 1_000_000 } as never]);
    expect(preAuth.status).toBe(200);
    const basketId: string = preAuth.body.basket.purchaseBasketId;

    const opened = await viewOf(sb, 'view-basket');
    expect(schemaProblems(opened)).toEqual([]);
    const [basket] = opened.simulators.fes.baskets;
    expect(basket).toEqual({
      id: basketId, kind: 'purchase', cashRegisterId: 'CR-DEMO-0001', productionTest: false, totalAmount: 1_000_000, totalCertAmount: 1_000_000,
      createdAt: expect.any(String), expiresAt: expect.any(String), timeLeftMs: expect.any(Number),
    });
    expect(at(basket.expiresAt) - at(basket.createdAt)).toBe(BASKET_LIFETIME_MS);
    expect(basket.timeLeftMs).toBe(at(basket.expiresAt) - at(opened.now));
    expect(opened.simulators.fes.certificates[0]).toMatchObject({ id: '907581400329309796796000000001', left: 1, reserved: 1 });

    await admin.advanceClock('20m');
    const later = await viewOf(sb, 'view-basket');
    expect(later.simulators.fes.baskets).toEqual([{ ...basket, timeLeftMs: at(basket.expiresAt) - at(later.now) }]);
    expect(later.simulators.fes.baskets[0].timeLeftMs).toBeLessThanOrEqual(BASKET_LIFETIME_MS - 20 * MINUTE_MS);
    expect(later.simulators.fes.baskets[0].timeLeftMs).toBeGreaterThan(BASKET_LIFETIME_MS - 21 * MINUTE_MS);

    await admin.advanceClock('11m');
    const expired = await viewOf(sb, 'view-basket');
    expect(expired.simulators.fes.baskets).toEqual([]);
    expect(expired.simulators.fes.certificates[0]).toMatchObject({ left: 2, reserved: 0 });
  });

  it('an ECS transaction CheckClientBenefits opened shows its time left, and is gone once it expired unconfirmed (ECS-07, modeled 15 minutes)', async () => {
    await openTransaction(sb, 'view-ecs', await tokenFor(sb, 'view-ecs'));
    const opened = await viewOf(sb, 'view-ecs');
    expect(schemaProblems(opened)).toEqual([]);
    const open = opened.simulators.ecs.transactions.find((t: { status: string }) => t.status === 'open');
    // the first transaction CheckClientBenefits opens is 123, as in the regulation's examples (ecs/demo.ts)
    expect(open).toEqual({
      id: 123, status: 'open', organizationId: 1, organization: 'ГБУ «Демо-бассейн»', serviceId: 1, service: 'Разовое посещение бассейна',
      createdAt: expect.any(String), confirmedAt: null, discountedPrice: null, timeLeftMs: expect.any(Number),
    });
    expect(open.timeLeftMs).toBe(at(open.createdAt) + 15 * MINUTE_MS - at(opened.now));
    await sb.admin.forNamespace('view-ecs').advanceClock('16m');
    expect((await viewOf(sb, 'view-ecs')).simulators.ecs.transactions.map((t: { id: number }) => t.id)).toEqual([100]);
  });

  it('is masked on an open sandbox too: no key, client secret or password in the answer', async () => {
    const text = JSON.stringify(await viewOf(sb, 'view-masked'));
    for (const secret of [SECRETS.apiKey, SECRETS.macKey, ...SECRETS.clientSecrets, SECRETS.lkPassword]) expect(text).not.toContain(secret);
  });

  it('is in /openapi/admin.json with its response schema, each served simulator\'s part among the components', async () => {
    const doc: any = await (await fetch(`${sb.url}/openapi/admin.json`)).json();
    expect(doc.paths['/view'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/admin.view' });
    for (const name of ['gis', 'fes', 'ecs']) expect(doc.components.schemas[`${name}.view`].title).toMatch(/state view/);
  });
});

describe('GET /__admin/view on a guarded sandbox', () => {
  const token = 'view-admin-token-0123456789';
  let sb: Sandbox;
  beforeAll(async () => { sb = await startSandbox({ adminToken: token, simulators: ['fes'] }); });
  afterAll(() => sb.stop());

  it('needs the admin token, and masks the keys even when asked for secrets', async () => {
    expect((await fetch(`${sb.url}/ns/guarded/__admin/view`)).status).toBe(401);
    const view = await viewOf(sb, 'guarded'); // sandbox.admin holds the token
    // FES alone: its own demo merchant and point (fes/protocol.ts DEMO)
    expect(Object.keys(view.simulators)).toEqual(['fes']);
    expect(view.simulators.fes.merchants).toEqual([{
      id: 'fes-demo-merchant', name: 'ООО «Полигон-Демо»', inn: '7707083893', status: 'ACTIVE', apiKey: '****9e2f', apiKeyStatus: 'ACTIVE',
      adminEmail: 'admin@fes-demo.poligon.example', adminStatus: 'ACTIVE',
    }]);
    expect(view.simulators.fes.cashRegisters[0].macKey).toBe('****8d0f');
    const asked = await (await fetch(`${sb.url}/ns/guarded/__admin/view?secrets=include`, { headers: { authorization: `Bearer ${token}` } })).text();
    for (const secret of [SECRETS.apiKey, SECRETS.macKey, SECRETS.lkPassword]) expect(asked).not.toContain(secret);
  });
});
