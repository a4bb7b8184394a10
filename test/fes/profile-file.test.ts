// A FES profile is checked before anything is served: every problem is listed with file:line:column.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox.js';
import { PROFILES_DIR } from '../../simulators/fes/profile.js';
import { lineOf, problemsOf } from './profile-problems.js';

const modeled = readFileSync(join(PROFILES_DIR, 'modeled.yaml'), 'utf8');

describe('FES profile files', () => {
  it('the shipped profiles are valid', () => {
    expect(problemsOf(modeled)).toEqual([]);
    expect(problemsOf(readFileSync(join(PROFILES_DIR, 'example-vendor.yaml'), 'utf8'))).toEqual([]);
  });

  it('a MAC layout naming an unknown part, and two refusals the packs tell apart sharing a code, are refused at their lines', () => {
    const bad = modeled
      .replace('parts: [method, path, timestamp, bodySha256Hex]', 'parts: [method, path, nonce, bodySha256Hex]')
      .replace('REPLAYED: { status: 401, code: 109 }', 'REPLAYED: { status: 401, code: 108 }');
    expect(problemsOf(bad)).toEqual([
      `bad.yaml:${lineOf(bad, 'parts: [')}: unknown MAC part "nonce": must be equal to one of the allowed values: expected one of ["method","path","timestamp","apiKey","cashRegisterId","body","bodySha256Hex","bodySha256Base64"]`,
    ]);
    const sharedCode = modeled.replace('REPLAYED: { status: 401, code: 109 }', 'REPLAYED: { status: 401, code: 108 }');
    expect(problemsOf(sharedCode)).toEqual([
      `bad.yaml:${lineOf(sharedCode, 'REPLAYED:')}: code 108 is already MAC_INVALID's: cash software and the certification pack tell MAC_INVALID and REPLAYED apart by result.code`,
    ]);
  });

  it('every problem is listed, YAML syntax first of all', () => {
    expect(problemsOf('name: modeled\nheaders: { apiKey: X\n')).toEqual([expect.stringMatching(/^bad\.yaml:[23]: YAML: /)]);
    const several = modeled.replace('  mac: X-FES-MAC\n', '  mac: X-FES-Api-Key\n').replace('  echo: { method: POST, path: /api/v1/echo }', '  echo: { method: POST, path: /api/v1/receipts }')
      .replace(/  REGISTRY_TIMEOUT: .*\n/, '');
    expect(problemsOf(several)).toEqual([
      `bad.yaml:${lineOf(several, 'outcomes:')}: lacks the outcome REGISTRY_TIMEOUT: each refusal needs its status and code`,
      `bad.yaml:${lineOf(several, 'sendReceipt:')}: POST /api/v1/receipts is already echo's: one route, one operation`,
      `bad.yaml:${lineOf(several, '  mac: X-FES-Api-Key')}: header X-FES-Api-Key is already apiKey's (header names are case-insensitive)`,
    ]);
  });

  it('a sandbox given a bad profile does not start, and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fes-profile-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, modeled.replace('windowSeconds: 300', 'windowSeconds: 0'));
    await expect(startSandbox({ simulators: ['fes'], simulatorOptions: { fes: { profile: file } } }))
      .rejects.toThrow(new RegExp(`broken\\.yaml:${lineOf(modeled, 'windowSeconds')}:\\d+: /timestamp/windowSeconds: must be >= 1`));
  });
});
