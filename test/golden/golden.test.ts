// Runs every golden wire file (test/golden/**/*.golden, format in README.md) against one sandbox with
// all built-in simulators, the demo world, response validation on, a fixed clock and the default seed.
// Each file starts from a fresh default namespace, so its ids and keys do not depend on the others.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { matchAnswer, parseGolden, parseRequest, recordInto, renderAnswer, send, substitute } from './harness.js';

/** The wall clock every golden file is written for (the sandbox's virtual now before any admin call). */
const GOLDEN_NOW = '2026-12-03T09:00:00.000Z';

const here = fileURLToPath(new URL('.', import.meta.url));
const record = process.env.GOLDEN_RECORD === '1';

function goldenFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? goldenFiles(join(dir, e.name)) : e.name.endsWith('.golden') ? [join(dir, e.name)] : []).sort();
}

let sb: Sandbox;
beforeAll(async () => {
  // only Date is faked: timers, sockets and the event loop run as usual
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(GOLDEN_NOW) });
  sb = await startSandbox({ validateResponses: true, seed: 'poligon', demo: true });
});
afterAll(async () => {
  await sb.stop();
  vi.useRealTimers();
});

describe('golden wire files', () => {
  for (const path of goldenFiles(here)) {
    const name = relative(here, path);
    const file = parseGolden(readFileSync(path, 'utf8'));
    it(`${name}: ${file.title}`, async () => {
      sb.poligon.store.delete(sb.config.defaultNamespace);
      const vars: Record<string, string> = {};
      const answers: string[] = [];
      for (const [i, exchange] of file.exchanges.entries()) {
        const actual = renderAnswer(await send(sb.url, parseRequest(substitute(exchange.request, vars))));
        answers.push(actual);
        if (!exchange.response) {
          if (!record) throw new Error(`exchange ${i + 1} has no expected answer; GOLDEN_RECORD=1 fills it in for review`);
          continue;
        }
        const { ok, expectedShown } = matchAnswer(exchange.response, actual, vars);
        if (!ok) expect(actual, `exchange ${i + 1} of ${name}`).toBe(expectedShown);
      }
      if (record && file.exchanges.some((x) => !x.response)) recordInto(path, file, answers);
    });
  }
});
