// The four methods of Appendices 2 and 9. Each handler checks everything first and changes state only
// once the answer is sure, so a refused request leaves the world as it was.
import type { Call, Operation, Reply } from '../../src/engine/simulator.js';
import { AREA_WARNING, C7_WARNING, renderArea, resolveDateFields, warningHeader } from './contradictions.js';
import { EcsErrors } from './errors.js';
import { magicResultCode } from './magic.js';
import {
  cardUnusable, cardsOf, ecsOptions, findHolder, openTransaction, pickBenefit, takeId,
  type Card, type ConnectionType, type EcsState, type Holder, type HolderMatch, type HolderQuery, type Organization, type Transaction,
} from './model.js';
import type { EcsAuth } from './oauth.js';

type EcsCall = Call<EcsState>;

const DEFAULT_PAGE_SIZE = 10;
export const FOUND_RESULT_CODE = 1;
export const FOUND_RESULT_MESSAGE = 'Льгота найдена';

const errorResponses = {
  400: { description: 'Invalid request (errorCode 100)', schema: 'ecs/error' },
  401: { description: 'No valid token (errorCode 101)', schema: 'ecs/error' },
  403: { description: 'Scope, connection type or address not permitted (102, 103), or participant unknown (07)', schema: 'ecs/error' },
  503: { description: 'An outage injected on the virtual clock (106, modeled)', schema: 'ecs/error' },
};

interface Identifiers {
  clientCode?: string;
  clientSnils?: string;
  cardNumber?: string;
  cardSeries?: string;
}

const IDENTIFIER_NAMES: Record<HolderQuery['kind'], string> = { clientCode: 'clientCode', clientSnils: 'clientSnils', card: 'cardNumber + cardSeries' };

/**
 * The identifiers a request names, or what is wrong with them. Appendix 2 («одно из полей clientCode,
 * clientSnils, (cardNumber, cardSeries) – обязательно») needs at least one; several are accepted (they
 * must then name the same holder, checked once they are looked up); each must be available to the
 * caller's connection type.
 */
function holderQueries(body: Identifiers, allowed: Array<HolderQuery['kind']>, connectionType: ConnectionType | undefined): HolderQuery[] | string[] {
  const problems: string[] = [];
  if ((body.cardNumber === undefined) !== (body.cardSeries === undefined)) {
    problems.push('cardNumber and cardSeries are sent together');
  }
  const present: Array<HolderQuery['kind']> = [];
  if (body.clientCode !== undefined) present.push('clientCode');
  if (body.clientSnils !== undefined) present.push('clientSnils');
  if (body.cardNumber !== undefined || body.cardSeries !== undefined) present.push('card');
  const allowedNames = allowed.map((k) => IDENTIFIER_NAMES[k]).join(', ');
  if (present.length === 0) problems.push(`send at least one of ${allowedNames} (Appendix 2: one of the fields is required)`);
  for (const kind of present) {
    if (!allowed.includes(kind)) {
      problems.push(connectionType === undefined
        ? `${IDENTIFIER_NAMES[kind]} is not accepted here; send ${allowedNames}`
        : `${IDENTIFIER_NAMES[kind]} is available only for connection type ${kind === 'clientSnils' ? '2' : '1 and 3'}; this organization is type ${connectionType}`);
    }
  }
  if (problems.length) return problems;
  return present.map((kind): HolderQuery => (kind === 'clientCode'
    ? { kind, clientCode: body.clientCode! }
    : kind === 'clientSnils' ? { kind, clientSnils: body.clientSnils! } : { kind, cardNumber: body.cardNumber!, cardSeries: body.cardSeries! }));
}

/** Looks every identifier up: one holder they all name, or the error (02 for an unknown one, 400 when they disagree). */
function identifyHolder(state: EcsState, queries: HolderQuery[]): { holder: Holder; cards: Card[] } {
  const matches = queries.map((q) => findHolder(state, q));
  const missing = matches.filter((m): m is { reason: string } => 'reason' in m);
  if (missing.length) throw EcsErrors.CLIENT_NOT_FOUND({ reason: missing.map((m) => m.reason).join('; ') });
  const found = matches as HolderMatch[];
  const holders = new Set(found.map((m) => m.holder.id));
  if (holders.size > 1) {
    const named = found.map((m, i) => `${IDENTIFIER_NAMES[queries[i]!.kind]} names holder ${m.holder.id}`);
    badRequest([`the identifiers name different holders: ${named.join(', ')}; send identifiers of one holder`]);
  }
  return { holder: found[0]!.holder, cards: found.flatMap((m) => (m.card ? [m.card] : [])) };
}

/** The caller's connection type (an organization without one has no credentials, so never gets this far). */
function connectionTypeOf(organization: Organization): ConnectionType {
  if (organization.connectionType === null) {
    throw EcsErrors.NOT_PERMITTED({ reason: `organization ${organization.id} is an acceptant of Type 1: it uses the bank's own software, not the web service (§1.4)` });
  }
  return organization.connectionType;
}

function badRequest(problems: string[]): never {
  throw EcsErrors.BAD_REQUEST({ reason: problems.join('; '), errors: problems });
}

function page<T>(items: T[], body: { pageIndex?: number; pageSize?: number }) {
  const pageIndex = body.pageIndex ?? 0;
  const pageSize = body.pageSize ?? DEFAULT_PAGE_SIZE;
  return { pageItems: items.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize), totalItems: items.length, currentPageIndex: pageIndex };
}

function checkClientBenefits(call: EcsCall): Reply {
  const { organization } = call.auth as EcsAuth;
  const { state, ctx } = call;
  const body = call.body as Identifiers & { serviceId: number; organizationTerminalId: number; price?: number };
  const type = connectionTypeOf(organization);
  const lenient = ecsOptions(ctx).contradictions === 'lenient';
  // §7.3 against Appendix 2 (ECS-C7): the lenient policy also takes the holder code from type 2
  const allowed: Array<HolderQuery['kind']> = type === 2 ? (lenient ? ['clientSnils', 'clientCode'] : ['clientSnils']) : ['clientCode', 'card'];
  const queries = holderQueries(body, allowed, type);
  const problems = queries.every((q) => typeof q === 'string') ? [...queries as string[]] : [];
  if (body.price !== undefined && type !== 3) problems.push(`price is available only for connection type 3; this organization is type ${type}`);
  if (problems.length) badRequest(problems);
  const identifiers = queries as HolderQuery[];

  for (const q of identifiers) {
    const magic = magicResultCode(q);
    if (magic) throw magic;
  }
  if (!state.processingCentreOnline) throw EcsErrors.PROCESSING_UNAVAILABLE({ reason: 'the processing centre is offline (control API: PUT /control/v1/processing-centre)' });
  const terminal = state.terminals[body.organizationTerminalId];
  if (!terminal || terminal.organizationId !== organization.id) {
    throw EcsErrors.PARTICIPANT_UNKNOWN({ reason: `terminal ${body.organizationTerminalId} is not registered to organization ${organization.id}` });
  }
  const service = state.services[body.serviceId];
  if (!service || service.organizationId !== organization.id) {
    throw EcsErrors.SERVICE_NOT_FOUND({ reason: `organization ${organization.id} has no service ${body.serviceId}; GetOrganizationServices lists its services` });
  }
  const { holder, cards } = identifyHolder(state, identifiers);
  const now = ctx.clock.now();
  const unusable = cards.length
    ? cards.map((c) => cardUnusable(c, now)).filter((r): r is string => r !== undefined)
    : cardsOf(state, holder.id).some((c) => !cardUnusable(c, now)) ? [] : [`holder ${holder.id} has no active card`];
  if (unusable.length) throw EcsErrors.CARD_INACTIVE({ reason: unusable.join('; ') });
  const benefit = pickBenefit(state, service, holder);
  if (!benefit) throw EcsErrors.NO_BENEFIT({ reason: `holder ${holder.id} has none of the benefit categories service ${service.id} serves` });

  const transaction: Transaction = {
    id: takeId(state, 'transaction'),
    status: 'open',
    organizationId: organization.id,
    terminalId: terminal.id,
    serviceId: service.id,
    clientId: holder.id,
    benefitCategoryId: benefit.id,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ecsOptions(ctx).openTransactionTtlMs).toISOString(),
    ...(body.price !== undefined ? { price: body.price } : {}),
  };
  openTransaction(state, transaction);
  const c7 = type === 2 && identifiers.some((q) => q.kind === 'clientCode');
  return {
    headers: warningHeader(c7 ? [C7_WARNING] : []),
    body: {
      resultCode: FOUND_RESULT_CODE,
      resultMessage: FOUND_RESULT_MESSAGE,
      transactionId: transaction.id,
      clientId: holder.id,
      benefits: [{ benefitCategory: { id: benefit.id, name: benefit.name } }],
    },
  };
}

function confirmTransaction(call: EcsCall): Reply {
  const { organization } = call.auth as EcsAuth;
  const { state, ctx } = call;
  const body = call.body as { clientId: number; benefitCategoryId: number; transactionId: number; price?: number; discountedPrice?: number };
  if (connectionTypeOf(organization) === 3) {
    throw EcsErrors.NOT_PERMITTED({ reason: `ConfirmTransaction is available only for connection types 1 and 2; organization ${organization.id} is type 3` });
  }
  if (body.price !== undefined && body.discountedPrice !== undefined && body.discountedPrice > body.price) {
    badRequest([`discountedPrice ${body.discountedPrice} is more than price ${body.price}`]);
  }
  const now = ctx.clock.now();
  const tx = state.transactions[body.transactionId];
  // another organization's transaction is answered exactly like a missing one: it does not exist for the caller
  const expired = tx ? undefined : state.expiredTransactions.find((e) => e.id === body.transactionId && e.organizationId === organization.id);
  if (expired) {
    throw EcsErrors.NOT_FOUND({ reason: `transaction ${expired.id} expired unconfirmed at ${expired.expiresAt} and was removed (open transactions live ${ecsOptions(ctx).openTransactionTtlMs / 60000} minutes, modeled)` });
  }
  if (!tx || tx.organizationId !== organization.id) {
    throw EcsErrors.NOT_FOUND({ reason: `transaction ${body.transactionId} not found for organization ${organization.id}; CheckClientBenefits opens one` });
  }
  if (tx.status === 'confirmed') throw EcsErrors.CONFLICT({ reason: `transaction ${tx.id} was already confirmed at ${tx.confirmedAt}` });
  const mismatches: string[] = [];
  if (body.clientId !== tx.clientId) mismatches.push(`clientId ${body.clientId} is not the holder of transaction ${tx.id}`);
  if (body.benefitCategoryId !== tx.benefitCategoryId) mismatches.push(`benefitCategoryId ${body.benefitCategoryId} is not the benefit CheckClientBenefits gave for transaction ${tx.id} (${tx.benefitCategoryId})`);
  if (mismatches.length) throw EcsErrors.CONFLICT({ reason: mismatches.join('; '), errors: mismatches });

  tx.status = 'confirmed';
  tx.confirmedAt = new Date(now).toISOString();
  if (body.price !== undefined) tx.price = body.price;
  if (body.discountedPrice !== undefined) tx.discountedPrice = body.discountedPrice;
  return { status: 200 };
}

function getOrganizationServices(call: EcsCall): Reply {
  const { organization } = call.auth as EcsAuth;
  const services = Object.values(call.state.services)
    .filter((s) => s.organizationId === organization.id)
    .sort((a, b) => a.id - b.id)
    .map((s) => ({ service: { id: s.id, name: s.name } }));
  return { body: page(services, call.body as { pageIndex?: number; pageSize?: number }) };
}

const YAKUTSK_OFFSET = '+09:00';

/** A date of the interval as an instant: whole days (and times without an offset) are Yakutsk time. */
function intervalBound(value: string, field: string, end: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(value);
  const text = dateOnly ? `${value}T${end ? '23:59:59.999' : '00:00:00.000'}${YAKUTSK_OFFSET}` : withZone ? value : `${value}${YAKUTSK_OFFSET}`;
  const at = Date.parse(text);
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(at) || calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d) {
    badRequest([`${field} ${value} is not a valid date`]);
  }
  return at;
}

function getTransactions(call: EcsCall): Reply {
  const { organization } = call.auth as EcsAuth;
  const { state, ctx } = call;
  const body = call.body as Identifiers & Record<string, unknown> & { pageIndex?: number; pageSize?: number };
  const policy = ecsOptions(ctx).contradictions;
  if (!organization.transactionsAccess) {
    throw EcsErrors.NOT_PERMITTED({ reason: `GetTransactions is open only to participants that identify holders through ESIA (§8.2–8.3); organization ${organization.id} is not one` });
  }
  const queries = holderQueries(body, ['clientCode', 'card'], undefined);
  if (queries.every((q) => typeof q === 'string')) badRequest(queries as string[]);
  const { dateFrom, dateTo, warnings } = resolveDateFields(body, policy);
  const from = intervalBound(dateFrom, 'dateFrom', false);
  const to = intervalBound(dateTo, 'dateTo', true);
  if (from > to) badRequest([`dateFrom ${dateFrom} is after dateTo ${dateTo}`]);
  const { holder } = identifyHolder(state, queries as HolderQuery[]);

  const items = Object.values(state.transactions)
    .filter((t) => t.status === 'confirmed' && t.clientId === holder.id)
    .filter((t) => { const at = Date.parse(t.confirmedAt!); return at >= from && at <= to; })
    .sort((a, b) => Date.parse(a.confirmedAt!) - Date.parse(b.confirmedAt!) || a.id - b.id)
    .map((t) => {
      const service = state.services[t.serviceId]!;
      const org = state.organizations[t.organizationId]!;
      return {
        id: t.id,
        confirmationDate: t.confirmedAt!,
        service: { id: service.id, name: service.name },
        organization: { id: org.id, shortName: org.shortName },
        area: renderArea(state.areas[org.areaId]!, policy),
        ...(t.discountedPrice !== undefined ? { discountedPrice: t.discountedPrice } : {}),
      };
    });
  const result = page(items, body);
  const notes = policy === 'lenient' && result.pageItems.length ? [...warnings, AREA_WARNING] : warnings;
  return { headers: warningHeader(notes), body: result };
}

export const apiOperations: Array<Operation<EcsState>> = [
  {
    id: 'CheckClientBenefits',
    method: 'post',
    path: '/api/CheckClientBenefits',
    tag: 'Appendix 2',
    summary: 'Проверка наличия льготы: find the holder\'s highest-priority benefit for a service',
    description: 'Scopes ECS.WebAPI and OrganizationAPI. At least one identifier: clientCode (connection types 1 and 3), clientSnils (type 2) or cardNumber + cardSeries (types 1 and 3); several must name the same holder; price for type 3 only. A social card past its expiry date answers 05. A found benefit opens a transaction (resultCode 1); Appendix 7 codes come as errorCode in the error body.',
    auth: 'appendix2',
    request: { body: 'ecs/check-client-benefits.request' },
    responses: {
      200: { description: 'Benefit found; the transaction is open', schema: 'ecs/check-client-benefits.response' },
      ...errorResponses,
      404: { description: 'Client not found (02) or service not found (08)', schema: 'ecs/error' },
      422: { description: 'No benefit (01), card inactive (05), reserved (03, 04)', schema: 'ecs/error' },
      503: { description: 'No connection with the processing centre (06), or an injected outage (106)', schema: 'ecs/error' },
    },
    handle: checkClientBenefits,
  },
  {
    id: 'ConfirmTransaction',
    method: 'post',
    path: '/api/ConfirmTransaction',
    tag: 'Appendix 2',
    summary: 'Фиксация факта выполнения услуги: record that the service was given (connection types 1 and 2)',
    description: 'Scopes ECS.WebAPI and OrganizationAPI. Confirms the transaction CheckClientBenefits opened, with its clientId and benefitCategoryId. Answer: HTTP 200 with no body. An open transaction not confirmed within openTransactionTtl (15 minutes by default, modeled) is removed.',
    auth: 'appendix2',
    request: { body: 'ecs/confirm-transaction.request' },
    responses: {
      200: { description: 'Recorded (empty body)' },
      ...errorResponses,
      404: { description: 'No such open transaction for this organization (104)', schema: 'ecs/error' },
      409: { description: 'Already confirmed, or clientId / benefitCategoryId differ from the check (105)', schema: 'ecs/error' },
    },
    handle: confirmTransaction,
  },
  {
    id: 'GetOrganizationServices',
    method: 'post',
    path: '/api/GetOrganizationServices',
    tag: 'Appendix 2',
    summary: 'Получение списка услуг: the caller organization\'s services, paged',
    description: 'Scopes ECS.WebAPI and OrganizationAPI. pageIndex from 0 (default 0), pageSize default 10 (modeled).',
    auth: 'appendix2',
    request: { body: 'ecs/get-organization-services.request' },
    responses: { 200: { description: 'A page of services', schema: 'ecs/get-organization-services.response' }, ...errorResponses },
    handle: getOrganizationServices,
  },
  {
    id: 'GetTransactions',
    method: 'post',
    path: '/api/GetTransactions',
    tag: 'Appendix 9',
    summary: 'Получение списка транзакций: a holder\'s confirmed transactions in a date interval, paged',
    description: 'Scope ECS.WebAPI; only for participants that identify holders through ESIA (§8.2). One of clientCode or cardNumber + cardSeries; dateFrom and dateTo. The example\'s creationDateFrom/creationDateTo follow the contradictions policy (ECS-C1).',
    auth: 'appendix9',
    request: { body: 'ecs/get-transactions.request' },
    responses: {
      200: { description: 'A page of transactions (a Warning header names what the lenient policy accepted)', schema: 'ecs/get-transactions.response' },
      ...errorResponses,
      404: { description: 'Client not found (02)', schema: 'ecs/error' },
    },
    handle: getTransactions,
  },
];
