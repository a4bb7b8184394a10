// `poligon fes align`: on the OpenAPI document the sandbox serves it finds nothing; on a hand-edited copy
// (test/fes/fixtures/fes-openapi-edited.yaml: a renamed header, a changed path, a removed field, another
// code) exactly those four; the profile --write-profile writes makes the sandbox match the copy wherever
// a profile can, and the removed field is listed as what it could not map.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { poligonInProcess } from '../support/cli-in-process.js';
import { PROFILES_DIR } from '../../simulators/fes/profile.js';

const EDITED = join(import.meta.dirname, 'fixtures', 'fes-openapi-edited.yaml');
const dir = mkdtempSync(join(tmpdir(), 'fes-align-'));
/** What the CLI printed (stdout and stderr together) and its exit code. */
const runCli = async (args: string[]) => {
  const { code, out } = await poligonInProcess(...args);
  return { code, stdout: out, stderr: out };
};

describe('poligon fes align', () => {
  let sb: Sandbox;
  let served: string;
  beforeAll(async () => {
    sb = await startSandbox({ simulators: ['fes'] });
    served = join(dir, 'served.json');
    writeFileSync(served, await (await fetch(`${sb.url}/openapi/fes.json`)).text());
  });
  afterAll(() => sb?.stop());

  it('the document the sandbox serves: no difference, exit 0', async () => {
    const r = await runCli(['fes', 'align', served, '--lang', 'en']);
    expect(r.stdout).toMatch(/^No differences: .*served\.json matches profile modeled/);
    expect(r.code).toBe(0);
  });

  it('a hand-edited copy: exactly the renamed header, the changed path, the removed field and the other code, exit 1', async () => {
    const r = await runCli(['fes', 'align', EDITED, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).differences).toEqual([
      { kind: 'path', operation: 'sendReceipt', poligon: '/api/v1/receipts', document: '/api/v1/fiscal-receipts', inProfile: true },
      { kind: 'header', where: 'cashRegisterId', poligon: 'X-FES-Cash-Register-Id', document: 'X-FES-Kassa-Id', inProfile: true },
      { kind: 'field-missing', operation: 'sendReceipt', where: 'request/settlementPlace', poligon: 'string', inProfile: false },
      { kind: 'code', where: 'MAC_INVALID', poligon: '401 / 108', document: '401 / 1108', inProfile: true },
    ]);
  });

  it('the table names them in Russian (default) and English', async () => {
    const ru = await runCli(['fes', 'align', EDITED]);
    expect(ru.stdout).toContain('Операция');
    expect(ru.stdout).toMatch(/sendReceipt\s+путь\s+—\s+\/api\/v1\/receipts\s+\/api\/v1\/fiscal-receipts\s+да/);
    expect(ru.stdout).toContain('Различий: 4; профиль покрывает 3');
    const en = await runCli(['fes', 'align', EDITED, '--lang', 'en']);
    expect(en.stdout).toMatch(/sendReceipt\s+field missing from the document\s+request\/settlementPlace\s+string\s+—\s+no/);
  });

  it('--write-profile: served with it, the sandbox differs from the copy only in what a profile cannot map', async () => {
    const written = join(dir, 'aligned.yaml');
    expect((await runCli(['fes', 'align', EDITED, '--write-profile', written])).code).toBe(1);
    const text = readFileSync(written, 'utf8');
    expect(text).toContain('#   - sendReceipt: field missing from the document request/settlementPlace');
    const after = await runCli(['fes', 'align', EDITED, '--profile', written, '--json']);
    expect(JSON.parse(after.stdout).differences).toEqual([
      { kind: 'field-missing', operation: 'sendReceipt', where: 'request/settlementPlace', poligon: 'string', inProfile: false },
    ]);
    // and a sandbox serving it answers at the copy's path, signed with the copy's header
    const aligned = await startSandbox({ simulators: ['fes'], simulatorOptions: { fes: { profile: written } } });
    try {
      const doc = await (await fetch(`${aligned.url}/openapi/fes.json`)).json() as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toContain('/api/v1/fiscal-receipts');
      const r = await aligned.fes!.post('/api/v1/echo', { requestId: '3b2e8f0a-1c4d-4e5f-8a9b-0c1d2e3f4a5b' });
      expect(r.status).toBe(200);
      const wrong = await fetch(`${aligned.urls.fes}/api/v1/echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-FES-Api-Key': 'x' }, body: '{}' });
      expect((await wrong.json() as { result: { code: number } }).result.code).toBe(102);
    } finally {
      await aligned.stop();
    }
  });

  it('the document a sandbox serves under example-vendor: its descriptions per refusal among the differences, and the profile written from it matches it wholly', async () => {
    const vendor = await startSandbox({ simulators: ['fes'], simulatorOptions: { fes: { profile: join(PROFILES_DIR, 'example-vendor.yaml') } } });
    const doc = join(dir, 'vendor.json');
    try {
      writeFileSync(doc, await (await fetch(`${vendor.url}/openapi/fes.json`)).text());
    } finally {
      await vendor.stop();
    }
    const r = await runCli(['fes', 'align', doc, '--json']);
    expect(r.code).toBe(1);
    const differences = JSON.parse(r.stdout).differences as Array<{ kind: string; where?: string }>;
    // typed from example-vendor.yaml
    expect(differences).toContainEqual({ kind: 'description', where: 'MAC_INVALID', document: 'Signature mismatch', inProfile: true });
    expect(differences).toContainEqual({ kind: 'code', where: 'MAC_INVALID', poligon: '401 / 108', document: '401 / 5108', inProfile: true });
    const written = join(dir, 'vendor-aligned.yaml');
    await runCli(['fes', 'align', doc, '--write-profile', written]);
    expect(parse(readFileSync(written, 'utf8')).outcomes.MAC_INVALID).toEqual({ status: 401, code: 5108, description: 'Signature mismatch' });
    const after = await runCli(['fes', 'align', doc, '--profile', written, '--json']);
    expect(JSON.parse(after.stdout).differences).toEqual([]);
    expect(after.code).toBe(0);
  });

  it('a document that cannot be read: a clear message with the location, exit 2', async () => {
    const badYaml = join(dir, 'bad.yaml');
    writeFileSync(badYaml, 'openapi: 3.1.0\npaths:\n  /x: [unclosed\n');
    const r1 = await runCli(['fes', 'align', badYaml]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/bad\.yaml:\d+:\d+: not valid YAML or JSON/);
    const swagger = join(dir, 'swagger.json');
    writeFileSync(swagger, JSON.stringify({ swagger: '2.0', paths: {} }));
    const r2 = await runCli(['fes', 'align', swagger]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('not OpenAPI 3.x: field "openapi" is null (a Swagger 2.0 document: convert it to OpenAPI 3 first)');
    const dangling = join(dir, 'dangling.yaml');
    writeFileSync(dangling, 'openapi: 3.0.3\ninfo: { title: x, version: "1" }\npaths:\n  /echo:\n    post:\n      requestBody: { content: { application/json: { schema: { $ref: "#/components/schemas/Nope" } } } }\n      responses: { "200": { description: ok } }\n');
    const r3 = await runCli(['fes', 'align', dangling]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/dangling\.yaml: a \$ref cannot be resolved: .*Nope/);
  });
});
