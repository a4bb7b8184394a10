// The HTTP plumbing the simulator pipeline needs, on node:http itself: reading a body within its
// limit, the query, the client's address and a JSON answer. Simulator traffic is the hot path (a
// shared sandbox takes many кассы at once), so it does not go through express's router and
// body-parser; the same behaviour is kept: express 5's "simple" query parser, its trust-proxy
// rules (the same proxy-addr), gzip/deflate/br bodies, and a JSON answer with a UTF-8 charset.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import proxyAddr from 'proxy-addr';
import { EngineErrors } from './errors.js';

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
export function clientAddressResolver(trust: TrustProxy): (req: IncomingMessage) => string {
  const trusts: (addr: string, hop: number) => boolean =
    trust === true ? () => true
      : typeof trust === 'number' ? (_addr, hop) => hop < trust
        : proxyAddr.compile(typeof trust === 'string' ? trust.split(',').map((v) => v.trim()) : []);
  if (trust === false) return (req) => req.socket.remoteAddress ?? '';
  return (req) => proxyAddr(req, trusts) ?? '';
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
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(EngineErrors.BODY_TOO_LARGE({ limit }));
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
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

/**
 * Answers `body` as JSON (or an empty answer when it is undefined). When the request body was not
 * read to its end (too large, refused early), node:http closes the connection after the answer.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  sendJsonText(res, status, body === undefined ? undefined : JSON.stringify(body), headers);
}

/** Answers JSON already serialized (or an empty answer when `text` is undefined). */
export function sendJsonText(res: ServerResponse, status: number, text: string | undefined, headers?: Record<string, string>): void {
  if (headers) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.statusCode = status;
  if (text === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
