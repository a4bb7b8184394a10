// The FES transport is the protocol profile's: under the shipped modeled profile and under the
// hand-written example (other paths, headers, timestamp, MAC layout and codes) the same FES checks and
// every pack that uses FES pass (fes-certification, sandbox-smoke, e2e-sale, lk-fes-access, gis-es-onboarding). The wire expectations below are typed from the profile files
// and computed with node:crypto apart from the sandbox's signer.
import { execFile } from 'node:child_process';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { PROFILES_DIR } from '../../simulators/fes/profile.js';
import { DEMO } from '../../simulators/fes/protocol.js';
import { notPassed, runWithReferenceClient, shippedPack } from '../packs/helpers.js';

interface WireCase {
  file: string;
  echo: { method: string; path: string };
  preAuthPurchase: { method: string; path: string };
  headers: { apiKey: string; cashRegisterId: string; timestamp: string; mac: string; requestId?: string };
  /** The timestamp header's text and the MAC, as the profile's text describes them. */
  sign(ts: number, method: string, path: string, body: string): { timestamp: string; mac: string };
  code: { MAC_INVALID: number; REPLAYED: number; TIMESTAMP_OUT_OF_WINDOW: number; TRU_INVALID: number; API_KEY_UNKNOWN: number };
  /** MAC_INVALID's result.description when the profile fixes it (else the sandbox explains). */
  macInvalidDescription?: string;
  /** The wire names of the fields these tests send and read (fields:, else the record's). */
  field: { echoData: string; panHash: string; items: string };
}

/** The packs that call or await FES (the ECS packs do not). */
const FES_PACKS = ['fes-certification', 'sandbox-smoke', 'e2e-sale', 'lk-fes-access', 'gis-es-onboarding'] as const;

const sha256 = (s: string) => createHash('sha256').update(s);

const PROFILES: Array<[string, WireCase]> = [
  ['modeled', {
    file: join(PROFILES_DIR, 'modeled.yaml'),
    echo: { method: 'POST', path: '/api/v1/echo' },
    preAuthPurchase: { method: 'POST', path: '/api/v1/preauth/purchase' },
    headers: { apiKey: 'X-FES-Api-Key', cashRegisterId: 'X-FES-Cash-Register-Id', timestamp: 'X-FES-Timestamp', mac: 'X-FES-MAC' },
    sign: (ts, method, path, body) => {
      const timestamp = new Date(ts).toISOString();
      return { timestamp, mac: createHmac('sha256', DEMO.macKey).update(`${method}\n${path}\n${timestamp}\n${sha256(body).digest('hex')}`).digest('hex') };
    },
    code: { MAC_INVALID: 108, REPLAYED: 109, TIMESTAMP_OUT_OF_WINDOW: 107, TRU_INVALID: 310, API_KEY_UNKNOWN: 102 },
    field: { echoData: 'echoData', panHash: 'panHash', items: 'items' },
  }],
  ['example-vendor', {
    file: join(PROFILES_DIR, 'example-vendor.yaml'),
    echo: { method: 'POST', path: '/fes/v2/ping' },
    preAuthPurchase: { method: 'POST', path: '/fes/v2/purchase/pre-auth' },
    headers: { apiKey: 'X-Vendor-Api-Key', cashRegisterId: 'X-Terminal-Id', timestamp: 'X-Request-Time', mac: 'X-Signature', requestId: 'X-Request-Id' },
    sign: (ts, method, path, body) => {
      const timestamp = String(ts);
      return { timestamp, mac: createHmac('sha512', DEMO.macKey).update(`${timestamp}|${method}|${path}|${DEMO.cashRegisterId}|${sha256(body).digest('base64')}`).digest('base64') };
    },
    code: { MAC_INVALID: 5108, REPLAYED: 5109, TIMESTAMP_OUT_OF_WINDOW: 5107, TRU_INVALID: 5310, API_KEY_UNKNOWN: 5102 },
    macInvalidDescription: 'Signature mismatch',
    field: { echoData: 'message', panHash: 'panSha256', items: 'positions' },
  }],
];

describe.each(PROFILES)('FES under the %s profile', (name, wire) => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ simulators: ['gis', 'fes'], simulatorOptions: { fes: { profile: wire.file } } });
  });
  afterAll(() => sb?.stop());

  const now = async () => Date.parse((await sb.admin.clock()).now);
  const send = async (op: { method: string; path: string }, body: string, at?: number, tamper?: (h: Record<string, string>) => void) => {
    const signed = wire.sign(at ?? await now(), op.method, op.path, body);
    const headers: Record<string, string> = {
      'content-type': 'application/json', [wire.headers.apiKey]: DEMO.apiKey, [wire.headers.cashRegisterId]: DEMO.cashRegisterId,
      [wire.headers.timestamp]: signed.timestamp, [wire.headers.mac]: signed.mac,
    };
    if (wire.headers.requestId) headers[wire.headers.requestId] = (JSON.parse(body) as { requestId: string }).requestId;
    tamper?.(headers);
    const res = await fetch(`${sb.urls.fes}${op.path}`, { method: op.method, headers, body });
    return { status: res.status, body: await res.json() as { result: { code: number; description: string }; detail?: string } & Record<string, unknown> };
  };
  const echoBody = () => JSON.stringify({ requestId: randomUUID(), [wire.field.echoData]: name });

  it('FES-01: echo at the profile\'s path, signed as the profile says, answers result.code 0', async () => {
    const r = await send(wire.echo, echoBody());
    expect(r).toMatchObject({ status: 200, body: { result: { code: 0 }, [wire.field.echoData]: name } });
  });

  it('FES-03: a wrong MAC, a replay and a stale timestamp get the profile\'s codes', async () => {
    expect((await send(wire.echo, echoBody(), undefined, (h) => { h[wire.headers.mac] = wire.sign(0, 'POST', '/other', '{}').mac; })).body.result.code).toBe(wire.code.MAC_INVALID);
    const body = echoBody();
    const at = await now();
    expect((await send(wire.echo, body, at)).status).toBe(200);
    expect((await send(wire.echo, body, at)).body.result.code).toBe(wire.code.REPLAYED);
    expect((await send(wire.echo, echoBody(), at - 60 * 60_000)).body.result.code).toBe(wire.code.TIMESTAMP_OUT_OF_WINDOW);
  });

  it('a refusal\'s result.description is the profile\'s text where it fixes one, the sandbox\'s explanation then in detail', async () => {
    const r = await send(wire.echo, echoBody(), undefined, (h) => { h[wire.headers.mac] = wire.sign(0, 'POST', '/other', '{}').mac; });
    if (wire.macInvalidDescription) {
      expect(r.body.result.description).toBe(wire.macInvalidDescription);
      expect(r.body.detail).toMatch(/MAC/);
    } else {
      expect(r.body.result.description).toMatch(/MAC/);
      expect(r.body).not.toHaveProperty('detail');
    }
  });

  it('the request id: in the body under the modeled profile; in the profile\'s header under example-vendor (required there, the body may lack it)', async () => {
    const id = randomUUID();
    if (wire.headers.requestId) {
      const missing = await send(wire.echo, JSON.stringify({ requestId: id }), undefined, (h) => { delete h[wire.headers.requestId!]; });
      expect(missing).toMatchObject({ status: 400, body: { result: { code: 5105 } } });
      const headerOnly = await send(wire.echo, JSON.stringify({ [wire.field.echoData]: 'id in the header' }), undefined, (h) => { h[wire.headers.requestId!] = id; });
      expect(headerOnly).toMatchObject({ status: 200, body: { result: { code: 0 }, [wire.field.echoData]: 'id in the header' } });
    } else {
      const r = await send(wire.echo, JSON.stringify({ requestId: id }), undefined, (h) => { h['X-Request-Id'] = 'not-a-uuid'; });
      expect(r).toMatchObject({ status: 200, body: { result: { code: 0 } } });
    }
  });

  it('FES-02, TRU-01: an unknown API KEY and a bad TRU code get the profile\'s codes', async () => {
    expect((await send(wire.echo, echoBody(), undefined, (h) => { h[wire.headers.apiKey] = 'no-such-key'; })).body.result.code).toBe(wire.code.API_KEY_UNKNOWN);
    const basket = JSON.stringify({ requestId: randomUUID(), [wire.field.panHash]: sha256('2200123456789019').digest('hex'), [wire.field.items]: [{ articleNumber: 1, truCode: '300126010.000000001', count: 1, price: 100 }] });
    expect((await send(wire.preAuthPurchase, basket)).body.result.code).toBe(wire.code.TRU_INVALID);
  });

  it('the demo world\'s curl hint (bash, openssl, curl) signs an echo as the profile says: result.code 0', async () => {
    const { sections } = await (await fetch(`${sb.url}/__admin/demo`)).json() as { sections: Array<{ title: string; lines: Array<[string, string]> }> };
    const hint = Object.fromEntries(sections.find((s) => s.title.startsWith('FES'))!.lines)['curl hint']!;
    // asynchronously: the sandbox answering curl runs in this process
    const answer = await promisify(execFile)('bash', ['-c', hint], { encoding: 'utf8', timeout: 15_000 });
    expect(answer.stdout).toMatch(/^\{"result":\{"code":0,/);
  });

  it('the other profile\'s path is not an operation here', async () => {
    const other = PROFILES.find(([n]) => n !== name)![1];
    expect((await fetch(`${sb.urls.fes}${other.echo.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
  });

  it('the OpenAPI document lists the profile\'s paths, names its headers and its body fields', async () => {
    const doc = await (await fetch(`${sb.url}/openapi/fes.json`)).json() as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties: object }>; securitySchemes: Record<string, { name: string; description: string }> } };
    expect(Object.keys(doc.paths)).toContain(wire.echo.path);
    expect(Object.keys(doc.components.schemas['fes.preauth-purchase.request']!.properties)).toEqual(['requestId', wire.field.panHash, 'par', wire.field.items]);
    expect(doc.components.securitySchemes['fes-mac']!.name).toBe(wire.headers.apiKey);
    expect(doc.components.securitySchemes['fes-mac']!.description).toContain(wire.headers.mac);
  });

  it('every FES-using pack passes: fes-certification (the reference cash register set up from the sandbox\'s profile) and the client-mode packs, whose FES calls name operations', async () => {
    const report = await runWithReferenceClient(FES_PACKS.map((id) => shippedPack(id)), { sandbox: { simulatorOptions: { fes: { profile: wire.file } } }, packsSideBySide: true });
    expect(report.packs.map((p) => p.id)).toEqual([...FES_PACKS]);
    expect(report.packs[0]!.cases.length).toBeGreaterThan(20);
    expect(notPassed(report)).toEqual([]);
    expect(report.wireProfiles?.fes?.name).toBe(name);
  }, 240_000);
});

describe('a profile whose header names do not start with X-', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'poligon-profile-')), 'no-x.yaml');
  writeFileSync(file, readFileSync(join(PROFILES_DIR, 'example-vendor.yaml'), 'utf8')
    .replace('name: example-vendor', 'name: no-x-headers')
    .replace('cashRegisterId: X-Terminal-Id', 'cashRegisterId: Terminal-Id')
    .replace('timestamp: X-Request-Time', 'timestamp: Request-Time'));

  it('the journal keeps them, so await steps judge them (sandbox-smoke checks the касса and timestamp headers of the echo it awaits)', async () => {
    const report = await runWithReferenceClient([shippedPack('sandbox-smoke')], { sandbox: { simulatorOptions: { fes: { profile: file } } } });
    expect(notPassed(report)).toEqual([]);
    const awaited = report.packs[0]!.cases[0]!.steps[1]!;
    expect(awaited.checks?.filter((c) => c.in === 'request' && ['header terminal-id', 'header request-time'].includes(c.at)).map((c) => `${c.at} ${c.verdict}`)).toEqual(['header terminal-id passed', 'header request-time passed']);
  });
});
