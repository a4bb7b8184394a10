// The FES demo world (docs/architecture.md): phase 1 registers the demo касса on the point GIS ES sent to
// activation (or on a point of FES's own when GIS ES is not served); phase 2 makes sure the point is
// active and issues the demo cards' certificates. Keys and ids are fixed constants (protocol.ts DEMO).
import type { DemoSection, SimulatorContext } from '../../src/engine/simulator.js';
import { issueCertificate } from './control.js';
import { activatePoint, addCashRegisters, registerMerchant, registerPoint } from './lk.js';
import { DEMO, HEADER_DISPLAY, MAGIC_CARDS, PRODUCTION_TEST_TRU } from './protocol.js';
import { certificateView, indexApiKey, type FesState, type Point } from './state.js';

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
      registerMerchant(state, ctx, { id: DEMO.merchantId, ...DEMO.merchant }, 'LK');
      point = registerPoint(state, DEMO.merchantId, { id: DEMO.pointId, ...DEMO.point });
    }
    // The documented demo API KEY replaces the one made when the merchant arrived from GIS ES.
    const merchant = state.merchants[point.merchantId]!;
    indexApiKey(state, merchant.id, DEMO.apiKey, merchant.apiKey);
    merchant.apiKey = DEMO.apiKey;
    addCashRegisters(state, ctx, point, DEMO.vendor, 1, { id: DEMO.cashRegisterId, macKey: DEMO.macKey });
    return;
  }
  const point = demoPoint(state)!;
  if (point.status !== 'ACTIVATED') activatePoint(point, new Date(ctx.clock.now() - DAY_MS).toISOString());
  for (const card of DEMO.cards) {
    for (const cert of card.certificates) issueCertificate(state, ctx, { pan: card.pan, ...cert, truKinds: [...cert.truKinds] });
  }
}

export function describeFesDemo(state: FesState, baseUrl: string, ctx: SimulatorContext): DemoSection | undefined {
  const cr = state.cashRegisters[DEMO.cashRegisterId];
  if (!cr) return undefined;
  const merchant = state.merchants[cr.merchantId]!;
  const point = state.points[cr.pointId]!;
  const now = ctx.clock.now();
  const lines: Array<[string, string]> = [
    ['FES base URL', `${baseUrl}/fes`],
    ['merchant', `${merchant.id} (${merchant.name}, INN ${merchant.inn})`],
    ['point', `${point.id} (${point.status}${point.activeFrom ? ` from ${point.activeFrom}` : ''})`],
    ['касса ID', `${cr.id} (${cr.status}, vendor ${cr.vendor})`],
    ['API KEY', merchant.apiKey === DEMO.apiKey ? DEMO.apiKey : '(regenerated since: see LK FES)'],
    ['MAC KEY', cr.macKey === DEMO.macKey ? DEMO.macKey : '(regenerated since: see LK FES)'],
  ];
  for (const card of DEMO.cards) {
    const held = card.certificates.map((c) => {
      const live = state.certificates[c.certificateId];
      const left = live ? certificateView(live, now).balance.quantityLeft : c.quantity;
      return `${c.certificateId} kinds ${c.truKinds.join(',')} ×${left} left, ≤${c.maxUnitPrice} kop/unit`;
    });
    lines.push([`card ${card.pan}`, `${card.label}${held.length ? `: ${held.join('; ')}` : ''}`]);
  }
  lines.push(
    ['magic cards', `${MAGIC_CARDS.cardBlocked} card blocked (411) · ${MAGIC_CARDS.processingUnavailable} processing unavailable (902) · ${MAGIC_CARDS.registryTimeout} registry timeout (903)`],
    ['production test', `Pre-Auth a basket with TRU ${PRODUCTION_TEST_TRU}, then POST ${baseUrl}/fes/terminal/v1/payments → 513`],
    ['curl hint', `TS=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ); BODY='{}'; MAC=$(printf 'POST\\n/api/v1/echo\\n%s\\n%s' "$TS" "$(printf %s "$BODY" | sha256sum | cut -d' ' -f1)" | openssl dgst -sha256 -hmac '${DEMO.macKey}' | sed 's/^.* //'); curl -s ${baseUrl}/fes/api/v1/echo -H 'Content-Type: application/json' -H '${HEADER_DISPLAY.apiKey}: ${DEMO.apiKey}' -H '${HEADER_DISPLAY.cashRegisterId}: ${cr.id}' -H "${HEADER_DISPLAY.timestamp}: $TS" -H "${HEADER_DISPLAY.mac}: $MAC" -d "$BODY"`],
  );
  return { title: 'FES NSPK + LK FES (modeled protocol)', lines };
}
