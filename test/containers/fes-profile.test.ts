// withFesProfile: the Poligon image serves a FES protocol profile given as a file on the host (copied
// into the container, named by POLIGON_FES_PROFILE), and the started container's FES client signs as it
// says. Needs a container engine: see engine.ts (skipped with the reason outside CI, run in CI).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES_DIR, ProfileError } from '../../simulators/fes/profile.js';
import { PoligonContainer, type StartedPoligonContainer } from '../../src/testcontainers/index.js';
import { buildImage, IMAGE, NOT_RUN_REASON, skip } from './engine.js';

const EXAMPLE = join(PROFILES_DIR, 'example-vendor.yaml');

describe('withFesProfile refuses a bad profile before any container starts', () => {
  it('an unknown MAC part: refused with its file:line', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'poligon-tc-')), 'bad.yaml');
    writeFileSync(bad, readFileSync(EXAMPLE, 'utf8').replace('parts: [timestamp,', 'parts: [nonce,'));
    expect(() => new PoligonContainer(IMAGE).withFesProfile(bad)).toThrow(ProfileError);
    expect(() => new PoligonContainer(IMAGE).withFesProfile(bad)).toThrow(/bad\.yaml:\d+:\d+: \/mac\/parts\/0: unknown MAC part "nonce"/);
  });
});

describe.skipIf(skip)(`withFesProfile ${skip ? `— ${NOT_RUN_REASON}` : `(${IMAGE}, built from the Dockerfile)`}`, () => {
  let poligon: StartedPoligonContainer;
  beforeAll(async () => {
    await buildImage();
    poligon = await new PoligonContainer(IMAGE).withSimulators(['fes']).withFesProfile(EXAMPLE).start();
  }, 600_000);
  afterAll(() => poligon?.stop());

  it('the container serves the example-vendor profile: published, at its paths, and the container\'s FES client signs as it says', async () => {
    const published = await (await fetch(`${poligon.urls.fes}/control/v1/profile`)).json() as { name: string; modeled: boolean };
    expect(published).toMatchObject({ name: 'example-vendor', modeled: false });
    // paths and field names typed from example-vendor.yaml (echoData travels as "message")
    const echo = await poligon.fes!.post('/fes/v2/ping', { requestId: crypto.randomUUID(), message: 'container' });
    expect(echo.status).toBe(200);
    expect(await echo.json()).toMatchObject({ result: { code: 0 }, message: 'container' });
    expect((await fetch(`${poligon.urls.fes}/api/v1/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
  });
});
