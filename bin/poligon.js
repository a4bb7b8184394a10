#!/usr/bin/env node
// The CLI is compiled TypeScript; `npm run build` (run by `npm ci`'s prepare step and by `npm start`) makes dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bundle/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('poligon: dist/ is missing. Run `npm run build` first (npm ci runs it for you).');
  process.exit(2);
}
const { main } = await import(entry.href);
const exitCode = await main(process.argv);
if (exitCode !== 0) process.exitCode = exitCode;
