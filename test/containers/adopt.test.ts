// Issue 20's "done when", in a real container engine: a state file on a volume survives `docker stop` and
// a new start; `serve -p 9001` becomes healthy; compose runs its pack with host port 8080 taken, and two
// runs leave two verifiable run folders; and the CI examples' commands run as pasted, as far as they can
// off their platform (the service and `run:` steps of examples/github-actions, GitLab's job script).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, COMPOSE, IMAGE, NOT_RUN_REASON, ROOT, skip } from './engine.js';

const exec = promisify(execFile);
const docker = async (...args: string[]) => (await exec('docker', args, { maxBuffer: 32 << 20 })).stdout.trim();
const PUBLISHED = 'ghcr.io/poligon-sandbox/poligon:0.1.0';
const names: string[] = [];
const unique = (what: string) => {
  const name = `poligon-test-${what}-${process.pid}-${names.length}`;
  names.push(name);
  return name;
};

async function healthy(container: string, timeoutMs = 150_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let status = '';
  while (Date.now() < until) {
    status = await docker('inspect', '-f', '{{if .State.Health}}{{.State.Health.Status}}{{end}}', container);
    if (status === 'healthy') return status;
    await new Promise((r) => setTimeout(r, 500));
  }
  return status;
}

const admin = (container: string, path: string, body?: unknown) =>
  docker('exec', container, 'node', '-e',
    `fetch('http://127.0.0.1:8080/__admin${path}',{method:${body ? "'POST'" : "'GET'"},headers:{'content-type':'application/json'},body:${body ? JSON.stringify(JSON.stringify(body)) : 'undefined'}}).then(r=>r.text()).then(t=>process.stdout.write(t))`);

/** A bash script run as a workflow step runs it: `bash -e`, in `cwd`, with `env`. */
function runStep(script: string, cwd: string, env: Record<string, string>) {
  return spawnSync('bash', ['-e', '-c', script], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 900_000 });
}

const verify = (dir: string) => spawnSync(process.execPath, [join(ROOT, 'bin/poligon.js'), 'report', 'verify', dir], { encoding: 'utf8' });

describe.skipIf(skip)(`ready to adopt ${skip ? `— ${NOT_RUN_REASON}` : `(${IMAGE})`}`, () => {
  beforeAll(async () => {
    await buildImage();
    await docker('tag', IMAGE, PUBLISHED); // the examples name the published image: here it is the local build
  }, 600_000);
  afterAll(async () => {
    for (const name of names) await exec('docker', ['rm', '-f', '-v', name]).catch(() => undefined);
    await exec('docker', ['volume', 'rm', `poligon-test-data-${process.pid}`]).catch(() => undefined);
  });

  it('a state file on the /data volume survives docker stop and a new start', async () => {
    const volume = `poligon-test-data-${process.pid}`;
    const name = unique('state');
    await docker('run', '-d', '--name', name, '-v', `${volume}:/data`, '-e', 'POLIGON_STATE_FILE=/data/state.json', IMAGE);
    expect(await healthy(name)).toBe('healthy');
    await admin(name, '/clock', { advance: '3d' });
    await docker('stop', name);
    expect(await docker('inspect', '-f', '{{.State.ExitCode}}', name)).toBe('0');
    await docker('start', name);
    expect(await healthy(name)).toBe('healthy');
    expect(JSON.parse(await admin(name, '/clock')).offsetMs).toBe(3 * 86_400_000);
  });

  it('an unwritable state file stops the start at once: exit 2 and the reason', async () => {
    const r = spawnSync('docker', ['run', '--rm', '-e', 'POLIGON_STATE_FILE=/app/state.json', IMAGE], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--state-file /app/state.json: /app is not writable by this user (uid 1000)');
  });

  it('serve -p 9001 in the container becomes healthy (the check asks the bound port)', async () => {
    const name = unique('p9001');
    await docker('run', '-d', '--name', name, IMAGE, 'serve', '-p', '9001');
    expect(await healthy(name)).toBe('healthy');
    expect(await docker('exec', name, 'cat', '/tmp/poligon.url')).toBe('http://127.0.0.1:9001');
  });

  it("a config file's port is not overridden by the image", async () => {
    const name = unique('config');
    const dir = mkdtempSync(join(tmpdir(), 'poligon-config-'));
    spawnSync('bash', ['-c', `printf 'port: 9002\\n' > ${dir}/poligon.yaml && chmod -R a+rX ${dir}`]);
    await docker('run', '-d', '--name', name, '-v', `${dir}:/config:ro`, IMAGE, 'serve', '-c', '/config/poligon.yaml');
    expect(await healthy(name)).toBe('healthy');
    expect(await docker('exec', name, 'cat', '/tmp/poligon.url')).toBe('http://127.0.0.1:9002');
  });

  describe('docker-compose with host port 8080 taken', () => {
    const reports = mkdtempSync(join(tmpdir(), 'poligon-compose-'));
    const project = `poligontest${process.pid}`;
    let blocker: Server | undefined;
    const up = () => spawnSync(COMPOSE[0], [...COMPOSE.slice(1), '-p', project, 'up', '--exit-code-from', 'runner'], {
      cwd: ROOT, env: { ...process.env, POLIGON_REPORTS: reports, POLIGON_HOST_PORT: '' }, encoding: 'utf8', timeout: 300_000,
    });
    beforeAll(async () => {
      blocker = createServer();
      // taken by us, or already by someone else on this machine: either way compose must not need it
      await new Promise<void>((resolve) => blocker!.once('error', () => resolve()).listen(8080, '0.0.0.0', () => resolve()));
    });
    afterAll(() => {
      blocker?.close();
      spawnSync(COMPOSE[0], [...COMPOSE.slice(1), '-p', project, 'down', '-v'], { cwd: ROOT, timeout: 120_000 });
    });

    it('runs its pack twice and leaves two run folders, each verifiable on its own', () => {
      for (let run = 0; run < 2; run++) {
        const r = up();
        expect(r.status, r.stdout.slice(-3000) + r.stderr.slice(-2000)).toBe(0);
      }
      const runs = readdirSync(reports);
      expect(runs).toHaveLength(2);
      for (const id of runs) {
        expect(readdirSync(join(reports, id))).toEqual(expect.arrayContaining(['run.json', 'junit.xml', 'manifest.json']));
        const v = verify(join(reports, id));
        expect(v.status, v.stdout + v.stderr).toBe(0);
      }
    });
  });

  describe('examples/github-actions/poligon.yml, its service and run: steps', () => {
    const workflow = parse(readFileSync(join(ROOT, 'examples/github-actions/poligon.yml'), 'utf8'));
    const job = workflow.jobs['against-the-sandbox'];
    const service = job.services.poligon;
    const name = unique('gha-service');
    const work = mkdtempSync(join(tmpdir(), 'poligon-gha-'));
    let url = '';
    const steps = (job.steps as Array<{ name?: string; run?: string }>).filter((s) => s.run);
    const step = (title: string) => steps.find((s) => s.name === title)!.run!.replaceAll('${{ job.services.poligon.id }}', name);

    beforeAll(async () => {
      // as the runner starts a service: its env and options, the container port on a free host port here
      const env = Object.entries(service.env as Record<string, string>).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      await docker('run', '-d', '--name', name, ...env, ...String(service.options).split(/\s+/), '-p', '127.0.0.1::8080', service.image);
      expect(await healthy(name)).toBe('healthy');
      url = `http://${await docker('port', name, '8080')}`;
    }, 120_000);

    it('the image is named once, in services, and the service becomes healthy with the options given', () => {
      expect(service.image).toBe(PUBLISHED);
      expect(readFileSync(join(ROOT, 'examples/github-actions/poligon.yml'), 'utf8').split(PUBLISHED).length - 1).toBe(1);
    });

    it('the steps run as written: the pack passes, and the reports land as the runner\'s own user', () => {
      for (const title of ['my integration tests', 'conformance pack', 'collect reports']) {
        const r = runStep(step(title), work, { POLIGON_URL: url });
        expect(r.status, `${title}: ${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`).toBe(0);
      }
      const junit = join(work, 'reports/sandbox-smoke/junit.xml');
      expect(readFileSync(junit, 'utf8')).toMatch(/failures="0"/);
      expect(statSync(junit).uid).toBe(process.getuid!());
    });

    // A pack runs each case in a namespace of its own, so no fault set from outside reaches it: the step runs
    // as written with one wrong variable (a foreign API KEY), which makes its first case fail (exit 1).
    it('a failing pack fails the step (and the job)', () => {
      const r = runStep(`${step('conformance pack')} --var apiKey=not-the-demo-api-key`, work, { POLIGON_URL: url });
      expect(r.status, r.stdout.slice(-1500) + r.stderr.slice(-1500)).toBe(1); // 1: a case failed
    });
  });

  it('examples/github-actions/poligon-build.yml: build, start, wait, pack, as written (port 8080 moved to a free one)', async () => {
    const text = readFileSync(join(ROOT, 'examples/github-actions/poligon-build.yml'), 'utf8');
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const name = unique('gha-build');
    const job = parse(text).jobs['against-the-sandbox'];
    const work = mkdtempSync(join(tmpdir(), 'poligon-gha-build-'));
    symlinkSync(ROOT, join(work, '.poligon-src')); // the checkout of Poligon at its tag
    const adapt = (script: string) => script.replaceAll('-p 8080:8080', `-p ${port}:8080`).replaceAll('localhost:8080', `localhost:${port}`).replaceAll('--name poligon', `--name ${name}`).replaceAll(' poligon)', ` ${name})`)
      .replaceAll('docker logs poligon', `docker logs ${name}`).replaceAll('docker rm -f poligon', `docker rm -f ${name}`);
    for (const step of (job.steps as Array<{ name?: string; run?: string }>).filter((s) => s.run)) {
      const r = runStep(adapt(step.run!), work, {});
      expect(r.status, `${step.name}: ${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`).toBe(0);
    }
    const junit = join(work, 'reports/sandbox-smoke/junit.xml');
    expect(statSync(junit).uid).toBe(process.getuid!());
  }, 1_800_000);

  it('examples/gitlab-ci: the service answers under its alias and the job script runs the pack (npx replaced by the image\'s CLI)', async () => {
    const ci = parse(readFileSync(join(ROOT, 'examples/gitlab-ci/.gitlab-ci.yml'), 'utf8'));
    const job = ci['poligon-conformance'];
    const network = unique('gitlab-net');
    await docker('network', 'create', network);
    const service = unique('gitlab-service');
    const env = Object.entries(job.services[0].variables as Record<string, string>).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    await docker('run', '-d', '--name', service, '--network', network, '--network-alias', job.services[0].alias, ...env, PUBLISHED);
    const work = mkdtempSync(join(tmpdir(), 'poligon-gitlab-'));
    // off GitLab: the job's node:20 image is this image's node, run as root as node:20 runs; the
    // package is not published from here, so `npx poligon@…` becomes the image's own CLI
    const script = (job.script as string[]).map((line) => line.replace(/npx --yes "poligon@\$POLIGON_VERSION"/, 'node /app/bin/poligon.js')).join('\n');
    const job1 = unique('gitlab-job');
    const r = spawnSync('docker', ['run', '--rm', '--name', job1, '--network', network, '--user', '0', '-v', `${work}:/builds/project`, '-w', '/builds/project',
      '-e', `POLIGON_VERSION=${ci.variables.POLIGON_VERSION}`, '--entrypoint', 'bash', PUBLISHED, '-e', '-c', script], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stdout.slice(-2000) + r.stderr.slice(-2000)).toBe(0);
    expect(readFileSync(join(work, job.artifacts.reports.junit), 'utf8')).toMatch(/failures="0"/);
    await exec('docker', ['rm', '-f', service]);
    await exec('docker', ['network', 'rm', network]);
  }, 600_000);
});
