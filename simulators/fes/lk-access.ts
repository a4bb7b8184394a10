// LK FES sign-in (LKF-01, LKF-07, seed 000 §4.1): the merchant's administrator is the technical contact
// named in GIS ES, identified by that e-mail. An e-mailed link (working once, with a limited life) sets
// the password; the first password joins the merchant to the Agreement; a new password grants access
// only 30 minutes after it is set and lives 2 months; "Я забыл пароль" takes the e-mail and sends a new
// link, killing the old one. Signing in gives a session every other LK operation requires; the NSPK
// administrator signs in with NSPK credentials (simulatorOptions.fes.nspkAdmin). The sandbox sends no
// mail: GET …/merchants/:merchantId/admin shows what the e-mail would say. Passwords are kept as scrypt
// hashes, session tokens as their SHA-256.
import { createHash, timingSafeEqual } from 'node:crypto';
import { own } from '../../src/data/records.js';
import { durationSetting } from '../../src/engine/clock.js';
import type { Authenticator, Operation, SimulatorContext } from '../../src/engine/simulator.js';
import { FesErrors } from './errors.js';
import {
  DEFAULT_LK_SESSION_LIFETIME, DEFAULT_NSPK_ADMIN, DEFAULT_PASSWORD_ACTIVATION_DELAY, LK_FES_WEB_URL, SET_PASSWORD_LINK_LIFETIME_MS,
  hashPassword, passwordExpiry, passwordMatches, passwordPolicyProblem,
} from './protocol.js';
import {
  assertOperating, getMerchant, newHexKey, newId, type AdminAccount, type Ctx, type FesState, type LkSession, type Merchant, type PasswordLink,
} from './state.js';

// --- options (simulatorOptions.fes) -------------------------------------------------------------------

export interface LkOptions {
  passwordActivationDelayMs: number;
  sessionLifetimeMs: number;
  nspkAdmin: { email: string; password: string };
}

/** A duration in simulatorOptions.fes; throws an Error naming it. */
export const durationOption = (options: Readonly<Record<string, unknown>>, name: string, fallback: string): number =>
  durationSetting(options[name], fallback, `simulatorOptions.fes.${name}`);

/** The LK options of simulatorOptions.fes (other FES options are not read here); throws an Error naming a bad one. */
export function lkOptions(options: Readonly<Record<string, unknown>>): LkOptions {
  const nspkAdmin = options.nspkAdmin ?? DEFAULT_NSPK_ADMIN;
  const { email, password } = (nspkAdmin ?? {}) as { email?: unknown; password?: unknown };
  if (typeof email !== 'string' || !email.includes('@') || typeof password !== 'string' || password === '') {
    throw new Error('simulatorOptions.fes.nspkAdmin must be { email: "<an e-mail>", password: "<non-empty>" }');
  }
  return {
    passwordActivationDelayMs: durationOption(options, 'passwordActivationDelay', DEFAULT_PASSWORD_ACTIVATION_DELAY),
    sessionLifetimeMs: durationOption(options, 'lkSessionLifetime', DEFAULT_LK_SESSION_LIFETIME),
    nspkAdmin: { email, password },
  };
}

const durationText = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);
const LINK_LIFETIME_TEXT = durationText(SET_PASSWORD_LINK_LIFETIME_MS);

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

// --- set-password links ---------------------------------------------------------------------------------

/** A new set-password link for the merchant's administrator; the previous unused one dies. */
function issueLink(state: FesState, ctx: Ctx, merchantId: string, purpose: PasswordLink['purpose']): string {
  const now = ctx.clock.now();
  const token = newId(ctx.random, [state.passwordLinks], newHexKey);
  state.passwordLinks[token] = {
    merchantId, purpose, issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + SET_PASSWORD_LINK_LIFETIME_MS).toISOString(),
  };
  return token;
}

/** At registration: the technical contact's account is INVITED and the first link is "sent" to `email`. */
export function inviteAdmin(state: FesState, ctx: Ctx, merchantId: string, email: string): AdminAccount {
  return { email, status: 'INVITED', linkToken: issueLink(state, ctx, merchantId, 'INVITE') };
}

/** Sets the administrator's password as of `now`: usable after the activation delay, for 2 months. */
function setPassword(admin: AdminAccount, passwordHash: string, now: number, delayMs: number): void {
  const at = new Date(now).toISOString();
  Object.assign(admin, {
    status: 'ACTIVE', passwordHash, passwordSetAt: at,
    passwordUsableFrom: new Date(now + delayMs).toISOString(), passwordExpiresAt: new Date(passwordExpiry(now)).toISOString(),
  });
  admin.agreementJoinedAt ??= at;
}

/**
 * The demo world's administrator: a password set at `setAt`, the link that set it used. The salt comes
 * from the merchant id, not the seeded random: the demo's public password takes no draw from the
 * sequence every later id and key of the namespace comes from.
 */
export function setDemoAdminPassword(state: FesState, ctx: SimulatorContext, merchant: Merchant, password: string, setAt: number): void {
  const link = state.passwordLinks[merchant.admin.linkToken];
  if (link && !link.usedAt) link.usedAt = new Date(setAt).toISOString();
  const salt = createHash('sha256').update(`demo administrator ${merchant.id}`).digest('hex').slice(0, 32);
  setPassword(merchant.admin, demoHash(password, salt), setAt, lkOptions(ctx.options).passwordActivationDelayMs);
}

/**
 * The demo administrator's hash, made once per process: every namespace's demo world has the same
 * public password and salt, and scrypt was most of the CPU a new namespace cost. Keyed by what the
 * configuration gives (the demo's merchants and password), never by a request.
 */
const demoHashes = new Map<string, string>();
function demoHash(password: string, salt: string): string {
  const key = `${salt}:${password}`;
  let hash = demoHashes.get(key);
  if (hash === undefined) demoHashes.set(key, (hash = hashPassword(password, salt)));
  return hash;
}

const linkStatus = (link: PasswordLink, now: number) =>
  link.usedAt ? 'USED' : link.replacedAt ? 'REPLACED' : now > Date.parse(link.expiresAt) ? 'EXPIRED' : 'VALID';

function accountStatus(admin: AdminAccount, now: number) {
  if (admin.status !== 'ACTIVE') return admin.status;
  if (now > Date.parse(admin.passwordExpiresAt!)) return 'PASSWORD_EXPIRED';
  if (admin.passwordUsableFrom && now < Date.parse(admin.passwordUsableFrom)) return 'PASSWORD_NOT_YET_ACTIVE';
  return 'ACTIVE';
}

/** The account as LK FES sees it, with the latest e-mail's link (its token in clear, like a key on creation). */
function adminView(state: FesState, merchant: Merchant, now: number) {
  const { admin } = merchant;
  const link = state.passwordLinks[admin.linkToken]!;
  return {
    merchantId: merchant.id,
    email: admin.email,
    accountStatus: accountStatus(admin, now),
    agreementJoinedAt: admin.agreementJoinedAt,
    passwordSetAt: admin.passwordSetAt,
    passwordUsableFrom: admin.passwordUsableFrom,
    passwordExpiresAt: admin.passwordExpiresAt,
    setPasswordLink: {
      to: admin.email,
      purpose: link.purpose,
      status: linkStatus(link, now),
      issuedAt: link.issuedAt,
      expiresAt: link.expiresAt,
      usedAt: link.usedAt,
      setPasswordToken: admin.linkToken,
      setPasswordUrl: `${LK_FES_WEB_URL}/set-password?token=${admin.linkToken}`,
    },
  };
}

/** The link's record when it may still set a password, else the error saying why not. */
function usableLink(state: FesState, token: string, now: number): PasswordLink {
  const link = own(state.passwordLinks, token);
  if (!link) throw FesErrors.SET_PASSWORD_LINK_UNKNOWN();
  switch (linkStatus(link, now)) {
    case 'USED': throw FesErrors.SET_PASSWORD_LINK_USED({ usedAt: link.usedAt });
    case 'REPLACED': throw FesErrors.SET_PASSWORD_LINK_REPLACED({ replacedAt: link.replacedAt });
    case 'EXPIRED': throw FesErrors.SET_PASSWORD_LINK_EXPIRED({ expiresAt: link.expiresAt, lifetime: LINK_LIFETIME_TEXT });
    default: return link;
  }
}

/** The one merchant whose administrator has `email` (or the named one among several). */
function merchantByAdminEmail(state: FesState, email: string, merchantId?: string): Merchant {
  const matches = Object.values(state.merchants).filter((m) => sameEmail(m.admin.email, email) && (merchantId === undefined || m.id === merchantId));
  if (matches.length === 0) throw FesErrors.EMAIL_UNKNOWN({ email });
  if (matches.length > 1) throw FesErrors.EMAIL_AMBIGUOUS({ email, merchantIds: matches.map((m) => m.id).join(', ') });
  return matches[0]!;
}

// --- sessions -------------------------------------------------------------------------------------------

/** Who the session's bearer is: what every LK operation's `auth` holds. */
export type LkCaller =
  | { role: 'MERCHANT_ADMIN'; email: string; merchantId: string }
  | { role: 'NSPK_ADMIN'; email: string };

const tokenKey = (token: string) => createHash('sha256').update(token).digest('hex');

const secretsEqual = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

function openSession(state: FesState, ctx: SimulatorContext, session: Omit<LkSession, 'issuedAt' | 'expiresAt'>) {
  const now = ctx.clock.now();
  for (const [key, s] of Object.entries(state.lkSessions)) if (Date.parse(s.expiresAt) <= now) delete state.lkSessions[key];
  const token = newHexKey(ctx.random);
  const record: LkSession = {
    ...session, issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + lkOptions(ctx.options).sessionLifetimeMs).toISOString(),
  };
  state.lkSessions[tokenKey(token)] = record;
  return { sessionToken: token, sessionExpiresAt: record.expiresAt };
}

/** The `lk-session` authenticator: "Authorization: Bearer <sessionToken>" from POST /lk/v1/auth/login. */
export const lkSessionAuthenticator: Authenticator<FesState> = ({ state, ctx, headers }): LkCaller => {
  const header = headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw FesErrors.SESSION_MISSING({}, [{ pointer: '/Authorization', in: 'header', message: 'is required', expected: 'Bearer <sessionToken>' }]);
  const session = own(state.lkSessions, tokenKey(match[1]!));
  if (!session) throw FesErrors.SESSION_UNKNOWN();
  if (ctx.clock.now() >= Date.parse(session.expiresAt)) {
    throw FesErrors.SESSION_EXPIRED({ expiresAt: session.expiresAt, lifetime: durationText(lkOptions(ctx.options).sessionLifetimeMs) });
  }
  return session.role === 'NSPK_ADMIN' ? { role: 'NSPK_ADMIN', email: session.email } : { role: 'MERCHANT_ADMIN', email: session.email, merchantId: session.merchantId! };
};

/** Refuses unless the caller is the NSPK administrator. */
export function requireNspkAdmin(caller: unknown, action: string): void {
  const c = caller as LkCaller;
  if (c.role !== 'NSPK_ADMIN') throw FesErrors.NSPK_ADMIN_ONLY({ action, merchantId: c.merchantId });
}

/** Refuses unless the caller is the administrator of `merchantId`. */
export function requireMerchantAdmin(caller: unknown, merchantId: string, action: string): void {
  const c = caller as LkCaller;
  if (c.role !== 'MERCHANT_ADMIN') throw FesErrors.MERCHANT_ADMIN_ONLY({ action });
  if (c.merchantId !== merchantId) throw FesErrors.OTHER_MERCHANT({ merchantId: c.merchantId, otherMerchantId: merchantId });
}

/** Refuses a merchant administrator looking at another merchant; the NSPK administrator sees all. */
export function requireViewer(caller: unknown, merchantId: string): void {
  const c = caller as LkCaller;
  if (c.role === 'MERCHANT_ADMIN' && c.merchantId !== merchantId) throw FesErrors.OTHER_MERCHANT({ merchantId: c.merchantId, otherMerchantId: merchantId });
}

// --- operations -----------------------------------------------------------------------------------------

const TAG = 'LK FES (sign-in)';
const ERROR = (description: string) => ({ description, schema: 'fes/refusal' });

export const lkAccessOperations: Array<Operation<FesState>> = [
  {
    id: 'lkGetAdmin', method: 'get', path: '/lk/v1/merchants/:merchantId/admin', tag: TAG,
    summary: 'Sandbox mailbox: the merchant administrator account and the latest set-password e-mail (LKF-01)',
    description: 'The sandbox sends no e-mail: this shows the link the technical contact would receive at the e-mail given in GIS ES (token and URL in clear; masked in the journal). A sandbox helper: no session needed.',
    request: { params: 'fes/lk-merchant.params' },
    responses: { 200: { description: 'Account status, Agreement date, password dates and the latest link', schema: 'fes/lk-admin.response' }, 404: ERROR('Merchant not found') },
    handle: ({ state, ctx, params }) => ({ body: adminView(state, getMerchant(state, params.merchantId!), ctx.clock.now()) }),
  },
  {
    id: 'lkSetPassword', method: 'post', path: '/lk/v1/auth/set-password', tag: TAG,
    summary: 'Set the administrator password through the e-mailed link (LKF-01)',
    description: 'The link works once, within its life (modeled 24 h). The password grants access 30 minutes after it is set (simulatorOptions.fes.passwordActivationDelay) and lives 2 months. The first password records the date the merchant joined the Agreement.',
    request: { body: 'fes/lk-auth.set-password.request' },
    responses: {
      200: { description: 'Password set; the account is ACTIVE', schema: 'fes/lk-auth.response' },
      400: ERROR('Malformed request'), 404: ERROR('Unknown link'), 409: ERROR('Merchant blocked'),
      410: ERROR('Link expired, used or replaced'), 422: ERROR('Password breaks the policy'),
    },
    handle: ({ state, ctx, body }) => {
      const { token, password } = body as { token: string; password: string };
      const now = ctx.clock.now();
      const link = usableLink(state, token, now);
      const merchant = getMerchant(state, link.merchantId);
      assertOperating(state, merchant.id);
      const problem = passwordPolicyProblem(password);
      if (problem) throw FesErrors.PASSWORD_POLICY({ problem });
      link.usedAt = new Date(now).toISOString();
      const { admin } = merchant;
      setPassword(admin, hashPassword(password, newHexKey(ctx.random).slice(0, 32)), now, lkOptions(ctx.options).passwordActivationDelayMs);
      return {
        body: {
          merchantId: merchant.id, email: admin.email, result: 'PASSWORD_SET', accountStatus: 'ACTIVE',
          agreementJoinedAt: admin.agreementJoinedAt, passwordUsableFrom: admin.passwordUsableFrom, passwordExpiresAt: admin.passwordExpiresAt,
        },
      };
    },
  },
  {
    id: 'lkLogin', method: 'post', path: '/lk/v1/auth/login', tag: TAG,
    summary: 'Sign in to LK FES by e-mail and password (LKF-01, LKF-07): a session for the other LK operations',
    description: 'The merchant administrator signs in with the technical contact\'s e-mail from GIS ES (merchantId only when that e-mail administers several merchants); the NSPK administrator with the NSPK credentials (simulatorOptions.fes.nspkAdmin). Send the answer\'s sessionToken as "Authorization: Bearer <sessionToken>". A session lives 1 h of virtual time (modeled; simulatorOptions.fes.lkSessionLifetime).',
    request: { body: 'fes/lk-auth.login.request' },
    responses: {
      200: { description: 'Signed in', schema: 'fes/lk-session.response' },
      400: ERROR('Malformed request'), 401: ERROR('Wrong e-mail or password'), 403: ERROR('No password yet, the new password not active yet, or the password expired'),
      409: ERROR('Merchant blocked, or the e-mail administers several merchants'),
    },
    handle: ({ state, ctx, body }) => {
      const { email, password, merchantId } = body as { email: string; password: string; merchantId?: string };
      const options = lkOptions(ctx.options);
      if (sameEmail(email, options.nspkAdmin.email)) {
        if (!secretsEqual(password, options.nspkAdmin.password)) throw FesErrors.LOGIN_FAILED({ email });
        return { body: { result: 'LOGGED_IN', role: 'NSPK_ADMIN', email: options.nspkAdmin.email, ...openSession(state, ctx, { role: 'NSPK_ADMIN', email: options.nspkAdmin.email }) } };
      }
      const merchant = merchantByAdminEmailOrNone(state, email, merchantId);
      if (!merchant) throw FesErrors.LOGIN_FAILED({ email });
      assertOperating(state, merchant.id);
      const { admin } = merchant;
      if (!admin.passwordHash) throw FesErrors.PASSWORD_NOT_SET({ merchantId: merchant.id });
      if (!passwordMatches(admin.passwordHash, password)) throw FesErrors.LOGIN_FAILED({ email });
      const now = ctx.clock.now();
      if (admin.passwordUsableFrom && now < Date.parse(admin.passwordUsableFrom)) {
        throw FesErrors.PASSWORD_NOT_YET_ACTIVE({ merchantId: merchant.id, usableFrom: admin.passwordUsableFrom, delay: durationText(options.passwordActivationDelayMs) });
      }
      if (now > Date.parse(admin.passwordExpiresAt!)) throw FesErrors.PASSWORD_EXPIRED({ merchantId: merchant.id, expiresAt: admin.passwordExpiresAt });
      return {
        body: {
          result: 'LOGGED_IN', role: 'MERCHANT_ADMIN', email: admin.email, merchantId: merchant.id,
          agreementJoinedAt: admin.agreementJoinedAt, passwordExpiresAt: admin.passwordExpiresAt,
          ...openSession(state, ctx, { role: 'MERCHANT_ADMIN', email: admin.email, merchantId: merchant.id }),
        },
      };
    },
  },
  {
    id: 'lkForgotPassword', method: 'post', path: '/lk/v1/auth/forgot-password', tag: TAG,
    summary: '"Я забыл пароль" by the e-mail given in GIS ES (LKF-01): a new set-password link; the previous one stops working at once',
    description: 'Also the way out of an expired invitation link or an expired password. The current password (if any) keeps working until a new one is set. The link goes to the e-mail only (the sandbox mailbox: GET /fes/lk/v1/merchants/{merchantId}/admin).',
    request: { body: 'fes/lk-auth.forgot-password.request' },
    responses: {
      200: { description: 'The link was "sent"', schema: 'fes/lk-auth.link-sent.response' }, 400: ERROR('Malformed request'),
      404: ERROR('No administrator has this e-mail'), 409: ERROR('Merchant blocked, or the e-mail administers several merchants'),
    },
    handle: ({ state, ctx, body }) => {
      const { email, merchantId } = body as { email: string; merchantId?: string };
      const merchant = merchantByAdminEmail(state, email, merchantId);
      assertOperating(state, merchant.id);
      const previous = state.passwordLinks[merchant.admin.linkToken]!;
      if (!previous.usedAt) previous.replacedAt = ctx.clock.date().toISOString();
      merchant.admin.linkToken = issueLink(state, ctx, merchant.id, 'RESET');
      const link = state.passwordLinks[merchant.admin.linkToken]!;
      return { body: { result: 'LINK_SENT', email: merchant.admin.email, merchantId: merchant.id, linkExpiresAt: link.expiresAt } };
    },
  },
];

/** Like merchantByAdminEmail, but a sign-in with an unknown e-mail says only "wrong e-mail or password". */
function merchantByAdminEmailOrNone(state: FesState, email: string, merchantId?: string): Merchant | undefined {
  try {
    return merchantByAdminEmail(state, email, merchantId);
  } catch (e) {
    if ((e as { code?: string }).code === FesErrors.EMAIL_UNKNOWN.code) return undefined;
    throw e;
  }
}
