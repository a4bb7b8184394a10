// Bundles what a sandbox loads to start (the CLI and the embedded API, with ajv, commander and
// proxy-addr) into a few files: resolving and reading ~150 separate modules cost about 100 ms of
// every start-up, and the Docker image must be ready well under half a second after it starts.
// Packages off the start-up path (express and the docs, jose, faker, yaml, pdfkit…) stay ordinary
// imports, loaded when first needed; some of them also read their own files at run time.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const BUNDLED_PACKAGES = new Set(['ajv', 'ajv-formats', 'commander', 'proxy-addr', 'forwarded', 'ipaddr.js', 'fast-deep-equal', 'fast-uri', 'json-schema-traverse', 'require-from-string']);
const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

rmSync('dist/bundle', { recursive: true, force: true }); // chunk names change with their content
await build({
  // one copy of each shared class (AdminClient, AdminApiError…) whichever entry a user imports
  entryPoints: ['dist/src/index.js', 'dist/src/cli.js', 'dist/src/testcontainers/index.js'],
  outbase: 'dist/src',
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // the bundled CommonJS packages call require() for node's own modules
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  plugins: [{
    name: 'start-up-packages-only',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) =>
        args.path.startsWith('node:') || !BUNDLED_PACKAGES.has(packageOf(args.path)) ? { path: args.path, external: true } : undefined);
    },
  }],
});
