// The web UI's pages: the sandbox console (/ui), the GIS ES cabinet (/ui/gis) and the LK FES cabinet
// (/ui/fes). They are one page of static assets built from ui/ into dist/ui (scripts/bundle-ui.mjs):
// everything they show and do goes through the public simulator APIs, the admin API and the runs API
// (runs.ts), from the browser, under the same tokens as any other client. Served by the sandbox
// itself: it runs offline.
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { PoligonApp } from '../engine/app.js';
import { renderAdminError } from '../engine/errors.js';
import { guardRequest } from '../engine/guard.js';
import { sendJson } from '../engine/http.js';
import { PACKAGE_ROOT } from '../engine/paths.js';
import { RUNS_API, runsApi } from './runs.js';

/** The pages of the UI, below the sandbox root. */
export const UI_PAGES = { console: '/ui', gis: '/ui/gis', fes: '/ui/fes' } as const;

const ASSETS_DIR = join(PACKAGE_ROOT, 'dist', 'ui');
const ASSET_TYPES: Record<string, string> = { 'ui.js': 'text/javascript; charset=utf-8', 'ui.css': 'text/css; charset=utf-8' };
const PAGE_PATHS = new Set(Object.values(UI_PAGES).flatMap((p) => [p, `${p}/`]));

// The assets are the page's only code: no inline script or style, nothing from another origin.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const SHELL = `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Poligon</title>
<link rel="stylesheet" href="/ui/assets/ui.css">
<script type="module" src="/ui/assets/ui.js"></script>
</head>
<body>
<div id="app"><noscript>Poligon: для этой страницы нужен JavaScript. This page needs JavaScript.</noscript></div>
</body>
</html>
`;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

/** Answers the UI's pages, assets and the runs API; passes every other request to the app. */
export function withWebUi(poligon: PoligonApp): RequestListener {
  const next = poligon.handler;
  const runs = runsApi({ baseUrl: () => poligon.baseUrl(), registry: poligon.registry });
  // the runs API is guarded as the admin API is: same-site pages only, and the admin token when there is one
  const guard = { adminToken: poligon.config.adminToken, allowedOrigins: poligon.config.allowedOrigins, namespaceToken: () => undefined };
  return (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === RUNS_API || path.startsWith(`${RUNS_API}/`)) {
      const refused = guardRequest(req, { namespace: poligon.config.defaultNamespace, path }, guard);
      if (refused) {
        const r = renderAdminError(refused);
        sendJson(res, r.status, r.body);
        return;
      }
      runs(req, res, path).catch((e: Error) => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'POLIGON_INTERNAL', message: e.message } });
      });
      return;
    }
    if ((method !== 'GET' && method !== 'HEAD') || !(path === '/ui' || path.startsWith('/ui/'))) {
      next(req, res);
      return;
    }
    const head = method === 'HEAD';
    if (PAGE_PATHS.has(path)) {
      send(res, 200, 'text/html; charset=utf-8', SHELL, head);
      return;
    }
    const asset = path.startsWith('/ui/assets/') ? path.slice('/ui/assets/'.length) : undefined;
    if (asset !== undefined && ASSET_TYPES[asset]) {
      const file = join(ASSETS_DIR, asset);
      if (!existsSync(file)) {
        send(res, 503, 'text/plain; charset=utf-8', `The web UI is not built (${file} is missing): run \`npm run build\`.\n`, head);
        return;
      }
      send(res, 200, ASSET_TYPES[asset]!, readFileSync(file), head);
      return;
    }
    next(req, res);
  };
}
