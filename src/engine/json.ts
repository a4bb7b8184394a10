// Deep copies of plain JSON data (simulator states, snapshots). Same result as
// JSON.parse(JSON.stringify(value)) for such data, in about a third of the time and without building
// the intermediate string, and several times faster than structuredClone, which the benchmark showed
// dominating snapshot and restore of a 100,000-certificate world (bench/RESULTS.md). And JSON text
// of such a world in and out fast.
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/** A detached copy with JSON's semantics: undefined, functions and symbols dropped from objects (null in arrays), non-finite numbers as null, toJSON() honoured. */
export function cloneJson<T>(value: T): T {
  return copy(value, '') as T;
}

function copy(value: unknown, key: string): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    default:
      return undefined;
  }
  const toJSON = (value as { toJSON?: (key: string) => unknown }).toJSON;
  if (typeof toJSON === 'function') return copy(toJSON.call(value, key), key);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], String(i)) ?? null;
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value as object)) {
    const v = copy((value as Record<string, unknown>)[k], k);
    if (v === undefined) continue;
    // a "__proto__" key (legal in JSON) must stay data, never become the copy's prototype
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/**
 * JSON.stringify(value) for plain JSON data, as pieces that join to the same text: objects are
 * opened member by member down to `depth` levels. V8 makes a whole string two-byte (UTF-16) for a
 * single character beyond Latin-1, so one Cyrillic name would double a 45 MB snapshot in memory and
 * make its UTF-8 encoding several times slower; in pieces, only the pieces holding one are.
 */
export function stringifyPieces(value: unknown, depth: number): string[] {
  const pieces: string[] = [];
  addPieces(value, depth, pieces);
  return pieces;
}

/** Adds `value`'s pieces; false (and nothing added) for what JSON leaves out of an object. */
function addPieces(value: unknown, depth: number, pieces: string[]): boolean {
  const opened = depth > 0 && value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (!opened) {
    const text = JSON.stringify(value);
    if (text === undefined) return false;
    pieces.push(text);
    return true;
  }
  let separator = '{';
  for (const key of Object.keys(value)) {
    const at = pieces.length;
    pieces.push(`${separator}${JSON.stringify(key)}:`);
    if (addPieces((value as Record<string, unknown>)[key], depth - 1, pieces)) separator = ',';
    else pieces.length = at;
  }
  pieces.push(separator === '{' ? '{}' : '}');
  return true;
}

/**
 * JSON.parse of UTF-8 bytes, through a one-byte string whenever it can: V8 keeps a string with any
 * character beyond Latin-1 at two bytes per character, so the few Cyrillic names of a 45 MB snapshot
 * would make it a 90 MB string, slower to build and to parse. Their characters are written as \u
 * escapes instead, which JSON reads as the same characters inside strings (the only place they may be).
 */
export function parseJsonBytes(bytes: Buffer): unknown {
  const ascii = asciiJsonText(bytes);
  if (ascii === undefined) return JSON.parse(bytes.toString('utf8'));
  try {
    return JSON.parse(ascii);
  } catch {
    // the same error, told about the text as it was sent
    return JSON.parse(bytes.toString('utf8'));
  }
}

const SLICE_BYTES = 1 << 20;
/** Escaping costs about 0.2 ms per 1,000 characters: text with more slices holding them is decoded as it is. */
const MAX_ESCAPED_SLICES = 4;
const NON_ASCII = /[^\x00-\x7f]/g;

/** The text as ASCII (see parseJsonBytes), or undefined when too much of it is other characters. */
function asciiJsonText(bytes: Buffer): string | undefined {
  const slices: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) slices.push(bytes.subarray(at, at + SLICE_BYTES));
  const ascii = slices.map((slice) => isAscii(slice));
  const others = ascii.filter((isAsciiSlice) => !isAsciiSlice).length;
  if (others === 0) return bytes.toString('latin1');
  if (others > MAX_ESCAPED_SLICES) return undefined;
  const decoder = new StringDecoder('utf8');
  const escaped = (text: string) => Buffer.from(text.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), 'latin1');
  const parts: Buffer[] = [];
  // A character split between slices ends in the next slice, which is then not ASCII either: before an
  // ASCII slice, what the decoder holds is a broken character, flushed as U+FFFD as Buffer.toString does.
  slices.forEach((slice, i) => (ascii[i] ? parts.push(escaped(decoder.end()), slice) : parts.push(escaped(decoder.write(slice)))));
  parts.push(escaped(decoder.end()));
  return Buffer.concat(parts).toString('latin1');
}

/** The reference tokens of a JSON pointer (RFC 6901), unescaped: "/a~1b/0" → ["a/b", "0"]. */
export function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** One reference token, escaped for a JSON pointer: "a/b" → "a~1b". */
export const escapePointerToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointer of a path of keys and indexes: ['a/b', 0] → "/a~1b/0". */
export const pointerOf = (path: ReadonlyArray<string | number>): string => path.map((t) => `/${escapePointerToken(String(t))}`).join('');

/** The value a JSON pointer (RFC 6901) names in `data`, or undefined. */
export function pointerGet(data: unknown, pointer: string): unknown {
  let cur: unknown = data;
  for (const key of pointerTokens(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** How deep and how long a JSON body may be. */
export interface JsonShapeLimits {
  maxDepth: number;
  maxArrayItems: number;
}

/**
 * Why JSON `text` nests deeper or holds a longer array than `limits` allow, or undefined when it
 * does not. Scanned as text, before anything parses or walks the value: a 12 KB body nested 5,000
 * levels parses fine but overflows the stack of whatever walks it recursively afterwards.
 */
export function jsonShapeProblem(text: string, limits: JsonShapeLimits): string | undefined {
  /** Items so far in each open array (-1 for an object), innermost last. */
  const open: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    switch (c) {
      case 0x22: // "
        inString = true;
        break;
      case 0x5b: // [
      case 0x7b: // {
        if (open.length >= limits.maxDepth) return `it nests deeper than ${limits.maxDepth} levels`;
        open.push(c === 0x5b ? 0 : -1);
        break;
      case 0x5d: // ]
      case 0x7d: // }
        open.pop();
        break;
      case 0x2c: // ,
        if (open.length && open[open.length - 1]! >= 0 && ++open[open.length - 1]! >= limits.maxArrayItems) {
          return `an array holds more than ${limits.maxArrayItems} items`;
        }
        break;
    }
  }
  return undefined;
}
