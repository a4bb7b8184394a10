// Builds the web UI (ui/, served at /ui by src/ui/pages.ts) into dist/ui: one ES module with preact
// and htm inside, and one style sheet. They are development dependencies: the package ships the
// bundle, nothing is fetched from a CDN (the sandbox runs offline).
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function bundleUi() {
  mkdirSync(`${root}dist/ui`, { recursive: true });
  await build({
    entryPoints: [`${root}ui/main.ts`],
    outfile: `${root}dist/ui/ui.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  copyFileSync(`${root}ui/ui.css`, `${root}dist/ui/ui.css`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleUi();
