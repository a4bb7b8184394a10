// The runs API behind the console's «Прогоны» tab (and any other client): start scenario packs against
// this very sandbox, follow their cases and operator instructions while they run, stop them, and read
// their reports. A run is what `poligon run <packs> --target <this sandbox>` does: every case in its
// own namespace of this sandbox, through the public APIs, so that its traffic shows in each namespace's
// journal on the console; the reports are written to a folder of the machine's temporary directory.
// A run acts with the token its caller gave: on a sandbox with an admin token the API itself needs
// that token, and a namespace with a token of its own (a pack's fixed namespace) is open to a run only
// when its caller holds that token.
// The operations are described in src/engine/admin-operations.ts (RUNS_OPERATIONS): /openapi/admin.json
// documents them beside the admin API.
import { mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineErrors, renderAdminError } from '../engine/errors.js';
import { bearerToken } from '../engine/guard.js';
import { readBody, sendJson } from '../engine/http.js';
import type { SchemaRegistry } from '../engine/schemas.js';
import type { LoadedPack, RunReport } from '../scenario/types.js';

export const RUNS_API = '/ui/api';
const KEPT_RUNS = 20;
const MAX_RUNNING = 2;
const BODY_LIMIT = 16 * 1024;
const RUN_REQUEST = 'admin/run.request';

interface CaseState { pack: string; id: string; title: string; namespace?: string; verdict?: string; reason?: string }
interface RunState {
  id: string;
  packs: string[];
  /** Who plays the observe-mode steps: the reference client, or a person following the instructions. */
  driver: 'reference' | 'console';
  status: 'running' | 'finished' | 'failed';
  startedAt: string;
  finishedAt?: string;
  verdict?: string;
  error?: string;
  cases: CaseState[];
  instructions: Array<{ pack: string; case: string; text: string; at: string }>;
  dir?: string;
  stop: AbortController;
}

const view = (r: RunState) => ({
  id: r.id, packs: r.packs, driver: r.driver, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, verdict: r.verdict, error: r.error,
  cases: r.cases, instructions: r.instructions,
  reportHtml: r.dir && r.status === 'finished' ? `${RUNS_API}/runs/${encodeURIComponent(r.id)}/report.html` : undefined,
});

async function listPacks(): Promise<LoadedPack[]> {
  const { packFiles, loadPackFile } = await import('../scenario/loader.js');
  return packFiles().map((f) => loadPackFile(f));
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

export interface RunsApiOptions {
  /** The URL this sandbox is reached at (the runs' target). */
  baseUrl: () => string;
  /** The sandbox's schemas: a run's request is checked against schemas/admin/run.request.json. */
  registry: SchemaRegistry;
}

/** Answers the runs API; the caller has already let the request through the sandbox's guard. */
export function runsApi(options: RunsApiOptions) {
  const runs: RunState[] = [];
  const find = (id: string) => runs.find((r) => r.id === id);

  const start = async (req: IncomingMessage, res: ServerResponse) => {
    let body: { packs: string[]; lang?: 'ru' | 'en'; skipObserve?: boolean; driver?: 'reference' };
    try {
      const raw = (await readBody(req, BODY_LIMIT)).toString('utf8');
      body = raw ? JSON.parse(raw) : {};
    } catch (e) {
      refuse(res, 400, 'POLIGON_MALFORMED_BODY', `The body is not JSON: ${(e as Error).message}`);
      return;
    }
    // driver: the reference client only (the schema's enum): a harness at a URL or a command would let a
    // web page make the sandbox call anywhere
    const problems = options.registry.validate(RUN_REQUEST, body);
    if (problems.length) {
      const r = renderAdminError(EngineErrors.VALIDATION({ summary: `${problems[0]!.pointer} ${problems[0]!.message}` }, problems));
      sendJson(res, r.status, r.body);
      return;
    }
    if (runs.filter((r) => r.status === 'running').length >= MAX_RUNNING) {
      refuse(res, 409, 'POLIGON_BUSY', `${MAX_RUNNING} runs are running already: wait for one to finish or stop it`);
      return;
    }
    // the packs GET /ui/api/packs lists, by id: a web page names no file of the machine
    const shipped = await listPacks();
    const unknown = body.packs.filter((id) => !shipped.some((p) => p.spec.id === id));
    if (unknown.length) {
      refuse(res, 400, 'POLIGON_VALIDATION', `No pack ${unknown.join(', ')} (GET /ui/api/packs lists them: ${shipped.map((p) => p.spec.id).join(', ')})`);
      return;
    }
    const packs = body.packs.map((id) => shipped.find((p) => p.spec.id === id)!);
    const { newRunId, runPacks } = await import('../scenario/runner.js');
    const driver = body.driver === 'reference' ? new (await import('../reference/driver.js')).ReferenceClientDriver({ adminToken: bearerToken(req) }) : undefined;
    const run: RunState = {
      id: newRunId(), packs: packs.map((p) => p.spec.id), driver: driver ? 'reference' : 'console', status: 'running', startedAt: new Date().toISOString(),
      cases: packs.flatMap((p) => p.spec.cases.map((c) => ({ pack: p.spec.id, id: c.id, title: c.title }))),
      instructions: [], stop: new AbortController(),
    };
    runs.unshift(run);
    runs.splice(KEPT_RUNS);
    const caseOf = (pack: LoadedPack, id: string) => run.cases.find((c) => c.pack === pack.spec.id && c.id === id);
    void (async () => {
      try {
        const report: RunReport = await runPacks({
          packs, runId: run.id, target: options.baseUrl(), adminToken: bearerToken(req), lang: body.lang,
          skipObserve: body.skipObserve === true, signal: run.stop.signal, driver,
          observer: {
            caseStarted: (pack, c, namespace) => { const s = caseOf(pack, c.id); if (s) { s.verdict = 'running'; s.namespace = namespace; } },
            caseFinished: (pack, result) => { const s = caseOf(pack, result.id); if (s) { s.verdict = result.verdict; s.reason = result.reason; } },
            // the masked text: keys made during the run never leave the sandbox through this API
            say: (pack, c, _text, where) => { run.instructions.push({ pack: pack.spec.id, case: c.id, text: where.masked, at: new Date().toISOString() }); },
          },
        });
        const { writeReports } = await import('../reports/index.js');
        const dir = mkdtempSync(join(tmpdir(), `poligon-run-${run.id}-`));
        await writeReports(report, dir, ['json', 'html']);
        run.dir = dir;
        for (const p of report.packs) for (const c of p.cases) { const s = run.cases.find((x) => x.pack === p.id && x.id === c.id); if (s) { s.verdict = c.verdict; s.reason = c.reason; } }
        run.verdict = report.summary.verdict;
        run.status = 'finished';
      } catch (e) {
        run.status = 'failed';
        run.error = (e as Error).message;
      }
      run.finishedAt = new Date().toISOString();
    })();
    sendJson(res, 202, view(run));
  };

  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const method = req.method ?? 'GET';
    const segments = path.slice(RUNS_API.length).split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] === 'packs' && segments.length === 1 && method === 'GET') {
      const packs = (await listPacks()).map((p) => ({ id: p.spec.id, title: p.spec.title, system: p.spec.system, cases: p.spec.cases.length }));
      sendJson(res, 200, { packs });
      return;
    }
    if (segments[0] !== 'runs') { refuse(res, 404, 'POLIGON_NOT_FOUND', `No operation ${method} ${path}`); return; }
    if (segments.length === 1 && method === 'GET') { sendJson(res, 200, { runs: runs.map(view) }); return; }
    if (segments.length === 1 && method === 'POST') { await start(req, res); return; }
    const run = find(segments[1] ?? '');
    if (!run) { refuse(res, 404, 'POLIGON_NOT_FOUND', `No run "${segments[1]}" in this sandbox`); return; }
    if (segments.length === 2 && method === 'GET') { sendJson(res, 200, view(run)); return; }
    if (segments[2] === 'stop' && segments.length === 3 && method === 'POST') { run.stop.abort(); sendJson(res, 202, view(run)); return; }
    if (segments[2] === 'report.html' && segments.length === 3 && method === 'GET') {
      if (!run.dir) { refuse(res, 409, 'POLIGON_NOT_READY', `Run ${run.id} has no report yet: it is ${run.status}`); return; }
      const html = readFileSync(join(run.dir, 'report.html'));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': html.length, 'x-content-type-options': 'nosniff' });
      res.end(html);
      return;
    }
    refuse(res, 404, 'POLIGON_NOT_FOUND', `No operation ${method} ${path}`);
  };
}
