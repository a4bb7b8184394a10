// The `poligon` command as a user types it (node bin/poligon.js …), against the built dist/: the
// version and an unknown flag through bin/, and every serve (signals, state file, settings). Help
// texts and refused settings are the same code in process (test/support/cli-in-process.ts): a node
// process per case cost a second of CPU each.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/cli/settings.js';
import { ensureBuilt, killLeftovers, poligon, serve } from './support.js';
import { poligonInProcess, poligonInProcessWithEnv } from '../support/cli-in-process.js';

const work = mkdtempSync(join(tmpdir(), 'poligon-cli-'));
const file = (name: string, text: string) => {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
};
const health = async (url: string) => (await fetch(`${url}/__admin/health`)).json() as Promise<{ status: string; simulators: string[] }>;

beforeAll(ensureBuilt, 120_000);
afterAll(killLeftovers);

describe('poligon --help', () => {
  it('lists the commands with examples and exits 0', async () => {
    const r = await poligonInProcess('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: poligon/);
    expect(r.stdout).toMatch(/serve \[options\]/);
    expect(r.stdout).toMatch(/Examples:/);
  });

  it('serve --help shows every setting with its environment variable and examples', async () => {
    const r = await poligonInProcess('serve', '--help');
    expect(r.code).toBe(0);
    for (const s of SETTINGS.filter((s) => s.flag)) {
      expect(r.stdout).toContain(`--${s.flag}`);
      expect(r.stdout).toContain(s.env);
    }
    expect(r.stdout).toContain('poligon serve -p 9000 -s fes');
  });

  it('--version prints the package version', async () => {
    const r = await poligon(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('every POLIGON_* variable docs/running.md names is a serve setting, and no other (so --help and the checks cover it)', () => {
    const documented = [
      'POLIGON_PORT', 'POLIGON_HOST', 'POLIGON_SIMULATORS', 'POLIGON_NAMESPACE', 'POLIGON_DEMO', 'POLIGON_SEED',
      'POLIGON_BODY_LIMIT', 'POLIGON_JSON_MAX_DEPTH', 'POLIGON_JSON_MAX_ARRAY_ITEMS', 'POLIGON_JOURNAL_LIMIT',
      'POLIGON_JOURNAL_MAX_BYTES', 'POLIGON_JOURNAL_TOTAL_MAX_BYTES', 'POLIGON_JOURNAL_BODY_MAX_BYTES', 'POLIGON_SNAPSHOT_MAX_BYTES',
      'POLIGON_MAX_NAMESPACES', 'POLIGON_NAMESPACE_IDLE_MS', 'POLIGON_TRUST_PROXY', 'POLIGON_SLOW_THRESHOLD_MS',
      'POLIGON_VALIDATE_RESPONSES', 'POLIGON_MAX_CONNECTIONS', 'POLIGON_HEADERS_TIMEOUT_MS', 'POLIGON_REQUEST_TIMEOUT_MS',
      'POLIGON_KEEP_ALIVE_TIMEOUT_MS', 'POLIGON_MAX_REQUESTS_PER_SOCKET', 'POLIGON_SHUTDOWN_GRACE_MS',
      'POLIGON_ADMIN_TOKEN', 'POLIGON_ALLOWED_ORIGINS', 'POLIGON_STATE_FILE', 'POLIGON_LOG_LEVEL',
    ];
    expect(SETTINGS.map((s) => s.env).filter(Boolean).sort()).toEqual(documented.sort());
  });
});

// each case starts one to three real processes
describe('poligon serve', { timeout: 60_000 }, () => {
  it('starts, answers health, prints where things are, and stops on SIGTERM with exit 0 (state file saved)', async () => {
    const stateFile = join(work, 'state.json');
    const s = await serve(['--port', '0', '--host', '127.0.0.1', '--state-file', stateFile]);
    expect(await health(s.url)).toMatchObject({ status: 'ok', simulators: ['gis', 'fes', 'ecs'] });
    expect(s.stdout()).toContain(`fes    ${s.url}/fes`);
    expect(s.stdout()).toContain(`${s.url}/docs`);
    await fetch(`${s.url}/__admin/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advance":"1d"}' });

    expect(await s.stop('SIGTERM')).toBe(0);
    expect(s.stderr()).toContain('SIGTERM received, stopping');
    expect(existsSync(stateFile)).toBe(true);

    // the saved world comes back: the virtual clock is still one day ahead
    const again = await serve(['-p', '0', '--host', '127.0.0.1', '--state-file', stateFile]);
    const clock = (await (await fetch(`${again.url}/__admin/clock`)).json()) as { offsetMs: number };
    expect(clock.offsetMs).toBe(86_400_000);
    expect(await again.stop('SIGINT')).toBe(0);
  });

  it('on SIGTERM lets a request being answered finish before it exits 0', async () => {
    const s = await serve(['--port', '0', '--host', '127.0.0.1', '--simulators', 'fes']);
    await fetch(`${s.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"operation":"fes.echo","kind":"latency","latencyMs":1500}' });
    const answered = fetch(`${s.url}/fes/api/v1/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status, (e: Error) => e.message);
    await new Promise((r) => setTimeout(r, 600)); // the request is in its 1.5 s delay
    expect(await s.stop('SIGTERM')).toBe(0);
    expect(await answered).toBe(401); // answered (unsigned), not cut
  });

  it('serves a chosen set of fakes, from a flag or POLIGON_SIMULATORS', async () => {
    const byFlag = await serve(['-p', '0', '--host', '127.0.0.1', '-s', 'fes']);
    expect((await health(byFlag.url)).simulators).toEqual(['fes']);
    expect((await fetch(`${byFlag.url}/ecs/connect/token`, { method: 'POST' })).status).toBe(404);
    await byFlag.stop();

    const byEnv = await serve(['-p', '0', '--host', '127.0.0.1'], { env: { POLIGON_SIMULATORS: 'gis,ecs' } });
    expect((await health(byEnv.url)).simulators).toEqual(['gis', 'ecs']);
    await byEnv.stop();
  });

  it('--no-demo starts an empty world and says so', async () => {
    const s = await serve(['-p', '0', '--host', '127.0.0.1', '--no-demo']);
    expect(s.stdout()).toContain('Demo world off');
    await s.stop();
  });

  it('takes settings from a YAML config file; environment beats the file, flags beat both', async () => {
    const config = file('poligon.yaml', 'host: 127.0.0.1\nport: 0\nsimulators: [ecs]\n');
    const fromFile = await serve(['-c', config]);
    expect((await health(fromFile.url)).simulators).toEqual(['ecs']);
    await fromFile.stop();

    const envWins = await serve([], { env: { POLIGON_CONFIG: config, POLIGON_SIMULATORS: 'gis' } });
    expect((await health(envWins.url)).simulators).toEqual(['gis']);
    await envWins.stop();

    const flagWins = await serve(['-c', config, '-s', 'fes'], { env: { POLIGON_SIMULATORS: 'gis' } });
    expect((await health(flagWins.url)).simulators).toEqual(['fes']);
    await flagWins.stop();
  });
});

// in process, one after another (they set process.env), except the unknown flag: exit 2 through bin/
describe('bad input: a clear message and exit 2', () => {
  it.each([
    [['--port', 'abc'], '--port must be a number from 0 to 65535, got abc'],
    [['--port', '70000'], '--port must be a number from 0 to 65535, got 70000'],
    [['--simulators', 'fes,xyz'], '--simulators must be a comma-separated list of gis, fes, ecs, got fes,xyz'],
    [['--log-level', 'loud'], '--log-level must be one of silent, info, debug, got loud'],
    [['--body-limit', '10'], '--body-limit must be a whole number of at least 1024, got 10'],
    [['--namespace', 'two words'], '--namespace must be 1–64 letters, digits, "-" or "_", got two words'],
  ])('serve %j', async (args, message) => {
    const r = await poligonInProcess('serve', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`poligon: ${message}`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('a bad POLIGON_* variable is named', async () => {
    const r = await poligonInProcessWithEnv({ POLIGON_PORT: 'abc' }, 'serve');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('POLIGON_PORT must be a number from 0 to 65535, got abc');
    const demo = await poligonInProcessWithEnv({ POLIGON_DEMO: 'maybe' }, 'serve');
    expect(demo.code).toBe(2);
    expect(demo.stderr).toContain('POLIGON_DEMO must be one of true, 1, yes, on, false, 0, no, off, got maybe');
  });

  it('an unknown flag', async () => {
    const r = await poligon(['serve', '--prot', '80']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--prot'");
  });

  it.each([
    ['broken.yaml', 'port: [8080\n', /config file .*broken\.yaml is not valid/],
    ['broken.json', '{"port": 8080,', /config file .*broken\.json is not valid/],
    ['list.yaml', '- port\n', /config file .*list\.yaml is not valid: expected a mapping of settings/],
    ['typo.yaml', 'prot: 8080\n', /config file .*typo\.yaml: unknown setting "prot" \(known: port, host/],
    ['type.yaml', 'port: eighty\n', /config file .*type\.yaml: port must be a number from 0 to 65535, got eighty/],
  ])('config file %s names the file and the problem', async (name, text, message) => {
    const r = await poligonInProcess('serve', '-c', file(name, text));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a config file that does not exist', async () => {
    const r = await poligonInProcess('serve', '--config', 'nowhere/poligon.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read config file nowhere/poligon.yaml: ENOENT');
  });

  it('a state file that is not a snapshot, or in a folder that does not exist', async () => {
    const broken = await poligonInProcess('serve', '-p', '0', '--state-file', file('state-broken.json', '{not json'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/state file .*state-broken\.json cannot be loaded/);
    const nowhere = await poligonInProcess('serve', '-p', '0', '--state-file', 'no/such/folder/state.json');
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/--state-file no\/such\/folder\/state\.json: folder .* does not exist/);
  });

  it('a port already in use', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    const port = (taken.address() as { port: number }).port;
    const r = await poligonInProcess('serve', '--host', '127.0.0.1', '-p', String(port));
    taken.close();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`port ${port} is already in use on 127.0.0.1: choose another with --port or POLIGON_PORT`);
  });
});
