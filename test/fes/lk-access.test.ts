// LK FES administrator access (LKF-01, seed 000 §4.1): set-password link, password life, reset.
import { scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { FesClient, startFesSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startFesSandbox(); });
afterAll(() => sb.stop());

const PASSWORD = 'Sandbox2026pass';

/** A merchant registered in LK FES, with the token of its invitation link. */
async function invitedMerchant(c: FesClient, merchantId = 'M-ADM') {
  await c.post('/lk/v1/merchants', { merchantId, inn: '7707083893', ogrn: '1027700132195', name: 'ООО «Доступ»' }).expect(201);
  const admin = await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200);
  return { merchantId, token: admin.body.setPasswordLink.setPasswordToken as string, admin: admin.body };
}

describe('LK FES administrator access', () => {
  it('LKF-01: a registered merchant\'s administrator is INVITED with a one-time link that sets a password once', async () => {
    const c = new FesClient(sb, 'lkf01-once');
    const { merchantId, token, admin } = await invitedMerchant(c);
    expect(admin).toMatchObject({
      merchantId, accountStatus: 'INVITED',
      setPasswordLink: { purpose: 'INVITE', status: 'VALID', setPasswordToken: expect.stringMatching(/^[0-9a-f]{48}$/) },
    });
    expect(admin.setPasswordLink.setPasswordUrl).toContain(`token=${token}`);
    expect(Date.parse(admin.setPasswordLink.expiresAt) - Date.parse(admin.setPasswordLink.issuedAt)).toBe(24 * 3_600_000);
    expect(admin.passwordExpiresAt).toBeUndefined();

    const noPassword = await c.post('/lk/v1/auth/login', { merchantId, password: PASSWORD }).expect(403);
    expect(noPassword.body.responseCode).toBe('616');

    const set = await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(200);
    expect(set.body).toMatchObject({ merchantId, result: 'PASSWORD_SET', accountStatus: 'ACTIVE' });
    const again = await c.post('/lk/v1/auth/set-password', { token, password: 'Another2026pass' }).expect(410);
    expect(again.body).toMatchObject({ responseCode: '613', responseMessage: expect.stringContaining('already used') });

    await c.post('/lk/v1/auth/login', { merchantId, password: PASSWORD }).expect(200);
    const wrong = await c.post('/lk/v1/auth/login', { merchantId, password: 'Another2026pass' }).expect(401);
    expect(wrong.body.responseCode).toBe('617');
    const view = await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200);
    expect(view.body).toMatchObject({ accountStatus: 'ACTIVE', setPasswordLink: { status: 'USED' } });

    const stored = (await c.state()).merchants[merchantId]!.admin;
    expect(stored.passwordHash).toMatch(/^scrypt\$1024\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(JSON.stringify(await c.state())).not.toContain(PASSWORD);
  });

  it('LKF-01: a merchant arriving from GIS ES (event) is invited too', async () => {
    const world = await startSandbox({ validateResponses: true });
    try {
      const c = new FesClient(world, 'lkf01-gis');
      await c.admin.reset({ demo: true });
      const fromGis = Object.values((await c.state()).merchants).find((m) => m.source === 'GIS')!;
      const admin = await c.get(`/lk/v1/merchants/${fromGis.id}/admin`).expect(200);
      expect(admin.body).toMatchObject({ accountStatus: 'INVITED', setPasswordLink: { purpose: 'INVITE', status: 'VALID' } });
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
    expect(r.body).toMatchObject({ responseCode: '612', code: 'FES_SET_PASSWORD_LINK_EXPIRED', hint: expect.stringContaining('forgot-password') });
    expect(await c.businessState()).toEqual(before);
    const view = await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200);
    expect(view.body).toMatchObject({ accountStatus: 'INVITED', setPasswordLink: { status: 'EXPIRED' } });
  });

  it('LKF-01: a password hashed before hashes recorded their scrypt cost (an older snapshot) still logs in', async () => {
    const c = new FesClient(sb, 'lkf01-older-hash');
    const { merchantId, token } = await invitedMerchant(c, 'M-OLD');
    await c.post('/lk/v1/auth/set-password', { token, password: 'Placeholder2026' }).expect(200);
    const salt = '00112233445566778899aabbccddeeff';
    const olderHash = `scrypt$${salt}$${scryptSync(PASSWORD, Buffer.from(salt, 'hex'), 32).toString('hex')}`;
    const snapshot = await c.admin.snapshot();
    (snapshot.simulators.fes as { merchants: Record<string, { admin: { passwordHash: string } }> }).merchants[merchantId]!.admin.passwordHash = olderHash;
    await c.admin.restore(snapshot);

    await c.post('/lk/v1/auth/login', { merchantId, password: PASSWORD }).expect(200);
    const wrong = await c.post('/lk/v1/auth/login', { merchantId, password: 'Placeholder2026' }).expect(401);
    expect(wrong.body.responseCode).toBe('617');
  });

  it('LKF-01: a password lives 2 months; then login is refused until a new one is set via forgot-password', async () => {
    const c = new FesClient(sb, 'lkf01-pwd');
    const { merchantId, token } = await invitedMerchant(c);
    const set = await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(200);
    const setAt = Date.parse((await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200)).body.passwordSetAt);
    const expiresAt = Date.parse(set.body.passwordExpiresAt);
    const twoMonths = new Date(setAt); twoMonths.setUTCMonth(twoMonths.getUTCMonth() + 2);
    expect(expiresAt).toBe(twoMonths.getTime());

    // The virtual clock runs on from real time: step to a minute before expiry, then past it.
    await c.admin.advanceClock(expiresAt - (await c.now()) - 60_000);
    await c.post('/lk/v1/auth/login', { merchantId, password: PASSWORD }).expect(200);
    await c.admin.advanceClock(2 * 60_000);
    const expired = await c.post('/lk/v1/auth/login', { merchantId, password: PASSWORD }).expect(403);
    expect(expired.body).toMatchObject({ responseCode: '618', code: 'FES_PASSWORD_EXPIRED' });
    expect((await c.get(`/lk/v1/merchants/${merchantId}/admin`).expect(200)).body.accountStatus).toBe('PASSWORD_EXPIRED');

    const reset = await c.post('/lk/v1/auth/forgot-password', { merchantId }).expect(200);
    await c.post('/lk/v1/auth/set-password', { token: reset.body.setPasswordLink.setPasswordToken, password: 'Renewed2027pass' }).expect(200);
    await c.post('/lk/v1/auth/login', { merchantId, password: 'Renewed2027pass' }).expect(200);
    await c.post('/lk/v1/auth/login', { merchantId, password: PASSWORD }).expect(401);
  });

  it('LKF-01: forgot-password sends a new link and kills the old one at once', async () => {
    const c = new FesClient(sb, 'lkf01-reset');
    const { merchantId, token: oldToken } = await invitedMerchant(c);
    const reset = await c.post('/lk/v1/auth/forgot-password', { merchantId }).expect(200);
    const newToken = reset.body.setPasswordLink.setPasswordToken as string;
    expect(newToken).not.toBe(oldToken);
    expect(reset.body).toMatchObject({ accountStatus: 'INVITED', setPasswordLink: { purpose: 'RESET', status: 'VALID' } });

    const old = await c.post('/lk/v1/auth/set-password', { token: oldToken, password: PASSWORD }).expect(410);
    expect(old.body).toMatchObject({ responseCode: '614', code: 'FES_SET_PASSWORD_LINK_REPLACED' });
    await c.post('/lk/v1/auth/set-password', { token: newToken, password: PASSWORD }).expect(200);
    await c.post('/lk/v1/auth/login', { merchantId, password: PASSWORD }).expect(200);

    // A reset of an ACTIVE account: the current password works until the new one is set.
    const second = await c.post('/lk/v1/auth/forgot-password', { merchantId }).expect(200);
    expect(second.body.accountStatus).toBe('ACTIVE');
    await c.post('/lk/v1/auth/login', { merchantId, password: PASSWORD }).expect(200);
  });

  it('LKF-01: bad input gets a clear 4xx in the FES format and changes nothing', async () => {
    const c = new FesClient(sb, 'lkf01-bad');
    const { merchantId, token } = await invitedMerchant(c);
    const before = await c.businessState();
    const cases: Array<[string, unknown, number, string]> = [
      ['/lk/v1/auth/set-password', { token, password: 'short1' }, 422, '615'],
      ['/lk/v1/auth/set-password', { token, password: 'onlyletters' }, 422, '615'],
      ['/lk/v1/auth/set-password', { token, password: '1234567890' }, 422, '615'],
      ['/lk/v1/auth/set-password', { token, password: 'x'.repeat(129) + '1' }, 400, '300'],
      ['/lk/v1/auth/set-password', { token: 'no-such-token', password: PASSWORD }, 404, '611'],
      ['/lk/v1/auth/set-password', { token: '__proto__', password: PASSWORD }, 404, '611'],
      ['/lk/v1/auth/set-password', { password: PASSWORD }, 400, '300'],
      ['/lk/v1/auth/login', { merchantId: 'M-NONE', password: PASSWORD }, 404, '601'],
      ['/lk/v1/auth/login', { merchantId, password: 42 }, 400, '300'],
      ['/lk/v1/auth/forgot-password', { merchantId: 'M-NONE' }, 404, '601'],
      ['/lk/v1/auth/forgot-password', { merchantId, extra: 1 }, 400, '300'],
    ];
    for (const [path, body, status, responseCode] of cases) {
      const r = await c.post(path, body);
      expect({ path, body, status: r.status, responseCode: r.body.responseCode }).toEqual({ path, body, status, responseCode });
    }
    const malformed = await c.post('/lk/v1/auth/login').set('content-type', 'application/json').send('{"merchantId":');
    expect(malformed.status).toBe(400);
    expect(await c.businessState()).toEqual(before);
    await c.get('/lk/v1/merchants/M-NONE/admin').expect(404);

    await c.post(`/lk/v1/merchants/${merchantId}/block`).expect(200);
    const blocked = await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(409);
    expect(blocked.body.responseCode).toBe('609');
  });

  it('LKF-01: the link token, its URL and passwords never appear in clear in the journal', async () => {
    const c = new FesClient(sb, 'lkf01-journal');
    const { merchantId, token } = await invitedMerchant(c);
    await c.post('/lk/v1/auth/set-password', { token, password: PASSWORD }).expect(200);
    await c.post('/lk/v1/auth/login', { merchantId, password: PASSWORD }).expect(200);
    await c.post('/lk/v1/auth/login', { merchantId, password: 'Wrong2026pass' }).expect(401);
    await c.post('/lk/v1/auth/set-password', { token, password: 'short' }).expect(410);
    const journal = JSON.stringify(await c.admin.journal());
    expect(journal).toContain('/lk/v1/auth/set-password');
    expect(journal).toContain(`****${token.slice(-4)}`);
    for (const secret of [token, PASSWORD, 'Wrong2026pass']) expect(journal).not.toContain(secret);
  });
});
