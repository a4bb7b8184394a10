// The virtual POS terminal (MODELED: the second hop, which no FES document describes). It speaks in the
// terms of the acquiring-terminal driver standard real cash software uses (1C's PayElectronicCertificate
// and ReturnElectronicCertificate): basket id in and out, the certificate amount, the own-funds amount,
// card number, receipt number, RRN, authorization code, slip and an operation status — 0 done in full,
// 1 the own-funds part failed while the certificate part went through (magic card). It pays against a
// purchase basket and refunds against a return basket, the §4.6 production test included.
import type { Operation, SimulatorContext } from '../../src/engine/simulator.js';
import { PoligonError } from '../../src/engine/errors.js';
import { FesErrors, OK } from './errors.js';
import { recordProductionTestPassed } from './lk.js';
import { DEFAULT_PRODUCTION_TEST_RESPONSE_CODE, MAGIC_CARDS, TREASURY_REFUND_DELAY_MS, sha256Hex } from './protocol.js';
import { returnToCertificate, type FesState, type Payment } from './state.js';

const TAG = 'Virtual terminal (modeled; terminal driver standard terms)';
const iso = (ms: number) => new Date(ms).toISOString();

/** Payments are only ever appended, so their count numbers them uniquely. */
const newTransactionId = (state: FesState) => `TX-${String(state.payments.length + 1).padStart(15, '0')}`;
/** RRN: 12 digits (modeled from the payment's sequence). */
const rrnOf = (state: FesState) => String(state.payments.length + 1).padStart(12, '0');
const authorizationCodeOf = (rrn: string) => rrn.slice(-6);
const maskedCard = (pan: string) => `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;

/** The production test's response code (seed 000 §4.6 footnote 3: a setting, 513 by default). */
export const productionTestResponseCode = (ctx: Pick<SimulatorContext, 'options'>): number =>
  (ctx.options.productionTestResponseCode as number | undefined) ?? DEFAULT_PRODUCTION_TEST_RESPONSE_CODE;

/** A modeled slip, as the terminal prints it; amounts in rubles. */
function slip(kind: 'ОПЛАТА' | 'ВОЗВРАТ', p: Payment, card: string | undefined): string {
  const rub = (k: number) => `${Math.floor(k / 100)}.${String(k % 100).padStart(2, '0')}`;
  return [
    `${kind} ЭЛЕКТРОННЫМ СЕРТИФИКАТОМ`, `КОРЗИНА ${p.basketId}`, ...(card ? [`КАРТА ${card}`] : []),
    `СЕРТИФИКАТОМ ${rub(p.certAmount)}`, `СОБСТВЕННЫМИ СРЕДСТВАМИ ${rub(p.ownFundsAmount)}`,
    `RRN ${p.rrn} КОД АВТ. ${p.authorizationCode}`, p.operationStatus === 0 ? 'ОДОБРЕНО' : 'СОБСТВЕННЫЕ СРЕДСТВА: ОТКАЗ',
  ].join('\n');
}

function checkAmount(field: 'certificateAmount' | 'ownFundsAmount', amount: number, expected: number, basketId: string): void {
  if (amount !== expected) throw FesErrors.TERMINAL_AMOUNT_MISMATCH({ field, amount, expected, basketId });
}

const answer = (p: Payment, basketId: string, card: string | undefined, extra: Record<string, unknown> = {}) => ({
  ...OK, basketId, certificateAmount: p.certAmount, ownFundsAmount: p.ownFundsAmount,
  ...(card ? { cardNumber: card } : {}), rrn: p.rrn, authorizationCode: p.authorizationCode,
  slip: slip(p.kind === 'PAYMENT' ? 'ОПЛАТА' : 'ВОЗВРАТ', p, card), operationStatus: p.operationStatus, ...extra,
});

const ERRORS = {
  400: { description: 'Malformed request', schema: 'fes/refusal' },
  404: { description: '520 basket unknown', schema: 'fes/refusal' }, 409: { description: '522 already done, 525 cancelled', schema: 'fes/refusal' },
  410: { description: '521 basket expired', schema: 'fes/refusal' }, 422: { description: '523 card mismatch, 524 amount mismatch', schema: 'fes/refusal' },
};

export const terminalOperations: Array<Operation<FesState>> = [
  {
    id: 'terminalPayment', method: 'post', path: '/terminal/v1/payments', tag: TAG,
    summary: 'PayElectronicCertificate: pay a purchase basket, certificate part plus own funds',
    description: 'Answers result.code 0 with the basket id, amounts, RRN, authorization code, slip and operationStatus (0 done in full; 1 the own-funds part failed, the certificate part went through). For the production-test basket it declines with the production test\'s response code (513 by default, the simulator option productionTestResponseCode) and charges nothing; FES then publishes fes.cashRegister.productionTestPassed.',
    request: { body: 'fes/terminal-payment.request' },
    responses: {
      200: { description: 'result.code 0; operationStatus 0 or 1', schema: 'fes/terminal-payment.response' },
      402: { description: 'The production test\'s response code (513 Insufficient funds / over credit limit by default)', schema: 'fes/refusal' },
      ...ERRORS,
    },
    handle: ({ state, ctx, body }) => {
      const now = ctx.clock.now();
      const { basketId, cardNumber, certificateAmount, ownFundsAmount } = body as { basketId: string; cardNumber: string; certificateAmount: number; ownFundsAmount: number };
      const basket = state.purchaseBaskets[basketId];
      if (!basket) throw FesErrors.TERMINAL_BASKET_NOT_FOUND({ basketId });
      if (basket.status === 'EXPIRED') throw FesErrors.TERMINAL_BASKET_EXPIRED({ basketId: basket.id, expiresAt: iso(basket.expiresAt) });
      if (basket.status === 'PAID') throw FesErrors.TERMINAL_ALREADY_DONE({ basketId: basket.id, status: basket.status, action: 'paid' });
      if (basket.status === 'CANCELLED') throw FesErrors.TERMINAL_BASKET_NOT_OPEN({ basketId: basket.id, status: basket.status });
      if (sha256Hex(cardNumber) !== basket.panHash) throw FesErrors.TERMINAL_CARD_MISMATCH({ basketId: basket.id });
      checkAmount('certificateAmount', certificateAmount, basket.totalCertAmount, basket.id);
      checkAmount('ownFundsAmount', ownFundsAmount, basket.totalAmount - basket.totalCertAmount, basket.id);
      if (basket.productionTest) {
        const cr = state.cashRegisters[basket.cashRegisterId];
        if (cr) recordProductionTestPassed(ctx, cr, iso(now));
        const e = FesErrors.TERMINAL_INSUFFICIENT_FUNDS();
        const code = productionTestResponseCode(ctx);
        throw code === DEFAULT_PRODUCTION_TEST_RESPONSE_CODE ? e : new PoligonError(e.code, e.status, `Declined with the production test's response code ${code}`, String(code), {}, [], e.hint);
      }

      for (const item of basket.items) {
        for (const cov of item.certificates) {
          const cert = state.certificates[cov.certificateId]!;
          cert.reserved -= cov.quantity;
          cert.used += cov.quantity;
        }
      }
      basket.status = 'PAID';
      basket.paidAt = now;
      const ownFundsDeclined = cardNumber === MAGIC_CARDS.ownFundsDeclined && ownFundsAmount > 0;
      const rrn = rrnOf(state);
      const payment: Payment = {
        id: newTransactionId(state), kind: 'PAYMENT', basketId: basket.id,
        certAmount: basket.totalCertAmount, ownFundsAmount: ownFundsDeclined ? 0 : ownFundsAmount, at: iso(now),
        rrn, authorizationCode: authorizationCodeOf(rrn), operationStatus: ownFundsDeclined ? 1 : 0,
      };
      state.payments.push(payment);
      return { body: answer(payment, basket.id, maskedCard(cardNumber), { paidAt: payment.at }) };
    },
  },
  {
    id: 'terminalRefund', method: 'post', path: '/terminal/v1/refunds', tag: TAG,
    summary: 'ReturnElectronicCertificate: refund a return basket, the certificate part back to the certificates, the rest to the card',
    description: 'The card is optional (capability ReturnElectronicCertificateByBasketID); when given it must be the basket\'s. The certificate quantities become usable again after the modeled Treasury processing delay (1 virtual day).',
    request: { body: 'fes/terminal-refund.request' },
    responses: { 200: { description: 'result.code 0', schema: 'fes/terminal-refund.response' }, ...ERRORS },
    handle: ({ state, ctx, body }) => {
      const now = ctx.clock.now();
      const { basketId, cardNumber, certificateAmount, ownFundsAmount } = body as { basketId: string; cardNumber?: string; certificateAmount: number; ownFundsAmount: number };
      const ret = state.returnBaskets[basketId];
      if (!ret) throw FesErrors.TERMINAL_BASKET_NOT_FOUND({ basketId });
      if (ret.status === 'EXPIRED') throw FesErrors.TERMINAL_BASKET_EXPIRED({ basketId: ret.id, expiresAt: iso(ret.expiresAt) });
      if (ret.status === 'REFUNDED') throw FesErrors.TERMINAL_ALREADY_DONE({ basketId: ret.id, status: ret.status, action: 'refunded' });
      if (cardNumber !== undefined && sha256Hex(cardNumber) !== ret.panHash) throw FesErrors.TERMINAL_CARD_MISMATCH({ basketId: ret.id });
      checkAmount('certificateAmount', certificateAmount, ret.totalCertAmount, ret.id);
      checkAmount('ownFundsAmount', ownFundsAmount, ret.totalAmount - ret.totalCertAmount, ret.id);

      for (const item of ret.items) {
        for (const part of item.certificates) returnToCertificate(state.certificates[part.certificateId]!, part.quantity, now);
      }
      ret.status = 'REFUNDED';
      ret.refundedAt = now;
      const rrn = rrnOf(state);
      const refund: Payment = {
        id: newTransactionId(state), kind: 'REFUND', basketId: ret.id,
        certAmount: ret.totalCertAmount, ownFundsAmount, at: iso(now), rrn, authorizationCode: authorizationCodeOf(rrn), operationStatus: 0,
      };
      state.payments.push(refund);
      return {
        body: answer(refund, ret.id, cardNumber === undefined ? undefined : maskedCard(cardNumber), {
          purchaseBasketId: ret.purchaseBasketId, refundedAt: refund.at, certificatesUsableFrom: iso(now + TREASURY_REFUND_DELAY_MS),
        }),
      };
    },
  },
];
