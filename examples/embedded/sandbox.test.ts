// Poligon embedded in a vitest suite: one sandbox for the file, a clean world before each test.
// Copy into your project (npm install --save-dev poligon); here it runs as part of Poligon's own
// unit tests, so it stays true.
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
  it('finds the demo касса credentials to configure itself with', () => {
    const fes = sandbox.demo().find((section) => section.title.startsWith('FES'));
    const labels = fes?.lines.map(([label]) => label);
    expect(labels).toEqual(expect.arrayContaining(['API KEY', 'MAC KEY', 'касса ID']));
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
