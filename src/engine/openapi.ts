// OpenAPI 3.1 documents built from the simulators' operations and the schemas in schemas/ — never
// written by hand, so the document, the validator and the data generator cannot disagree.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';
import { ENGINE_SECTION, type ErrorCatalogue } from './errors.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from './paths.js';
import { SCHEMA_BASE_URI, type JsonSchema, type SchemaRegistry } from './schemas.js';
import type { OperationDescription } from './admin-operations.js';
import type { Simulator } from './simulator.js';
import { viewSchemas } from './view.js';

/** "fes/preauth-purchase.request" → "fes.preauth-purchase.request" (a valid component name). */
export const componentName = (schemaId: string) => schemaId.replace(/\//g, '.');

/** Rewrites `$ref`s between schema files into refs to the document's components. */
function rewriteRefs(node: unknown, currentId: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, currentId));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === '$id' || k === '$schema') continue;
    if (k === '$ref' && typeof v === 'string') {
      const [file, fragment = ''] = v.split('#');
      const target = file
        ? new URL(file, `${SCHEMA_BASE_URI}${currentId}.json`).href.slice(SCHEMA_BASE_URI.length).replace(/\.json$/, '')
        : currentId;
      out.$ref = `#/components/schemas/${componentName(target)}${fragment}`;
    } else {
      out[k] = rewriteRefs(v, currentId);
    }
  }
  return out;
}

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** What a document is built from: a simulator, or the admin API described the same way. */
export type ApiDescription = Pick<Simulator<any>, 'name' | 'title' | 'description' | 'protocolVersion' | 'schemas' | 'securitySchemes' | 'securityTogether'> & {
  operations: ReadonlyArray<OperationDescription>;
  /** Operations below another base path (their path items carry their own `servers`). */
  elsewhere?: ReadonlyArray<{ serverUrl: string; operations: ReadonlyArray<OperationDescription> }>;
};

export function buildOpenApi(sim: ApiDescription, registry: SchemaRegistry, catalogue: ErrorCatalogue, serverUrl = `/${sim.name}`): Record<string, unknown> {
  const ids = new Set<string>(sim.schemas);
  const groups = [{ serverUrl: undefined as string | undefined, operations: sim.operations }, ...(sim.elsewhere ?? [])];
  const operations = groups.flatMap((g) => g.operations.map((op) => ({ op, serverUrl: g.serverUrl })));
  for (const { op } of operations) {
    for (const id of [op.request?.body, op.request?.query, op.request?.params, ...Object.values(op.responses).map((r) => r.schema)]) {
      if (id) ids.add(id);
    }
  }
  // pull in every schema reachable through $ref
  const queue = [...ids];
  while (queue.length) {
    const id = queue.pop()!;
    for (const r of registry.refsOf(id)) if (!ids.has(r)) { ids.add(r); queue.push(r); }
  }
  const schemas: Record<string, unknown> = {};
  for (const id of [...ids].sort()) schemas[componentName(id)] = rewriteRefs(registry.get(id), id);

  const ref = (id: string) => ({ $ref: `#/components/schemas/${componentName(id)}` });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { op, serverUrl: elsewhere } of operations) {
    const p = toOpenApiPath(op.path);
    if (elsewhere !== undefined) paths[p] ??= { servers: [{ url: elsewhere }] };
    const parameters = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (op.request?.query) {
      const q = registry.get(op.request.query) as JsonSchema & { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: (q.required ?? []).includes(name), schema: rewriteRefs(schema, op.request.query) as { type: string } });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(op.responses)) {
      responses[status] = spec.schema
        ? { description: spec.description, content: { 'application/json': { schema: ref(spec.schema) } } }
        : { description: spec.description };
    }
    (paths[p] ??= {})[op.method] = {
      operationId: op.id,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.request?.body
        ? { requestBody: { required: true, content: { [op.request.contentType ?? 'application/json']: { schema: ref(op.request.body) } } } }
        : {}),
      ...(op.auth ? { security: [{ [op.auth]: [], ...Object.fromEntries((sim.securityTogether?.[op.auth] ?? []).map((s) => [s, []])) }] } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${sim.title} — Poligon sandbox`,
      version: sim.protocolVersion,
      // the error codes folded away: listed open, they stood before the first operation
      description: `${sim.description}

Served by Poligon ${PACKAGE_VERSION}.

<details><summary>Коды ошибок / error codes</summary>

${catalogue.list()
        .filter((e) => e.section === sim.name || e.section === ENGINE_SECTION)
        .map((e) => `\`${e.code}\` (${e.status}${e.systemCode ? `, ${e.systemCode}` : ''})`)
        .join(', ')}\n\n</details>`,
    },
    servers: [{ url: serverUrl }],
    paths,
    components: { schemas, ...(sim.securitySchemes ? { securitySchemes: sim.securitySchemes } : {}) },
  };
}

// The build copies Swagger UI's two assets into dist/docs-ui (scripts/bundle.mjs), so the package needs
// no swagger-ui-dist at run time; tests run from the sources find the development dependency.
const builtDocsUi = join(PACKAGE_ROOT, 'dist', 'docs-ui');
const swaggerUiDir = existsSync(builtDocsUi) ? builtDocsUi : dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * "Try it out" signs FES API calls in the browser (WebCrypto) as the active FES protocol profile says
 * (GET /fes/control/v1/profile: which paths are signed, the header names, the timestamp format, the MAC's
 * algorithm, key, parts, separator and output): the demo касса's keys from /__admin/demo, the namespace's
 * virtual time from /__admin/clock, a fresh UUID request id where the example's is not one. Other calls
 * pass as they are.
 */
const SIGN_IN_BROWSER = `
const bytesOf = (b) => new Uint8Array(b);
const hex = (b) => [...bytesOf(b)].map((x) => x.toString(16).padStart(2, '0')).join('');
const b64 = (b) => btoa(String.fromCharCode(...bytesOf(b)));
const utf8 = (s) => new TextEncoder().encode(s);
const keyBytes = (text, how) => how === 'hex' ? new Uint8Array(text.match(/../g).map((h) => parseInt(h, 16)))
  : how === 'base64' ? Uint8Array.from(atob(text), (c) => c.charCodeAt(0)) : utf8(text);
const HASH = { 'hmac-sha256': 'SHA-256', 'hmac-sha512': 'SHA-512', 'hmac-sha1': 'SHA-1' };
async function signFes(req) {
  const url = new URL(req.url, location.href);
  const m = /^((?:\\/ns\\/[^/]+)?)\\/fes(\\/.*)$/.exec(url.pathname);
  if (!m || !window.crypto || !crypto.subtle) return req;
  const at = (path) => fetch(url.origin + m[1] + path).then((r) => r.json());
  const { profile } = await at('/fes/control/v1/profile');
  const method = req.method.toUpperCase();
  const opId = profile && Object.keys(profile.operations).find((id) => profile.operations[id].method === method && profile.operations[id].path === m[2]);
  if (!opId) return req;
  // the request id's wire name: the profile's fields may rename it
  const idField = (((profile.fields || {})[opId] || {}).request || {}).requestId || 'requestId';
  const [demo, clock] = await Promise.all([at('/__admin/demo'), at('/__admin/clock')]);
  const fes = demo.credentials && demo.credentials.fes;
  if (!fes || !fes.apiKey || !fes.macKey) return req;
  let body = typeof req.body === 'string' ? req.body : '';
  let requestId;
  // Swagger's example request id ("string") is not a UUID: give each try a fresh one, as a real till does
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && idField in parsed && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(String(parsed[idField]))) {
      parsed[idField] = crypto.randomUUID();
      body = req.body = JSON.stringify(parsed);
    }
    if (parsed && typeof parsed[idField] === 'string') requestId = parsed[idField];
  } catch { /* not JSON: signed as sent */ }
  const ms = Date.parse(clock.now);
  const timestamp = { 'unix-seconds': String(Math.floor(ms / 1000)), 'unix-millis': String(ms) }[profile.timestamp.format] || clock.now;
  const bodyHash = await crypto.subtle.digest('SHA-256', utf8(body));
  const part = { method, path: m[2], timestamp, apiKey: fes.apiKey, cashRegisterId: fes.cashRegisterId, body, bodySha256Hex: hex(bodyHash), bodySha256Base64: b64(bodyHash) };
  const mac = profile.mac;
  const key = await crypto.subtle.importKey('raw', keyBytes(fes.macKey, mac.key), { name: 'HMAC', hash: HASH[mac.algorithm] }, false, ['sign']);
  const signature = await crypto.subtle.sign('HMAC', key, utf8(mac.parts.map((p) => part[p]).join(mac.separator)));
  const h = profile.headers;
  if (h.requestId) req.headers[h.requestId] = requestId || crypto.randomUUID();
  Object.assign(req.headers, { [h.apiKey]: fes.apiKey, [h.cashRegisterId]: fes.cashRegisterId, [h.timestamp]: timestamp, [h.mac]: mac.output === 'hex' ? hex(signature) : b64(signature) });
  return req;
}`;

function docsPage(title: string, specUrl: string): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>${SIGN_IN_BROWSER}
window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#ui', deepLinking: true, requestInterceptor: signFes });</script>
</body></html>`;
}

/** /openapi/<sim>.json and a browsable /docs/<sim> page (Swagger UI served locally, works offline). */
export function docsRouter(simulators: ReadonlyArray<Simulator<any>>, admin: ApiDescription, registry: SchemaRegistry, catalogue: ErrorCatalogue): Router {
  const router = express.Router();
  const cache = new Map<string, Record<string, unknown>>();
  router.use('/docs/assets', express.static(swaggerUiDir, { index: false }));
  const documents: Array<{ api: ApiDescription; serverUrl: string }> = [
    ...simulators.map((sim) => ({ api: sim as ApiDescription, serverUrl: `/${sim.name}` })),
    { api: { ...admin, schemas: [...admin.schemas, ...viewSchemas(simulators)] }, serverUrl: '/__admin' },
  ];
  router.get('/docs', (_req, res) => {
    res.type('html').send(`<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Poligon — документация API</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}li{margin:.4rem 0}code{background:#f2f2f2;padding:0 .2rem}</style></head><body>
<h1>Poligon ${PACKAGE_VERSION}: документация API</h1>
<p>Песочница с состоянием для ФЭС НСПК, ГИС ЭС и веб-сервиса ЕСК. «Try it out» подписывает запросы к API ФЭС ключами демо-кассы и виртуальным временем пространства имён.</p>
<ul>${documents.map(({ api: s }) => `<li><a href="/docs/${s.name}">${s.title}</a> · <a href="/openapi/${s.name}.json">OpenAPI</a></li>`).join('')}</ul>
<p>Демо-мир и ключи: <a href="/__admin/demo"><code>/__admin/demo</code></a> · состояние: <a href="/__admin/health"><code>/__admin/health</code></a></p>
</body></html>`);
  });
  for (const { api: sim, serverUrl } of documents) {
    router.get(`/openapi/${sim.name}.json`, (_req, res) => {
      if (!cache.has(sim.name)) cache.set(sim.name, buildOpenApi(sim, registry, catalogue, serverUrl));
      res.json(cache.get(sim.name));
    });
    router.get(`/docs/${sim.name}`, (_req, res) => {
      res.type('html').send(docsPage(sim.title, `/openapi/${sim.name}.json`));
    });
  }
  return router;
}
