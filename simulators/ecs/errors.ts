// The ECS error catalogue. systemCode is what the faked service sends:
// - the Appendix 7 result code ("01"–"08") where one applies — the message is the Appendix 7 text verbatim;
// - a modeled errorCode ("100"–"106") for what Appendix 7 does not cover (the regulation's only error
//   example uses errorCode 100 with the message «Ошибка»);
// - the OAuth 2.0 error (RFC 6749 §5.2) for the token endpoint.
// The concrete reason always travels in `details.reason` and is rendered into `errors[]`.
import { defineErrors, type ErrorFactory } from '../../src/engine/errors.js';

export const EcsErrors = defineErrors('ECS', {
  // Appendix 7
  NO_BENEFIT: { status: 422, systemCode: '01', message: 'У владельца карты ЕЦС отсутствует льгота у данного Акцептанта', hint: 'The holder has no benefit category this service serves.' },
  CLIENT_NOT_FOUND: { status: 404, systemCode: '02', message: 'Ошибка ввода кода держателя КЖЯ - клиент не найден', hint: 'Check the holder code, SNILS or social card number and series.' },
  RESERVED_03: { status: 422, systemCode: '03', message: 'Зарезервированы для будущего использования', hint: 'Appendix 7 reserves 03; the sandbox sends it only for the magic values, so that clients prove they handle unknown codes.' },
  RESERVED_04: { status: 422, systemCode: '04', message: 'Зарезервированы для будущего использования', hint: 'Appendix 7 reserves 04; the sandbox sends it only for the magic values.' },
  CARD_INACTIVE: { status: 422, systemCode: '05', message: 'Карта ЕЦС имеет неактивный статус', hint: 'The card is blocked or replaced; ask the holder for the current card.' },
  PROCESSING_UNAVAILABLE: { status: 503, systemCode: '06', message: 'Отсутствует связь с процессинговым центром', hint: 'Retry later; the control API switches the processing centre back on.' },
  PARTICIPANT_UNKNOWN: { status: 403, systemCode: '07', message: 'ID участника отсутствует в системе', hint: 'The organization is excluded, or the terminal is not registered to it.' },
  SERVICE_NOT_FOUND: { status: 404, systemCode: '08', message: 'Код типа услуги не найден', hint: 'Take serviceId from GetOrganizationServices.' },
  // Modeled error codes
  BAD_REQUEST: { status: 400, systemCode: '100', message: 'Invalid request: {reason}' },
  CONTRADICTION: { status: 400, systemCode: '100', message: '{reason}', hint: 'The regulation contradicts itself here; simulatorOptions.ecs.contradictions = "lenient" accepts the example\'s form.' },
  UNAUTHORIZED: { status: 401, systemCode: '101', message: 'Unauthorized: {reason}', hint: 'Get a token at /connect/token and send Authorization: Bearer <access_token>.' },
  INSUFFICIENT_SCOPE: { status: 403, systemCode: '102', message: 'The token lacks scope {scope} that {method} needs', hint: 'Ask /connect/token for the scopes the method needs: ECS.WebAPI OrganizationAPI (Appendix 2) or ECS.WebAPI (Appendix 9).' },
  NOT_PERMITTED: { status: 403, systemCode: '102', message: '{reason}' },
  IP_NOT_ALLOWED: { status: 403, systemCode: '103', message: 'Requests from {ip} are not allowed for organization {organizationId}: only the addresses of its application are (§9.2)', hint: 'Add the address to the organization\'s list (control API), or run behind a proxy with trustProxy set.' },
  NOT_FOUND: { status: 404, systemCode: '104', message: '{reason}' },
  CONFLICT: { status: 409, systemCode: '105', message: '{reason}' },
  SERVICE_UNAVAILABLE: { status: 503, systemCode: '106', message: 'Сервис временно недоступен: {reason}', hint: 'An outage injected through the control API (POST /control/v1/outages) lasts on the virtual clock; advance the clock or wait.' },
  // OAuth 2.0 errors of /connect/token
  OAUTH_INVALID_REQUEST: { status: 400, systemCode: 'invalid_request', message: '{reason}' },
  OAUTH_INVALID_CLIENT: { status: 401, systemCode: 'invalid_client', message: '{reason}' },
  OAUTH_UNSUPPORTED_GRANT_TYPE: { status: 400, systemCode: 'unsupported_grant_type', message: '{reason}' },
  OAUTH_INVALID_SCOPE: { status: 400, systemCode: 'invalid_scope', message: '{reason}' },
  OAUTH_ACCESS_DENIED: { status: 403, systemCode: 'access_denied', message: 'Requests from {ip} are not allowed for client {clientId}: only the addresses of its application are (§9.2)' },
});

/** Appendix 7 result code → the error that carries it. */
export const RESULT_CODE_ERRORS: Record<string, ErrorFactory> = {
  '01': EcsErrors.NO_BENEFIT,
  '02': EcsErrors.CLIENT_NOT_FOUND,
  '03': EcsErrors.RESERVED_03,
  '04': EcsErrors.RESERVED_04,
  '05': EcsErrors.CARD_INACTIVE,
  '06': EcsErrors.PROCESSING_UNAVAILABLE,
  '07': EcsErrors.PARTICIPANT_UNKNOWN,
  '08': EcsErrors.SERVICE_NOT_FOUND,
};

/** Looks a catalogue code up (a fault injected by error code carries no systemCode of its own). */
export function ecsErrorSpec(code: string) {
  return Object.values(EcsErrors).find((f) => f.code === code)?.spec;
}
