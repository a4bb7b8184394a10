// What a merchant does in the GIS ES portal about itself: the merchant card (§3.4.2), contacts
// (§3.4.3), programs (§3.4.4), edit (§3.4.9), hide and show (§3.4.11).
import type { Operation } from '../../src/engine/simulator.js';
import { GisErrors } from './errors.js';
import { withMerchantUpdate } from './events.js';
import { assertOperable, planProgramTransition } from './machine.js';
import { PROGRAM_CATALOGUE, checkProgramValid } from './programs.js';
import { nextId, type Contact, type GisState, type Merchant, type SellerType } from './state.js';
import { getMerchant, getProgram, merchantProgramView, merchantProgramsView, merchantView, pointsOf } from './views.js';

const TAG = 'Merchant (ТСП)';
const ERR = (description: string) => ({ description, schema: 'gis/error' });
const NOT_FOUND = ERR('Unknown merchant');
const REFUSED = ERR('Refused: blocked merchant, a transition not allowed, the last contact of a role, or a program outside its period of validity');
const BAD = ERR('The request is malformed or fails validation');

interface SellerDetails { inn: string; kpp?: string; ogrn?: string; sellerType: SellerType }

/** Which identifiers each seller type has (the registry rules behind §3.4.2's ESIA data). */
function sellerProblems({ inn, kpp, ogrn, sellerType }: SellerDetails): string[] {
  const reasons: string[] = [];
  if (sellerType === 'LEGAL_ENTITY') {
    if (inn.length !== 10) reasons.push('a legal entity has a 10-digit INN');
    if (kpp === undefined) reasons.push('a legal entity needs a KPP');
    if (ogrn === undefined || ogrn.length !== 13) reasons.push('a legal entity needs a 13-digit OGRN');
  } else {
    if (inn.length !== 12) reasons.push(`${sellerType} has a 12-digit INN`);
    if (kpp !== undefined) reasons.push(`${sellerType} has no KPP`);
    if (sellerType === 'INDIVIDUAL_ENTREPRENEUR' && (ogrn === undefined || ogrn.length !== 15)) reasons.push('an individual entrepreneur needs a 15-digit OGRNIP');
    if (sellerType === 'INDIVIDUAL' && ogrn !== undefined) reasons.push('an individual (not an entrepreneur) has no OGRN');
  }
  return reasons;
}

function checkSeller(details: SellerDetails): void {
  const reasons = sellerProblems(details);
  if (reasons.length) throw GisErrors.SELLER_DETAILS_INCONSISTENT({ sellerType: details.sellerType, reasons: reasons.join('; ') });
}

function checkUnique(state: GisState, inn: string, kpp: string | undefined, exceptId?: string): void {
  const twin = Object.values(state.merchants).find((m) => m.inn === inn && m.kpp === kpp && m.id !== exceptId);
  if (twin) throw GisErrors.MERCHANT_EXISTS({ inn, kpp: kpp ?? '(none)', merchantId: twin.id });
}

type MerchantFields = Pick<Merchant, 'name' | 'brand' | 'sellerType'> & { inn: string; kpp?: string; ogrn?: string };

/** Adds a merchant; exported for the demo world, which is built through the same rules. */
export function createMerchant(state: GisState, fields: MerchantFields, now: string): Merchant {
  checkSeller(fields);
  checkUnique(state, fields.inn, fields.kpp);
  const merchant: Merchant = {
    id: nextId(state, 'merchant'),
    inn: fields.inn,
    ...(fields.kpp !== undefined && { kpp: fields.kpp }),
    ...(fields.ogrn !== undefined && { ogrn: fields.ogrn }),
    name: fields.name,
    brand: fields.brand,
    sellerType: fields.sellerType,
    status: 'OPEN',
    hidden: false,
    contacts: [],
    programs: {},
    createdAt: now,
    updatedAt: now,
  };
  state.merchants[merchant.id] = merchant;
  return merchant;
}

export function addContact(state: GisState, merchant: Merchant, fields: Omit<Contact, 'id'>, now: string): Contact {
  const contact: Contact = { id: nextId(state, 'contact'), ...fields };
  merchant.contacts.push(contact);
  merchant.updatedAt = now;
  return contact;
}

/** Connects a public program at once, or files an application for a program by approval (GIS-03). */
export function connectProgram(state: GisState, merchant: Merchant, programCode: string, now: string): void {
  const program = getProgram(programCode);
  checkProgramValid(program, now);
  const action = program.access === 'PUBLIC' ? 'connectPublic' : 'requestConnection';
  const status = planProgramTransition(action, merchant, program.code);
  if (status === 'UNDER_REVIEW') {
    const id = nextId(state, 'application');
    state.applications[id] = { id, merchantId: merchant.id, programCode: program.code, kind: 'CONNECT', status: 'PENDING', createdAt: now };
    merchant.programs[program.code] = { status, applicationId: id };
  } else {
    merchant.programs[program.code] = { status };
  }
  merchant.updatedAt = now;
}

/**
 * §3.4.3: once a point of the merchant has left CREATED (LK FES knows the merchant and mails its
 * TECHNICAL contact), the merchant keeps at least one contact of each role.
 */
function checkRolesKept(state: GisState, merchant: Merchant, contact: Contact, remaining: Contact[]): void {
  if (remaining.some((c) => c.role === contact.role)) return;
  const pastCreated = pointsOf(state, merchant.id).find((p) => p.status !== 'CREATED');
  if (pastCreated) throw GisErrors.LAST_CONTACT_OF_ROLE({ contactId: contact.id, role: contact.role, merchantId: merchant.id, pointId: pastCreated.id });
}

function findContact(merchant: Merchant, contactId: string): Contact {
  const contact = merchant.contacts.find((c) => c.id === contactId);
  if (!contact) throw GisErrors.CONTACT_NOT_FOUND({ merchantId: merchant.id, contactId });
  return contact;
}

export const merchantOperations: Array<Operation<GisState>> = [
  {
    id: 'createMerchant', method: 'post', path: '/api/v1/merchants', tag: TAG,
    summary: 'Add a merchant; saved in status OPEN (§3.4.2, GIS-01)',
    request: { body: 'gis/merchant.create.request' },
    responses: { 201: { description: 'Created, OPEN', schema: 'gis/merchant' }, 400: BAD, 409: ERR('A merchant with this INN and KPP exists') },
    handle: ({ state, body, ctx }) => {
      const merchant = createMerchant(state, body as MerchantFields, ctx.clock.date().toISOString());
      return { status: 201, body: merchantView(merchant) };
    },
  },
  {
    id: 'listMerchants', method: 'get', path: '/api/v1/merchants', tag: TAG,
    summary: 'List merchants; hidden ones only with includeHidden=true (§3.4.11)',
    request: { query: 'gis/list.query' },
    responses: { 200: { description: 'Merchants', schema: 'gis/merchant.list' }, 400: BAD },
    handle: ({ state, query }) => ({
      body: { merchants: Object.values(state.merchants).filter((m) => query.includeHidden === 'true' || !m.hidden).map(merchantView) },
    }),
  },
  {
    id: 'getMerchant', method: 'get', path: '/api/v1/merchants/:merchantId', tag: TAG,
    summary: 'Read a merchant',
    responses: { 200: { description: 'The merchant', schema: 'gis/merchant' }, 404: NOT_FOUND },
    handle: ({ state, params }) => ({ body: merchantView(getMerchant(state, params.merchantId!)) }),
  },
  {
    id: 'updateMerchant', method: 'patch', path: '/api/v1/merchants/:merchantId', tag: TAG,
    summary: 'Edit KPP, brand or seller type (§3.4.2, §3.4.9, GIS-11); name, INN and OGRN come from ESIA and cannot be edited',
    request: { body: 'gis/merchant.update.request' },
    responses: { 200: { description: 'Edited', schema: 'gis/merchant' }, 400: BAD, 404: NOT_FOUND, 409: REFUSED },
    handle: ({ state, params, body, ctx }) => {
      const merchant = getMerchant(state, params.merchantId!);
      assertOperable(merchant);
      const changes = body as Partial<Pick<MerchantFields, 'kpp' | 'brand' | 'sellerType'>>;
      const next = { ...merchant, ...changes };
      checkSeller(next);
      checkUnique(state, next.inn, next.kpp, merchant.id);
      withMerchantUpdate(state, ctx, merchant, () => Object.assign(merchant, changes, { updatedAt: ctx.clock.date().toISOString() }));
      return { body: merchantView(merchant) };
    },
  },
  ...(['hide', 'show'] as const).map((action): Operation<GisState> => ({
    id: `${action}Merchant`, method: 'post', path: `/api/v1/merchants/:merchantId/${action}`, tag: TAG,
    summary: action === 'hide' ? 'Hide the merchant from the list, in any status (§3.4.11, GIS-13)' : 'Show a hidden merchant again, in any status (§3.4.11, GIS-13)',
    description: 'Allowed for a BLOCKED merchant too: §3.4.11 («для любого статуса») is the specific rule and wins over §3.4.12; hiding only changes what the list shows.',
    responses: { 200: { description: 'Done', schema: 'gis/merchant' }, 404: NOT_FOUND },
    handle: ({ state, params, ctx }) => {
      const merchant = getMerchant(state, params.merchantId!);
      merchant.hidden = action === 'hide';
      merchant.updatedAt = ctx.clock.date().toISOString();
      return { body: merchantView(merchant) };
    },
  })),
  {
    id: 'addContact', method: 'post', path: '/api/v1/merchants/:merchantId/contacts', tag: TAG,
    summary: 'Add a contact person, TECHNICAL or ORGANIZATIONAL; several of a role allowed (§3.4.3, GIS-02)',
    request: { body: 'gis/contact.create.request' },
    responses: { 201: { description: 'Added', schema: 'gis/contact' }, 400: BAD, 404: NOT_FOUND, 409: REFUSED },
    handle: ({ state, params, body, ctx }) => {
      const merchant = getMerchant(state, params.merchantId!);
      assertOperable(merchant);
      const contact = withMerchantUpdate(state, ctx, merchant, () => addContact(state, merchant, body as Omit<Contact, 'id'>, ctx.clock.date().toISOString()));
      return { status: 201, body: contact };
    },
  },
  {
    id: 'updateContact', method: 'patch', path: '/api/v1/merchants/:merchantId/contacts/:contactId', tag: TAG,
    summary: 'Edit a contact person (§3.4.9, GIS-11)',
    request: { body: 'gis/contact.update.request' },
    responses: { 200: { description: 'Edited', schema: 'gis/contact' }, 400: BAD, 404: ERR('Unknown merchant or contact'), 409: REFUSED },
    handle: ({ state, params, body, ctx }) => {
      const merchant = getMerchant(state, params.merchantId!);
      const contact = findContact(merchant, params.contactId!);
      assertOperable(merchant);
      const changes = body as Partial<Contact>;
      if (changes.role !== undefined && changes.role !== contact.role) checkRolesKept(state, merchant, contact, merchant.contacts.filter((c) => c !== contact));
      withMerchantUpdate(state, ctx, merchant, () => Object.assign(contact, changes));
      merchant.updatedAt = ctx.clock.date().toISOString();
      return { body: contact };
    },
  },
  {
    id: 'deleteContact', method: 'delete', path: '/api/v1/merchants/:merchantId/contacts/:contactId', tag: TAG,
    summary: 'Remove a contact person; once a point has left CREATED, the last contact of a role stays (§3.4.3)',
    responses: { 200: { description: 'Removed', schema: 'gis/deleted' }, 404: ERR('Unknown merchant or contact'), 409: REFUSED },
    handle: ({ state, params, ctx }) => {
      const merchant = getMerchant(state, params.merchantId!);
      const contact = findContact(merchant, params.contactId!);
      assertOperable(merchant);
      const remaining = merchant.contacts.filter((c) => c !== contact);
      checkRolesKept(state, merchant, contact, remaining);
      withMerchantUpdate(state, ctx, merchant, () => { merchant.contacts = remaining; });
      merchant.updatedAt = ctx.clock.date().toISOString();
      return { body: { id: contact.id, deleted: true } };
    },
  },
  {
    id: 'listPrograms', method: 'get', path: '/api/v1/programs', tag: 'Programs',
    summary: 'The program catalogue: public ones and ones by approval (MODELED list)',
    responses: { 200: { description: 'Programs', schema: 'gis/program.list' } },
    handle: () => ({ body: { programs: structuredClone(PROGRAM_CATALOGUE) } }),
  },
  {
    id: 'listMerchantPrograms', method: 'get', path: '/api/v1/merchants/:merchantId/programs', tag: 'Programs',
    summary: 'Every program with this merchant\'s status (§3.4.4)',
    responses: { 200: { description: 'Programs and statuses', schema: 'gis/merchant-program.list' }, 404: NOT_FOUND },
    handle: ({ state, params }) => ({ body: merchantProgramsView(getMerchant(state, params.merchantId!)) }),
  },
  {
    id: 'connectProgram', method: 'post', path: '/api/v1/merchants/:merchantId/programs/:programCode/connect', tag: 'Programs',
    summary: 'Connect a program: a public one is CONNECTED at once, one by approval goes UNDER_REVIEW (§3.4.4, GIS-03)',
    responses: { 200: { description: 'New status', schema: 'gis/merchant-program' }, 404: ERR('Unknown merchant or program'), 409: REFUSED },
    handle: ({ state, params, ctx }) => {
      const merchant = getMerchant(state, params.merchantId!);
      const program = getProgram(params.programCode!);
      assertOperable(merchant);
      connectProgram(state, merchant, program.code, ctx.clock.date().toISOString());
      return { body: merchantProgramView(merchant, program) };
    },
  },
  {
    id: 'disconnectProgram', method: 'post', path: '/api/v1/merchants/:merchantId/programs/:programCode/disconnect', tag: 'Programs',
    summary: 'Apply to disconnect a CONNECTED program: UNDER_REVIEW until the Treasury approves, then NOT_CONNECTED (§3.4.4, GIS-04)',
    responses: { 200: { description: 'UNDER_REVIEW', schema: 'gis/merchant-program' }, 404: ERR('Unknown merchant or program'), 409: REFUSED },
    handle: ({ state, params, ctx }) => {
      const merchant = getMerchant(state, params.merchantId!);
      const program = getProgram(params.programCode!);
      assertOperable(merchant);
      const status = planProgramTransition('requestDisconnection', merchant, program.code);
      const now = ctx.clock.date().toISOString();
      const id = nextId(state, 'application');
      state.applications[id] = { id, merchantId: merchant.id, programCode: program.code, kind: 'DISCONNECT', status: 'PENDING', createdAt: now };
      merchant.programs[program.code] = { status, applicationId: id };
      merchant.updatedAt = now;
      return { body: merchantProgramView(merchant, program) };
    },
  },
];
