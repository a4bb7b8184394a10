// Issue 20: a scratch project installs the packed tarball with production dependencies only (no compiler,
// no dev dependencies) and runs the README's two Node snippets unchanged: the embedded sandbox, and the
// testcontainers module starting the published image (here: the local build tagged with its name).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildImage, IMAGE, NOT_RUN_REASON, ROOT, skip } from './engine.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The README's ```js blocks that start with `// <file>`: what a user copies. */
function readmeSnippet(file: string): string {
  const blocks = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const block = blocks.find((b) => b.startsWith(`// ${file} `));
  if (!block) throw new Error(`README.md has no js block starting with // ${file}`);
  return block;
}

describe.skipIf(skip)(`the packed package in a scratch project ${skip ? `— ${NOT_RUN_REASON}` : ''}`, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'poligon-scratch-'));
  const node = (file: string) => spawnSync(process.execPath, [file], { cwd: scratch, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_ENV: 'production' } });

  beforeAll(async () => {
    await buildImage();
    execFileSync('docker', ['tag', IMAGE, `ghcr.io/poligon-sandbox/poligon:${pkg.version}`]);
    // npm pack runs prepack (the build); the scratch project gets production dependencies only
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', `./${packed}`, `testcontainers@${pkg.devDependencies.testcontainers}`], { cwd: scratch, stdio: 'ignore' });
  }, 900_000);

  it('installed no compiler and no dev dependency', () => {
    const ls = spawnSync('npm', ['ls', '--all', '--parseable'], { cwd: scratch, encoding: 'utf8' }).stdout;
    expect(ls).not.toMatch(/node_modules\/(typescript|vitest|esbuild|swagger-ui-dist|@scarf)\b/);
  });

  it("the README's embedded snippet runs unchanged (.mjs)", () => {
    writeFileSync(join(scratch, 'embedded.mjs'), readmeSnippet('embedded.mjs'));
    const r = node('embedded.mjs');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('200 0 CR-DEMO-0001 45 45');
  });

  it("the README's testcontainers snippet runs unchanged against the image of the package's version", () => {
    writeFileSync(join(scratch, 'container.mjs'), readmeSnippet('container.mjs'));
    const r = node('container.mjs');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('200 111 15');
  });
});
