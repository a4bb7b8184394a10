// FES refusals and their messages. The public record shows that an answer carries `result { code,
// description }` with code 0 for success, and names the situations, not the codes. The cash-software
// API's statuses and codes are the FES protocol profile's (profile.ts; here those of the shipped
// modeled profile, which the served profile replaces when the refusal is rendered). The terminal's
// (5xx; 513 from seed 000 §4.6), LK FES's (6xx) and the certificates control's (7xx) codes are
// modeled here. systemCode is the refusal's `result.code` in every part of FES: one refusal form.

import { defineErrors } from '../../src/engine/errors.js';
import { MODELED_PROFILE, type ProfileOutcome } from './profile.js';

/** The status and code the shipped modeled profile gives a refusal of the cash-software API. */
const modeled = (outcome: ProfileOutcome) => {
  const { status, code } = MODELED_PROFILE.profile.outcomes[outcome]!;
  return { status, systemCode: String(code) };
};

export const FesErrors = defineErrors('FES', {
  // FES-02: API KEY
  API_KEY_MISSING: { ...modeled('API_KEY_MISSING'), message: 'Header {header} is missing', hint: 'Send the merchant API KEY from LK FES in it.' },
  API_KEY_UNKNOWN: { ...modeled('API_KEY_UNKNOWN'), message: 'The API KEY is not known to FES', hint: 'Copy the API KEY from LK FES exactly; it is per merchant.' },
  API_KEY_BLOCKED: { ...modeled('API_KEY_BLOCKED'), message: 'The API KEY of merchant {merchantId} is blocked in LK FES', hint: 'The merchant admin can unblock it in LK FES (POST /fes/lk/v1/merchants/{merchantId}/api-key/unblock).' },
  API_KEY_REVOKED: { ...modeled('API_KEY_REVOKED'), message: 'This API KEY was replaced by a regenerated one for merchant {merchantId} and no longer works', hint: 'Configure the new API KEY in every касса of the merchant.' },
  // FES-03: request integrity
  AUTH_HEADER_INVALID: { ...modeled('AUTH_HEADER_INVALID'), message: 'Header {header} is {problem}', hint: 'Every FES request carries the API KEY, касса ID, timestamp and MAC headers the FES profile names (GET /openapi/fes.json, security scheme fes-mac).' },
  CASH_REGISTER_UNKNOWN: { ...modeled('CASH_REGISTER_UNKNOWN'), message: 'Касса {cashRegisterId} is not registered for this API KEY\'s merchant', hint: 'Use the касса ID shown in LK FES for a касса of the same merchant as the API KEY.' },
  TIMESTAMP_OUT_OF_WINDOW: { ...modeled('TIMESTAMP_OUT_OF_WINDOW'), message: '{header} {timestamp} is {skew} s away from FES time {now}; at most ±{windowSeconds} s is accepted{clockNote}', hint: 'Sync the касса clock; sign with the current UTC time.' },
  MAC_INVALID: { ...modeled('MAC_INVALID'), message: '{header} does not match the request signed with the MAC KEY of касса {cashRegisterId}: expected {rule}', hint: 'A regenerated MAC KEY replaces the old one at once.' },
  REPLAYED: { ...modeled('REPLAYED'), message: 'This request (same MAC) was already received; a request is accepted once', hint: 'Sign every request anew with a fresh timestamp.' },
  // FES-04: who may operate
  CASH_REGISTER_BLOCKED_BY_MERCHANT: { ...modeled('CASH_REGISTER_BLOCKED_BY_MERCHANT'), message: 'Касса {cashRegisterId} is blocked by the merchant (BLOCKED_BY_MERCHANT)', hint: 'The merchant admin can set it back to ACTIVE in LK FES.' },
  CASH_REGISTER_BLOCKED_BY_NSPK: { ...modeled('CASH_REGISTER_BLOCKED_BY_NSPK'), message: 'Касса {cashRegisterId} is blocked by NSPK (BLOCKED_BY_NSPK)', hint: 'Only the NSPK admin can set it back to ACTIVE.' },
  POINT_NOT_ACTIVATED: { ...modeled('POINT_NOT_ACTIVATED'), message: 'Point {pointId} is not activated{since}: before activation only echo and the production test are served', hint: 'The point accepts operations from its activation date in GIS ES (or LK activate in a standalone sandbox).' },
  PREAUTH_BEFORE_ACTIVATION: { ...modeled('PREAUTH_BEFORE_ACTIVATION'), message: 'Point {pointId} is not activated{since}: certificate Pre-Auths are refused until it is; only the production-test basket (TRU 999999999.99999999900000000000) is served', hint: 'Seed 000 §3.4.7–3.4.8, §4.6: echo and the production test first, then GIS ES activates the point.' },
  POINT_DISABLED: { ...modeled('POINT_DISABLED'), message: 'Point {pointId} is disabled' },
  MERCHANT_BLOCKED: { ...modeled('MERCHANT_BLOCKED'), message: 'Merchant {merchantId} is blocked' },
  // request content
  TRU_INVALID: { ...modeled('TRU_INVALID'), message: 'Field {pointer}: expected {expected}, came "{received}" ({problem})', hint: 'A full TRU code is NNNNNNNNN.NNNNNNNNNYYYYMMMMZZZ: 30 characters, one dot, zero-filled where unknown.' },
  DUPLICATE_ITEM_NUMBER: { ...modeled('DUPLICATE_ITEM_NUMBER'), message: 'Field {pointer} (articleNumber): expected a number used once in the basket, came {itemNumber} again' },
  CERTIFICATE_LAST_NUMBERS_UNKNOWN: { ...modeled('CERTIFICATE_LAST_NUMBERS_UNKNOWN'), message: 'Field {pointer} (certificateLastNumbers): expected the last 6 digits of one of the card\'s certificates, came "{value}", which ends none' },
  REQUEST_ID_REUSED: { ...modeled('REQUEST_ID_REUSED'), message: 'Field {pointer}: request id {requestId} was already used by this касса for a different request ({operation}); expected the same body for a retry, or a new UUID', hint: 'A retry repeats the request id and the body byte for byte (its signature is new); a new request takes a new UUID.' },
  PAR_REQUIRED: { ...modeled('PAR_REQUIRED'), message: 'Field {pointer}: касса {cashRegisterId} uses protocol V2, which names the card by its PAN hash and its PAR; expected a PAR, came none', hint: 'In V2 every call naming a card carries the card\'s PAR (Payment Account Reference) from the terminal.' },
  // Pre-Auth and baskets
  CARD_BLOCKED: { ...modeled('CARD_BLOCKED'), message: 'The card is blocked; certificates cannot be used with it' },
  NO_COVERAGE: { ...modeled('NO_COVERAGE'), message: 'No certificate on this card covers any item of the basket{reasons}', hint: 'A certificate covers an item whose TRU kind (first 19 characters) it names, up to its quantity left, within its validity.' },
  BASKET_NOT_FOUND: { ...modeled('BASKET_NOT_FOUND'), message: 'Purchase basket {basketId} is not known' },
  BASKET_EXPIRED: { ...modeled('BASKET_EXPIRED'), message: 'Purchase basket {basketId} expired at {expiresAt} (a basket lives 30 minutes)' },
  BASKET_NOT_OPEN: { ...modeled('BASKET_NOT_OPEN'), message: 'Purchase basket {basketId} is {status}; only an APPROVED basket can be {action}' },
  // Refund Pre-Auth (FES-10)
  RETURN_BASKET_NOT_FOUND: { ...modeled('RETURN_BASKET_NOT_FOUND'), message: 'Purchase basket {basketId} is not known', hint: 'Refund against the purchaseBasketId of a paid purchase.' },
  RETURN_ITEM_NOT_FOUND: { ...modeled('RETURN_ITEM_NOT_FOUND'), message: 'Item number {itemNumber} is not in purchase basket {basketId}' },
  RETURN_TRU_MISMATCH: { ...modeled('RETURN_TRU_MISMATCH'), message: 'Item {itemNumber}: TRU code {truCode} is not the one in the purchase basket ({expected})' },
  RETURN_TOO_MANY: { ...modeled('RETURN_TOO_MANY'), message: 'Item {itemNumber}: {requested} to return, but the approved basket holds {purchased} ({returnable} still returnable)' },
  RETURN_ALREADY_REFUNDED: { ...modeled('RETURN_ALREADY_REFUNDED'), message: 'Item {itemNumber}: all {purchased} already refunded or being refunded' },
  RETURN_BASKET_NOT_PAID: { ...modeled('RETURN_BASKET_NOT_PAID'), message: 'Purchase basket {basketId} is {status}; only a PAID basket can be refunded' },
  CARD_MISMATCH: { ...modeled('CARD_MISMATCH'), message: 'The card is not the one basket {basketId} was approved for' },
  RETURN_WITHOUT_CARD_LATE: { ...modeled('RETURN_WITHOUT_CARD_LATE'), message: 'Field {pointer}: a return without the card works only on the operating day of the purchase ({paidDay}, Moscow time); today is {today}: expected the card, came none', hint: 'Present the card (its PAN hash from the terminal) to return on a later day.' },
  // Fiscal receipt data (FES-12, FES-16, FES-17)
  RECEIPT_BASKET_NOT_FOUND: { ...modeled('RECEIPT_BASKET_NOT_FOUND'), message: 'Field {pointer}: expected a purchase or return basket of this merchant, came {basketId}, which is not known' },
  RECEIPT_SUM_MISMATCH: { ...modeled('RECEIPT_SUM_MISMATCH'), message: 'Field {pointer}: expected {expected} (the part basket {basketId} paid by certificates), came "{received}"' },
  RECEIPT_WRONG_BASKET_STATE: { ...modeled('RECEIPT_WRONG_BASKET_STATE'), message: 'Basket {basketId} is {status}: receipt data is accepted once it is {needs}' },
  RECEIPT_CONFLICT: { ...modeled('RECEIPT_CONFLICT'), message: 'Receipt data conflicts with what was accepted before: {problem}', hint: 'Resending the same receipt data is answered as before; a different receipt is a new fiscal document (ФД) or a correction.' },
  RECEIPT_DATE_TIME_FORMAT: { ...modeled('RECEIPT_DATE_TIME_FORMAT'), message: 'Field {pointer}: касса {cashRegisterId} uses protocol V{version}, expected {format} (e.g. {example}), came "{received}"{otherVersion}' },
  RECEIPT_SETTLEMENT_TYPE: { ...modeled('RECEIPT_SETTLEMENT_TYPE'), message: 'Field {pointer} (tag 1054): expected {expected} for {basketKind} basket {basketId}, came {received}' },
  RECEIPT_NOT_FOUND: { ...modeled('RECEIPT_NOT_FOUND'), message: 'No receipt data with ФН {fiscalDriveNumber}, ФД {fiscalDocumentNumber} and ФП {fiscalSign} names a purchase basket of this merchant' },
  RECEIPT_FISCAL_FORMAT: { ...modeled('RECEIPT_FISCAL_FORMAT'), message: 'Field /{field}: expected {expected}, came "{received}"' },
  // Virtual terminal (its own modeled codes; 513 from seed 000 §4.6)
  TERMINAL_INSUFFICIENT_FUNDS: { status: 402, systemCode: '513', message: 'Insufficient funds / over credit limit', hint: 'For the production-test basket (TRU 999999999.99999999900000000000) this 513 is the pass signal: nothing was charged.' },
  TERMINAL_BASKET_NOT_FOUND: { status: 404, systemCode: '520', message: 'Basket {basketId} is not known to FES' },
  TERMINAL_BASKET_EXPIRED: { status: 410, systemCode: '521', message: 'Basket {basketId} expired at {expiresAt}' },
  TERMINAL_ALREADY_DONE: { status: 409, systemCode: '522', message: 'Basket {basketId} is {status}; it cannot be {action} again' },
  TERMINAL_CARD_MISMATCH: { status: 422, systemCode: '523', message: 'The card does not match the card of basket {basketId}' },
  TERMINAL_AMOUNT_MISMATCH: { status: 422, systemCode: '524', message: 'Field /{field}: expected {expected} (kopecks, basket {basketId}), came {amount}' },
  TERMINAL_BASKET_NOT_OPEN: { status: 409, systemCode: '525', message: 'Basket {basketId} is {status}' },
  // LK FES control plane
  MERCHANT_NOT_FOUND: { status: 404, systemCode: '601', message: 'Merchant {merchantId} is not registered in LK FES' },
  POINT_NOT_FOUND: { status: 404, systemCode: '602', message: 'Point {pointId} of merchant {merchantId} is not registered in LK FES' },
  CASH_REGISTER_NOT_FOUND: { status: 404, systemCode: '603', message: 'Касса {cashRegisterId} is not registered in LK FES' },
  VENDOR_NOT_CERTIFIED: { status: 422, systemCode: '604', message: 'Vendor "{vendor}" is not in the list of NSPK-certified vendors', hint: 'GET /fes/lk/v1/vendors lists them.' },
  CASH_REGISTER_COUNT: { status: 422, systemCode: '605', message: '{problem}' },
  WRONG_ACTOR: { status: 403, systemCode: '606', message: '{actor} cannot {action}: {reason}' },
  STATUS_UNCHANGED: { status: 409, systemCode: '607', message: '{what} is already {status}' },
  ALREADY_EXISTS: { status: 409, systemCode: '608', message: '{what} {id} already exists' },
  MERCHANT_NOT_OPERATING: { status: 409, systemCode: '609', message: 'Merchant {merchantId} is blocked; nothing can be changed for it' },
  POINT_NOT_OPERATING: { status: 409, systemCode: '610', message: 'Point {pointId} is disabled; nothing can be changed for it' },
  // LK FES administrator access (LKF-01)
  SET_PASSWORD_LINK_UNKNOWN: { status: 404, systemCode: '611', message: 'This set-password link is not known to LK FES', hint: 'Use the link from the latest e-mail (GET /fes/lk/v1/merchants/{merchantId}/admin shows it in the sandbox).' },
  SET_PASSWORD_LINK_EXPIRED: { status: 410, systemCode: '612', message: 'The set-password link expired at {expiresAt} (a link lives {lifetime})', hint: 'Ask for a new link: POST /fes/lk/v1/auth/forgot-password ("Я забыл пароль").' },
  SET_PASSWORD_LINK_USED: { status: 410, systemCode: '613', message: 'The set-password link was already used at {usedAt}; a link works once', hint: 'Log in with the password set then, or ask for a new link: POST /fes/lk/v1/auth/forgot-password.' },
  SET_PASSWORD_LINK_REPLACED: { status: 410, systemCode: '614', message: 'The set-password link was replaced by a newer one at {replacedAt}', hint: 'Use the link from the latest e-mail.' },
  PASSWORD_POLICY: { status: 422, systemCode: '615', message: 'The password does not meet the policy: {problem}', hint: 'At least 8 characters (at most 128) with at least one letter and one digit.' },
  PASSWORD_NOT_SET: { status: 403, systemCode: '616', message: 'The administrator of merchant {merchantId} has not set a password yet', hint: 'Follow the set-password link from the e-mail first.' },
  LOGIN_FAILED: { status: 401, systemCode: '617', message: 'Wrong e-mail or password for LK FES ({email})', hint: 'Sign in with the technical contact\'s e-mail from GIS ES. Forgot the password? POST /fes/lk/v1/auth/forgot-password sends a new link.' },
  PASSWORD_EXPIRED: { status: 403, systemCode: '618', message: 'The password of the administrator of merchant {merchantId} expired at {expiresAt} (a password lives 2 months)', hint: 'Set a new one through "Я забыл пароль": POST /fes/lk/v1/auth/forgot-password.' },
  // LK FES sessions and roles (LKF-01, LKF-07)
  SESSION_MISSING: { status: 401, systemCode: '619', message: 'LK FES operations need a session: sign in first', hint: 'POST /fes/lk/v1/auth/login with e-mail and password, then send "Authorization: Bearer <sessionToken>".' },
  SESSION_UNKNOWN: { status: 401, systemCode: '620', message: 'The session token is not known to LK FES', hint: 'Sign in again: POST /fes/lk/v1/auth/login.' },
  SESSION_EXPIRED: { status: 401, systemCode: '621', message: 'The LK FES session expired at {expiresAt} (a session lives {lifetime})', hint: 'Sign in again: POST /fes/lk/v1/auth/login.' },
  PASSWORD_NOT_YET_ACTIVE: { status: 403, systemCode: '622', message: 'The new password of the administrator of merchant {merchantId} grants access from {usableFrom} ({delay} after it was set)', hint: 'Seed 000 §4.1: access returns within 30 minutes of a password change. Try again then.' },
  NSPK_ADMIN_ONLY: { status: 403, systemCode: '623', message: 'Only the NSPK administrator may {action}; this session is the administrator of merchant {merchantId}' },
  MERCHANT_ADMIN_ONLY: { status: 403, systemCode: '624', message: 'Only the merchant\'s administrator may {action}; this session is the NSPK administrator' },
  OTHER_MERCHANT: { status: 403, systemCode: '625', message: 'This session administers merchant {merchantId}, not {otherMerchantId}' },
  EMAIL_UNKNOWN: { status: 404, systemCode: '626', message: 'No LK FES administrator has the e-mail {email}', hint: 'Use the technical contact\'s e-mail given in GIS ES.' },
  EMAIL_AMBIGUOUS: { status: 409, systemCode: '627', message: 'The e-mail {email} administers several merchants ({merchantIds}): name one in "merchantId"' },
  // Certificates & cards control
  CERTIFICATE_NOT_FOUND: { status: 404, systemCode: '701', message: 'Certificate {certificateId} is not known' },
  CARD_NOT_FOUND: { status: 404, systemCode: '702', message: 'No card ****{last4} holds certificates in this sandbox' },
  CERTIFICATE_INVALID: { status: 422, systemCode: '703', message: '{problem}' },
  // Processing faults (magic cards)
  PROCESSING_UNAVAILABLE: { ...modeled('PROCESSING_UNAVAILABLE'), message: 'Certificate processing is unavailable; try again later' },
  REGISTRY_TIMEOUT: { ...modeled('REGISTRY_TIMEOUT'), message: 'The Treasury certificate registry did not answer in time' },
});

/** FES response codes for the engine's own errors (request format, routing, faults), as the modeled profile gives them. */
export const ENGINE_RESPONSE_CODES: Record<string, string> = Object.fromEntries(Object.entries(MODELED_PROFILE.profile.outcomes)
  .filter(([outcome]) => outcome.startsWith('POLIGON_')).map(([outcome, { code }]) => [outcome, String(code)]));

/** The cash-software API's success: `result { code: 0 }` (public record). */
export const OK = { result: { code: 0, description: 'OK' } } as const;
