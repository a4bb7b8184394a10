// LK FES administrator access (LKF-01, seed 000 §4.1): the technical contact named in GIS ES gets an
// e-mailed link to set the LK FES password; the link works once and has a limited life; a password
// lives 2 months; "Я забыл пароль" sends a new link and kills the old one. The sandbox sends no mail:
// GET …/merchants/:merchantId/admin shows what the e-mail would say. Passwords are kept as scrypt hashes.
import { own } from '../../src/data/records.js';
import type { Operation } from '../../src/engine/simulator.js';
import { FesErrors } from './errors.js';
import {
  LK_FES_WEB_URL, SET_PASSWORD_LINK_LIFETIME_MS, hashPassword, passwordExpiry, passwordMatches, passwordPolicyProblem,
} from './protocol.js';
import { assertOperating, getMerchant, newHexKey, newId, type AdminAccount, type Ctx, type FesState, type Merchant, type PasswordLink } from './state.js';

const LINK_LIFETIME_TEXT = `${SET_PASSWORD_LINK_LIFETIME_MS / 3_600_000} h`;

/** A new set-password link for the merchant's administrator; the previous unused one dies. */
function issueLink(state: FesState, ctx: Ctx, merchantId: string, purpose: PasswordLink['purpose']): string {
  const now = ctx.clock.now();
  const token = newId(ctx.random, [state.passwordLinks], newHexKey);
  state.passwordLinks[token] = {
    merchantId, purpose, issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + SET_PASSWORD_LINK_LIFETIME_MS).toISOString(),
  };
  return token;
}

/** At registration: the administrator account is INVITED and the first link is "sent". */
export function inviteAdmin(state: FesState, ctx: Ctx, merchantId: string): AdminAccount {
  return { status: 'INVITED', linkToken: issueLink(state, ctx, merchantId, 'INVITE') };
}

const linkStatus = (link: PasswordLink, now: number) =>
  link.usedAt ? 'USED' : link.replacedAt ? 'REPLACED' : now > Date.parse(link.expiresAt) ? 'EXPIRED' : 'VALID';

/** The account as LK FES sees it, with the latest e-mail's link (its token in clear, like a key on creation). */
function adminView(state: FesState, merchant: Merchant, now: number) {
  const { admin } = merchant;
  const link = state.passwordLinks[admin.linkToken]!;
  const passwordExpired = admin.passwordExpiresAt !== undefined && now > Date.parse(admin.passwordExpiresAt);
  return {
    merchantId: merchant.id,
    accountStatus: admin.status === 'ACTIVE' && passwordExpired ? 'PASSWORD_EXPIRED' : admin.status,
    passwordSetAt: admin.passwordSetAt,
    passwordExpiresAt: admin.passwordExpiresAt,
    setPasswordLink: {
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

const TAG = 'LK FES (administrator access)';
const ERROR = (description: string) => ({ description, schema: 'fes/error' });

export const lkAccessOperations: Array<Operation<FesState>> = [
  {
    id: 'lkGetAdmin', method: 'get', path: '/lk/v1/merchants/:merchantId/admin', tag: TAG,
    summary: 'The merchant administrator account and the latest set-password e-mail (LKF-01)',
    description: 'The sandbox sends no e-mail: this shows the link the technical contact would receive (token and URL in clear; masked in the journal).',
    request: { params: 'fes/lk-merchant.params' },
    responses: { 200: { description: 'Account status, password expiry and the latest link', schema: 'fes/lk-admin.response' }, 404: ERROR('Merchant not found') },
    handle: ({ state, ctx, params }) => ({ body: adminView(state, getMerchant(state, params.merchantId!), ctx.clock.now()) }),
  },
  {
    id: 'lkSetPassword', method: 'post', path: '/lk/v1/auth/set-password', tag: TAG,
    summary: 'Set the administrator password through the e-mailed link (LKF-01)',
    description: 'The link works once, within its life (modeled 24 h). The password is valid 2 months from now.',
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
      const at = new Date(now).toISOString();
      link.usedAt = at;
      Object.assign(merchant.admin, {
        status: 'ACTIVE', passwordHash: hashPassword(password, newHexKey(ctx.random).slice(0, 32)),
        passwordSetAt: at, passwordExpiresAt: new Date(passwordExpiry(now)).toISOString(),
      });
      return { body: { merchantId: merchant.id, result: 'PASSWORD_SET', accountStatus: 'ACTIVE', passwordExpiresAt: merchant.admin.passwordExpiresAt } };
    },
  },
  {
    id: 'lkLogin', method: 'post', path: '/lk/v1/auth/login', tag: TAG,
    summary: 'Log in as the merchant administrator (LKF-01): checks the password and its 2-month life',
    request: { body: 'fes/lk-auth.login.request' },
    responses: {
      200: { description: 'Logged in', schema: 'fes/lk-auth.response' },
      400: ERROR('Malformed request'), 401: ERROR('Wrong password'), 403: ERROR('No password yet, or the password expired'),
      404: ERROR('Merchant not found'), 409: ERROR('Merchant blocked'),
    },
    handle: ({ state, ctx, body }) => {
      const { merchantId, password } = body as { merchantId: string; password: string };
      const merchant = getMerchant(state, merchantId);
      assertOperating(state, merchant.id);
      const { admin } = merchant;
      if (!admin.passwordHash) throw FesErrors.PASSWORD_NOT_SET({ merchantId });
      if (!passwordMatches(admin.passwordHash, password)) throw FesErrors.LOGIN_FAILED({ merchantId });
      if (ctx.clock.now() > Date.parse(admin.passwordExpiresAt!)) throw FesErrors.PASSWORD_EXPIRED({ merchantId, expiresAt: admin.passwordExpiresAt });
      return { body: { merchantId, result: 'LOGGED_IN', accountStatus: 'ACTIVE', passwordExpiresAt: admin.passwordExpiresAt } };
    },
  },
  {
    id: 'lkForgotPassword', method: 'post', path: '/lk/v1/auth/forgot-password', tag: TAG,
    summary: '"Я забыл пароль" (LKF-01): a new set-password link; the previous one stops working at once',
    description: 'Also the way out of an expired invitation link or an expired password. The current password (if any) keeps working until a new one is set.',
    request: { body: 'fes/lk-auth.forgot-password.request' },
    responses: { 200: { description: 'The account with the new link', schema: 'fes/lk-admin.response' }, 400: ERROR('Malformed request'), 404: ERROR('Merchant not found'), 409: ERROR('Merchant blocked') },
    handle: ({ state, ctx, body }) => {
      const merchant = getMerchant(state, (body as { merchantId: string }).merchantId);
      assertOperating(state, merchant.id);
      const previous = state.passwordLinks[merchant.admin.linkToken]!;
      if (!previous.usedAt) previous.replacedAt = ctx.clock.date().toISOString();
      merchant.admin.linkToken = issueLink(state, ctx, merchant.id, 'RESET');
      return { body: adminView(state, merchant, ctx.clock.now()) };
    },
  },
];
