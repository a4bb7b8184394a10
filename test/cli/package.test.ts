// What `npm install poligon` users import: `poligon` and `poligon/testcontainers` through package.json's
// exports map (Node's self-reference), from the built dist/bundle (scripts/bundle.mjs: the start-up
// bundle, with ajv and commander inside it), not from the sources. One fresh node process, as a user's
// test suite would run, imports both and prints what each check needs; the tests read its output.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, userEnv } from './support.js';

const consumer = `
import { startSandbox, builtinSimulators, AdminClient } from 'poligon';
import { PoligonContainer, DEFAULT_IMAGE } from 'poligon/testcontainers';
const sandbox = await startSandbox();
const health = await sandbox.admin.health();
const sign = builtinSimulators.find((s) => s.name === 'fes').clientAuth['fes-mac'];
const demo = { apiKey: 'demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f', macKey: 'demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f', cashRegisterId: 'CR-DEMO-0001' };
const echo = async (body) => {
  const headers = sign({ method: 'POST', path: '/api/v1/echo', body, params: demo, now: Date.now() });
  const res = await fetch(sandbox.urls.fes + '/api/v1/echo', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: await res.json() };
};
const good = await echo(JSON.stringify({ requestId: '5f0c7d1e-9a2b-4c3d-8e4f-1a2b3c4d5e6f', echoData: 'ping' }));
const bad = await echo(JSON.stringify({ requestId: '5f0c7d1e-9a2b-4c3d-8e4f-1a2b3c4d5e6f', echoData: 42 }));
await sandbox.stop();
console.log(JSON.stringify({ health, good, bad, adminClient: typeof AdminClient, container: typeof PoligonContainer, image: DEFAULT_IMAGE }));
`;

let run: { status: number | null; stderr: string; out: Record<string, any> };
beforeAll(async () => {
  await ensureBuilt();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', consumer], { cwd: ROOT, env: userEnv(), encoding: 'utf8', timeout: 60_000 });
  run = { status: r.status, stderr: r.stderr, out: r.status === 0 ? JSON.parse(r.stdout) : {} };
}, 120_000);

describe('package exports', () => {
  it('the consumer ran from dist without a word on stderr', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it("import { startSandbox } from 'poligon' starts a sandbox that answers health; AdminClient comes with it", () => {
    expect(run.out).toMatchObject({ health: { status: 'ok', simulators: ['gis', 'fes', 'ecs'] }, adminClient: 'function' });
  });

  it("its FES validates a signed echo and answers result.code 0, then refuses a bad body in its own format", () => {
    expect(run.out.good).toMatchObject({ status: 200, body: { result: { code: 0 }, echoData: 'ping', cashRegisterId: 'CR-DEMO-0001' } });
    expect(run.out.bad.status).toBe(400);
    expect(run.out.bad.body.result.code).toBe(300);
  });

  it("'poligon/testcontainers' loads from the bundle next to 'poligon' (testcontainers itself stays the user's own)", () => {
    expect(run.out).toMatchObject({ container: 'function', image: 'ghcr.io/poligon-sandbox/poligon:0.1.0' });
  });
});
