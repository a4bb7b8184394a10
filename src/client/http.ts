// The HTTP client of the scenario runner and the admin client: node:http(s) with keep-alive agents.
// It does what the runner relied on `fetch` for — the same default request headers (so the journal,
// HAR and a target see the same requests), decompressed answers, redirects followed, one deadline for
// the whole exchange, answer headers lower-cased, sorted and duplicates joined — at about a third of
// undici fetch's CPU per request (web streams, AbortSignal and Request/Response objects cost the rest;
// a pack run makes well over a thousand requests).
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { CoreRequest, CoreResponse } from '../engine/http.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Body bytes as sent. */
  body?: string | Buffer;
  /** Deadline for the whole exchange, answer body included; none when omitted. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names, sorted; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  /** The body as received after content decoding. */
  bytes: Buffer;
  /** The body as UTF-8 text (a leading byte-order mark dropped, as fetch's text() does). */
  text: string;
}

/** The exchange did not finish within timeoutMs (named as fetch's abort reason is). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Headers fetch adds to every request unless given: kept so that what a target sees does not change. */
const DEFAULT_HEADERS: Record<string, string> = { accept: '*/*', 'accept-language': '*', 'user-agent': 'node', 'accept-encoding': 'gzip, deflate' };
const MAX_REDIRECTS = 20;

/** `given` with the headers fetch would add (also for a call answered in process: the target sees the same request). */
export function withDefaultHeaders(given: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { ...given };
  const names = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
  for (const [name, value] of Object.entries(DEFAULT_HEADERS)) if (!names.has(name)) headers[name] = value;
  return headers;
}

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

const decoders: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

function answerHeaders(res: IncomingMessage): Record<string, string> {
  const joined: Record<string, string> = {};
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    joined[name] = joined[name] === undefined ? raw[i + 1]! : `${joined[name]}, ${raw[i + 1]}`;
  }
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(joined).sort()) sorted[name] = joined[name]!;
  return sorted;
}

async function decode(bytes: Buffer, encoding: string | undefined): Promise<Buffer> {
  let out = bytes;
  // codings are listed in the order applied: undo them last first
  for (const coding of (encoding ?? '').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c && c !== 'identity').reverse()) {
    const decoder = decoders[coding];
    if (!decoder) throw new Error(`unsupported content-encoding "${coding}"`);
    out = await decoder(out);
  }
  return out;
}

function once(req: HttpRequest, signal: AbortSignal): Promise<{ res: IncomingMessage; bytes: Buffer }> {
  const url = new URL(req.url);
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!transport) return Promise.reject(new Error(`unsupported URL scheme ${url.protocol}`));
  const headers = withDefaultHeaders(req.headers);
  return new Promise((resolve, reject) => {
    const failed = (e: Error) => reject(signal.aborted ? signal.reason : e);
    const outgoing = transport.request(url, { method: req.method, headers, agent: agents[url.protocol as keyof typeof agents], signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, bytes: Buffer.concat(chunks) }));
      res.on('error', failed);
    });
    outgoing.on('error', failed);
    outgoing.end(req.body);
  });
}

/** Whether a redirect turns the request into a body-less GET (as fetch does). */
function becomesGet(status: number, method: string): boolean {
  return (status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST');
}

/** Sends one request (following redirects) and reads the whole answer. */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = req.timeoutMs === undefined ? undefined
    : setTimeout(() => controller.abort(new TimeoutError(`no answer within ${req.timeoutMs} ms`)), req.timeoutMs);
  try {
    let current: HttpRequest = { ...req, method: req.method.toUpperCase() };
    for (let redirects = 0; ; redirects++) {
      const { res, bytes } = await once(current, controller.signal);
      const status = res.statusCode!;
      const location = res.headers.location;
      if (location !== undefined && [301, 302, 303, 307, 308].includes(status)) {
        if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
        const next = new URL(location, current.url);
        const headers = Object.fromEntries(Object.entries(current.headers ?? {}).filter(([name]) => {
          const n = name.toLowerCase();
          if (n === 'host') return false;
          // credentials do not follow to another origin; a body-less GET loses the body's headers
          if (n === 'authorization' && next.origin !== new URL(current.url).origin) return false;
          return !(becomesGet(status, current.method) && n.startsWith('content-'));
        }));
        current = becomesGet(status, current.method)
          ? { ...current, url: next.href, method: 'GET', headers, body: undefined }
          : { ...current, url: next.href, headers };
        continue;
      }
      const decoded = await decode(bytes, res.headers['content-encoding']);
      return { status, headers: answerHeaders(res), bytes: decoded, text: new TextDecoder().decode(decoded) };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** What answers a request in process: an embedded sandbox's core (`PoligonApp.handle`). */
export type InProcessCore = (request: CoreRequest) => Promise<CoreResponse>;

/**
 * The exchange `httpRequest` makes, answered by an in-process core instead of a socket: the same
 * request (fetch's default headers, Host, Content-Length, the URL as node:http sends it, the deadline)
 * and the answer as `httpRequest` gives it; a dropped connection fails as it does through a socket.
 */
export async function requestInProcess(core: InProcessCore, req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(req.url);
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ host: url.host, ...withDefaultHeaders(req.headers), ...(body ? { 'content-length': String(body.length) } : {}) })) {
    headers[name.toLowerCase()] = value;
  }
  const answering = core({ method: req.method.toUpperCase(), url: `${url.pathname}${url.search}`, headers, remoteAddress: '127.0.0.1', ...(body ? { body } : {}) });
  let timer: NodeJS.Timeout | undefined;
  const late = req.timeoutMs === undefined ? undefined
    : new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new TimeoutError(`no answer within ${req.timeoutMs} ms`)), req.timeoutMs); });
  try {
    const answer = await (late ? Promise.race([answering, late]) : answering);
    if (answer.dropped) throw new Error('socket hang up');
    const named: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      const n = name.toLowerCase();
      named[n] = named[n] === undefined ? value : `${named[n]}, ${value}`;
    }
    const sorted: Record<string, string> = {};
    for (const name of Object.keys(named).sort()) sorted[name] = named[name]!;
    const bytes = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(answer.body);
    return { status: answer.status, headers: sorted, bytes, text: new TextDecoder().decode(bytes) };
  } finally {
    clearTimeout(timer);
  }
}
