// The package as a consumer imports it: `poligon` and `poligon/testcontainers` through package.json's
// exports map (Node's self-reference), from the built dist/ — not from the sources.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, userEnv } from './support.js';

beforeAll(ensureBuilt, 120_000);

const consumer = `
import { startSandbox, AdminClient } from 'poligon';
import { PoligonContainer, DEFAULT_IMAGE } from 'poligon/testcontainers';
const sandbox = await startSandbox();
const health = await sandbox.admin.health();
await sandbox.stop();
console.log(JSON.stringify({ health, adminClient: typeof AdminClient, container: typeof PoligonContainer, image: DEFAULT_IMAGE }));
`;

describe('package exports', () => {
  it("import { startSandbox } from 'poligon' and PoligonContainer from 'poligon/testcontainers' work from dist", () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', consumer], { cwd: ROOT, env: userEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      health: { status: 'ok', simulators: ['gis', 'fes', 'ecs'] },
      adminClient: 'function',
      container: 'function',
      image: 'ghcr.io/poligon-sandbox/poligon:0.1.0',
    });
  });
});
