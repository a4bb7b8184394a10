// The GIS ES part of the demo world (docs/architecture.md), built through the same functions the API uses.
// Phase 1: merchant, both contact roles, a connected public program, one complete point sent to
// activation (LK FES then registers its касса → TESTED). Phase 2: activate it from a day ago.
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

export function describeGisDemo(state: GisState, baseUrl: string, ctx: SimulatorContext): DemoSection {
  const lines: Array<[string, string]> = [['API', `${baseUrl}/gis/api/v1 (docs: ${baseUrl}/docs/gis)`]];
  for (const m of Object.values(state.merchants)) {
    lines.push([`merchant ${m.id}`, `${m.status} — ${m.name}, INN ${m.inn}, KPP ${m.kpp ?? '—'}, OGRN ${m.ogrn ?? '—'}`]);
    for (const p of Object.values(state.points).filter((x) => x.merchantId === m.id)) {
      const from = p.activeFrom ? ` from ${p.activeFrom}` : '';
      lines.push([`  point ${p.id}`, `${pointStatus(p, ctx.clock.now())}${from} — ${p.name}`]);
    }
  }
  return { title: 'GIS ES (merchant portal)', lines };
}
