// The /docs pages (issue 20): no jsonSchemaDialect warning, the error codes folded away, a Russian index,
// and "Try it out" signing FES API calls: the page's own signing script, run here as the browser would
// run it, makes a request FES accepts, also after the namespace's clock moved.
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/index.js';
import { PROFILES_DIR } from '../../simulators/fes/profile.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.stop());

describe('/docs', () => {
  it('the OpenAPI document has no jsonSchemaDialect and folds its error codes into <details>', async () => {
    const doc = (await (await fetch(`${sandbox.url}/openapi/fes.json`)).json()) as { info: { description: string } };
    expect(doc).not.toHaveProperty('jsonSchemaDialect');
    expect(doc.info.description).toMatch(/<details><summary>Коды ошибок \/ error codes<\/summary>[\s\S]*FES_MAC_INVALID[\s\S]*<\/details>$/);
  });

  it('the index page is in Russian and links every fake and the demo world', async () => {
    const html = await (await fetch(`${sandbox.url}/docs`)).text();
    expect(html).toContain('документация API');
    for (const name of ['fes', 'gis', 'ecs']) expect(html).toContain(`href="/docs/${name}"`);
    expect(html).toContain('href="/__admin/demo"');
    for (const title of ['ФЭС НСПК и ЛК ФЭС', 'ГИС ЭС — кабинет участника', 'Веб-сервис ЕСК, Якутия']) expect(html).toContain(title);
  });

  // header names, paths and the echo text's field name typed from the profile files (schemas/fes-profile/profiles/)
  it.each([
    ['modeled', '/api/v1/echo', ['X-FES-Api-Key', 'X-FES-Cash-Register-Id', 'X-FES-Timestamp', 'X-FES-MAC'], 'echoData'],
    ['example-vendor', '/fes/v2/ping', ['X-Request-Id', 'X-Vendor-Api-Key', 'X-Terminal-Id', 'X-Request-Time', 'X-Signature'], 'message'],
  ])('"Try it out" signs a FES call as the %s profile says, with the demo касса and the virtual time: echo answers result code 0', async (profile, echoPath, headers, echoField) => {
    const sb = profile === 'modeled' ? sandbox : await startSandbox({ simulatorOptions: { fes: { profile: join(PROFILES_DIR, `${profile}.yaml`) } } });
    try {
      const html = await (await fetch(`${sb.url}/docs/fes`)).text();
      const script = /<script>([\s\S]*?)window\.ui = /.exec(html)![1]!;
      const page = { fetch, URL, TextEncoder, btoa, atob, crypto: globalThis.crypto, location: { href: `${sb.url}/docs/fes` }, window: { crypto: globalThis.crypto } };
      const signFes = runInNewContext(`${script}; signFes`, page) as (req: { url: string; method: string; body: string; headers: Record<string, string> }) => Promise<{ headers: Record<string, string> }>;
      await sb.admin.advanceClock('2h');
      // Swagger UI's example body: "string" where the schema wants a UUID request id
      const body = JSON.stringify({ requestId: 'string', [echoField]: 'from the docs page' });
      const req = await signFes({ url: `${sb.url}/fes${echoPath}`, method: 'post', body, headers: { 'Content-Type': 'application/json' } });
      expect(Object.keys(req.headers)).toEqual(['Content-Type', ...headers]);
      const sent = JSON.parse((req as unknown as { body: string }).body);
      expect(sent.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const res = await fetch(`${sb.url}/fes${echoPath}`, { method: 'POST', headers: req.headers, body: (req as unknown as { body: string }).body });
      expect(await res.json()).toMatchObject({ result: { code: 0 }, [echoField]: 'from the docs page' });
      // not a cash-software call: passed as it is
      const lk = await signFes({ url: `${sb.url}/fes/lk/v1/auth/login`, method: 'post', body: '{}', headers: {} });
      expect(lk.headers).toEqual({});
    } finally {
      if (sb !== sandbox) await sb.stop();
    }
  });
});
