// The FES demo world (docs/architecture.md): phase 1 registers the demo касса on the point GIS ES sent to
// activation (or on a point of FES's own when GIS ES is not served) and lets it pass the production test
// (seed 000 §4.6; GIS ES then marks the point TESTED, §3.4.7); phase 2 makes sure the point is active and
// issues the demo cards' certificates. Keys and ids are fixed constants (protocol.ts DEMO).
import type { DemoSection, SimulatorContext } from '../../src/engine/simulator.js';
import { issueCertificate } from './control.js';
import { setDemoAdminPassword } from './lk-access.js';
import { activatePoint, addCashRegisters, recordProductionTestPassed, registerMerchant, registerPoint } from './lk.js';
import { curlEcho, type FesProfile } from './profile.js';
import { DEMO, MAGIC_CARDS, PRODUCTION_TEST_TRU } from './protocol.js';
import { certificateView, indexApiKey, type FesState, type Point } from './state.js';
import { productionTestResponseCode } from './terminal.js';

const DAY_MS = 24 * 60 * 60_000;

/** The demo point: the one GIS ES sent (the first point that arrived by event), or FES's own. */
function demoPoint(state: FesState): Point | undefined {
  const registered = state.cashRegisters[DEMO.cashRegisterId];
  if (registered) return state.points[registered.pointId];
  return Object.values(state.points)[0];
}

export function seedFesDemo(state: FesState, ctx: SimulatorContext, phase: 1 | 2): void {
  if (phase === 1) {
    let point = demoPoint(state);
    if (!point) {
      registerMerchant(state, ctx, { id: DEMO.merchantId, ...DEMO.merchant, technicalContactEmail: DEMO.adminEmail }, 'LK');
      point = registerPoint(state, DEMO.merchantId, { id: DEMO.pointId, ...DEMO.point });
    }
    // The documented demo API KEY replaces the one made when the merchant arrived from GIS ES.
    const merchant = state.merchants[point.merchantId]!;
    indexApiKey(state, merchant.id, DEMO.apiKey, merchant.apiKey);
    merchant.apiKey = DEMO.apiKey;
    // The administrator set the documented password a day ago: sign-in works at once (LKF-01's 30 minutes are over).
    setDemoAdminPassword(state, ctx, merchant, DEMO.adminPassword, ctx.clock.now() - DAY_MS);
    const [cashRegister] = addCashRegisters(state, ctx, point, DEMO.vendor, 1, { id: DEMO.cashRegisterId, macKey: DEMO.macKey });
    // The demo касса ran echo and the production test when it was set up (GIS ES: ON_ACTIVATION → TESTED).
    recordProductionTestPassed(ctx, cashRegister!, new Date(ctx.clock.now() - DAY_MS).toISOString());
    return;
  }
  const point = demoPoint(state)!;
  if (point.status !== 'ACTIVATED') activatePoint(point, new Date(ctx.clock.now() - DAY_MS).toISOString());
  for (const card of DEMO.cards) {
    for (const cert of card.certificates) issueCertificate(state, ctx, { pan: card.pan, ...cert, truKinds: [...cert.truKinds] });
  }
}

/** The FES part of the demo world as data: what the banner, GET /__admin/demo and the clients read. */
export interface FesDemoCredentials {
  /** FES base URL, e.g. http://localhost:8080/fes */
  baseUrl: string;
  /** The merchant's API KEY (X-FES-Api-Key); null once regenerated through LK FES. */
  apiKey: string | null;
  /** The касса's MAC KEY (HMAC-SHA256 key of X-FES-MAC); null once regenerated through LK FES. */
  macKey: string | null;
  /** The касса ID (X-FES-Cash-Register-Id). */
  cashRegisterId: string;
  cashRegisterStatus: string;
  vendor: string;
  merchant: { id: string; name: string; inn: string };
  point: { id: string; status: string; activeFrom: string | null };
  /** Demo Mir cards and the certificates on them (quantity left now). */
  cards: Array<{ pan: string; label: string; certificates: Array<{ certificateId: string; truKinds: string[]; quantityLeft: number; maxUnitPrice: number }> }>;
  /** Cards whose Pre-Auth is refused: blocked (411), processing unavailable (902), registry timeout (903). */
  magicCards: { cardBlocked: string; processingUnavailable: string; registryTimeout: string; ownFundsDeclined: string };
  /** The TRU of the production test: a basket holding it, paid at the terminal, answers 513. */
  productionTestTru: string;
  /**
   * The demo merchant administrator's LK FES sign-in (POST /fes/lk/v1/auth/login): the technical
   * contact's e-mail (GIS ES's when GIS ES is served) and the documented password (public sandbox values).
   */
  lkAdmin: { email: string; password: string };
}

export function fesDemoCredentials(state: FesState, baseUrl: string, ctx: SimulatorContext): FesDemoCredentials | undefined {
  const cr = state.cashRegisters[DEMO.cashRegisterId];
  if (!cr) return undefined;
  const merchant = state.merchants[cr.merchantId]!;
  const point = state.points[cr.pointId]!;
  const now = ctx.clock.now();
  return {
    baseUrl: `${baseUrl}/fes`,
    apiKey: merchant.apiKey === DEMO.apiKey ? DEMO.apiKey : null,
    macKey: cr.macKey === DEMO.macKey ? DEMO.macKey : null,
    cashRegisterId: cr.id,
    cashRegisterStatus: cr.status,
    vendor: cr.vendor,
    merchant: { id: merchant.id, name: merchant.name, inn: merchant.inn },
    point: { id: point.id, status: point.status, activeFrom: point.activeFrom ?? null },
    cards: DEMO.cards.map((card) => ({
      pan: card.pan,
      label: card.label,
      certificates: card.certificates.map((c) => {
        const live = state.certificates[c.certificateId];
        return { certificateId: c.certificateId, truKinds: [...c.truKinds], quantityLeft: live ? certificateView(live, now).balance.quantityLeft : c.quantity, maxUnitPrice: c.maxUnitPrice };
      }),
    })),
    magicCards: { ...MAGIC_CARDS },
    productionTestTru: PRODUCTION_TEST_TRU,
    lkAdmin: { email: merchant.admin.email, password: DEMO.adminPassword },
  };
}

/** The banner's lines, written from the data above and the served FES profile. */
export const describeFesDemo = (profile: FesProfile) => (state: FesState, baseUrl: string, ctx: SimulatorContext): DemoSection | undefined => {
  const demo = fesDemoCredentials(state, baseUrl, ctx);
  if (!demo) return undefined;
  const { merchant, point } = demo;
  const lines: Array<[string, string]> = [
    ['FES base URL', demo.baseUrl],
    ['merchant', `${merchant.id} (${merchant.name}, INN ${merchant.inn})`],
    ['point', `${point.id} (${point.status}${point.activeFrom ? ` from ${point.activeFrom}` : ''})`],
    ['касса ID', `${demo.cashRegisterId} (${demo.cashRegisterStatus}, vendor ${demo.vendor})`],
    ['LK FES administrator e-mail', `${demo.lkAdmin.email} (sign in: POST ${demo.baseUrl}/lk/v1/auth/login; the NSPK administrator: docs/fes.md)`],
    ['LK FES administrator password', demo.lkAdmin.password],
    ['API KEY', demo.apiKey ?? '(regenerated since: GET /fes/lk/v1/merchants/:merchantId/api-key)'],
    ['MAC KEY', demo.macKey ?? '(regenerated since: GET /fes/lk/v1/cash-registers/:cashRegisterId/mac-key)'],
  ];
  for (const card of demo.cards) {
    const held = card.certificates.map((c) => `${c.certificateId} kinds ${c.truKinds.join(',')} ×${c.quantityLeft} left, ≤${c.maxUnitPrice} kop/unit`);
    lines.push([`card ${card.pan}`, `${card.label}${held.length ? `: ${held.join('; ')}` : ''}`]);
  }
  const { magicCards } = demo;
  const code = Object.fromEntries(Object.entries(profile.outcomes).map(([o, s]) => [o, s.code]));
  lines.push(
    ['magic cards', `${magicCards.cardBlocked} card blocked (${code.CARD_BLOCKED}) · ${magicCards.processingUnavailable} processing unavailable (${code.PROCESSING_UNAVAILABLE}) · ${magicCards.registryTimeout} registry timeout (${code.REGISTRY_TIMEOUT}) · ${magicCards.ownFundsDeclined} terminal: own-funds part declined (operationStatus 1)`],
    ['production test', `Pre-Auth a basket with TRU ${demo.productionTestTru}, then POST ${demo.baseUrl}/terminal/v1/payments → result.code ${productionTestResponseCode(ctx)}`],
    ['curl hint', curlEcho(profile, { baseUrl: demo.baseUrl, apiKey: DEMO.apiKey, macKey: DEMO.macKey, cashRegisterId: demo.cashRegisterId })],
  );
  return { title: `FES NSPK + LK FES (FES profile ${profile.name})`, lines };
};
