// `poligon run --target http://host/fes` (the FES base URL instead of the sandbox root) stops at once with
// exit 2 and one line saying what to pass (issue 20), instead of running every case against the wrong URL.
import { describe, expect, it } from 'vitest';
import { poligonInProcess as poligon } from '../support/cli-in-process.js';

describe('--target with a simulator base URL', () => {
  it.each([
    ['http://localhost:8080/fes', 'FES', 'http://localhost:8080'],
    ['http://localhost:8080/ns/kassa/gis/api/v1/', 'GIS', 'http://localhost:8080/ns/kassa'],
  ])('%s is refused with what to pass instead', async (url, system, root) => {
    const r = await poligon('run', 'sandbox-smoke', '--target', url);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`poligon: --target ${url} is the ${system} base URL, not the sandbox root: pass --target ${root} (a Poligon sandbox), or --target ${system.toLowerCase()}=${url}`);
  });
});
