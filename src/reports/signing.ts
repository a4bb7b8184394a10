// The key that signs a run's manifest: Ed25519 (node:crypto). Kept in the user's config folder
// (created on first use, readable only by its owner) or given as a PEM file (`--signing-key`). The
// reports print its public key and fingerprint; `poligon report verify DIR --public-key FILE` checks a
// folder against the key a certifier trusts.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Signer {
  /** Where the private key is kept. */
  keyFile: string;
  publicKeyPem: string;
  /** `SHA256:` and the hex SHA-256 of the public key's DER (SPKI) bytes. */
  fingerprint: string;
  sign(data: Buffer): string;
}

/** The user's config folder: $XDG_CONFIG_HOME, %APPDATA% on Windows, else ~/.config. */
export function configDir(): string {
  const base = process.env.XDG_CONFIG_HOME || (process.platform === 'win32' ? process.env.APPDATA : undefined) || join(homedir(), '.config');
  return join(base, 'poligon');
}

export const defaultKeyFile = () => join(configDir(), 'signing-key.pem');

export function fingerprintOf(publicKey: KeyObject): string {
  return `SHA256:${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/** The signer of `keyFile`; the default file is created on first use, a given one must exist. */
export function loadSigner(keyFile?: string): Signer {
  const file = keyFile ?? defaultKeyFile();
  if (!existsSync(file)) {
    if (keyFile) throw new SigningKeyError(`the signing key ${file} does not exist`);
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (e) {
    throw new SigningKeyError(`the signing key ${file} is not a PEM private key: ${(e as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`the signing key ${file} is ${privateKey.asymmetricKeyType}, not Ed25519`);
  const publicKey = createPublicKey(privateKey);
  return {
    keyFile: file,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
    sign: (data) => sign(null, data, privateKey).toString('base64'),
  };
}

/** Whether `signature` (base64) is `publicKeyPem`'s Ed25519 signature of `data`. */
export function signatureHolds(data: Buffer, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(null, data, createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
