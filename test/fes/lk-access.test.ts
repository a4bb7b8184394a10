// LK FES sign-in (LKF-01, seed 000 §4.1): the technical contact's e-mail, the set-password link, the
// 30 minutes before a new password grants access, the 2-month password life, "Я забыл пароль" by
// e-mail, the Agreement date, sessions. Expected figures are typed from the seed (30 minutes, 2 months)
// or from docs/fes.md where modeled (the link's 24 h, the session's 1 h).
import { scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { DEMO } from '../../simulators/fes/protocol.js';
import { FesClient, NSPK_ADMIN, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const PASSWORD = 'Sandbox2026pass';
const EMAIL = 'tech@dostup.example';
const MINUTE = 60_000;

/** A merchant the NSPK administrator registered in LK FES, with the token of its invitation link. */
async function invitedMerchant(c: FesClient, merchantId = 'M-ADM', email = EMAIL) {
  await c.signInNspk();
  await c.post('/lk/v1/merchants', { merchantId, inn: '7707083893', ogrn: '1027700132195', name: 'ООО «Доступ»', technicalContactEmail: email }).expect(201);
  c.session = undefined;
  const admin = await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200);
  return { merchantId, token: admin.body.setPasswordLink.setPasswordToken as string, admin: admin.body };
}

const login = (c: FesClient, password = PASSWORD, email = EMAIL) => c.post('/lk/v1/auth/login', { email, password });

describe('LK FES sign-in', () => {
  it('LKF-01: the technical contact is INVITED at its e-mail with a one-time link; the first password records joining the Agreement', async () => {
    const c = new FesClient(sb, 'lkf01-once');
    const { merchantId, token, admin } = await invitedMerchant(c);
    expect(admin).toMatchObject({
      merchantId, email: EMAIL, accountStatus: 'INVITED',
      setPasswordLink: { to: EMAIL, purpose: 'INVITE', status: 'VALID', setPasswordToken: expect.stringMatching(/^[0-9a-f]{48}$/) },
    });
    expect(admin.setPasswordLink.setPasswordUrl).toContain(`token=${token}`);
    expect(Date.parse(admin.setPasswordLink.expiresAt) - Date.parse(admin.setPasswordLink.issuedAt)).toBe(24 * 3_600_000);
    expect(admin.agreementJoinedAt).toBeUndefined();

    const noPassword = await login(c).expect(403);
    expect(noPassword.body.result.code).toBe(616);

    const setAt = await c.now();
    const set = await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(200);
    expect(set.body).toMatchObject({ merchantId, email: EMAIL, result: 'PASSWORD_SET', accountStatus: 'ACTIVE' });
    expect(Date.parse(set.body.passwordUsableFrom) - Date.parse(set.body.agreementJoinedAt)).toBe(30 * MINUTE);
    expect(Math.abs(Date.parse(set.body.agreementJoinedAt) - setAt)).toBeLessThan(5_000);
    const again = await c.post('/lk/v1/auth/set-password', { token, password: 'Another2026pass' }).expect(410);
    expect(again.body).toMatchObject({ result: { code: 613, description: expect.stringContaining('already used') } });

    await c.admin.advanceClock('30m');
    const session = await login(c).expect(200);
    expect(session.body).toMatchObject({
      result: 'LOGGED_IN', role: 'MERCHANT_ADMIN', email: EMAIL, merchantId,
      agreementJoinedAt: set.body.agreementJoinedAt, sessionToken: expect.stringMatching(/^[0-9a-f]{48}$/),
    });
    const wrong = await login(c, 'Another2026pass').expect(401);
    expect(wrong.body.result.code).toBe(617);
    const view = await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200);
    expect(view.body).toMatchObject({ accountStatus: 'ACTIVE', agreementJoinedAt: set.body.agreementJoinedAt, setPasswordLink: { status: 'USED' } });
    // «Информация о ТСП» shows the Agreement date to the signed-in administrator
    c.session = session.body.sessionToken;
    expect((await c.get(`/lk/v1/merchants/${merchantId}`).expect(200)).body).toMatchObject({ technicalContactEmail: EMAIL, agreementJoinedAt: set.body.agreementJoinedAt });

    const stored = (await c.state()).merchants[merchantId]!.admin;
    expect(stored.passwordHash).toMatch(/^scrypt\$1024\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(JSON.stringify(await c.state())).not.toContain(PASSWORD);
    expect(JSON.stringify(await c.state())).not.toContain(session.body.sessionToken);
  });

  it('LKF-01: a new password grants access only 30 minutes after it is set; a refused sign-in changes nothing', async () => {
    const c = new FesClient(sb, 'lkf01-delay');
    const { token } = await invitedMerchant(c);
    const set = await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(200);
    await c.admin.advanceClock(29 * MINUTE);
    const before = await c.businessState();
    const early = await login(c).expect(403);
    expect(early.body).toMatchObject({ result: { code: 622, description: expect.stringContaining(set.body.passwordUsableFrom) }, code: 'FES_PASSWORD_NOT_YET_ACTIVE' });
    expect(early.body.result.description).toContain('30 min after it was set');
    expect(await c.businessState()).toEqual(before);
    expect((await c.get('/lk/v1/merchants/M-ADM/admin').expect(200)).body.accountStatus).toBe('PASSWORD_NOT_YET_ACTIVE');
    await c.admin.advanceClock(MINUTE);
    await login(c).expect(200);

    // a changed password waits its 30 minutes again; the Agreement date stays the first password's
    await c.post('/lk/v1/auth/forgot-password', { email: EMAIL }).expect(200);
    const mail = await c.get('/lk/v1/merchants/M-ADM/admin').expect(200);
    const reset = await c.post('/lk/v1/auth/set-password', { token: mail.body.setPasswordLink.setPasswordToken, password: 'Renewed2027pass' }).expect(200);
    expect(reset.body.agreementJoinedAt).toBe(set.body.agreementJoinedAt);
    expect((await login(c, 'Renewed2027pass').expect(403)).body.result.code).toBe(622);
    await c.admin.advanceClock('30m');
    await login(c, 'Renewed2027pass').expect(200);
    expect((await login(c).expect(401)).body.result.code).toBe(617);
  });

  it('LKF-01: the 30 minutes are a setting (simulatorOptions.fes.passwordActivationDelay)', async () => {
    const quick = await startSandbox({ simulators: ['fes'], simulatorOptions: { fes: { passwordActivationDelay: '5m' } } });
    try {
      const c = new FesClient(quick, 'lkf01-option');
      const { token } = await invitedMerchant(c);
      const set = await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(200);
      expect(Date.parse(set.body.passwordUsableFrom) - Date.parse(set.body.agreementJoinedAt)).toBe(5 * MINUTE);
      await c.admin.advanceClock('5m');
      await login(c).expect(200);
    } finally {
      await quick.stop();
    }
    await expect(startSandbox({ simulators: ['fes'], simulatorOptions: { fes: { passwordActivationDelay: 'soon' } } })).rejects.toThrow(/passwordActivationDelay/);
  });

  it('LKF-01: a merchant arriving from GIS ES is invited at its technical contact\'s e-mail, which signs in', async () => {
    const world = await startSandbox({ validateResponses: true });
    try {
      const c = new FesClient(world, 'lkf01-gis');
      await c.admin.reset({ demo: true });
      const gis = (await c.admin.snapshot()).simulators.gis as { merchants: Record<string, { contacts: Array<{ role: string; email: string }> }> };
      const technical = Object.values(gis.merchants)[0]!.contacts.find((x) => x.role === 'TECHNICAL')!.email;
      const fromGis = Object.values((await c.state()).merchants).find((m) => m.source === 'GIS')!;
      const admin = await c.get(`/lk/v1/merchants/${fromGis.id}/admin`).expect(200);
      expect(admin.body).toMatchObject({ email: technical, setPasswordLink: { to: technical } });
      // the demo world's administrator set the documented password a day ago
      expect(admin.body.accountStatus).toBe('ACTIVE');
      const session = await c.post('/lk/v1/auth/login', { email: technical, password: DEMO.adminPassword }).expect(200);
      expect(session.body).toMatchObject({ role: 'MERCHANT_ADMIN', merchantId: fromGis.id });
    } finally {
      await world.stop();
    }
  });

  it('LKF-01: the link has a limited life: after 24 h it is refused and changes nothing', async () => {
    const c = new FesClient(sb, 'lkf01-expiry');
    const { merchantId, token } = await invitedMerchant(c);
    await c.admin.advanceClock(24 * 3_600_000 + 1_000);
    const before = await c.businessState();
    const r = await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(410);
    expect(r.body).toMatchObject({ result: { code: 612 }, code: 'FES_SET_PASSWORD_LINK_EXPIRED', hint: expect.stringContaining('forgot-password') });
    expect(await c.businessState()).toEqual(before);
    const view = await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200);
    expect(view.body).toMatchObject({ accountStatus: 'INVITED', setPasswordLink: { status: 'EXPIRED' } });
  });

  it('LKF-01: a password hashed before hashes recorded their scrypt cost (an older snapshot) still signs in', async () => {
    const c = new FesClient(sb, 'lkf01-older-hash');
    const { merchantId, token } = await invitedMerchant(c, 'M-OLD', 'old@dostup.example');
    await c.post('/lk/v1/auth/set-password', { token, password: 'Placeholder2026' }).expect(200);
    await c.admin.advanceClock('30m');
    const salt = '00112233445566778899aabbccddeeff';
    const olderHash = `scrypt$${salt}$${scryptSync(PASSWORD, Buffer.from(salt, 'hex'), 32).toString('hex')}`;
    const snapshot = await c.admin.snapshot();
    (snapshot.simulators.fes as { merchants: Record<string, { admin: { passwordHash: string } }> }).merchants[merchantId]!.admin.passwordHash = olderHash;
    await c.admin.restore(snapshot);

    await login(c, PASSWORD, 'old@dostup.example').expect(200);
    expect((await login(c, 'Placeholder2026', 'old@dostup.example').expect(401)).body.result.code).toBe(617);
  });

  it('LKF-01: a password lives 2 months; then sign-in is refused until a new one is set via forgot-password by e-mail', async () => {
    const c = new FesClient(sb, 'lkf01-pwd');
    const { merchantId, token } = await invitedMerchant(c);
    const set = await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(200);
    const setAt = Date.parse(set.body.agreementJoinedAt);
    const expiresAt = Date.parse(set.body.passwordExpiresAt);
    const twoMonths = new Date(setAt); twoMonths.setUTCMonth(twoMonths.getUTCMonth() + 2);
    expect(expiresAt).toBe(twoMonths.getTime());

    // The virtual clock runs on from real time: step to a minute before expiry, then past it.
    await c.admin.advanceClock(expiresAt - (await c.now()) - MINUTE);
    await login(c).expect(200);
    await c.admin.advanceClock(2 * MINUTE);
    const expired = await login(c).expect(403);
    expect(expired.body).toMatchObject({ result: { code: 618 }, code: 'FES_PASSWORD_EXPIRED' });
    expect((await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200)).body.accountStatus).toBe('PASSWORD_EXPIRED');

    const reset = await c.post('/lk/v1/auth/forgot-password', { email: 'TECH@dostup.example' }).expect(200);
    expect(reset.body).toMatchObject({ result: 'LINK_SENT', email: EMAIL, merchantId });
    expect(JSON.stringify(reset.body)).not.toMatch(/[0-9a-f]{48}/); // the link goes to the mailbox only
    const mail = await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200);
    expect(mail.body.setPasswordLink).toMatchObject({ to: EMAIL, purpose: 'RESET', status: 'VALID', expiresAt: reset.body.linkExpiresAt });
    await c.post('/lk/v1/auth/set-password', { token: mail.body.setPasswordLink.setPasswordToken, password: 'Renewed2027pass' }).expect(200);
    await c.admin.advanceClock('30m');
    await login(c, 'Renewed2027pass').expect(200);
    await login(c).expect(401);
  });

  it('LKF-01: forgot-password sends a new link and kills the old one at once', async () => {
    const c = new FesClient(sb, 'lkf01-reset');
    const { merchantId, token: oldToken } = await invitedMerchant(c);
    await c.post('/lk/v1/auth/forgot-password', { email: EMAIL }).expect(200);
    const newToken = (await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200)).body.setPasswordLink.setPasswordToken as string;
    expect(newToken).not.toBe(oldToken);

    const old = await c.post('/lk/v1/auth/set-password', { token: oldToken, password: PASSWORD }).expect(410);
    expect(old.body).toMatchObject({ result: { code: 614 }, code: 'FES_SET_PASSWORD_LINK_REPLACED' });
    await c.post('/lk/v1/auth/set-password', { token: newToken, password: PASSWORD }).expect(200);
    await c.admin.advanceClock('30m');
    await login(c).expect(200);

    // A reset of an ACTIVE account: the current password works until the new one is set.
    await c.post('/lk/v1/auth/forgot-password', { email: EMAIL }).expect(200);
    expect((await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200)).body.accountStatus).toBe('ACTIVE');
    await login(c).expect(200);
  });

  it('LKF-01: one e-mail administering two merchants names the merchant at sign-in and reset', async () => {
    const c = new FesClient(sb, 'lkf01-two');
    const a = await invitedMerchant(c, 'M-A', 'shared@integrator.example');
    const b = await invitedMerchant(c, 'M-B', 'shared@integrator.example');
    await c.post('/lk/v1/auth/set-password', { token: a.token, password: PASSWORD }).expect(200);
    await c.post('/lk/v1/auth/set-password', { token: b.token, password: 'Second2026pass' }).expect(200);
    await c.admin.advanceClock('30m');
    const ambiguous = await login(c, PASSWORD, 'shared@integrator.example').expect(409);
    expect(ambiguous.body).toMatchObject({ result: { code: 627, description: expect.stringContaining('M-A, M-B') } });
    const asB = await c.post('/lk/v1/auth/login', { email: 'shared@integrator.example', password: 'Second2026pass', merchantId: 'M-B' }).expect(200);
    expect(asB.body.merchantId).toBe('M-B');
    await c.post('/lk/v1/auth/login', { email: 'shared@integrator.example', password: 'Second2026pass', merchantId: 'M-A' }).expect(401);
    expect((await c.post('/lk/v1/auth/forgot-password', { email: 'shared@integrator.example' }).expect(409)).body.result.code).toBe(627);
    await c.post('/lk/v1/auth/forgot-password', { email: 'shared@integrator.example', merchantId: 'M-A' }).expect(200);
  });

  it('LKF-07: every LK operation needs a session; a session expires after 1 h of virtual time; the NSPK administrator signs in with NSPK credentials', async () => {
    const c = new FesClient(sb, 'lkf07-session');
    const missing = await c.get('/lk/v1/merchants/fes-demo-merchant').expect(401);
    expect(missing.body).toMatchObject({ result: { code: 619 }, hint: expect.stringContaining('/fes/lk/v1/auth/login') });
    c.session = 'f'.repeat(48);
    expect((await c.get('/lk/v1/vendors').expect(401)).body.result.code).toBe(620);
    await c.signInDemo();
    await c.get('/lk/v1/vendors').expect(200);
    await c.admin.advanceClock('1h');
    const expired = await c.get('/lk/v1/vendors').expect(401);
    expect(expired.body).toMatchObject({ result: { code: 621, description: expect.stringContaining('a session lives 1 h') } });

    const nspk = await c.post('/lk/v1/auth/login', { email: NSPK_ADMIN.email, password: NSPK_ADMIN.password }).expect(200);
    expect(nspk.body).toMatchObject({ result: 'LOGGED_IN', role: 'NSPK_ADMIN', email: NSPK_ADMIN.email });
    expect(nspk.body.merchantId).toBeUndefined();
    expect((await c.post('/lk/v1/auth/login', { email: NSPK_ADMIN.email, password: 'NotTheNspkPassword1' }).expect(401)).body.result.code).toBe(617);
  });

  it('LKF-01: bad input gets a clear 4xx in the FES format and changes nothing', async () => {
    const c = new FesClient(sb, 'lkf01-bad');
    const { merchantId, token } = await invitedMerchant(c);
    const before = await c.businessState();
    const cases: Array<[string, unknown, number, number]> = [
      ['/lk/v1/auth/set-password', { token, password: 'short1' }, 422, 615],
      ['/lk/v1/auth/set-password', { token, password: 'onlyletters' }, 422, 615],
      ['/lk/v1/auth/set-password', { token, password: '1234567890' }, 422, 615],
      ['/lk/v1/auth/set-password', { token, password: 'x'.repeat(129) + '1' }, 400, 300],
      ['/lk/v1/auth/set-password', { token: 'no-such-token', password: PASSWORD }, 404, 611],
      ['/lk/v1/auth/set-password', { token: '__proto__', password: PASSWORD }, 404, 611],
      ['/lk/v1/auth/set-password', { password: PASSWORD }, 400, 300],
      ['/lk/v1/auth/login', { email: 'nobody@nowhere.example', password: PASSWORD }, 401, 617],
      ['/lk/v1/auth/login', { email: EMAIL, password: 42 }, 400, 300],
      ['/lk/v1/auth/login', { email: 'not-an-email', password: PASSWORD }, 400, 300],
      ['/lk/v1/auth/login', { merchantId, password: PASSWORD }, 400, 300],
      ['/lk/v1/auth/forgot-password', { email: 'nobody@nowhere.example' }, 404, 626],
      ['/lk/v1/auth/forgot-password', { merchantId }, 400, 300],
      ['/lk/v1/auth/forgot-password', { email: EMAIL, extra: 1 }, 400, 300],
    ];
    for (const [path, body, status, code] of cases) {
      const r = await c.post(path, body);
      expect({ path, body, status: r.status, code: r.body.result?.code }).toEqual({ path, body, status, code });
    }
    const malformed = await c.post('/lk/v1/auth/login').set('content-type', 'application/json').send('{"email":');
    expect(malformed.status).toBe(400);
    expect(await c.businessState()).toEqual(before);
    await c.get('/lk/v1/merchants/M-NONE/admin').expect(404);

    await c.signInNspk();
    await c.post(`/lk/v1/merchants/${merchantId}/block`).expect(200);
    const blocked = await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(409);
    expect(blocked.body.result.code).toBe(609);
  });

  it('LKF-01: the link token, its URL, passwords and session tokens never appear in clear in the journal', async () => {
    const c = new FesClient(sb, 'lkf01-journal');
    const { token } = await invitedMerchant(c);
    await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(200);
    await c.admin.advanceClock('30m');
    const session = await login(c).expect(200);
    c.session = session.body.sessionToken;
    await c.get('/lk/v1/merchants/M-ADM').expect(200);
    await login(c, 'Wrong2026pass').expect(401);
    await c.post('/lk/v1/auth/set-password', { token, password: 'short' }).expect(410);
    const journal = JSON.stringify(await c.admin.journal());
    expect(journal).toContain('/lk/v1/auth/set-password');
    expect(journal).toContain(`****${token.slice(-4)}`);
    for (const secret of [token, PASSWORD, 'Wrong2026pass', session.body.sessionToken, NSPK_ADMIN.password]) expect(journal).not.toContain(secret);
  });
});
