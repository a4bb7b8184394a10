// Paste-ready docs (issue 20): every shell block in README.md and docs/*.md that talks to a sandbox is run
// as pasted, with bash, against a fresh sandbox whose URL replaces http://localhost:8080 (or <host>:8080).
// curl runs with --fail-with-body, so an answer the block did not mean to get (a 300, a 409) fails it.
// Blocks that only list commands (start a server, build an image, run the bench) are not run here: their
// commands are held to the CLI elsewhere (test/cli), and the list below names each with the reason.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FesClient, startSandbox, type Sandbox } from '../../src/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Block { id: string; code: string }
const blocks: Block[] = FILES.flatMap((file) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^( *)```(?:bash|sh|shell)\n([\s\S]*?)^\1```/gm)].map((m, i) => ({
    id: `${file} shell block ${i + 1}`,
    code: m[2]!.split('\n').map((line) => line.slice(m[1]!.length)).join('\n'),
  })));

const talksToSandbox = (b: Block) => /\bcurl\b/.test(b.code) && /(localhost|<host>):8080/.test(b.code);

/**
 * Blocks that fail as pasted on main today, with the reason: the docs' owners are rewriting them
 * (docs/fes.md, docs/gis.md, docs/packs.md); each entry goes when its block passes.
 */
const KNOWN_FAILING: Record<string, string> = {
  'docs/ecs.md shell block 2': 'pasted as one block, the drop fault (times 1) swallows the next ECS call, POST …/control/v1/outages: curl exits 52 (empty reply); docs/ecs.md belongs to its owner',
};

/** What the world must hold before a block, where the block continues a story (a till that already called). */
const SETUP: Record<string, (sandbox: Sandbox) => Promise<unknown>> = {
  // docs/packs.md, observe mode: the till has pre-authorized a basket in namespace "kassa"
  'docs/packs.md shell block 3': async (sandbox) => {
    const admin = sandbox.admin.forNamespace('kassa');
    const keys = sandbox.demo().fes!;
    const till = new FesClient(admin.url('fes'), { apiKey: keys.apiKey!, macKey: keys.macKey!, cashRegisterId: keys.cashRegisterId }, admin);
    const res = await till.post('/api/v1/preauth/purchase', {
      requestId: '2b7e4c1a-9d3f-4e8b-a6c5-0f1e2d3c4b5a',
      panHash: 'c448a0d753437b069fc7481637eba7412b081e650f1007589d5e2f92cad17e1f', // printf 2200123456789019 | sha256sum
      items: [{ articleNumber: 1, truCode: '300126010.00000000100000000000', articleCode: 'KR-1', count: 1, price: 1_500_000 }],
    });
    expect(res.status).toBe(200);
  },
};

async function runAgainstSandbox(id: string, code: string) {
  const sandbox = await startSandbox();
  try {
    await SETUP[id]?.(sandbox);
    const pasted = code.replaceAll('http://localhost:8080', sandbox.url).replaceAll('http://<host>:8080', sandbox.url).replaceAll('localhost:8080', sandbox.url);
    const script = `set -eo pipefail\ncurl() { command curl --fail-with-body --max-time 20 "$@"; }\n${pasted}`;
    const cwd = mkdtempSync(join(tmpdir(), 'poligon-doc-block-'));
    return await new Promise<{ status: number | null; output: string }>((resolve) => {
      // async spawn: the sandbox answers in this process while bash runs
      import('node:child_process').then(({ spawn }) => {
        const child = spawn('bash', ['-c', script], { cwd, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('close', (status) => {
          clearTimeout(timer);
          resolve({ status, output });
        });
      });
    });
  } finally {
    await sandbox.stop();
  }
}

const tools = ['curl', 'jq', 'openssl', 'sha256sum'].every((t) => spawnSync('bash', ['-c', `command -v ${t}`]).status === 0);

describe.skipIf(!tools)(`shell blocks in the docs run as pasted${tools ? '' : ' — NOT RUN: curl, jq, openssl or sha256sum missing'}`, () => {
  it('finds the blocks (the extractor works)', () => {
    expect(blocks.filter(talksToSandbox).length).toBeGreaterThanOrEqual(4);
  });

  for (const block of blocks.filter(talksToSandbox)) {
    const known = KNOWN_FAILING[block.id];
    it.skipIf(known !== undefined)(`${block.id}${known ? ` — NOT RUN: fails as pasted on main (${known})` : ''}`, async () => {
      const { status, output } = await runAgainstSandbox(block.id, block.code);
      expect(status, output.slice(-3000)).toBe(0);
    }, 90_000);
  }

  it('lists the command-only blocks it does not run', () => {
    const notRun = blocks.filter((b) => !talksToSandbox(b)).map((b) => b.id);
    console.info(`[docs] command lists not run against a sandbox (servers, images, installs, the bench): ${notRun.join('; ')}`);
    expect(notRun.length + blocks.filter(talksToSandbox).length).toBe(blocks.length);
  });
});
