// The golden wire harness (after Prism's): each *.golden file under test/golden/ holds one exchange
// (or a short chain of them) as plain HTTP text — the request exactly as a client sends it, signed
// headers included, and the whole answer expected. The files are the oracle: nothing in them is
// computed by the code under test. README.md in this folder describes the format.
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';

export interface GoldenRequest {
  method: string;
  /** Path and query, as sent. */
  target: string;
  /** Header lines in file order, names as written. */
  headers: Array<[string, string]>;
  body: string;
}

export interface Exchange {
  request: string;
  /** The expected answer text; '' when the file leaves it for the recorder to fill in. */
  response: string;
}

export interface GoldenFile {
  /** The first comment line at the top (what the exchange shows, requirement ids); the others explain. */
  title: string;
  exchanges: Exchange[];
}

const REQUEST_MARK = '### request';
const RESPONSE_MARK = '### response';

export function parseGolden(text: string): GoldenFile {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const title: string[] = [];
  let i = 0;
  for (; i < lines.length && lines[i] !== REQUEST_MARK; i++) {
    if (lines[i]!.startsWith('#')) title.push(lines[i]!.replace(/^#\s?/, ''));
  }
  const exchanges: Exchange[] = [];
  let current: { part: 'request' | 'response'; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const textOf = current.lines.join('\n').replace(/\n+$/, '');
    if (current.part === 'request') exchanges.push({ request: textOf, response: '' });
    else exchanges[exchanges.length - 1]!.response = textOf;
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === REQUEST_MARK || line === RESPONSE_MARK) {
      flush();
      const part = line === REQUEST_MARK ? 'request' : 'response';
      if (part === 'response' && current?.part !== 'request') throw new Error(`line ${i + 1}: "${RESPONSE_MARK}" must follow a request`);
      current = { part, lines: [] };
      continue;
    }
    if (!current) throw new Error(`line ${i + 1}: text before the first "${REQUEST_MARK}"`);
    current.lines.push(line);
  }
  flush();
  if (exchanges.length === 0) throw new Error(`no "${REQUEST_MARK}" section`);
  return { title: title[0]?.trim() ?? '', exchanges };
}

/** `{{name}}` in a request is replaced by what an earlier answer of the same file captured. */
export function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`{{${name}}} is used before an answer captured it`);
    return vars[name]!;
  });
}

export function parseRequest(text: string): GoldenRequest {
  const blank = text.indexOf('\n\n');
  const head = blank === -1 ? text : text.slice(0, blank);
  const body = blank === -1 ? '' : text.slice(blank + 2);
  const [requestLine, ...headerLines] = head.split('\n');
  const m = /^([A-Z]+) (\S+) HTTP\/1\.1$/.exec(requestLine ?? '');
  if (!m) throw new Error(`request line "${requestLine}" is not "METHOD /path HTTP/1.1"`);
  const headers = headerLines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`header line "${line}" has no name`);
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return { method: m[1]!, target: m[2]!, headers, body };
}

export interface WireAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends the request as written, adding Host (unless the file names one) and Content-Length as any client does. */
export function send(baseUrl: string, req: GoldenRequest): Promise<WireAnswer> {
  const url = new URL(baseUrl);
  const bodyBytes = Buffer.from(req.body, 'utf8');
  const headers: Array<[string, string]> = [...req.headers];
  const named = (n: string) => headers.some(([k]) => k.toLowerCase() === n);
  if (!named('host')) headers.unshift(['Host', url.host]);
  if (bodyBytes.length > 0 && !named('content-length')) headers.push(['Content-Length', String(bodyBytes.length)]);
  return new Promise((resolve, reject) => {
    const r = httpRequest({
      host: url.hostname, port: url.port, method: req.method, path: req.target,
      headers: headers.flat(), setHost: false, agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(bodyBytes);
  });
}

/** Transport headers that say nothing about the faked system (and the date, which varies). */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/**
 * The answer as the golden file writes it: status line, headers lower-cased and sorted (transport
 * headers left out), a blank line, and the body — JSON pretty-printed with two spaces in the order the
 * sandbox sent its keys, anything else as text.
 */
export function renderAnswer(answer: WireAnswer): string {
  const headerLines = Object.entries(answer.headers)
    .filter(([name]) => !TRANSPORT_HEADERS.has(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value ?? '']).map((v) => `${name}: ${v}`));
  let body = answer.body.toString('utf8');
  if (body && /json/.test(String(answer.headers['content-type'] ?? ''))) body = JSON.stringify(JSON.parse(body), null, 2);
  return [`HTTP/1.1 ${answer.status}`, ...headerLines, '', body].join('\n').replace(/\n+$/, '');
}

/**
 * Compares an answer with the expected text. `{{name}}` in the expected text matches any run of
 * characters without a quote or line break and captures it (for values the sandbox makes up afresh,
 * like an RSA-signed token); a name captured before must match the same value again.
 */
export function matchAnswer(expected: string, actual: string, vars: Record<string, string>): { ok: boolean; expectedShown: string } {
  const names: string[] = [];
  let pattern = '';
  let shown = '';
  let last = 0;
  for (const m of expected.matchAll(/\{\{(\w+)\}\}/g)) {
    const literal = expected.slice(last, m.index);
    pattern += escapeRegExp(literal);
    shown += literal;
    const name = m[1]!;
    if (name in vars) {
      pattern += escapeRegExp(vars[name]!);
      shown += vars[name];
    } else if (names.includes(name)) {
      pattern += `\\k<${name}>`;
      shown += `{{${name}}}`;
    } else {
      names.push(name);
      pattern += `(?<${name}>[^"\\n]+)`;
      shown += `{{${name}}}`;
    }
    last = m.index! + m[0].length;
  }
  pattern += escapeRegExp(expected.slice(last));
  shown += expected.slice(last);
  const found = new RegExp(`^${pattern}$`).exec(actual);
  if (!found) return { ok: false, expectedShown: shown };
  for (const name of names) vars[name] = found.groups![name]!;
  return { ok: true, expectedShown: shown };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Fills a file's empty response sections with the answers received (GOLDEN_RECORD=1); sections that
 * hold an answer are kept. What is written must be read and checked against the sources before it is
 * committed: a recorded answer is only as right as the sandbox that gave it.
 */
export function recordInto(path: string, file: GoldenFile, answers: string[]): void {
  const text = readFileSync(path, 'utf8');
  const preamble = text.slice(0, text.indexOf(REQUEST_MARK));
  const sections = file.exchanges.map((x, i) => `${REQUEST_MARK}\n${x.request}\n\n${RESPONSE_MARK}\n${x.response || answers[i] || ''}\n`);
  writeFileSync(path, preamble + sections.join('\n'));
}
