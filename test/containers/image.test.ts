// The Poligon image built from the top-level Dockerfile, started through the testcontainers module
// (PoligonContainer) and through docker-compose (DockerComposeEnvironment), as a user's suite would.
// Needs a container engine: see engine.ts (skipped with the reason outside CI, run in CI).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerComposeEnvironment, getContainerRuntimeClient, Wait, type StartedDockerComposeEnvironment } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoligonContainer, type StartedPoligonContainer } from '../../src/testcontainers/index.js';
import { buildImage, COMPOSE_IS_STANDALONE, IMAGE, NOT_RUN_REASON, ROOT, skip } from './engine.js';

const signedEcho = (poligon: StartedPoligonContainer, echoData: string) => poligon.fes!.post('/api/v1/echo', { requestId: crypto.randomUUID(), echoData });

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe.skipIf(skip)(`Poligon image ${skip ? `— ${NOT_RUN_REASON}` : `(${IMAGE}, built from the Dockerfile)`}`, () => {
  beforeAll(buildImage, 600_000);

  describe('through PoligonContainer', () => {
    let poligon: StartedPoligonContainer;
    beforeAll(async () => {
      poligon = await new PoligonContainer(IMAGE).start();
    });
    afterAll(() => poligon?.stop());

    it('answers health with every fake, at typed URLs', async () => {
      expect(poligon.urls.fes).toBe(`${poligon.urls.root}/fes`);
      expect(poligon.urls.admin).toBe(`${poligon.urls.root}/__admin`);
      const health = await (await fetch(`${poligon.urls.admin}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', simulators: ['gis', 'fes', 'ecs'] });
    });

    it('FES-01: a signed echo with the demo касса credentials read from /__admin/demo succeeds', async () => {
      expect(poligon.fes!.keys).toEqual({ apiKey: 'demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f', macKey: 'demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f', cashRegisterId: 'CR-DEMO-0001' });
      expect(poligon.demo.ecs!.organizations.type2).toMatchObject({ clientId: '222', clientSecret: 'ddddeeeeeffffff' });
      const res = await signedEcho(poligon, 'from a container');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ result: { code: 0 }, echoData: 'from a container', cashRegisterId: 'CR-DEMO-0001' });
      expect(await poligon.admin.waitFor({ simulator: 'fes', path: '/api/v1/echo' }, 5_000)).toBeDefined();
    });

    it('runs as the non-root node user and its own HEALTHCHECK reports healthy', async () => {
      const id = await poligon.exec(['id', '-un']);
      expect(id.output.trim()).toBe('node');
      const container = (await getContainerRuntimeClient()).container.getById(poligon.getId());
      let status: string | undefined;
      for (let i = 0; i < 300 && status !== 'healthy'; i++) {
        status = (await container.inspect()).State.Health?.Status;
        if (status !== 'healthy') await new Promise((r) => setTimeout(r, 500));
      }
      expect(status).toBe('healthy');
    });
  });

  it('withAdminToken guards the admin API: 401 without the token, the container\'s own admin client passes', async () => {
    const token = 'ci-admin-token-0123456789';
    const poligon = await new PoligonContainer(IMAGE).withSimulators(['fes']).withAdminToken(token).start();
    try {
      const bare = await fetch(`${poligon.urls.admin}/snapshot`);
      expect(bare.status).toBe(401);
      expect(bare.headers.get('www-authenticate')).toBe('Bearer realm="poligon-admin"');
      expect((await fetch(`${poligon.urls.admin}/health`)).status).toBe(200); // the readiness probe stays open
      expect(poligon.fes!.keys.cashRegisterId).toBe('CR-DEMO-0001'); // demo credentials read through the token
      const withToken = await fetch(`${poligon.urls.admin}/snapshot`, { headers: { authorization: `Bearer ${token}` } });
      expect(withToken.status).toBe(200);
    } finally {
      await poligon.stop();
    }
  });

  it('withSimulators, withNamespace, withDemo(false), withSeed, withPort shape what starts', async () => {
    const port = await freePort();
    const poligon = await new PoligonContainer(IMAGE)
      .withSimulators(['fes'])
      .withNamespace('team-a')
      .withDemo(false)
      .withSeed('ci')
      .withLogLevel('silent')
      .withPort(port)
      .start();
    try {
      expect(poligon.urls.root).toMatch(new RegExp(`:${port}/ns/team-a$`));
      expect(poligon.urls.fes).toBe(`${poligon.urls.root}/fes`);
      expect((await poligon.admin.health()).simulators).toEqual(['fes']);
      expect(poligon.fes).toBeUndefined(); // no demo world, no demo касса
      expect((await fetch(`${poligon.urls.ecs}/connect/token`, { method: 'POST' })).status).toBe(404);
    } finally {
      await poligon.stop();
    }
  });

  it('stops on SIGTERM with exit code 0 (node is PID 1 and handles it), and printed its ready time', async () => {
    const poligon = await new PoligonContainer(IMAGE).start();
    const logs = await new Promise<string>((resolve) => {
      let text = '';
      void poligon.logs().then((s) => s.on('data', (d) => (text += d)).on('end', () => resolve(text)));
      setTimeout(() => resolve(text), 1_000);
    });
    const ready = /ready (\d+) ms after start/.exec(logs);
    expect(ready).not.toBeNull();
    console.info(`[containers] image ready ${ready![1]} ms after the process started`);
    const id = poligon.getId();
    await poligon.stop({ remove: false, timeout: 10_000 });
    const container = (await getContainerRuntimeClient()).container.getById(id);
    const state = (await container.inspect()).State;
    await container.remove();
    expect(state.ExitCode).toBe(0);
  });

  it('a missing image says how to build it', async () => {
    await expect(new PoligonContainer('poligon:not-built').start()).rejects.toThrow(
      /image poligon:not-built not found: build it with `docker build -t poligon:not-built \.` in the Poligon folder/,
    );
  });

  describe('through docker-compose (DockerComposeEnvironment)', () => {
    const reports = mkdtempSync(join(tmpdir(), 'poligon-compose-reports-'));
    let compose: StartedDockerComposeEnvironment;
    let hostPort: number;
    beforeAll(async () => {
      hostPort = await freePort();
      compose = await new DockerComposeEnvironment(ROOT, 'docker-compose.yml')
        // only compose v1 (`docker-compose`) may exist: point testcontainers at it
        .withClientOptions(COMPOSE_IS_STANDALONE ? { executable: { standalone: true, executablePath: 'docker-compose' } } : {})
        .withEnvironment({ POLIGON_REPORTS: reports, POLIGON_HOST_PORT: String(hostPort), POLIGON_PACK: 'sandbox-smoke' })
        .withWaitStrategy('runner_1', Wait.forOneShotStartup())
        .withStartupTimeout(240_000)
        .up();
    });
    afterAll(() => compose?.down());

    it('the sandbox service answers on the published port', async () => {
      const health = await (await fetch(`http://localhost:${hostPort}/__admin/health`)).json();
      expect(health).toMatchObject({ status: 'ok' });
    });

    it('the runner ran the pack against it and left passing reports in their run folder of the mounted folder', () => {
      const [runId, ...others] = readdirSync(reports);
      expect(others).toEqual([]);
      const dir = join(reports, runId!);
      expect(readdirSync(dir)).toEqual(expect.arrayContaining(['run.json', 'junit.xml', 'report.html', 'manifest.json']));
      const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
      expect(JSON.stringify(run)).toContain('sandbox-smoke');
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(/failures="0"/);
    });
  });
});
