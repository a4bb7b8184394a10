// HAR 1.2 of a run's traffic: one page per case, one entry per journal entry of the case namespace
// (requests the runner made and those the system under test made), with `_id` = the reference the
// other reports cite. Bodies are as journaled: secrets already masked.
import type { JournalEntry } from '../engine/journal.js';
import type { RunReport } from '../scenario/types.js';
import { harId } from './common.js';

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

const pairs = (o: Record<string, unknown>) => Object.entries(o).map(([name, value]) => ({ name, value: String(value) }));

function bodyText(body: unknown): string {
  return body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
}

function entry(report: RunReport, packId: string, caseId: string, e: JournalEntry) {
  const base = report.target.kind === 'embedded' ? 'http://sandbox.poligon' : report.target.url;
  const query = new URLSearchParams(Object.entries(e.query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const url = `${e.path.startsWith('http') ? e.path : `${base}${e.path}`}${query ? `?${query}` : ''}`;
  const reqText = bodyText(e.requestBody);
  const resText = bodyText(e.responseBody);
  return {
    pageref: `${packId}/${caseId}`,
    startedDateTime: e.time,
    time: e.durationMs,
    request: {
      method: e.method, url, httpVersion: 'HTTP/1.1', cookies: [], headers: pairs(e.requestHeaders), queryString: pairs(e.query),
      ...(reqText ? { postData: { mimeType: e.requestHeaders['content-type'] ?? 'application/json', text: reqText } } : {}),
      headersSize: -1, bodySize: Buffer.byteLength(reqText),
    },
    response: {
      status: e.status, statusText: STATUS_TEXT[e.status] ?? '', httpVersion: 'HTTP/1.1', cookies: [], headers: pairs(e.responseHeaders),
      content: { size: Buffer.byteLength(resText), mimeType: e.responseHeaders['content-type'] ?? 'application/json', text: resText },
      redirectURL: '', headersSize: -1, bodySize: Buffer.byteLength(resText),
    },
    cache: {},
    timings: { send: 0, wait: e.durationMs, receive: 0 },
    _id: harId(packId, { id: caseId }, e),
    _seq: e.seq,
    _namespace: e.namespace,
    _virtualTime: e.virtualTime,
    ...(e.operation ? { _operation: e.operation } : {}),
    ...(e.errorCode ? { _errorCode: e.errorCode } : {}),
    ...(e.fault ? { _fault: e.fault } : {}),
  };
}

export function renderHar(report: RunReport): string {
  const pages = report.packs.flatMap((p) => p.cases.map((c) => ({
    startedDateTime: c.startedAt, id: `${p.id}/${c.id}`, title: `${p.id}/${c.id}: ${c.title}`, pageTimings: { onContentLoad: -1, onLoad: c.durationMs },
  })));
  const entries = report.packs.flatMap((p) => p.cases.flatMap((c) => c.traffic.map((e) => entry(report, p.id, c.id, e))));
  return JSON.stringify({ log: { version: '1.2', creator: { name: report.tool.name, version: report.tool.version }, pages, entries } }, null, 2);
}
