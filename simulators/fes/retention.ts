// How long FES keeps baskets once they are closed. MODELED: the public record and the seeds say
// nothing of it; without a limit a long-running sandbox grew with every Pre-Auth (issue 13). Unpaid
// baskets (expired, cancelled, expired returns) go after `unpaidBasketRetention` of virtual time;
// paid purchases and refunded returns, with their receipts and payments, after `paidBasketRetention`,
// long enough for any return a test makes. A purchase basket stays while a kept return basket names it.
import type { SimulatorContext } from '../../src/engine/simulator.js';
import { durationOption } from './lk-access.js';
import type { FesState } from './state.js';

export interface RetentionOptions {
  unpaidMs: number;
  paidMs: number;
}

export const DEFAULT_UNPAID_BASKET_RETENTION = '30d';
export const DEFAULT_PAID_BASKET_RETENTION = '400d';
/** Closed baskets are looked for at most once per virtual hour: a sweep reads every basket. */
const SWEEP_EVERY_MS = 3_600_000;

/** The retention options of simulatorOptions.fes; throws an Error naming a bad one. */
export function retentionOptions(options: Readonly<Record<string, unknown>>): RetentionOptions {
  return {
    unpaidMs: durationOption(options, 'unpaidBasketRetention', DEFAULT_UNPAID_BASKET_RETENTION),
    paidMs: durationOption(options, 'paidBasketRetention', DEFAULT_PAID_BASKET_RETENTION),
  };
}

const parsed = new WeakMap<object, RetentionOptions>();

/** Drops the baskets closed longer ago than their retention (part of the simulator's tick). */
export function purgeClosedBaskets(state: FesState, now: number, ctx: SimulatorContext): void {
  if (state.retentionSweptAt !== undefined && now - state.retentionSweptAt < SWEEP_EVERY_MS && now >= state.retentionSweptAt) return;
  state.retentionSweptAt = now;
  let retention = parsed.get(ctx.options);
  if (!retention) parsed.set(ctx.options, (retention = retentionOptions(ctx.options)));
  const gone = (closedAt: number | undefined, paid: boolean) => closedAt !== undefined && now - closedAt > (paid ? retention.paidMs : retention.unpaidMs);

  const purged = new Set<string>();
  const named = new Set<string>();
  for (const id in state.returnBaskets) {
    const basket = state.returnBaskets[id]!;
    const closedAt = basket.status === 'REFUNDED' ? basket.refundedAt : basket.status === 'EXPIRED' ? basket.expiresAt : undefined;
    if (gone(closedAt, basket.status === 'REFUNDED')) {
      delete state.returnBaskets[id];
      purged.add(id);
    } else named.add(basket.purchaseBasketId);
  }
  for (const id in state.purchaseBaskets) {
    if (named.has(id)) continue;
    const basket = state.purchaseBaskets[id]!;
    // a cancelled basket closed before its expiry: counted from the expiry, it is kept a little longer
    const closedAt = basket.status === 'PAID' ? basket.paidAt : basket.status === 'APPROVED' ? undefined : basket.expiresAt;
    if (gone(closedAt, basket.status === 'PAID')) {
      delete state.purchaseBaskets[id];
      purged.add(id);
    }
  }
  if (!purged.size) return;
  for (const key in state.receipts) {
    const receipt = state.receipts[key]!;
    if (purged.has(receipt.basketId) || purged.has(receipt.purchaseBasketId)) delete state.receipts[key];
  }
  state.payments = state.payments.filter((p) => !purged.has(p.basketId));
}
