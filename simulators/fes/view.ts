// FES's part of the admin API's state view (schemas/fes/view.json): merchants with their API KEY's
// status, points, кассы, certificates with their balances, and the open baskets with their time left
// at `now`, soonest to expire first. Keys are given as held: the engine masks the whole view.
import { own } from '../../src/data/records.js';
import type { SimulatorView } from '../../src/engine/simulator.js';
import { certificateView, type FesState, type PurchaseBasket, type ReturnBasket } from './state.js';

export const fesView: SimulatorView<FesState> = {
  schema: 'fes/view',
  of: (state, now) => ({
    merchants: Object.values(state.merchants).map((m) => ({
      id: m.id, name: m.name, inn: m.inn, status: m.status, apiKey: m.apiKey, apiKeyStatus: m.apiKeyStatus,
      adminEmail: m.admin.email, adminStatus: m.admin.status,
    })),
    points: Object.values(state.points).map((p) => ({
      id: p.id, merchantId: p.merchantId, name: p.name, address: p.address, status: p.status, activeFrom: p.activeFrom ?? null, cashRegisters: p.cashRegisterIds.length,
    })),
    cashRegisters: Object.values(state.cashRegisters).map((c) => ({
      id: c.id, merchantId: c.merchantId, pointId: c.pointId, vendor: c.vendor, status: c.status, macKey: c.macKey,
    })),
    certificates: Object.values(state.certificates).map((c) => {
      const { status, quantity, maxUnitPrice, validFrom, validTo, balance } = certificateView(c, now);
      return {
        id: c.id, cardLast4: state.cards[c.panHash]!.last4, status, truKinds: [...c.truKinds], quantity, maxUnitPrice, validFrom, validTo,
        left: balance.quantityLeft, reserved: balance.reserved, used: balance.used, awaitingTreasury: balance.awaitingTreasury,
      };
    }),
    baskets: openBaskets(state).map(({ kind, basket }) => ({
      id: basket.id, kind, cashRegisterId: basket.cashRegisterId, productionTest: kind === 'purchase' && (basket as PurchaseBasket).productionTest,
      totalAmount: basket.totalAmount, totalCertAmount: basket.totalCertAmount,
      createdAt: new Date(basket.createdAt).toISOString(), expiresAt: new Date(basket.expiresAt).toISOString(), timeLeftMs: Math.max(0, basket.expiresAt - now),
    })),
  }),
};

/** The APPROVED baskets, in order of expiry: the expiry queue from its head holds every one of them. */
function openBaskets(state: FesState): Array<{ kind: 'purchase' | 'return'; basket: PurchaseBasket | ReturnBasket }> {
  const open: Array<{ kind: 'purchase' | 'return'; basket: PurchaseBasket | ReturnBasket }> = [];
  for (let i = state.basketExpiryHead; i < state.basketExpiries.length; i++) {
    const id = state.basketExpiries[i]![0];
    const purchase = own(state.purchaseBaskets, id);
    const basket = purchase ?? own(state.returnBaskets, id);
    if (basket?.status === 'APPROVED') open.push({ kind: purchase ? 'purchase' : 'return', basket });
  }
  return open;
}
