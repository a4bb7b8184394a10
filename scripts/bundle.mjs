// Bundles what a sandbox loads to start (the CLI and the embedded API, with ajv, commander,
// proxy-addr and yaml, which reads the FES protocol profile) into a few files: resolving and reading ~150 separate modules cost about 100 ms of
// every start-up, and the Docker image must be ready well under half a second after it starts.
// Packages off the start-up path (express and the docs, jose, faker, pdfkit…) stay ordinary
// imports, loaded when first needed; some of them also read their own files at run time.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const BUNDLED_PACKAGES = new Set(['ajv', 'yaml', 'ajv-formats', 'commander', 'proxy-addr', 'forwarded', 'ipaddr.js', 'fast-deep-equal', 'fast-uri', 'json-schema-traverse', 'require-from-string']);
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

// The docs pages' Swagger UI assets ship inside dist/: swagger-ui-dist stays a development dependency,
// so installing poligon pulls neither it nor its install-time telemetry (@scarf/scarf's postinstall).
const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
rmSync('dist/docs-ui', { recursive: true, force: true });
mkdirSync('dist/docs-ui', { recursive: true });
for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE', 'NOTICE']) copyFileSync(join(swaggerUi, file), join('dist/docs-ui', file));
