// The HTTP plumbing of the core: plain request and answer values (what `core.handle` takes and
// gives), reading a body within its limit, the query, the client's address, a JSON answer, and the
// node:http adapter's two halves (a request as a value, an answer written to the socket).
// Simulator traffic is the hot path (a shared sandbox takes many кассы at once), so it does not go
// through express's router and body-parser; the same behaviour is kept: express 5's "simple" query
// parser, its trust-proxy rules (the same proxy-addr), gzip/deflate/br bodies, and a JSON answer
// with a UTF-8 charset.
import { IncomingMessage, ServerResponse, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import { Socket } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Readable } from 'node:stream';
import proxyAddr from 'proxy-addr';
import { EngineErrors } from './errors.js';

/** A request as the core takes it: no socket, no stream required. */
export interface CoreRequest {
  method: string;
  /** The path and query as sent, e.g. /ns/a/fes/api/v1/echo?x=1 (still percent-encoded). */
  url: string;
  /** Header names in lower case (as node:http gives them). */
  headers: IncomingHttpHeaders;
  /** The body as sent (its Content-Encoding not undone): bytes, or a stream of them (node:http's request, read within the limit). */
  body?: Uint8Array | Readable;
  /** The peer's address; the client's address follows the trust-proxy setting (X-Forwarded-For). */
  remoteAddress?: string;
}

/** An answer as the core gives it. */
export interface CoreResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
  /** A drop fault: the connection is closed with no answer at all (in process: the call fails as a dropped connection would). */
  dropped?: boolean;
}

/** A request from node:http as the core takes it: the body stays a stream, read only as far as its limit. */
export function requestOf(req: IncomingMessage): CoreRequest {
  return { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: req, remoteAddress: req.socket.remoteAddress };
}

/**
 * Writes the core's answer to node:http. When the request body was not read to its end (too large,
 * refused early), node:http closes the connection after the answer.
 */
export function writeAnswer(req: IncomingMessage, res: ServerResponse, answer: CoreResponse): void {
  if (answer.dropped) {
    req.socket.destroy();
    return;
  }
  res.writeHead(answer.status, answer.headers).end(answer.body);
}

/**
 * A node:http listener (the express app) answering a request value in process. The request and
 * response are node:http's own classes on a socket that never connects, the response's writes
 * collected: nothing global is re-prototyped (light-my-request re-prototypes express's request and
 * response, which broke every real request served by express after it in the same process).
 */
export function answerInProcess(listener: RequestListener, request: CoreRequest & { body?: Uint8Array }): Promise<CoreResponse> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    Object.defineProperty(socket, 'remoteAddress', { value: request.remoteAddress ?? '127.0.0.1' });
    const req = new IncomingMessage(socket);
    const body = request.body === undefined ? undefined : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    const headers: IncomingHttpHeaders = { ...request.headers };
    if (body !== undefined && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) headers['content-length'] = String(body.length);
    Object.assign(req, { method: request.method, url: request.url, headers, httpVersion: '1.1', httpVersionMajor: 1, httpVersionMinor: 1, complete: true });
    req.rawHeaders = Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [String(value)]).flatMap((v) => [name, v]));
    if (body !== undefined) req.push(body);
    req.push(null);

    const res = new ServerResponse(req);
    const chunks: Buffer[] = [];
    const collect = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8'));
    };
    const callbackOf = (...args: unknown[]) => args.find((a): a is () => void => typeof a === 'function');
    let ended = false;
    Object.assign(res, {
      writeHead(status: number, reasonOrHeaders?: unknown, maybeHeaders?: unknown) {
        res.statusCode = status;
        const given = typeof reasonOrHeaders === 'object' && reasonOrHeaders !== null ? reasonOrHeaders : maybeHeaders;
        if (Array.isArray(given)) for (let i = 0; i + 1 < given.length; i += 2) res.setHeader(String(given[i]), given[i + 1] as string);
        else if (given && typeof given === 'object') for (const [name, value] of Object.entries(given)) res.setHeader(name, value as string);
        return res;
      },
      write(chunk: unknown, encoding?: unknown, cb?: unknown) {
        collect(chunk, encoding);
        const done = callbackOf(encoding, cb);
        if (done) process.nextTick(done);
        return true;
      },
      end(chunk?: unknown, encoding?: unknown, cb?: unknown) {
        if (ended) return res;
        ended = true;
        collect(chunk, encoding);
        const out: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.getHeaders())) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
        resolve({ status: res.statusCode, headers: out, body: Buffer.concat(chunks) });
        const done = callbackOf(chunk, encoding, cb);
        process.nextTick(() => { done?.(); res.emit('finish'); res.emit('close'); });
        return res;
      },
    });
    try {
      listener(req, res);
    } catch (e) {
      reject(e);
    }
  });
}

export interface SplitUrl {
  /** Path as sent, undecoded, without the query. */
  pathname: string;
  /** The query string without its "?" ('' when there is none). */
  search: string;
}

export function splitUrl(url: string | undefined): SplitUrl {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? { pathname: raw, search: '' } : { pathname: raw.slice(0, q), search: raw.slice(q + 1) };
}

/** express 5's default ("simple") query parser. */
export function parseQuery(search: string): Record<string, unknown> {
  return parseQueryString(search) as Record<string, unknown>;
}

export type TrustProxy = boolean | number | string;

/** The client's address under express's "trust proxy" setting (same values, same library). */
export function clientAddressResolver(trust: TrustProxy): (request: Pick<CoreRequest, 'headers' | 'remoteAddress'>) => string {
  const trusts: (addr: string, hop: number) => boolean =
    trust === true ? () => true
      : typeof trust === 'number' ? (_addr, hop) => hop < trust
        : proxyAddr.compile(typeof trust === 'string' ? trust.split(',').map((v) => v.trim()) : []);
  if (trust === false) return (request) => request.remoteAddress ?? '';
  // proxy-addr reads the peer from the request's socket
  return (request) => proxyAddr({ headers: request.headers, socket: { remoteAddress: request.remoteAddress } } as unknown as IncomingMessage, trusts) ?? '';
}

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * The request body, decoded from its Content-Encoding, as long as it stays within `limit` bytes.
 * Rejects with a PoligonError (413, or 400 for an unknown encoding or a corrupt compressed body).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return readBodyOf(req, req.headers, limit);
}

const EMPTY = Buffer.alloc(0);

/** As readBody, from a request value's body: bytes or a stream. */
export function readBodyOf(body: CoreRequest['body'], headers: IncomingHttpHeaders, limit: number): Promise<Buffer> {
  const declared = Number(headers['content-length']);
  if (declared > limit) return Promise.reject(EngineErrors.BODY_TOO_LARGE({ limit }));
  const encoding = (headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (body === undefined) return Promise.resolve(EMPTY);
  if (body instanceof Uint8Array) {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (encoding === 'identity') return bytes.length > limit ? Promise.reject(EngineErrors.BODY_TOO_LARGE({ limit })) : Promise.resolve(bytes);
  }
  const req = body instanceof Uint8Array ? Readable.from([body]) : body;
  let source: Readable | NodeJS.ReadWriteStream = req;
  if (encoding !== 'identity') {
    const decoder = DECODERS[encoding];
    if (!decoder) return Promise.reject(EngineErrors.MALFORMED_BODY({ format: 'request', reason: `unsupported content encoding "${encoding}"` }));
    source = req.pipe(decoder());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      source.removeListener('data', onData);
      if (err) {
        req.unpipe();
        reject(err);
      } else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(EngineErrors.BODY_TOO_LARGE({ limit }));
      else chunks.push(chunk);
    };
    source.on('data', onData);
    source.once('end', () => finish());
    source.once('error', (e: Error) => finish(EngineErrors.MALFORMED_BODY({ format: 'request', reason: e.message })));
    req.once('aborted', () => finish(EngineErrors.MALFORMED_BODY({ format: 'request', reason: 'the client aborted the request' })));
  });
}

/** A JSON answer from JSON already serialized (an empty answer when `text` is undefined). */
export function jsonAnswer(status: number, text: string | undefined, headers?: Record<string, string>): CoreResponse {
  if (text === undefined) return { status, headers: { ...headers }, body: EMPTY };
  return { status, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) }, body: text };
}

/**
 * Answers `body` as JSON (or an empty answer when it is undefined). When the request body was not
 * read to its end (too large, refused early), node:http closes the connection after the answer.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const answer = jsonAnswer(status, body === undefined ? undefined : JSON.stringify(body), headers);
  res.writeHead(answer.status, answer.headers).end(answer.body);
}
