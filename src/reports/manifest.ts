// manifest.json: the SHA-256 of every report file of a run, signed with the runner's Ed25519 key
// (signing.ts), so that anyone can check with one command (`poligon report verify <dir>`) that no file
// was changed, removed or added after the run, and — given the public key they trust — who signed it.
// A re-rendered folder's manifest names its source run and is signed as a re-render.
import { createHash, createPublicKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fingerprintOf, signatureHolds, type Signer } from './signing.js';

export const MANIFEST = 'manifest.json';
export const MANIFEST_FORMAT = 'poligon-manifest/2';

export interface RerenderSource {
  /** The source run folder, relative to the re-rendered one. */
  dir: string;
  runId: string;
  /** SHA-256 of the source's manifest.json and run.json when it was re-rendered. */
  manifestSha256: string;
  runJsonSha256: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  runId: string;
  /** `run`: written by the run itself; `rerender`: rendered again from a run's run.json (see source). */
  kind: 'run' | 'rerender';
  source?: RerenderSource;
  algorithm: 'sha256';
  createdAt: string;
  files: Record<string, string>;
  signature?: { algorithm: 'ed25519'; publicKey: string; fingerprint: string; value: string };
}

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
export const sha256File = (path: string) => sha256(readFileSync(path));

/** The bytes a signature covers: the manifest without its signature, keys sorted at every level. */
function signedBytes(manifest: Manifest): Buffer {
  const canonical = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
    : v);
  const { signature: _signature, ...rest } = manifest;
  return Buffer.from(JSON.stringify(canonical(rest)));
}

export function writeManifest(dir: string, runId: string, signer: Signer, source?: RerenderSource): Manifest {
  const files = Object.fromEntries(readdirSync(dir).filter((f) => f !== MANIFEST).sort().map((f) => [f, sha256File(join(dir, f))]));
  const manifest: Manifest = {
    format: MANIFEST_FORMAT, runId, kind: source ? 'rerender' : 'run', ...(source ? { source } : {}), algorithm: 'sha256', createdAt: new Date().toISOString(), files,
  };
  manifest.signature = { algorithm: 'ed25519', publicKey: signer.publicKeyPem, fingerprint: signer.fingerprint, value: signer.sign(signedBytes(manifest)) };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: string[];
  /** Fingerprint of the key that signed the manifest (when the signature holds). */
  signedBy?: string;
  kind?: Manifest['kind'];
  source?: RerenderSource;
}

/** Checks every file's hash and the signature (against `publicKeyPem` when given); a re-render's source too, when it is there. */
export function verifyManifest(dir: string, options: { publicKeyPem?: string } = {}): VerifyResult {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { ok: false, checked: 0, problems: [`${dir}: no such folder`] };
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return { ok: false, checked: 0, problems: [`${MANIFEST}: missing`] };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    return { ok: false, checked: 0, problems: [`${MANIFEST}: not valid JSON: ${(e as Error).message}`] };
  }
  const problems: string[] = [];
  const files = manifest.files ?? {};
  for (const [file, hash] of Object.entries(files)) {
    const full = join(dir, file);
    if (!existsSync(full)) problems.push(`${file}: missing`);
    else if (sha256File(full) !== hash) problems.push(`${file}: modified (SHA-256 ${sha256File(full)} ≠ ${hash})`);
  }
  for (const file of readdirSync(dir)) {
    if (file !== MANIFEST && !(file in files)) problems.push(`${file}: not in the manifest (added after the run)`);
  }
  let signedBy: string | undefined;
  const sig = manifest.signature;
  if (manifest.format !== MANIFEST_FORMAT || !sig) problems.push(`${MANIFEST}: not signed (format ${JSON.stringify(manifest.format)})`);
  else if (!signatureHolds(signedBytes(manifest), sig.value, sig.publicKey) || fingerprintOf(createPublicKey(sig.publicKey)) !== sig.fingerprint) {
    problems.push(`${MANIFEST}: the signature does not match its content (the manifest was changed after it was signed)`);
  } else {
    signedBy = sig.fingerprint;
    if (options.publicKeyPem) {
      const trusted = fingerprintOf(createPublicKey(options.publicKeyPem));
      if (trusted !== sig.fingerprint) problems.push(`${MANIFEST}: signed by key ${sig.fingerprint}, not by the given public key ${trusted}`);
    }
  }
  if (manifest.source) {
    const sourceDir = resolve(dir, manifest.source.dir);
    if (existsSync(sourceDir)) {
      const source = verifyManifest(sourceDir, options);
      problems.push(...source.problems.map((p) => `source run ${manifest.source!.dir}: ${p}`));
      for (const [file, recorded] of [[MANIFEST, manifest.source.manifestSha256], ['run.json', manifest.source.runJsonSha256]] as const) {
        const full = join(sourceDir, file);
        if (existsSync(full) && sha256File(full) !== recorded) problems.push(`source run ${manifest.source.dir}: ${file}: not the one this folder was rendered from`);
      }
    }
  }
  return { ok: problems.length === 0, checked: Object.keys(files).length, problems, ...(signedBy ? { signedBy } : {}), kind: manifest.kind, ...(manifest.source ? { source: manifest.source } : {}) };
}
