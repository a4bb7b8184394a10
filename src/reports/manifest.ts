// manifest.json: the SHA-256 of every report file of a run, so that anyone can check with one command
// (`poligon report verify <dir>`) that no file was changed, removed or added after the run.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST = 'manifest.json';

export interface Manifest {
  format: 'poligon-manifest/1';
  runId: string;
  algorithm: 'sha256';
  createdAt: string;
  files: Record<string, string>;
}

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
export const sha256File = (path: string) => sha256(readFileSync(path));

export function writeManifest(dir: string, runId: string): Manifest {
  const files = Object.fromEntries(readdirSync(dir).filter((f) => f !== MANIFEST).sort().map((f) => [f, sha256File(join(dir, f))]));
  const manifest: Manifest = { format: 'poligon-manifest/1', runId, algorithm: 'sha256', createdAt: new Date().toISOString(), files };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: string[];
}

export function verifyManifest(dir: string): VerifyResult {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return { ok: false, checked: 0, problems: [`${path} does not exist`] };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    return { ok: false, checked: 0, problems: [`${MANIFEST} is not valid JSON: ${(e as Error).message}`] };
  }
  const problems: string[] = [];
  for (const [file, hash] of Object.entries(manifest.files ?? {})) {
    const full = join(dir, file);
    if (!existsSync(full)) problems.push(`${file}: missing`);
    else if (sha256File(full) !== hash) problems.push(`${file}: modified (SHA-256 ${sha256File(full)} ≠ ${hash})`);
  }
  for (const file of readdirSync(dir)) {
    if (file !== MANIFEST && !(file in (manifest.files ?? {}))) problems.push(`${file}: not in the manifest (added after the run)`);
  }
  return { ok: problems.length === 0, checked: Object.keys(manifest.files ?? {}).length, problems };
}
