// What `npm pack` puts in the package (issue 20): the built code, its types, the docs UI and web UI assets, schemas and
// packs, and nothing a user does not need (test schemas, fixtures, source maps, unbundled JavaScript). The
// package installs with production dependencies only: no dependency needs a compiler or runs an
// install-time script (swagger-ui-dist's @scarf/scarf telemetry is a development dependency only).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support.js';

const packed = (): string[] => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
};

describe('npm pack', () => {
  const files = packed();

  it('ships the CLI, both entry points with their types, the docs UI, the web UI, schemas and every pack', () => {
    expect(files).toEqual(expect.arrayContaining([
      'bin/poligon.js', 'package.json', 'README.md',
      'dist/bundle/cli.js', 'dist/bundle/index.js', 'dist/bundle/testcontainers/index.js',
      'dist/src/index.d.ts', 'dist/src/testcontainers/index.d.ts', 'dist/src/client/fes-client.d.ts', 'dist/simulators/fes/demo.d.ts',
      'dist/docs-ui/swagger-ui-bundle.js', 'dist/docs-ui/swagger-ui.css', 'dist/ui/ui.js', 'dist/ui/ui.css',
      'schemas/config.json', 'schemas/fes/echo.request.json', 'schemas/scenario/pack.json',
      'scenarios/sandbox-smoke.yaml', 'scenarios/fes-certification.yaml', 'scenarios/ecs-type-1.yaml',
    ]));
  });

  it('ships no test schemas, fixtures, source maps, sources or unbundled JavaScript', () => {
    const unneeded = files.filter((f) =>
      f.startsWith('schemas/test/') || f.includes('/fixtures/') || f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/') ||
      (f.startsWith('dist/') && f.endsWith('.js') && !f.startsWith('dist/bundle/') && !f.startsWith('dist/docs-ui/') && !f.startsWith('dist/ui/')));
    expect(unneeded).toEqual([]);
  });

  it('production dependencies run no install scripts and need no compiler', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }> };
    const scripted = Object.entries(lock.packages).filter(([path, p]) => path && !p.dev && p.hasInstallScript).map(([path]) => path);
    expect(scripted).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).not.toContain('swagger-ui-dist');
    expect(Object.keys(pkg.dependencies)).not.toContain('typescript');
    expect(pkg.scripts.prepack).toBe('npm run build');
  });
});
