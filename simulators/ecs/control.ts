// The control API (/ecs/control/v1/…): what the bank does behind the web service — registering
// organizations (§2), their terminals and services (§5), holders and cards, the processing centre's
// link, and a refusal of the service that removes its open transaction (§6.2 step 6). For scenarios
// and tests; not part of the regulation.
import type { Call, Operation, Reply } from '../../src/engine/simulator.js';
import { CONTRADICTIONS } from './contradictions.js';
import { EcsErrors } from './errors.js';
import {
  DEFAULT_ALLOWED_IPS, DEFAULT_VARIANT, VARIANT_CONNECTION_TYPES, pd, cardsOf, ecsOptions, takeId,
  type Card, type CardStatus, type ConnectionType, type EcsState, type Holder, type Organization, type Service,
} from './model.js';
import { invalidIpEntries } from './network.js';

type EcsCall = Call<EcsState>;


function idParam(call: EcsCall, name: string, what: string): number {
  const raw = call.params[name] ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw EcsErrors.NOT_FOUND({ reason: `no ${what} ${raw}` });
  return Number(raw);
}

function existing<T>(record: Record<string, T>, id: number, what: string): T {
  const item = record[id];
  if (!item) throw EcsErrors.NOT_FOUND({ reason: `no ${what} ${id}` });
  return item;
}

function checkIps(ips: string[] | undefined): void {
  const bad = invalidIpEntries(ips ?? []);
  if (bad.length) throw EcsErrors.BAD_REQUEST({ reason: `allowedIps: ${bad.join(', ')} is neither an IP address nor a CIDR network` });
}

function missingCategories(state: EcsState, ids: number[]): void {
  const missing = ids.filter((id) => !state.benefitCategories[id]);
  if (missing.length) throw EcsErrors.BAD_REQUEST({ reason: `no benefit category ${missing.join(', ')}` });
}

export function organizationView(state: EcsState, o: Organization) {
  return {
    ...o,
    terminals: Object.values(state.terminals).filter((t) => t.organizationId === o.id).map((t) => t.id),
    services: Object.values(state.services).filter((s) => s.organizationId === o.id).map((s) => ({ id: s.id, name: s.name, benefits: s.benefits })),
  };
}

/** A card as the control API shows it: a social card's number is named cardNumber, as in the API, so the journal masks it (§9.4). */
function cardView(c: Card) {
  if (c.kind === 'ecs') return c;
  const { number, series, ...rest } = c;
  return { ...rest, cardNumber: number, cardSeries: series };
}

export function holderView(state: EcsState, h: Holder) {
  return { clientId: h.id, ...(h.snils ? { snils: h.snils } : {}), benefitCategoryIds: h.benefitCategoryIds, cards: cardsOf(state, h.id).map(cardView) };
}

interface OrganizationInput {
  shortName: string; fullName?: string; connectionType?: ConnectionType; variant?: string; areaId: number;
  allowedIps?: string[]; transactionsAccess?: boolean; clientId?: string; clientSecret?: string; terminalCount?: number;
}

/** The connection type of a variant, or why the two do not fit (VARIANT_CONNECTION_TYPES). */
function connectionTypeFor(input: OrganizationInput): { variant: string; connectionType: ConnectionType | null } {
  const variant = input.variant ?? (input.connectionType ? DEFAULT_VARIANT[input.connectionType] : undefined);
  if (!variant) throw EcsErrors.BAD_REQUEST({ reason: 'give variant (Appendix 1, item 9) or connectionType (Appendix 2)' });
  const types = VARIANT_CONNECTION_TYPES[variant]!;
  if (types.length === 0) {
    const extra = (['connectionType', 'clientId', 'clientSecret', 'allowedIps', 'transactionsAccess'] as const).filter((k) => input[k] !== undefined);
    if (extra.length) {
      throw EcsErrors.BAD_REQUEST({ reason: `variant ${variant} is an acceptant of Type 1: it uses the bank's own software, not the web service, and gets no web-service credentials (§1.4); drop ${extra.join(', ')}` });
    }
    return { variant, connectionType: null };
  }
  const connectionType = input.connectionType ?? types[0]!;
  if (!types.includes(connectionType)) {
    throw EcsErrors.BAD_REQUEST({ reason: `variant ${variant} does not fit connection type ${connectionType}: it is connection type ${types.join(' or ')} (§1.4, Appendix 2: 1 own ticket system of Type 2, 2 «Цифровой пропуск», 3 Type 3)` });
  }
  return { variant, connectionType };
}

/** Registers an organization with its terminals; shared by the control API and the demo world. */
export function createOrganization(state: EcsState, input: OrganizationInput, random: () => number): Organization {
  if (!state.areas[input.areaId]) throw EcsErrors.BAD_REQUEST({ reason: `no area ${input.areaId}` });
  const { variant, connectionType } = connectionTypeFor(input);
  checkIps(input.allowedIps);
  if (input.clientId && Object.values(state.organizations).some((o) => o.clientId === input.clientId)) {
    throw EcsErrors.CONFLICT({ reason: `client_id ${input.clientId} is already taken` });
  }
  const id = takeId(state, 'organization');
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const organization: Organization = {
    id,
    shortName: input.shortName,
    fullName: input.fullName ?? input.shortName,
    connectionType,
    variant,
    areaId: input.areaId,
    ...(connectionType === null ? {} : { clientId: input.clientId ?? `ecs-client-${id}`, clientSecret: input.clientSecret ?? hex(32) }),
    allowedIps: connectionType === null ? [] : input.allowedIps ?? [...DEFAULT_ALLOWED_IPS],
    transactionsAccess: input.transactionsAccess ?? false,
    status: 'active',
  };
  state.organizations[id] = organization;
  for (let i = 0; i < (input.terminalCount ?? 1); i++) addTerminal(state, id);
  return organization;
}

export function addTerminal(state: EcsState, organizationId: number): number {
  const id = takeId(state, 'terminal');
  state.terminals[id] = { id, organizationId };
  return id;
}

export function addService(state: EcsState, organizationId: number, input: { name: string; benefits: Service['benefits'] }): Service {
  missingCategories(state, input.benefits.map((b) => b.benefitCategoryId));
  const id = takeId(state, 'service');
  const service: Service = { id, organizationId, name: input.name, benefits: input.benefits };
  state.services[id] = service;
  return service;
}

interface HolderInput {
  snils?: string; benefitCategoryIds: number[];
  ecsCards?: Array<{ clientCode: string; status?: CardStatus }>;
  /** expiresOn: the card's expiry date (Appendix 6), YYYY-MM-DD; after it the card answers 05. */
  socialCards?: Array<{ cardNumber: string; cardSeries: string; status?: CardStatus; expiresOn?: string }>;
}

export function createHolder(state: EcsState, input: HolderInput): Holder {
  missingCategories(state, input.benefitCategoryIds);
  const cards = Object.values(state.cards);
  const taken = [
    ...(input.ecsCards ?? []).filter((n) => cards.some((c) => c.kind === 'ecs' && c.clientCode === n.clientCode)).map((n) => `clientCode ${pd(n.clientCode)}`),
    ...(input.socialCards ?? []).filter((n) => cards.some((c) => c.kind === 'social' && c.number === n.cardNumber && c.series === n.cardSeries)).map((n) => `social card ${n.cardSeries} ${pd(n.cardNumber)}`),
  ];
  if (input.snils && Object.values(state.holders).some((h) => h.snils === input.snils)) taken.push(`SNILS ${pd(input.snils)}`);
  if (taken.length) throw EcsErrors.CONFLICT({ reason: `already taken: ${taken.join(', ')}` });
  const id = takeId(state, 'holder');
  const holder: Holder = { id, ...(input.snils ? { snils: input.snils } : {}), benefitCategoryIds: input.benefitCategoryIds };
  state.holders[id] = holder;
  const add = (card: Card) => { state.cards[card.id] = card; };
  for (const c of input.ecsCards ?? []) add({ id: takeId(state, 'card'), holderId: id, kind: 'ecs', clientCode: c.clientCode, status: c.status ?? 'active' });
  for (const c of input.socialCards ?? []) {
    add({ id: takeId(state, 'card'), holderId: id, kind: 'social', number: c.cardNumber, series: c.cardSeries, status: c.status ?? 'active', ...(c.expiresOn ? { expiresOn: c.expiresOn } : {}) });
  }
  return holder;
}

const created = (body: unknown): Reply => ({ status: 201, body });

export const controlOperations: Array<Operation<EcsState>> = [
  {
    id: 'control.createArea', method: 'post', path: '/control/v1/areas', tag: 'Control',
    summary: 'Create an area (район)', request: { body: 'ecs/control/area.request' },
    responses: { 201: { description: 'Created' }, 400: { description: 'Invalid', schema: 'ecs/error' } },
    handle: ({ state, body }) => {
      const id = takeId(state, 'area');
      state.areas[id] = { id, name: (body as { name: string }).name };
      return created(state.areas[id]);
    },
  },
  {
    id: 'control.createBenefitCategory', method: 'post', path: '/control/v1/benefit-categories', tag: 'Control',
    summary: 'Create a benefit category', request: { body: 'ecs/control/benefit-category.request' },
    responses: { 201: { description: 'Created' }, 400: { description: 'Invalid', schema: 'ecs/error' } },
    handle: ({ state, body }) => {
      const id = takeId(state, 'benefitCategory');
      state.benefitCategories[id] = { id, name: (body as { name: string }).name };
      return created(state.benefitCategories[id]);
    },
  },
  {
    id: 'control.createOrganization', method: 'post', path: '/control/v1/organizations', tag: 'Control',
    summary: 'Register an organization (acceptant) with its credentials, address list and terminals',
    request: { body: 'ecs/control/organization.request' },
    responses: { 201: { description: 'Registered; the answer carries its client_id and client_secret' }, 400: { description: 'Invalid', schema: 'ecs/error' }, 409: { description: 'client_id taken', schema: 'ecs/error' } },
    handle: ({ state, body, ctx }) => created(organizationView(state, createOrganization(state, body as OrganizationInput, ctx.random))),
  },
  {
    id: 'control.listOrganizations', method: 'get', path: '/control/v1/organizations', tag: 'Control',
    summary: 'List the organizations', responses: { 200: { description: 'Organizations' } },
    handle: ({ state }) => ({ body: { organizations: Object.values(state.organizations).map((o) => organizationView(state, o)) } }),
  },
  {
    id: 'control.getOrganization', method: 'get', path: '/control/v1/organizations/:organizationId', tag: 'Control',
    summary: 'One organization', responses: { 200: { description: 'Organization' }, 404: { description: 'Unknown', schema: 'ecs/error' } },
    handle: (call) => ({ body: organizationView(call.state, existing(call.state.organizations, idParam(call, 'organizationId', 'organization'), 'organization')) }),
  },
  {
    id: 'control.updateOrganization', method: 'patch', path: '/control/v1/organizations/:organizationId', tag: 'Control',
    summary: 'Change an organization (address list, GetTransactions access, secret) or exclude it',
    request: { body: 'ecs/control/organization-update.request' },
    responses: { 200: { description: 'Changed' }, 400: { description: 'Invalid', schema: 'ecs/error' }, 404: { description: 'Unknown', schema: 'ecs/error' } },
    handle: (call) => {
      const org = existing(call.state.organizations, idParam(call, 'organizationId', 'organization'), 'organization');
      const patch = call.body as Partial<Pick<Organization, 'status' | 'allowedIps' | 'transactionsAccess' | 'clientSecret'>>;
      checkIps(patch.allowedIps);
      const webService = (['allowedIps', 'transactionsAccess', 'clientSecret'] as const).filter((k) => patch[k] !== undefined);
      if (org.connectionType === null && webService.length) {
        throw EcsErrors.BAD_REQUEST({ reason: `organization ${org.id} is an acceptant of Type 1 (bank's own software, §1.4): it has no ${webService.join(', ')}` });
      }
      Object.assign(org, patch);
      return { body: organizationView(call.state, org) };
    },
  },
  {
    id: 'control.addTerminal', method: 'post', path: '/control/v1/organizations/:organizationId/terminals', tag: 'Control',
    summary: 'Register one more terminal (no body)',
    responses: { 201: { description: 'The terminal' }, 404: { description: 'Unknown organization', schema: 'ecs/error' } },
    handle: (call) => {
      const org = existing(call.state.organizations, idParam(call, 'organizationId', 'organization'), 'organization');
      return created({ id: addTerminal(call.state, org.id), organizationId: org.id });
    },
  },
  {
    id: 'control.addService', method: 'post', path: '/control/v1/organizations/:organizationId/services', tag: 'Control',
    summary: 'Add a service with the benefit categories it serves and their priorities',
    request: { body: 'ecs/control/service.request' },
    responses: { 201: { description: 'The service' }, 400: { description: 'Invalid', schema: 'ecs/error' }, 404: { description: 'Unknown organization', schema: 'ecs/error' } },
    handle: (call) => {
      const org = existing(call.state.organizations, idParam(call, 'organizationId', 'organization'), 'organization');
      return created(addService(call.state, org.id, call.body as { name: string; benefits: Service['benefits'] }));
    },
  },
  {
    id: 'control.createHolder', method: 'post', path: '/control/v1/holders', tag: 'Control',
    summary: 'Create a holder with SNILS, benefit categories, ECS cards and social cards',
    request: { body: 'ecs/control/holder.request' },
    responses: { 201: { description: 'The holder (clientId) and its cards' }, 400: { description: 'Invalid', schema: 'ecs/error' }, 409: { description: 'An identifier is taken', schema: 'ecs/error' } },
    handle: ({ state, body }) => created(holderView(state, createHolder(state, body as HolderInput))),
  },
  {
    id: 'control.getHolder', method: 'get', path: '/control/v1/holders/:clientId', tag: 'Control',
    summary: 'One holder with its cards', responses: { 200: { description: 'Holder' }, 404: { description: 'Unknown', schema: 'ecs/error' } },
    handle: (call) => ({ body: holderView(call.state, existing(call.state.holders, idParam(call, 'clientId', 'holder'), 'holder')) }),
  },
  {
    id: 'control.updateHolder', method: 'patch', path: '/control/v1/holders/:clientId', tag: 'Control',
    summary: 'Replace a holder\'s benefit categories', request: { body: 'ecs/control/holder-update.request' },
    responses: { 200: { description: 'Changed' }, 400: { description: 'Invalid', schema: 'ecs/error' }, 404: { description: 'Unknown', schema: 'ecs/error' } },
    handle: (call) => {
      const holder = existing(call.state.holders, idParam(call, 'clientId', 'holder'), 'holder');
      const { benefitCategoryIds } = call.body as { benefitCategoryIds: number[] };
      missingCategories(call.state, benefitCategoryIds);
      holder.benefitCategoryIds = benefitCategoryIds;
      return { body: holderView(call.state, holder) };
    },
  },
  {
    id: 'control.updateCard', method: 'patch', path: '/control/v1/cards/:cardId', tag: 'Control',
    summary: 'Activate or deactivate a card (inactive: result code 05)', request: { body: 'ecs/control/card-update.request' },
    responses: { 200: { description: 'Changed' }, 404: { description: 'Unknown', schema: 'ecs/error' } },
    handle: (call) => {
      const card = existing(call.state.cards, idParam(call, 'cardId', 'card'), 'card');
      card.status = (call.body as { status: CardStatus }).status;
      return { body: cardView(card) };
    },
  },
  {
    id: 'control.listTransactions', method: 'get', path: '/control/v1/transactions', tag: 'Control',
    summary: 'Transactions: open (not yet expired) and confirmed', request: { query: 'ecs/control/transactions.query' },
    responses: { 200: { description: 'Transactions' } },
    handle: ({ state, query }) => {
      const q = query as { organizationId?: string; clientId?: string; status?: string };
      const transactions = Object.values(state.transactions).filter((t) => (q.organizationId === undefined || t.organizationId === Number(q.organizationId))
        && (q.clientId === undefined || t.clientId === Number(q.clientId))
        && (q.status === undefined || t.status === q.status));
      return { body: { transactions } };
    },
  },
  {
    id: 'control.refuseTransaction', method: 'post', path: '/control/v1/transactions/:transactionId/refuse', tag: 'Control',
    summary: 'The holder refused the service: the open transaction is removed (§6.2 step 6)',
    responses: { 200: { description: 'Removed' }, 404: { description: 'No open transaction', schema: 'ecs/error' }, 409: { description: 'Already confirmed', schema: 'ecs/error' } },
    handle: (call) => {
      const id = idParam(call, 'transactionId', 'transaction');
      const tx = call.state.transactions[id];
      if (!tx) throw EcsErrors.NOT_FOUND({ reason: `no open transaction ${id}` });
      if (tx.status === 'confirmed') throw EcsErrors.CONFLICT({ reason: `transaction ${id} is confirmed; only an open one can be refused` });
      delete call.state.transactions[id];
      return { body: { removed: id } };
    },
  },
  {
    id: 'control.setProcessingCentre', method: 'put', path: '/control/v1/processing-centre', tag: 'Control',
    summary: 'Connect or disconnect the processing centre (offline: result code 06)', request: { body: 'ecs/control/processing-centre.request' },
    responses: { 200: { description: 'Set' } },
    handle: ({ state, body }) => {
      state.processingCentreOnline = (body as { online: boolean }).online;
      return { body: { online: state.processingCentreOnline } };
    },
  },
  {
    id: 'control.contradictions', method: 'get', path: '/control/v1/contradictions', tag: 'Control',
    summary: 'Where the regulation contradicts itself, and the policy for each (ECS-13)',
    responses: { 200: { description: 'The list' } },
    handle: ({ ctx }) => ({ body: { policy: ecsOptions(ctx).contradictions, contradictions: CONTRADICTIONS } }),
  },
];
