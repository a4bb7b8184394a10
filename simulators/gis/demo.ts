// The GIS ES part of the demo world (docs/architecture.md), built through the same functions the API uses.
// Phase 1: merchant, both contact roles, a connected public program, one complete point sent to
// activation (LK FES then registers its касса and it passes the production test → TESTED). Phase 2:
// activate it from a day ago.
import type { DemoSection, SimulatorContext } from '../../src/engine/simulator.js';
import { PRODUCTION_TEST_TRU, truKindOf } from '../../src/data/tru.js';
import { pointStatus } from './machine.js';
import { addContact, connectProgram, createMerchant } from './merchants.js';
import { activatePoint, addGoods, createPoint, sendToActivation } from './points.js';
import type { GisState } from './state.js';

/** Documented demo values: valid check digits, the same in every namespace. */
export const DEMO = {
  merchant: { inn: '7701234560', kpp: '770101001', ogrn: '1027700123450', name: 'ООО «Реабилитация-Демо»', brand: 'РеаДемо', sellerType: 'LEGAL_ENTITY' },
  programCode: 'ES-TSR',
  point: {
    name: 'Салон «РеаДемо» на Тверской',
    address: { fiasId: '0c5b2444-70a0-4932-980c-b4dc0d3f02b5', division: 'MUNICIPAL', text: 'г. Москва, муниципальный округ Тверской, ул. Тверская, д. 7' },
    coordinates: { latitude: '55.757', longitude: '37.612' },
    onlineShop: false,
    site: 'https://readem.example',
    accessibleForLimitedMobility: true,
  },
  /** Wheelchair and hearing-aid kinds (the ones the FES demo certificates name) and the production-test kind (§4.6). */
  goods: ['300126010.000000001', '300127020.000000002', truKindOf(PRODUCTION_TEST_TRU)],
  activeFromDaysAgo: 1,
} as const;

export function seedGisDemo(state: GisState, ctx: SimulatorContext, phase: 1 | 2): void {
  const now = ctx.clock.date().toISOString();
  if (phase === 1) {
    const merchant = createMerchant(state, { ...DEMO.merchant }, now);
    addContact(state, merchant, { role: 'TECHNICAL', fullName: 'Иванов Иван Иванович', email: 'tech@readem.example', phone: '+74950000001', position: 'Системный администратор' }, now);
    addContact(state, merchant, { role: 'ORGANIZATIONAL', fullName: 'Петрова Мария Сергеевна', email: 'org@readem.example', phone: '+74950000002', position: 'Директор' }, now);
    connectProgram(state, merchant, DEMO.programCode, now);
    const point = createPoint(state, merchant, structuredClone(DEMO.point) as Parameters<typeof createPoint>[2], now);
    addGoods(point, [...DEMO.goods], now);
    sendToActivation(merchant, point, ctx);
    return;
  }
  // Phase 2: only if LK FES registered the demo касса (without FES the point stays ON_ACTIVATION).
  for (const point of Object.values(state.points)) {
    if (pointStatus(point, ctx.clock.now()) !== 'TESTED') continue;
    const activeFrom = new Date(ctx.clock.now() - DEMO.activeFromDaysAgo * 86_400_000).toISOString();
    activatePoint(state.merchants[point.merchantId]!, point, activeFrom, ctx);
  }
}

/** The GIS ES part of the demo world as data: what the banner, GET /__admin/demo and the clients read. */
export interface GisDemoCredentials {
  /** GIS ES API base URL, e.g. http://localhost:8080/gis/api/v1 */
  baseUrl: string;
  merchants: Array<{ id: string; status: string; name: string; inn: string; kpp: string | null; ogrn: string | null; points: Array<{ id: string; status: string; activeFrom: string | null; name: string }> }>;
}

export function gisDemoCredentials(state: GisState, baseUrl: string, ctx: SimulatorContext): GisDemoCredentials | undefined {
  if (!Object.values(state.merchants).some((m) => m.inn === DEMO.merchant.inn)) return undefined;
  return {
    baseUrl: `${baseUrl}/gis/api/v1`,
    merchants: Object.values(state.merchants).map((m) => ({
      id: m.id, status: m.status, name: m.name, inn: m.inn, kpp: m.kpp ?? null, ogrn: m.ogrn ?? null,
      points: Object.values(state.points).filter((p) => p.merchantId === m.id)
        .map((p) => ({ id: p.id, status: pointStatus(p, ctx.clock.now()), activeFrom: p.activeFrom ?? null, name: p.name })),
    })),
  };
}

/** The banner's lines, written from the data above. */
export function describeGisDemo(state: GisState, baseUrl: string, ctx: SimulatorContext): DemoSection | undefined {
  const demo = gisDemoCredentials(state, baseUrl, ctx);
  if (!demo) return undefined;
  const lines: Array<[string, string]> = [['API', `${demo.baseUrl} (docs: ${baseUrl}/docs/gis)`]];
  for (const m of demo.merchants) {
    lines.push([`merchant ${m.id}`, `${m.status} — ${m.name}, INN ${m.inn}, KPP ${m.kpp ?? '—'}, OGRN ${m.ogrn ?? '—'}`]);
    for (const p of m.points) lines.push([`  point ${p.id}`, `${p.status}${p.activeFrom ? ` from ${p.activeFrom}` : ''} — ${p.name}`]);
  }
  return { title: 'GIS ES (merchant portal)', lines };
}
