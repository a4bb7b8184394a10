// The virtual POS terminal (MODELED): pays against a purchaseBasketId (certificate part from the
// certificates, the rest as own funds) and refunds against a returnBasketId, so that a vendor can run
// the whole flow, the §4.6 production test included (513), without a real terminal and acquirer.
import type { Operation } from '../../src/engine/simulator.js';
import { panHashOf, type CardInput } from './control.js';
import { APPROVED, FesErrors } from './errors.js';
import { TREASURY_REFUND_DELAY_MS } from './protocol.js';
import { applyTime, returnToCertificate, type FesState, type Payment } from './state.js';

const TAG = 'Virtual terminal (modeled)';
const iso = (ms: number) => new Date(ms).toISOString();

/** Payments are only ever appended, so their count numbers them uniquely. */
const newTransactionId = (state: FesState) => `TX-${String(state.payments.length + 1).padStart(15, '0')}`;

export const terminalOperations: Array<Operation<FesState>> = [
  {
    id: 'terminalPayment', method: 'post', path: '/terminal/v1/payments', tag: TAG,
    summary: 'Pay against a purchase basket: certificate part plus own funds',
    description: 'Answers 000 and debits the reserved certificate quantities, or a decline. For the production-test basket it always declines with 513 (Insufficient funds / over credit limit) and charges nothing (seed 000 §4.6).',
    request: { body: 'fes/terminal-payment.request' },
    responses: {
      200: { description: 'Approved (000)', schema: 'fes/terminal-payment.response' },
      400: { description: 'Malformed request', schema: 'fes/error' },
      402: { description: '513 Insufficient funds / over credit limit (production test)', schema: 'fes/error' },
      404: { description: '520 basket unknown', schema: 'fes/error' }, 409: { description: '522 already paid, 525 cancelled', schema: 'fes/error' },
      410: { description: '521 basket expired', schema: 'fes/error' }, 422: { description: '523 card mismatch, 524 amount mismatch', schema: 'fes/error' },
    },
    handle: ({ state, ctx, body }) => {
      const now = ctx.clock.now();
      applyTime(state, now);
      const { purchaseBasketId, card, amount } = body as { purchaseBasketId: string; card: CardInput; amount?: number };
      const basket = state.purchaseBaskets[purchaseBasketId];
      if (!basket) throw FesErrors.TERMINAL_BASKET_NOT_FOUND({ basketId: purchaseBasketId });
      if (basket.status === 'EXPIRED') throw FesErrors.TERMINAL_BASKET_EXPIRED({ basketId: basket.id, expiresAt: iso(basket.expiresAt) });
      if (basket.status === 'PAID') throw FesErrors.TERMINAL_ALREADY_DONE({ basketId: basket.id, status: basket.status, action: 'paid' });
      if (basket.status === 'CANCELLED') throw FesErrors.TERMINAL_BASKET_NOT_OPEN({ basketId: basket.id, status: basket.status });
      if (panHashOf(card) !== basket.panHash) throw FesErrors.TERMINAL_CARD_MISMATCH({ basketId: basket.id });
      if (amount !== undefined && amount !== basket.totalAmount) throw FesErrors.TERMINAL_AMOUNT_MISMATCH({ amount, expected: basket.totalAmount });
      if (basket.productionTest) throw FesErrors.TERMINAL_INSUFFICIENT_FUNDS();

      for (const item of basket.items) {
        for (const cov of item.certificates) {
          const cert = state.certificates[cov.certificateId]!;
          cert.reserved -= cov.quantity;
          cert.used += cov.quantity;
        }
      }
      basket.status = 'PAID';
      basket.paidAt = now;
      const payment: Payment = {
        id: newTransactionId(state), kind: 'PAYMENT', basketId: basket.id,
        certAmount: basket.totalCertAmount, ownFundsAmount: basket.totalAmount - basket.totalCertAmount, at: iso(now),
      };
      state.payments.push(payment);
      return {
        body: {
          ...APPROVED, transactionId: payment.id, purchaseBasketId: basket.id,
          totalAmount: basket.totalAmount, certAmount: payment.certAmount, ownFundsAmount: payment.ownFundsAmount, paidAt: payment.at,
        },
      };
    },
  },
  {
    id: 'terminalRefund', method: 'post', path: '/terminal/v1/refunds', tag: TAG,
    summary: 'Refund against a return basket: certificate part back to the certificates, the rest to the card',
    description: 'The certificate quantities become usable again after the modeled Treasury processing delay (1 virtual day).',
    request: { body: 'fes/terminal-refund.request' },
    responses: {
      200: { description: 'Approved (000)', schema: 'fes/terminal-refund.response' },
      400: { description: 'Malformed request', schema: 'fes/error' },
      404: { description: '520 return basket unknown', schema: 'fes/error' }, 409: { description: '522 already refunded', schema: 'fes/error' },
      410: { description: '521 return basket expired', schema: 'fes/error' }, 422: { description: '523 card mismatch', schema: 'fes/error' },
    },
    handle: ({ state, ctx, body }) => {
      const now = ctx.clock.now();
      applyTime(state, now);
      const { returnBasketId, card } = body as { returnBasketId: string; card: CardInput };
      const ret = state.returnBaskets[returnBasketId];
      if (!ret) throw FesErrors.TERMINAL_BASKET_NOT_FOUND({ basketId: returnBasketId });
      if (ret.status === 'EXPIRED') throw FesErrors.TERMINAL_BASKET_EXPIRED({ basketId: ret.id, expiresAt: iso(ret.expiresAt) });
      if (ret.status === 'REFUNDED') throw FesErrors.TERMINAL_ALREADY_DONE({ basketId: ret.id, status: ret.status, action: 'refunded' });
      if (panHashOf(card) !== ret.panHash) throw FesErrors.TERMINAL_CARD_MISMATCH({ basketId: ret.id });

      for (const item of ret.items) {
        for (const part of item.certificates) returnToCertificate(state.certificates[part.certificateId]!, part.quantity, now);
      }
      ret.status = 'REFUNDED';
      ret.refundedAt = now;
      const refund: Payment = {
        id: newTransactionId(state), kind: 'REFUND', basketId: ret.id,
        certAmount: ret.totalCertAmount, ownFundsAmount: ret.totalAmount - ret.totalCertAmount, at: iso(now),
      };
      state.payments.push(refund);
      return {
        body: {
          ...APPROVED, transactionId: refund.id, returnBasketId: ret.id, purchaseBasketId: ret.purchaseBasketId,
          totalAmount: ret.totalAmount, certAmount: refund.certAmount, ownFundsAmount: refund.ownFundsAmount,
          refundedAt: refund.at, certificatesUsableFrom: iso(now + TREASURY_REFUND_DELAY_MS),
        },
      };
    },
  },
];
