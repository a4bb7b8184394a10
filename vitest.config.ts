import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // examples/embedded is the copy-paste example of docs/running.md: run it so it stays true
          include: ['test/**/*.test.ts', 'examples/embedded/**/*.test.ts'],
          // a user's `import … from 'poligon'`, resolved to the sources here
          alias: { 'poligon/testcontainers': new URL('./src/testcontainers/index.ts', import.meta.url).pathname, poligon: new URL('./src/index.ts', import.meta.url).pathname },
          exclude: ['test/containers/**', 'test/ui/**', 'node_modules/**'],
          // Files share their worker's module cache (isolate: false): each file imported the whole sandbox
          // again in a fresh process, half of the suite's time. No test relies on a fresh module state.
          isolate: false,
          // vitest's default on 2 cores is one worker (cores - 1), which leaves a core idle while a test
          // waits on a socket or a child process
          maxWorkers: Math.max(2, availableParallelism()),
          testTimeout: 20_000,
          hookTimeout: 30_000,
          // runs sign their reports with a key kept in the user's config folder: the tests' own, not the user's
          env: { XDG_CONFIG_HOME: join(tmpdir(), 'poligon-test-config') },
        },
      },
      {
        test: {
          // the web UI in the Debian chromium (npm run test:ui builds dist/ui first)
          name: 'ui',
          include: ['test/ui/**/*.test.ts'],
          // runs started from the console sign their reports with a key in the user's config folder: the tests' own
          env: { XDG_CONFIG_HOME: join(tmpdir(), 'poligon-test-config') },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'containers',
          include: ['test/containers/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
