#!/usr/bin/env node
// The CLI is compiled TypeScript; `npm run build` (run by `npm start` and `npm ci`'s prepare step) makes dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('poligon: dist/ is missing. Run `npm run build` first (npm ci runs it for you).');
  process.exit(2);
}
await import(entry.href);
