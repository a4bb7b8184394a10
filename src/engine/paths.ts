import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package root holds schemas/ and scenarios/; found by walking up from this file, so it works
// from src/ (tests, tsx) and from dist/src/ (the built CLI and the Docker image) alike.
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'poligon') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('poligon: cannot find the package root (package.json named "poligon")');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const SCHEMAS_DIR = join(PACKAGE_ROOT, 'schemas');
export const SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
