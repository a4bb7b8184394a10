// The embedded API as a Node test suite uses it: `startSandbox()` in-process on a free port.
import { readdirSync } from 'node:fs';
import { Server } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { AdminClient, startSandbox } from '../../src/index.js';
import { packageSchemas } from '../../src/engine/schemas.js';
import { SCHEMAS_DIR } from '../../src/engine/paths.js';

/** Open resources by kind (sockets, servers, timers, immediates…). */
function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

const listeningServers = () =>
  (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().filter((h) => h instanceof Server && h.listening);

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('startSandbox()', () => {
  it('starts on a free port with URLs for every fake, an admin client and the demo world, and stop() closes it', async () => {
    const sandbox = await startSandbox();
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.urls).toEqual({ gis: `${sandbox.url}/gis`, fes: `${sandbox.url}/fes`, ecs: `${sandbox.url}/ecs` });
    expect(await sandbox.admin.health()).toMatchObject({ status: 'ok', simulators: ['gis', 'fes', 'ecs'] });
    expect((await sandbox.admin.demo()).sections).toEqual(sandbox.demoSections());

    await sandbox.stop();
    await expect(fetch(`${sandbox.url}/__admin/health`)).rejects.toThrow();
    await expect(sandbox.admin.health()).rejects.toThrow(`the sandbox at ${sandbox.url} is stopped`);
    await sandbox.stop(); // a second stop is harmless
  });

  it('two sandboxes at once are independent', async () => {
    const [a, b] = await Promise.all([startSandbox(), startSandbox({ simulators: ['fes'] })]);
    expect(a.port).not.toBe(b.port);
    await a.admin.advanceClock('1h');
    expect((await a.admin.clock()).offsetMs).toBe(3_600_000);
    expect((await b.admin.clock()).offsetMs).toBe(0);
    expect((await b.admin.health()).simulators).toEqual(['fes']);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a bad option is refused at start with its name', async () => {
    await expect(startSandbox({ port: -1 })).rejects.toThrow(/port/);
    await expect(startSandbox({ simulators: ['nope'] })).rejects.toThrow(/unknown simulator\(s\) nope/);
  });

  it('every schema is valid 2020-12 and compiles (start-up skips both: they compile in the background)', async () => {
    const sandbox = await startSandbox();
    // every file under schemas/, whoever uses it
    const registry = packageSchemas((readdirSync(SCHEMAS_DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\\/g, '/').replace(/\.json$/, '')));
    const meta = new Ajv2020({ strict: false });
    for (const id of registry.ids()) {
      expect(meta.validateSchema(registry.get(id)), `${id}: ${meta.errorsText()}`).toBe(true);
      expect(() => registry.validator(id), id).not.toThrow();
    }
    await sandbox.stop();
  });

  it('30 start/stop cycles with traffic leak nothing: open resources back to the baseline, no listening socket', { timeout: 60_000 }, async () => {
    await settle();
    const before = resourceCounts();
    for (let i = 0; i < 30; i++) {
      const sandbox = await startSandbox();
      // over a socket (sandbox.admin answers in process)
      const overHttp = new AdminClient(sandbox.url);
      await overHttp.health();
      await overHttp.journal();
      await sandbox.admin.journal();
      // a long-poll still waiting when stop() comes must not hold the process open, over HTTP or in process
      const waiting = [overHttp, sandbox.admin].map((admin) => admin.waitFor({ path: '/never' }, 30_000).catch(() => undefined));
      await sandbox.stop();
      await Promise.all(waiting);
    }
    await settle();
    expect(listeningServers()).toEqual([]);
    const after = resourceCounts();
    // kinds that grew (a timer from an earlier test may have finished meanwhile: fewer is fine)
    const grown = Object.fromEntries(Object.entries(after).filter(([kind, n]) => n > (before[kind] ?? 0)));
    expect(grown).toEqual({});
  });
});
