// Poligon embedded in a vitest suite: one sandbox for the file, a clean world before each test.
// Copy into your project (`npm install --save-dev poligon vitest`; poligon is an ES module package:
// import it from an ES module, e.g. a .mjs/.mts file or "type": "module", or with `await import('poligon')`
// from CommonJS). Here it runs as part of Poligon's own unit tests, so it stays true.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from 'poligon';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ simulators: ['fes', 'gis'], seed: 'my-suite' });
  // point your system under test at sandbox.urls.fes, sandbox.urls.gis …
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.admin.reset()); // back to the demo world, clock and journal cleared

describe('my cash register against FES NSPK', () => {
  it('configures itself with the demo касса credentials, typed', () => {
    const { apiKey, macKey, cashRegisterId, baseUrl } = sandbox.demo().fes!;
    expect({ apiKey, macKey, cashRegisterId, baseUrl }).toEqual({
      apiKey: expect.stringMatching(/^demo-api-key-/), macKey: expect.stringMatching(/^demo-mac-key-/), cashRegisterId: 'CR-DEMO-0001', baseUrl: sandbox.urls.fes,
    });
  });

  it('sends a signed echo (signed with the sandbox\'s virtual time, so it passes after advanceClock too)', async () => {
    await sandbox.admin.advanceClock('1d');
    const res = await sandbox.fes!.post('/api/v1/echo', { requestId: crypto.randomUUID(), echoData: 'hello' });
    expect(await res.json()).toMatchObject({ result: { code: 0 }, echoData: 'hello' });
    // or only the headers, for your own HTTP client: await sandbox.fes!.sign('POST', '/api/v1/echo', body)
  });

  it('sees a failure the sandbox was told to inject', async () => {
    await sandbox.admin.addFault({ operation: 'fes.*', kind: 'error', status: 503, times: 1 });
    const res = await fetch(`${sandbox.urls.fes}/api/v1/echo`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(503);
  });

  it('moves the virtual clock instead of waiting', async () => {
    const before = Date.parse((await sandbox.admin.clock()).now);
    await sandbox.admin.advanceClock('2h');
    expect(Date.parse((await sandbox.admin.clock()).now) - before).toBeGreaterThanOrEqual(2 * 3600_000);
  });
});
