// FES NSPK with LK FES: the cash-software API, the virtual terminal, the merchant cabinet's control
// plane and a certificates registry control, as one simulator mounted at /fes.
import { own } from '../../src/data/records.js';
import type { ErrorFactory, PoligonError, Problem } from '../../src/engine/errors.js';
import { defineSimulator, type Simulator } from '../../src/engine/simulator.js';
import { RESULT_SHAPED_OPERATIONS, apiOperationsFor } from './api.js';
import { fesMacAuthenticator } from './auth.js';
import { controlOperations, profileOperation } from './control.js';
import { describeFesDemo, fesDemoCredentials, seedFesDemo } from './demo.js';
import { publishes, subscriptions } from '../events.js';
import { ENGINE_RESPONSE_CODES, FesErrors } from './errors.js';
import { lkAccessOperations, lkOptions, lkSessionAuthenticator } from './lk-access.js';
import { activatePoint, blockMerchant, disablePoint, lkOperations, registerMerchant, registerPoint } from './lk.js';
import { describeMac, loadProfileFile, MODELED_PROFILE, packVariables, publishedProfile, signerFor, type LoadedProfile } from './profile.js';
import { CERTIFICATE_ID_PATTERN } from './protocol.js';
import { wireSchemas } from './fields.js';
import { apiKeyIndexOf, applyTime, createFesState, expiryQueueOf, forgetOldMacs, type FesState } from './state.js';
import { terminalOperations } from './terminal.js';
import { fesStateProblems } from './invariants.js';
import { purgeClosedBaskets, retentionOptions } from './retention.js';
import { fesView } from './view.js';


const SCHEMAS = [
  'common', 'refusal', 'echo.request', 'echo.response', 'preauth-purchase.request', 'preauth-purchase.response',
  'preauth-cancel.request', 'preauth-cancel.response', 'preauth-return.request', 'preauth-return.response',
  'find-basket-by-receipt.request', 'find-basket-by-receipt.response', 'receipt.request', 'receipt.response',
  'get-purchase-basket.request', 'get-purchase-basket.response', 'list-certificates.request', 'list-certificates.response',
  'list-baskets.request', 'list-baskets.response',
  'terminal-payment.request', 'terminal-payment.response', 'terminal-refund.request', 'terminal-refund.response',
  'lk-vendors.response', 'lk-merchant.create.request', 'lk-merchant.created.response', 'lk-merchant.response',
  'lk-merchant-list.response', 'lk-merchant.params', 'lk-point.create.request', 'lk-point.activate.request',
  'lk-point.response', 'lk-point.params', 'lk-cash-registers.create.request', 'lk-cash-registers.created.response',
  'lk-api-key.params', 'lk-api-key.response', 'lk-cash-register.params', 'lk-cash-register.response',
  'lk-mac-key.response', 'lk-cash-register.status.request',
  'lk-admin.response', 'lk-auth.set-password.request', 'lk-auth.login.request', 'lk-auth.forgot-password.request', 'lk-auth.response',
  'lk-session.response', 'lk-auth.link-sent.response', 'lk-cash-register.protocol-version.request',
  'control-certificate.issue.request', 'control-certificate.response', 'control-certificate.params',
  'control-certificate-action.params', 'control-card.params', 'control-card.response',
  'control-cash-register.params', 'control-protocol-version.request', 'control-protocol-version.response', 'control-profile.response',
].map((s) => `fes/${s}`);

/** State parts derived from the others, or kept only for a while: a snapshot may lack them. */
const DERIVED_KEYS = new Set<string>(['basketExpiries', 'basketExpiryHead', 'apiKeyOwners', 'requests'] satisfies Array<keyof FesState>);
/** State parts a snapshot made before them lacks and that start empty: LK sessions (everyone signs in again). */
const OPTIONAL_KEYS = new Set<string>(['lkSessions'] satisfies Array<keyof FesState>);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Catalogue code → FES response code, for errors made outside the factories (injected faults). */
const FES_RESPONSE_CODES: Record<string, string | undefined> = Object.fromEntries(Object.values(FesErrors).map((f) => [f.code, f.spec.systemCode]));

/** What a refusal's description says: its message, and for a schema refusal each field, what was expected and what came. */
function describeRefusal(e: PoligonError): string {
  if (e.code !== 'POLIGON_VALIDATION' || e.problems.length === 0) return e.message;
  return e.problems.map((p) => `Field ${p.pointer}: ${p.message}${p.expected ? `; expected ${p.expected}` : ''}, came ${p.received === undefined ? 'nothing' : JSON.stringify(p.received)}`).join('; ');
}

/**
 * Every FES refusal — the cash-software API, the terminal, LK FES and the control API — comes in one
 * form, the public record's result { code, description } (code ≠ 0), with the sandbox's diagnostics;
 * the cash-software API takes its status and code from the profile.
 */
export function fesErrorRenderer(loaded: LoadedProfile) {
  const outcomes = loaded.profile.outcomes;
  return (e: PoligonError, operationId?: string) => {
    const refusalCode = e.systemCode ?? FES_RESPONSE_CODES[e.code] ?? ENGINE_RESPONSE_CODES[e.code] ?? '901';
    const outcome = operationId !== undefined && RESULT_SHAPED_OPERATIONS.has(operationId) ? outcomes[e.code.replace(/^FES_/, '')] : undefined;
    // a profile that fixes the protocol's text for a refusal gets it in result.description; the sandbox's explanation moves to detail
    const description = describeRefusal(e);
    return {
      status: outcome?.status ?? e.status,
      body: {
        result: { code: outcome?.code ?? Number(refusalCode), description: outcome?.description ?? description },
        code: e.code, ...(outcome?.description === undefined ? {} : { detail: description }), errors: e.problems.length ? e.problems : undefined, hint: e.hint,
      },
    };
  };
}

/** FES's error section with the profile's status and code for each refusal it covers (the docs' code list, injected faults). */
function profiledErrors(loaded: LoadedProfile): Record<string, ErrorFactory> {
  return Object.fromEntries(Object.entries(FesErrors).map(([key, factory]) => {
    const outcome = loaded.profile.outcomes[key];
    if (!outcome) return [key, factory];
    const spec = { ...factory.spec, status: outcome.status, systemCode: String(outcome.code) };
    return [key, Object.assign((details?: Record<string, unknown>, problems?: Problem[]) => factory(details, problems), { code: factory.code, spec })];
  }));
}

/** The FES simulator serving a FES protocol profile (Poligon's modeled one unless another is given). */
export const createFesSimulator = (loaded: LoadedProfile = MODELED_PROFILE): Simulator<FesState> => defineSimulator<FesState>({
  name: 'fes',
  title: 'ФЭС НСПК и ЛК ФЭС — электронные сертификаты (FES NSPK + LK FES)',
  description: `Fake of the NSPK Front Office for Electronic Certificates (cash-software API: bodies from the public record of "Протокол ФЭС НСПК v1"), a virtual POS terminal, the LK FES merchant cabinet and a certificates registry control. Paths, headers, MAC, statuses and result codes come from the FES profile "${loaded.profile.name}" (SHA-256 ${loaded.sha256})${loaded.profile.name === MODELED_PROFILE.profile.name && loaded.sha256 === MODELED_PROFILE.sha256 ? ', which is MODELED' : ''}: see docs/fes.md.`,
  protocolVersion: `FES profile ${loaded.profile.name} (sha256 ${loaded.sha256.slice(0, 12)}…)`,
  schemas: SCHEMAS,
  // a profile's field names: the request and response schemas with the wire's names (validation, OpenAPI)
  ...(loaded.profile.fields ? { derivedSchemas: { key: `fes-profile:${loaded.sha256}`, schemas: wireSchemas(loaded.profile) } } : {}),
  createState: createFesState,
  // simulatorOptions.fes.profile (poligon serve --fes-profile FILE): the FES protocol profile to serve
  configure: (options) => {
    if (options.profile === undefined) return undefined;
    if (typeof options.profile !== 'string' || options.profile === '') throw new Error(`simulatorOptions.fes.profile must be the path of a FES profile file, got ${JSON.stringify(options.profile)}`);
    return createFesSimulator(loadProfileFile(options.profile));
  },
  checkOptions: (options) => {
    lkOptions(options);
    retentionOptions(options);
    const code = options.productionTestResponseCode;
    if (code !== undefined && !(Number.isInteger(code) && (code as number) > 0 && (code as number) < 1000)) {
      throw new Error(`productionTestResponseCode: expected a response code 1–999 (seed 000 §4.6: 513 by default), got ${JSON.stringify(code)}`);
    }
  },
  operations: [...apiOperationsFor(loaded.profile), ...terminalOperations, ...lkOperations, ...lkAccessOperations, ...controlOperations, profileOperation(loaded)],
  tick: (state, now, ctx) => {
    applyTime(state, now);
    purgeClosedBaskets(state, now, ctx);
    forgetOldMacs(state, now, loaded.profile.timestamp.windowSeconds * 1000);
  },
  authenticators: { 'fes-mac': fesMacAuthenticator(loaded.profile), 'lk-session': lkSessionAuthenticator },
  securitySchemes: {
    'fes-mac': {
      type: 'apiKey', in: 'header', name: loaded.profile.headers.apiKey,
      description: `FES profile ${loaded.profile.name}: ${loaded.profile.headers.apiKey} (merchant API KEY), ${loaded.profile.headers.cashRegisterId}, ${loaded.profile.headers.timestamp} (${loaded.profile.timestamp.format}, ±${loaded.profile.timestamp.windowSeconds} s) and ${loaded.profile.headers.mac} = ${describeMac(loaded.profile)}; each MAC is accepted once.`,
      'x-poligon-fes-profile': { name: loaded.profile.name, sha256: loaded.sha256, headers: loaded.profile.headers, timestamp: loaded.profile.timestamp, mac: loaded.profile.mac, outcomes: loaded.profile.outcomes },
    },
    // the other three headers of a signed call, each as OpenAPI states a required header: a vendor's
    // document can say them so, and fes align reads them without Poligon's extension
    'fes-cash-register': { type: 'apiKey', in: 'header', name: loaded.profile.headers.cashRegisterId, description: `FES profile ${loaded.profile.name}: the касса ID.` },
    'fes-timestamp': { type: 'apiKey', in: 'header', name: loaded.profile.headers.timestamp, description: `FES profile ${loaded.profile.name}: the request time (${loaded.profile.timestamp.format}, ±${loaded.profile.timestamp.windowSeconds} s).` },
    ...(loaded.profile.headers.requestId === undefined ? {} : { 'fes-request-id': { type: 'apiKey', in: 'header', name: loaded.profile.headers.requestId, description: `FES profile ${loaded.profile.name}: the request id (a UUID; a retry repeats it).` } }),
    'fes-signature': { type: 'apiKey', in: 'header', name: loaded.profile.headers.mac, description: `FES profile ${loaded.profile.name}: ${describeMac(loaded.profile)}.` },
    'lk-session': {
      type: 'http', scheme: 'bearer',
      description: 'LK FES session (modeled): the sessionToken of POST /fes/lk/v1/auth/login (merchant administrator by the technical contact\'s e-mail, or the NSPK administrator), valid 1 h of virtual time.',
    },
  },
  securityTogether: { 'fes-mac': ['fes-cash-register', 'fes-timestamp', 'fes-signature', ...(loaded.profile.headers.requestId === undefined ? [] : ['fes-request-id'])] },
  secretNames: [loaded.profile.headers.apiKey.toLowerCase(), loaded.profile.headers.mac.toLowerCase(), 'apiKey', 'macKey', 'token', 'setPasswordToken', 'setPasswordUrl', 'password', 'passwordHash', 'sessionToken'],
  // a profile's header names need not start with X-: the journal keeps them, so await steps can judge them
  journalHeaders: Object.values(loaded.profile.headers),
  clientAuth: { 'fes-mac': signerFor(loaded.profile) },
  packVariables: { fesProfile: packVariables(loaded) },
  wireProfile: { name: loaded.profile.name, sha256: loaded.sha256, modeled: loaded.sha256 === MODELED_PROFILE.sha256 },
  // GET /fes/control/v1/profile: a run against this sandbox signs with the profile it serves
  publishedWireProfile: { path: '/control/v1/profile', adopt: (published, from) => createFesSimulator(publishedProfile(published, from)) },
  errors: [profiledErrors(loaded)],
  renderError: fesErrorRenderer(loaded),
  events: subscriptions<FesState>({
    'gis.point.toActivation': (state, { merchant: m, point: p }, ctx) => {
      // LKF-01: the merchant's LK FES administrator is its technical contact, by the e-mail GIS ES gives
      if (m.technicalContactEmail === undefined) return;
      if (!own(state.merchants, m.id)) {
        registerMerchant(state, ctx, { id: m.id, inn: m.inn, kpp: m.kpp, ogrn: m.ogrn, name: m.name, brand: m.brand, technicalContactEmail: m.technicalContactEmail }, 'GIS');
      }
      if (!own(state.points, p.id)) registerPoint(state, m.id, { id: p.id, name: p.name, address: p.address, onlineShop: p.onlineShop });
    },
    // GIS-11: what LK FES shows of a merchant or point it knows follows edits in GIS ES
    'gis.merchant.updated': (state, { merchant: m }) => {
      const merchant = own(state.merchants, m.id);
      if (merchant) Object.assign(merchant, { name: m.name, brand: m.brand, kpp: m.kpp });
      // the administrator is whoever GIS ES names as technical contact: its sign-in e-mail follows (modeled)
      if (merchant && m.technicalContactEmail !== undefined) merchant.admin.email = m.technicalContactEmail;
    },
    'gis.point.updated': (state, { point: p }) => {
      const point = own(state.points, p.id);
      if (point) Object.assign(point, { name: p.name, address: p.address, onlineShop: p.onlineShop });
    },
    'gis.point.activated': (state, { pointId, activeFrom }) => {
      const point = own(state.points, pointId);
      if (point && point.status !== 'DISABLED') activatePoint(point, activeFrom);
    },
    'gis.point.disabled': (state, { pointId }) => {
      const point = own(state.points, pointId);
      if (point) disablePoint(state, point);
    },
    'gis.merchant.blocked': (state, { merchantId }) => {
      const merchant = own(state.merchants, merchantId);
      if (merchant) blockMerchant(state, merchant);
    },
  }),
  publishes: publishes('fes.cashRegister.registered', 'fes.cashRegister.productionTestPassed'),
  seedDemo: seedFesDemo,
  describeDemo: describeFesDemo(loaded.profile),
  demoCredentials: fesDemoCredentials,
  restore: (data) => {
    if (!isRecord(data)) throw new Error('expected an object');
    const missing = Object.keys(createFesState()).filter((k) => !(k in data) && !DERIVED_KEYS.has(k) && !OPTIONAL_KEYS.has(k));
    if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
    const state = data as unknown as FesState & { openBaskets?: unknown }; // private to us (Simulator.restore)
    const oldId = Object.keys(state.certificates ?? {}).find((id) => !CERTIFICATE_ID_PATTERN.test(id));
    if (oldId !== undefined) {
      throw new Error(`certificate id "${oldId}" is of the FES shape before the public record (ids are 20–30 digits now, baskets name articles): this snapshot cannot be restored; rebuild the world (reset the namespace) and issue certificates again`);
    }
    if (!isRecord(state.requests)) state.requests = {};
    const noAdminEmail = isRecord(state.merchants) ? Object.values(state.merchants).find((m) => typeof m.admin?.email !== 'string') : undefined;
    if (noAdminEmail) throw new Error(`merchant ${noAdminEmail.id} has no administrator e-mail: a snapshot from before LK FES sign-in by e-mail; make it again`);
    state.lkSessions = isRecord(state.lkSessions) ? state.lkSessions : {};
    // Indexes a snapshot made before they existed lacks are rebuilt from the records they index.
    if (!Array.isArray(state.basketExpiries) || !Number.isInteger(state.basketExpiryHead)) {
      state.basketExpiries = expiryQueueOf(state);
      state.basketExpiryHead = 0;
    }
    if (!isRecord(state.apiKeyOwners)) state.apiKeyOwners = apiKeyIndexOf(state.merchants);
    delete state.openBaskets; // what the expiry queue replaced
    // Older snapshots give every certificate a "returning" list, mostly empty: valid as they are, and
    // not worth a pass over the certificates (Object.values of 100,000 records alone takes ~100 ms).
    return state;
  },
  stateSchema: 'fes/state',
  stateProblems: fesStateProblems,
  view: fesView,
});

/** FES with Poligon's modeled profile. */
export const fesSimulator = createFesSimulator();
