// Masking secrets in text that could not be parsed (forms, query strings, broken JSON), by name:
// expected strings typed by hand.
import { describe, expect, it } from 'vitest';
import { GENERIC_SECRET_NAMES, SecretNames, SecretValues, collectSecretValues, maskQueryString, maskText } from '../../src/engine/secrets.js';

describe('masking name=value pairs', () => {
  it('masks a secret-named value wherever the pair starts: text start, after &, ?, = or a space', () => {
    expect(maskQueryString('grant_type=client_credentials&client_secret=s3cr3t-value-42', GENERIC_SECRET_NAMES)).toBe('grant_type=client_credentials&client_secret=****e-42');
    expect(maskQueryString('/connect/token?access_token=abcdefghijklmnop', GENERIC_SECRET_NAMES)).toBe('/connect/token?access_token=****mnop');
    expect(maskQueryString('sent password=correct-horse-battery', GENERIC_SECRET_NAMES)).toBe('sent password=****tery');
    expect(maskQueryString('x=token=abcdefghijkl', GENERIC_SECRET_NAMES)).toBe('x=token=abcdefghijkl'); // the value of x, not a pair of its own
    expect(maskQueryString('a=1&b=2', GENERIC_SECRET_NAMES)).toBe('a=1&b=2');
  });

  it('a name is the whole run before "=", not its tail', () => {
    expect(maskQueryString('notatoken=abcdefghijkl', GENERIC_SECRET_NAMES)).toBe('notatoken=****ijkl'); // ends in "token": a secret name
    expect(maskQueryString('tokens=abcdefghijkl', GENERIC_SECRET_NAMES)).toBe('tokens=abcdefghijkl');
  });

  it('text with no "=" at all, 25 KB nested JSON, comes back unchanged', () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    expect(maskText(deep, GENERIC_SECRET_NAMES)).toBe(deep);
    expect(maskQueryString(deep, GENERIC_SECRET_NAMES)).toBe(deep);
  });
});

describe('names that hold a secret and names that only speak of one', () => {
  it('masks apiKey, merchantApiKey, macKey, clientSecret, adminPassword; shows apiKeyStatus, macKeyLast4, passwordState', () => {
    const names = new SecretNames();
    for (const secret of ['apiKey', 'merchantApiKey', 'macKey', 'x-fes-mac', 'clientSecret', 'adminPassword', 'revokedApiKeys', 'linkToken']) expect(names.has(secret), secret).toBe(true);
    for (const shown of ['apiKeyStatus', 'apiKeyLast4', 'macKeyLast4', 'passwordState', 'cardLast4', 'status']) expect(names.has(shown), shown).toBe(false);
  });

  it('shows when a secret was set or stops working (a time, not the secret): passwordSetAt, passwordUsableFrom, passwordExpiresAt, token_expires_at', () => {
    const names = new SecretNames();
    for (const shown of ['passwordSetAt', 'passwordUsableFrom', 'passwordExpiresAt', 'token_expires_at']) expect(names.has(shown), shown).toBe(false);
    for (const secret of ['passwordHash', 'newPassword', 'access_token']) expect(names.has(secret), secret).toBe(true);
  });

  it('a time equal to when the demo password was set is not masked elsewhere (it is no secret value)', () => {
    const at = '2026-12-03T10:00:00.745Z';
    const values = new Set<string>();
    collectSecretValues({ admin: { passwordHash: 'scrypt$1024$0011$2233', passwordSetAt: at } }, new SecretNames(), values);
    expect([...values]).toEqual(['scrypt$1024$0011$2233']);
    expect(new SecretValues(values).replaceIn(`activeFrom ${at}`)).toBe(`activeFrom ${at}`);
  });
});
