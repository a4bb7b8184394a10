// Ids are keys of plain-object records: ones naming Object.prototype members must be unknown ids (404),
// not a crash (500), in every place a client can send one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { DEFAULT_NSPK_ADMIN } from '../../simulators/fes/protocol.js';

let sb: Sandbox;
/** The NSPK administrator's LK session: it may look at every merchant and касса. */
let nspk: string;
beforeAll(async () => {
  sb = await startSandbox({ validateResponses: true });
  const login = await fetch(`${sb.urls.fes}/lk/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEFAULT_NSPK_ADMIN) });
  nspk = ((await login.json()) as { sessionToken: string }).sessionToken;
});
afterAll(() => sb.stop());

it.each([
  '/fes/lk/v1/merchants/__proto__',
  '/fes/lk/v1/merchants/constructor',
  '/fes/lk/v1/cash-registers/constructor',
  '/fes/lk/v1/cash-registers/__proto__',
])('GET %s is an unknown id in the FES error format', async (path) => {
  const res = await fetch(sb.url + path, { headers: { authorization: `Bearer ${nspk}` } });
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ result: { code: expect.any(Number) } });
});

it('FES-02: an X-FES-Cash-Register-Id naming a prototype member is an unknown касса', async () => {
  const demo = sb.demoSections().flatMap((s) => s.lines);
  const apiKey = demo.find(([label]) => /API KEY/i.test(label))![1];
  const res = await fetch(`${sb.urls.fes}/api/v1/echo`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', 'x-fes-api-key': apiKey, 'x-fes-cash-register-id': '__proto__',
      'x-fes-timestamp': new Date().toISOString(), 'x-fes-mac': 'a'.repeat(64),
    },
    body: '{}',
  });
  expect(res.status).toBe(401);
  expect(((await res.json()) as { code: string }).code).toBe('FES_CASH_REGISTER_UNKNOWN');
});
