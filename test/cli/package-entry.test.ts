// What `npm install poligon` users import: the package's entry points, built into dist/bundle by
// scripts/bundle.mjs (the start-up bundle, with ajv and commander inside it). Run in a fresh node
// process, as a user's test suite would.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, userEnv } from './support.js';

beforeAll(ensureBuilt, 120_000);

function runModule(source: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: ROOT, env: userEnv(), encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the package entry points', () => {
  it("import 'poligon' starts a sandbox whose FES validates a signed echo and answers result.code 0, then refuses a bad body in its own format", () => {
    const r = runModule(`
      import { startSandbox, builtinSimulators } from 'poligon';
      const sandbox = await startSandbox();
      const sign = builtinSimulators.find((s) => s.name === 'fes').clientAuth['fes-mac'];
      const demo = { apiKey: 'demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f', macKey: 'demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f', cashRegisterId: 'CR-DEMO-0001' };
      const echo = async (body) => {
        const headers = sign({ method: 'POST', path: '/api/v1/echo', body, params: demo, now: Date.now() });
        const res = await fetch(sandbox.urls.fes + '/api/v1/echo', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        return { status: res.status, body: await res.json() };
      };
      const good = await echo(JSON.stringify({ requestId: '5f0c7d1e-9a2b-4c3d-8e4f-1a2b3c4d5e6f', echoData: 'ping' }));
      const bad = await echo(JSON.stringify({ requestId: '5f0c7d1e-9a2b-4c3d-8e4f-1a2b3c4d5e6f', echoData: 42 }));
      console.log(JSON.stringify({ good, bad }));
      await sandbox.stop();
    `);
    expect(r.stderr).toBe('');
    const { good, bad } = JSON.parse(r.stdout);
    expect(good).toMatchObject({ status: 200, body: { result: { code: 0 }, echoData: 'ping', cashRegisterId: 'CR-DEMO-0001' } });
    expect(bad.status).toBe(400);
    expect(bad.body.result.code).toBe(300);
  });

  it("'poligon/testcontainers' loads from the bundle next to 'poligon' (testcontainers itself stays the user's own)", () => {
    const r = runModule(`
      import { PoligonContainer } from 'poligon/testcontainers';
      import { AdminClient } from 'poligon';
      console.log(JSON.stringify({ container: typeof PoligonContainer, client: typeof AdminClient }));
    `);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ container: 'function', client: 'function' });
  });
});
