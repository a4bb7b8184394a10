// The copy-paste examples (docker-compose.yml, examples/github-actions, examples/gitlab-ci) call
// `poligon run` with a pack and flags that exist, and check health the way the image allows (node,
// no curl): they cannot be run here, so they are held to the real CLI instead.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, poligon, ROOT } from './support.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
let runHelp = '';

beforeAll(async () => {
  await ensureBuilt();
  runHelp = (await poligon(['run', '--help'])).stdout;
}, 120_000);

/** The words after `run` in a command line, with ${VAR:-default} replaced by its default. */
function runArgs(command: string): string[] {
  const words = command.replace(/\$\{\w+:-([^}]*)\}/g, '$1').split(/\s+/).filter(Boolean);
  return words.slice(words.lastIndexOf('run') + 1); // the last: `docker run … IMAGE run <pack>`
}

function expectValidRun(args: string[]) {
  const [pack, ...rest] = args;
  expect(existsSync(join(ROOT, 'scenarios', `${pack}.yaml`)), `pack ${pack}`).toBe(true);
  for (const flag of rest.filter((w) => w.startsWith('--'))) expect(runHelp, flag).toContain(flag);
}

describe('examples stay true to the CLI', () => {
  it('docker-compose.yml: the runner runs a real pack against the poligon service, each run\'s reports in reports/<run-id>/ of the mounted folder', () => {
    const compose = parse(read('docker-compose.yml'));
    const args = runArgs(compose.services.runner.command.join(' '));
    expectValidRun(args);
    expect(args.join(' ')).toContain('--target http://poligon:8080');
    expect(args).not.toContain('--out'); // the default, reports/<run-id> below the working directory
    expect(compose.services.runner.volumes[0]).toMatch(new RegExp(`:${compose.services.runner.working_dir}/reports$`));
    expect(compose.services.runner.depends_on.poligon.condition).toBe('service_healthy');
    expect(compose.services.poligon.healthcheck.test.join(' ')).toBe('CMD node /app/scripts/healthcheck.mjs');
  });

  it('GitHub Actions: service container on the image\'s own health check, and a real pack against it in both variants', () => {
    for (const file of ['poligon.yml', 'poligon-build.yml']) {
      const workflow = parse(read(`examples/github-actions/${file}`));
      const job = workflow.jobs['against-the-sandbox'];
      if (job.services) expect(job.services.poligon.options).not.toMatch(/--health-cmd/);
      const step = job.steps.find((s: { run?: string }) => / run sandbox-smoke /.test(s.run ?? ''));
      expectValidRun(runArgs(step.run.replace(/\\\n/g, ' ')));
    }
  });

  it('GitLab CI: service with an alias, and a real pack against it', () => {
    const ci = parse(read('examples/gitlab-ci/.gitlab-ci.yml'));
    const job = ci['poligon-conformance'];
    expect(job.services[0].alias).toBe('poligon');
    const line = job.script.find((l: string) => l.includes('" run '));
    expectValidRun(runArgs(line));
    expect(job.artifacts.reports.junit).toBe('reports/sandbox-smoke/junit.xml');
  });

  it('the Dockerfile health check uses node, not curl, at the URL the server wrote', () => {
    expect(read('Dockerfile')).toMatch(/HEALTHCHECK[\s\S]*CMD \["node", "\/app\/scripts\/healthcheck\.mjs"\]/);
    expect(read('Dockerfile')).toMatch(/POLIGON_URL_FILE=\/tmp\/poligon\.url/);
    expect(read('scripts/healthcheck.mjs')).toMatch(/POLIGON_URL_FILE[\s\S]*\/__admin\/health/);
  });
});
