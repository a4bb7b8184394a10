// `poligon fes align`: on the OpenAPI document the sandbox serves it finds nothing; on a hand-edited copy
// (test/fes/fixtures/fes-openapi-edited.yaml: a renamed header, a changed path, a removed field, another
// code) exactly those four; the profile --write-profile writes makes the sandbox match the copy wherever
// a profile can, and the removed field is listed as what it could not map. A copy with renamed body
// fields: those whose name the record does not fix are mapped into the profile's fields:, and the sandbox
// under the written profile matches the copy.
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
    expect(differences).toContainEqual({ kind: 'header', where: 'requestId', document: 'X-Request-Id', inProfile: true });
    const written = join(dir, 'vendor-aligned.yaml');
    await runCli(['fes', 'align', doc, '--write-profile', written]);
    expect(parse(readFileSync(written, 'utf8')).outcomes.MAC_INVALID).toEqual({ status: 401, code: 5108, description: 'Signature mismatch' });
    expect(parse(readFileSync(written, 'utf8')).fields.sendReceipt).toEqual({ request: { certAmount: 'certificateSum', dateTime: 'receiptDateTime' } });
    const after = await runCli(['fes', 'align', doc, '--profile', written, '--json']);
    expect(JSON.parse(after.stdout).differences).toEqual([]);
    expect(after.code).toBe(0);
  });

  it('a copy whose body fields are named otherwise: a renamed field the record does not name is mapped into fields:, and the sandbox under the written profile matches the copy', async () => {
    const doc = JSON.parse(readFileSync(served, 'utf8'));
    const rename = (schema: { properties: Record<string, unknown>; required?: string[] }, from: string, to: string) => {
      schema.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k === from ? to : k, v]));
      if (schema.required) schema.required = schema.required.map((r) => (r === from ? to : r));
    };
    rename(doc.components.schemas['fes.echo.request'], 'echoData', 'message');
    rename(doc.components.schemas['fes.receipt.request'], 'certAmount', 'certificateSum');
    rename(doc.components.schemas['fes.common'].$defs.article, 'count', 'quantity');
    const copy = join(dir, 'renamed-fields.json');
    writeFileSync(copy, JSON.stringify(doc));
    const r = await runCli(['fes', 'align', copy, '--json']);
    expect(r.code).toBe(1);
    // typed from the edit above: the article's count is in three answers
    expect(JSON.parse(r.stdout).differences).toEqual([
      { kind: 'field-name', operation: 'echo', where: 'request/echoData', poligon: 'echoData', document: 'message', inProfile: true, field: { part: 'request', path: 'echoData' } },
      { kind: 'field-name', operation: 'preAuthPurchase', where: 'response/basket/article/*/count', poligon: 'count', document: 'quantity', inProfile: true, field: { part: 'response', path: 'basket.article[].count' } },
      { kind: 'field-name', operation: 'preAuthReturn', where: 'response/basket/article/*/count', poligon: 'count', document: 'quantity', inProfile: true, field: { part: 'response', path: 'basket.article[].count' } },
      { kind: 'field-name', operation: 'sendReceipt', where: 'request/certAmount', poligon: 'certAmount', document: 'certificateSum', inProfile: true, field: { part: 'request', path: 'certAmount' } },
      { kind: 'field-name', operation: 'getPurchaseBasket', where: 'response/basket/article/*/count', poligon: 'count', document: 'quantity', inProfile: true, field: { part: 'response', path: 'basket.article[].count' } },
    ]);
    const written = join(dir, 'renamed-fields.yaml');
    await runCli(['fes', 'align', copy, '--write-profile', written]);
    expect(parse(readFileSync(written, 'utf8')).fields).toEqual({
      echo: { request: { echoData: 'message' } },
      preAuthPurchase: { response: { 'basket.article[].count': 'quantity' } },
      preAuthReturn: { response: { 'basket.article[].count': 'quantity' } },
      sendReceipt: { request: { certAmount: 'certificateSum' } },
      getPurchaseBasket: { response: { 'basket.article[].count': 'quantity' } },
    });
    // the sandbox under the written profile serves a document align finds no difference in, and speaks the copy's names
    const aligned = await startSandbox({ simulators: ['fes'], simulatorOptions: { fes: { profile: written } } });
    try {
      const again = join(dir, 'renamed-served.json');
      writeFileSync(again, await (await fetch(`${aligned.url}/openapi/fes.json`)).text());
      const same = await runCli(['fes', 'align', copy, '--profile', written, '--json']);
      expect(JSON.parse(same.stdout).differences).toEqual([]);
      expect(same.code).toBe(0);
      const byServed = await runCli(['fes', 'align', again, '--profile', written, '--json']);
      expect(JSON.parse(byServed.stdout).differences).toEqual([]);
      const res = await aligned.fes!.post('/api/v1/echo', { requestId: '5d2e8f0a-1c4d-4e5f-8a9b-0c1d2e3f4a5b', message: 'renamed' });
      expect(await res.json()).toMatchObject({ result: { code: 0 } });
    } finally {
      await aligned.stop();
    }
  });

  it('a field whose name the public record fixes, named otherwise in a copy: reported, not mapped', async () => {
    const doc = JSON.parse(readFileSync(served, 'utf8'));
    const certificates = doc.components.schemas['fes.list-certificates.response'].properties.certificates.items;
    certificates.properties = Object.fromEntries(Object.entries(certificates.properties).map(([k, v]) => [k === 'expiryDate' ? 'validTo' : k, v]));
    certificates.required = certificates.required.map((r: string) => (r === 'expiryDate' ? 'validTo' : r));
    const copy = join(dir, 'renamed-fixed.json');
    writeFileSync(copy, JSON.stringify(doc));
    const r = await runCli(['fes', 'align', copy, '--json']);
    expect(JSON.parse(r.stdout).differences).toEqual([
      { kind: 'field-name', operation: 'listCertificates', where: 'response/certificates/*/expiryDate', poligon: 'expiryDate', document: 'validTo', inProfile: false, field: { part: 'response', path: 'certificates[].expiryDate' } },
    ]);
  });

  it('a plain OpenAPI document (no x-poligon-fes-profile): headers from its security schemes, HTTP statuses and result.code enums compared; what it cannot say or map is listed', async () => {
    const doc = JSON.parse(readFileSync(served, 'utf8'));
    const schemes = doc.components.securitySchemes;
    delete schemes['fes-mac']['x-poligon-fes-profile'];
    expect(schemes['fes-timestamp']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-FES-Timestamp' });
    schemes['fes-timestamp'].name = 'X-Time';
    const purchase = doc.paths['/api/v1/preauth/purchase'].post;
    purchase.responses['418'] = { description: 'a status the sandbox never answers' };
    delete purchase.responses['409'];
    const refusal = Object.values(doc.components.schemas as Record<string, { title?: string; properties: { result: { properties: { code: Record<string, unknown> } } } }>).find((c) => c.title === 'FES refusal')!;
    Object.assign(refusal.properties.result.properties.code, { enum: [101, 108, 777], 'x-enum-descriptions': ['API key missing', 'MAC invalid', 'Unknown code'] });
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify(doc));
    const r = await runCli(['fes', 'align', plain, '--json']);
    expect(r.code).toBe(1);
    const { differences, notes } = JSON.parse(r.stdout) as { differences: Array<{ kind: string; where?: string }>; notes: string[] };
    const of = (kind: string) => differences.filter((d) => d.kind === kind);
    expect(of('header')).toEqual([{ kind: 'header', where: 'timestamp', poligon: 'X-FES-Timestamp', document: 'X-Time', inProfile: true }]);
    expect(of('header-missing')).toEqual([]);
    expect(of('status-missing')).toEqual([{ kind: 'status-missing', operation: 'preAuthPurchase', where: '409', poligon: expect.any(String), inProfile: false }]);
    expect(of('status-extra')).toEqual([{ kind: 'status-extra', operation: 'preAuthPurchase', where: '418', document: 'a status the sandbox never answers', inProfile: false }]);
    expect(of('code-extra')).toEqual([{ kind: 'code-extra', document: '777 Unknown code', inProfile: false }]);
    // the 43 FES refusals of modeled.yaml but API_KEY_MISSING (101) and MAC_INVALID (108)
    expect(of('code-missing')).toHaveLength(41);
    expect(of('code-missing')).toContainEqual({ kind: 'code-missing', where: 'REPLAYED', poligon: 109, inProfile: false });
    expect(of('mac')).toEqual([]);
    expect(notes).toEqual([expect.stringMatching(/^MAC and timestamp: OpenAPI has no field/), expect.stringMatching(/^result codes: the document lists codes but not which refusal/)]);
    expect(differences).toHaveLength(4 + 41);
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
