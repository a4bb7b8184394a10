// Requests to a sandbox's core in process, with supertest's look: `inProcess(sb).post(path).set(h).send(body)`
// → { status, headers, body, text }, and supertest's `.expect(…)`. For tests that are not about the socket
// (keep-alive, body limits on a stream, encodings, the golden wire files stay on TCP): no port, no HTTP
// parser, no client library; a request costs a fraction of supertest's CPU. The request is the one
// supertest sends (Host, Accept-Encoding, Content-Type and Content-Length, the body serialized as
// superagent does, from 127.0.0.1); the answer is read as supertest reads it (lower-case header names,
// a JSON or form body parsed, `text`).
import type { PoligonApp } from '../../src/engine/app.js';
import type { Sandbox } from '../../src/sandbox.js';

export interface InProcessResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

type Expectation = (r: InProcessResponse) => void;

const TYPES: Record<string, string> = { json: 'application/json', form: 'application/x-www-form-urlencoded', text: 'text/plain', html: 'text/html' };

/** superagent's form encoding (qs, RFC 3986): flat members only. */
function formEncoded(body: Record<string, unknown>): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return Object.entries(body).filter(([, v]) => v !== undefined).map(([k, v]) => {
    if (v !== null && typeof v === 'object') throw new Error(`inProcess: form member ${k} is not flat`);
    return `${encode(k)}=${encode(v === null ? '' : String(v))}`;
  }).join('&');
}

function parsed(text: string, type: string): unknown {
  if (/[/+]json\b/i.test(type)) return text ? JSON.parse(text) : {};
  if (/application\/x-www-form-urlencoded/i.test(type)) return Object.fromEntries(new URLSearchParams(text));
  return {};
}

export class InProcessTest implements PromiseLike<InProcessResponse> {
  private readonly headers: Record<string, string> = {};
  private body: string | Buffer | undefined;
  private readonly expectations: Expectation[] = [];

  constructor(private readonly core: PoligonApp['handle'], private readonly host: string, private readonly method: string, private url: string) {
    this.headers['accept-encoding'] = 'gzip, deflate';
  }

  set(name: string | Record<string, string>, value?: string): this {
    for (const [k, v] of Object.entries(typeof name === 'string' ? { [name]: value! } : name)) this.headers[k.toLowerCase()] = v;
    return this;
  }

  type(type: string): this {
    return this.set('content-type', TYPES[type] ?? type);
  }

  auth(user: string, password: string): this {
    return this.set('authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
  }

  query(query: Record<string, string | number | boolean>): this {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    this.url += `${this.url.includes('?') ? '&' : '?'}${search}`;
    return this;
  }

  send(body: unknown): this {
    const type = this.headers['content-type'];
    if (body === undefined) return this;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      // superagent: a string with no type set is a form
      if (typeof body === 'string' && type === undefined) this.type('form');
      this.body = body;
    } else if (type !== undefined && /x-www-form-urlencoded/.test(type)) {
      this.body = formEncoded(body as Record<string, unknown>);
    } else {
      if (type === undefined) this.type('json');
      this.body = JSON.stringify(body);
    }
    return this;
  }

  /** supertest's `.expect(status)`, `.expect(status, body)`, `.expect(header, value)` and `.expect(fn)`. */
  expect(what: number | string | Expectation, value?: unknown): this {
    if (typeof what === 'function') this.expectations.push(what);
    else if (typeof what === 'number') {
      this.expectations.push((r) => {
        if (r.status !== what) throw new Error(`expected ${what}, got ${r.status}: ${r.text.slice(0, 500)}`);
      });
      if (value !== undefined) {
        this.expectations.push((r) => {
          const same = typeof value === 'string' ? r.text === value : JSON.stringify(r.body) === JSON.stringify(value);
          if (!same) throw new Error(`expected body ${JSON.stringify(value)}, got ${r.text.slice(0, 500)}`);
        });
      }
    } else {
      this.expectations.push((r) => {
        const actual = r.headers[what.toLowerCase()];
        const ok = value instanceof RegExp ? value.test(actual ?? '') : actual === value;
        if (!ok) throw new Error(`expected header ${what} ${String(value)}, got ${actual}`);
      });
    }
    return this;
  }

  then<A = InProcessResponse, B = never>(onAnswer?: ((r: InProcessResponse) => A | PromiseLike<A>) | null, onError?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.run().then(onAnswer, onError);
  }

  private async run(): Promise<InProcessResponse> {
    const body = this.body === undefined ? undefined : Buffer.from(this.body);
    const answer = await this.core({
      method: this.method, url: this.url, remoteAddress: '127.0.0.1',
      headers: { host: this.host, ...this.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      ...(body ? { body } : {}),
    });
    if (answer.dropped) throw new Error('socket hang up');
    const headers = Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k.toLowerCase(), v]));
    // node:http sends no body with a HEAD answer
    const text = this.method === 'HEAD' ? '' : answer.body.toString();
    const r: InProcessResponse = { status: answer.status, headers, text, body: parsed(text, headers['content-type'] ?? '') };
    for (const check of this.expectations) check(r);
    return r;
  }
}

export interface InProcessAgent {
  get(path: string): InProcessTest;
  post(path: string): InProcessTest;
  put(path: string): InProcessTest;
  patch(path: string): InProcessTest;
  delete(path: string): InProcessTest;
  head(path: string): InProcessTest;
  options(path: string): InProcessTest;
}

/**
 * Requests to `target`'s core; `base` (a path, or a URL under the sandbox's) is put before each path,
 * as supertest's `request(sb.url + base)`.
 */
export function inProcess(target: Sandbox | PoligonApp, base = ''): InProcessAgent {
  const app = 'poligon' in target ? target.poligon : target;
  const root = 'poligon' in target ? target.url : app.baseUrl();
  const prefix = base.startsWith(root) ? base.slice(root.length) : base;
  const host = new URL(root).host;
  const test = (method: string) => (path: string) => new InProcessTest(app.handle, host, method, `${prefix}${path}`);
  return { get: test('GET'), post: test('POST'), put: test('PUT'), patch: test('PATCH'), delete: test('DELETE'), head: test('HEAD'), options: test('OPTIONS') };
}
