// `poligon fes align OFFICIAL.yaml`: compares an OpenAPI document a vendor holds (NSPK's FES protocol,
// any version) with what this sandbox serves under the active FES profile — operations, paths, methods,
// headers, security schemes, body fields (names, types, required, enums) and result codes — and writes
// the profile that makes the sandbox match wherever the difference is one a profile covers (a field's
// name among them, where the public record does not fix it).
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { createFesSimulator } from '../../simulators/fes/index.js';
import {
  MODELED_PROFILE, PROFILE_OPERATIONS, parseProfile, type FesProfile, type HeaderRole, type LoadedProfile, type ProfileOperation,
} from '../../simulators/fes/profile.js';
import { fieldAtWire, type MessagePart } from '../../simulators/fes/fields.js';
import { ENGINE_SECTION, EngineErrors, ErrorCatalogue } from '../engine/errors.js';
import { buildOpenApi } from '../engine/openapi.js';
import { sandboxSchemas } from '../engine/app.js';

type Json = Record<string, any>;

export type DifferenceKind =
  | 'operation-missing' | 'operation-extra' | 'path' | 'method' | 'header' | 'header-missing' | 'header-extra' | 'security-scheme'
  | 'field-missing' | 'field-extra' | 'field-name' | 'type' | 'required' | 'enum' | 'status-missing' | 'status-extra'
  | 'code' | 'code-missing' | 'code-extra' | 'description' | 'timestamp' | 'mac';

export interface Difference {
  kind: DifferenceKind;
  /** The operation (its id in the sandbox, else the document's method and path). */
  operation?: string;
  /** Where: a header role, an outcome, a body pointer (`request /items/0/price`). */
  where?: string;
  /** What the sandbox serves, and what the document says. */
  poligon?: unknown;
  document?: unknown;
  /** Whether the profile covers it (--write-profile maps it). */
  inProfile: boolean;
  /** A field-name difference: the field's message part and its path in the schemas' names (fields: of a profile). */
  field?: { part: MessagePart; path: string };
}

export interface Alignment {
  document: string;
  profile: { name: string; sha256: string };
  differences: Difference[];
  /** What align could not compare, and why (e.g. the document states no result codes). */
  notes: string[];
}

/** The document cannot be read as OpenAPI 3.x (exit 2). */
export class UnreadableDocument extends Error {
  override name = 'UnreadableDocument';
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Reads an OpenAPI 3.x document (YAML or JSON) with every $ref resolved, or says where it cannot. */
export async function readOpenApi(file: string): Promise<Json> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UnreadableDocument(`${file}: cannot be read: ${(e as Error).message}`);
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const { line, col } = lc.linePos(e.pos[0]);
    throw new UnreadableDocument(`${file}:${line}:${col}: not valid YAML or JSON: ${e.message.split('\n')[0]}`);
  }
  const data = doc.toJS() as unknown;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UnreadableDocument(`${file}: not an OpenAPI document (expected a mapping at the top)`);
  const version = (data as Json).openapi;
  if (typeof version !== 'string' || !/^3\.\d+/.test(version)) {
    const swagger = (data as Json).swagger ? ` (a Swagger ${(data as Json).swagger} document: convert it to OpenAPI 3 first)` : '';
    throw new UnreadableDocument(`${file}: not OpenAPI 3.x: field "openapi" is ${JSON.stringify(version ?? null)}${swagger}`);
  }
  if (typeof (data as Json).paths !== 'object' || (data as Json).paths === null) throw new UnreadableDocument(`${file}: not OpenAPI 3.x: it has no "paths"`);
  try {
    return await $RefParser.dereference(resolve(file), data as Json, { dereference: { circular: 'ignore' } }) as Json;
  } catch (e) {
    throw new UnreadableDocument(`${file}: a $ref cannot be resolved: ${(e as Error).message}`);
  }
}

/** The OpenAPI document the sandbox serves for FES under a profile, $refs resolved. */
export async function servedOpenApi(loaded: LoadedProfile): Promise<Json> {
  const sim = createFesSimulator(loaded);
  const catalogue = new ErrorCatalogue([{ section: ENGINE_SECTION, errors: [EngineErrors] }, { section: sim.name, errors: sim.errors ?? [] }]);
  const doc = buildOpenApi(sim, sandboxSchemas([sim]), catalogue);
  return await $RefParser.dereference(structuredClone(doc) as Json, { dereference: { circular: 'ignore' } }) as Json;
}

interface OperationFound { id?: string; method: string; path: string; op: Json }

function operationsOf(doc: Json): OperationFound[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item && typeof item[m] === 'object').map((m) => ({ id: item[m].operationId as string | undefined, method: m.toUpperCase(), path, op: item[m] as Json })));
}

const jsonBody = (content: Json | undefined): Json | undefined => content?.['application/json']?.schema ?? (content ? Object.values(content)[0]?.schema : undefined);
const successBody = (op: Json): Json | undefined => {
  const code = Object.keys(op.responses ?? {}).find((s) => /^2\d\d$/.test(s));
  return code ? jsonBody(op.responses[code].content) : undefined;
};

const typeOf = (s: Json): string | undefined => (Array.isArray(s.type) ? s.type.filter((t: string) => t !== 'null').join('|') : s.type);
/** The properties of an object schema, allOf merged. */
function propertiesOf(s: Json): { props: Record<string, Json>; required: string[] } {
  const parts = [s, ...(Array.isArray(s.allOf) ? s.allOf : [])];
  return {
    props: Object.assign({}, ...parts.map((p: Json) => p.properties ?? {})),
    required: parts.flatMap((p: Json) => (Array.isArray(p.required) ? p.required : [])),
  };
}

/** Whether a body field (at `where`, as align writes it: part, names, * for array items, joined by /) may be renamed by the profile, and its path in the schemas' names. */
type FieldNamer = (where: string) => { part: MessagePart; path: string; renameable: boolean } | undefined;

/** What tells one field's schema from another's beyond its name: the same schema whole, else its shape (type, format, pattern, bounds, enum), else its type. */
const LIKENESS: Array<(s: Json) => string> = [
  (s) => JSON.stringify(s),
  (s) => JSON.stringify([typeOf(s), s.format, s.pattern, s.enum, s.const, s.minLength, s.maxLength, s.minimum, s.maximum, s.items && typeOf(s.items)]),
  (s) => String(typeOf(s)),
];

/**
 * A field only in our answer and one only in the document, at one level: the same field under another
 * name, when they are alike and neither is as alike to another (the closest likeness decides).
 */
function renamedPairs(mine: Record<string, Json>, theirs: Record<string, Json>, missing: string[], extra: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  let [left, right] = [missing, extra];
  for (const like of LIKENESS) {
    const unique = left.flatMap((m) => {
      const candidates = right.filter((e) => like(mine[m]!) === like(theirs[e]!));
      return candidates.length === 1 && left.filter((x) => like(mine[x]!) === like(theirs[candidates[0]!]!)).length === 1 ? [[m, candidates[0]!] as [string, string]] : [];
    });
    pairs.push(...unique);
    left = left.filter((m) => !unique.some(([x]) => x === m));
    right = right.filter((e) => !unique.some(([, y]) => y === e));
  }
  return pairs;
}

/** Field by field: names, types, required flags, enums. */
function compareSchemas(ours: Json | undefined, theirs: Json | undefined, where: string, operation: string, out: Difference[], namer?: FieldNamer, depth = 0): void {
  if (!ours || !theirs || depth > 12) return;
  const t1 = typeOf(ours);
  const t2 = typeOf(theirs);
  if (t1 && t2 && t1 !== t2) {
    out.push({ kind: 'type', operation, where: where || '/', poligon: t1, document: t2, inProfile: false });
    return;
  }
  if (Array.isArray(ours.enum) && Array.isArray(theirs.enum)) {
    const a = JSON.stringify([...ours.enum].sort());
    const b = JSON.stringify([...theirs.enum].sort());
    if (a !== b) out.push({ kind: 'enum', operation, where: where || '/', poligon: ours.enum, document: theirs.enum, inProfile: false });
  }
  if (ours.items && theirs.items) compareSchemas(ours.items, theirs.items, `${where}/*`, operation, out, namer, depth + 1);
  const a = propertiesOf(ours);
  const b = propertiesOf(theirs);
  const missing = Object.keys(a.props).filter((n) => !(n in b.props));
  const extra = Object.keys(b.props).filter((n) => !(n in a.props));
  const renamed = new Map(renamedPairs(a.props, b.props, missing, extra));
  const paired = new Set(renamed.values());
  for (const name of Object.keys(a.props)) {
    const pointer = `${where}/${name}`;
    const other = name in b.props ? name : renamed.get(name);
    if (other === undefined) {
      out.push({ kind: 'field-missing', operation, where: pointer, poligon: typeOf(a.props[name]!) ?? 'field', inProfile: false });
      continue;
    }
    if (other !== name) {
      const field = namer?.(pointer);
      out.push({ kind: 'field-name', operation, where: pointer, poligon: name, document: other, inProfile: field?.renameable ?? false, ...(field ? { field: { part: field.part, path: field.path } } : {}) });
    }
    const r1 = a.required.includes(name);
    const r2 = b.required.includes(other);
    if (r1 !== r2) out.push({ kind: 'required', operation, where: pointer, poligon: r1 ? 'required' : 'optional', document: r2 ? 'required' : 'optional', inProfile: false });
    compareSchemas(a.props[name], b.props[other], pointer, operation, out, namer, depth + 1);
  }
  for (const name of extra) {
    if (!paired.has(name)) out.push({ kind: 'field-extra', operation, where: `${where}/${name}`, document: typeOf(b.props[name]!) ?? 'field', inProfile: false });
  }
}

/** Which of a document's header names plays a role, when its name is not the profile's. */
const ROLE_HINTS: Record<HeaderRole, RegExp> = {
  apiKey: /api.?key|apikey|merchant.?key/i,
  cashRegisterId: /cash|kass|terminal|register|device|pos/i,
  timestamp: /time|date|stamp/i,
  mac: /mac|sign|hmac|digest/i,
  requestId: /request.?id|idempot|message.?id/i,
};

interface DocumentTransport {
  headers: string[];
  otherSchemes: string[];
  profileExtension?: Partial<FesProfile>;
}

/** The headers a document's operations carry (apiKey schemes in a header, header parameters) and its other schemes. */
function transportOf(doc: Json, ops: OperationFound[]): DocumentTransport {
  const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, Json>;
  const used = new Set<string>();
  for (const { op } of ops) for (const req of (op.security ?? doc.security ?? []) as Json[]) for (const name of Object.keys(req)) used.add(name);
  const headers = new Set<string>();
  const otherSchemes: string[] = [];
  let profileExtension: Partial<FesProfile> | undefined;
  for (const name of used) {
    const s = schemes[name];
    if (!s) continue;
    if (s['x-poligon-fes-profile']) profileExtension = s['x-poligon-fes-profile'];
    if (s.type === 'apiKey' && s.in === 'header') headers.add(s.name);
    else otherSchemes.push(`${name} (${s.type}${s.scheme ? ` ${s.scheme}` : ''}${s.in ? ` in ${s.in}` : ''})`);
  }
  for (const { op } of ops) for (const p of (op.parameters ?? []) as Json[]) if (p?.in === 'header') headers.add(p.name);
  for (const h of Object.values(profileExtension?.headers ?? {})) headers.add(h);
  return { headers: [...headers], otherSchemes, profileExtension };
}

/** The result.code values a response schema states (enum, or oneOf/anyOf of const), with their descriptions where given. */
function statedCodes(schema: Json | undefined, into: Map<number, string | undefined>): void {
  const partsOf = (x: Json): Json[] => [x, ...(Array.isArray(x.allOf) ? x.allOf : [])];
  // result and its code may each be split over allOf: every part that states a code counts
  const results = schema ? partsOf(schema).map((p) => p.properties?.result).filter(Boolean) as Json[] : [];
  for (const code of results.flatMap(partsOf).map((p) => p.properties?.code).filter(Boolean) as Json[]) statedCodesOf(code, into);
}

function statedCodesOf(code: Json, into: Map<number, string | undefined>): void {
  const texts = (code['x-enum-descriptions'] ?? code['x-enumDescriptions']) as unknown[] | undefined;
  (Array.isArray(code.enum) ? code.enum : []).forEach((v: unknown, i: number) => {
    if (typeof v === 'number' && v !== 0) into.set(v, typeof texts?.[i] === 'string' ? texts[i] as string : into.get(v));
  });
  for (const alt of [...(code.oneOf ?? []), ...(code.anyOf ?? [])] as Json[]) {
    if (typeof alt?.const === 'number' && alt.const !== 0) into.set(alt.const, alt.description ?? alt.title ?? into.get(alt.const));
  }
}

/** Every result.code a document's operations state in their answers. */
function codesOf(ops: OperationFound[]): Map<number, string | undefined> {
  const codes = new Map<number, string | undefined>();
  for (const { op } of ops) for (const r of Object.values((op.responses ?? {}) as Record<string, Json>)) statedCodes(jsonBody(r?.content), codes);
  return codes;
}

const statusesOf = (op: Json) => Object.keys(op.responses ?? {}).filter((s) => /^\d{3}$/.test(s));

/** Poligon's sandbox-only operations (terminal, LK FES, control): not part of NSPK's FES API, never compared. */
const isSandboxOnly = (id: string) => !(PROFILE_OPERATIONS as readonly string[]).includes(id);

export async function align(documentFile: string, loaded: LoadedProfile = MODELED_PROFILE): Promise<Alignment> {
  const theirs = await readOpenApi(documentFile);
  const ours = await servedOpenApi(loaded);
  const { profile } = loaded;
  const differences: Difference[] = [];
  const notes: string[] = [];

  const ourOps = operationsOf(ours).filter((o) => o.id && !isSandboxOnly(o.id));
  const sandboxOnlyIds = new Set(operationsOf(ours).filter((o) => o.id && isSandboxOnly(o.id)).map((o) => o.id!));
  const theirOps = operationsOf(theirs).filter((o) => !(o.id && sandboxOnlyIds.has(o.id)));
  const matched: Array<[OperationFound, OperationFound]> = [];
  const taken = new Set<OperationFound>();
  for (const o of ourOps) {
    const t = theirOps.find((x) => !taken.has(x) && x.id === o.id) ?? theirOps.find((x) => !taken.has(x) && !x.id && x.method === o.method && x.path === o.path);
    if (!t) {
      differences.push({ kind: 'operation-missing', operation: o.id, poligon: `${o.method} ${o.path}`, inProfile: false });
      continue;
    }
    taken.add(t);
    matched.push([o, t]);
    if (t.path !== o.path) differences.push({ kind: 'path', operation: o.id, poligon: o.path, document: t.path, inProfile: /^(\/[A-Za-z0-9._~-]+)+$/.test(t.path) });
    if (t.method !== o.method) differences.push({ kind: 'method', operation: o.id, poligon: o.method, document: t.method, inProfile: ['POST', 'PUT', 'PATCH'].includes(t.method) });
  }
  for (const t of theirOps) if (!taken.has(t)) differences.push({ kind: 'operation-extra', operation: t.id ?? `${t.method} ${t.path}`, document: `${t.method} ${t.path}`, inProfile: false });

  // headers, role by role
  const transport = transportOf(theirs, matched.map(([, t]) => t));
  const unclaimed = new Set(transport.headers.map((h) => h.toLowerCase()));
  const byLower = new Map(transport.headers.map((h) => [h.toLowerCase(), h]));
  const roles = Object.keys(profile.headers) as HeaderRole[];
  const open: HeaderRole[] = [];
  for (const role of roles) {
    if (unclaimed.delete(profile.headers[role]!.toLowerCase())) continue;
    open.push(role);
  }
  for (const role of open) {
    const fromExtension = transport.profileExtension?.headers?.[role];
    const candidates = [...unclaimed].filter((h) => ROLE_HINTS[role].test(h));
    const pick = fromExtension && unclaimed.has(fromExtension.toLowerCase()) ? fromExtension.toLowerCase() : candidates.length === 1 ? candidates[0] : open.length === 1 && unclaimed.size === 1 ? [...unclaimed][0] : undefined;
    if (pick) {
      unclaimed.delete(pick);
      differences.push({ kind: 'header', where: role, poligon: profile.headers[role], document: byLower.get(pick), inProfile: true });
    } else {
      differences.push({ kind: 'header-missing', where: role, poligon: profile.headers[role], inProfile: false });
    }
  }
  // a request-id header the profile does not have yet: the profile can take it
  const requestIdHeader = profile.headers.requestId === undefined ? [...unclaimed].filter((h) => ROLE_HINTS.requestId.test(h)) : [];
  if (requestIdHeader.length === 1) {
    unclaimed.delete(requestIdHeader[0]!);
    differences.push({ kind: 'header', where: 'requestId', document: byLower.get(requestIdHeader[0]!), inProfile: true });
  }
  for (const h of unclaimed) differences.push({ kind: 'header-extra', document: byLower.get(h), inProfile: false });
  for (const s of transport.otherSchemes) differences.push({ kind: 'security-scheme', document: s, inProfile: false });

  // bodies: the public record's part; and the HTTP statuses each operation answers with
  for (const [o, t] of matched) {
    // a field's name differs: the profile maps it where the record does not fix the name
    const namer: FieldNamer = (where) => {
      const [part, ...tokens] = where.split('/') as [MessagePart, ...string[]];
      const field = fieldAtWire(profile, o.id as ProfileOperation, part, tokens);
      return field && { part, path: field.path, renameable: field.fixedBy === undefined };
    };
    compareSchemas(jsonBody(o.op.requestBody?.content), jsonBody(t.op.requestBody?.content), 'request', o.id!, differences, namer);
    compareSchemas(successBody(o.op), successBody(t.op), 'response', o.id!, differences, namer);
    const [mine, other] = [statusesOf(o.op), statusesOf(t.op)];
    for (const st of mine.filter((x) => !other.includes(x))) differences.push({ kind: 'status-missing', operation: o.id, where: st, poligon: o.op.responses[st].description, inProfile: false });
    for (const st of other.filter((x) => !mine.includes(x))) differences.push({ kind: 'status-extra', operation: o.id, where: st, document: t.op.responses[st].description, inProfile: false });
  }

  // what only an extension can say: timestamp, MAC and result codes
  const ext = transport.profileExtension;
  if (ext?.timestamp && JSON.stringify(ext.timestamp) !== JSON.stringify(profile.timestamp)) differences.push({ kind: 'timestamp', poligon: profile.timestamp, document: ext.timestamp, inProfile: true });
  if (ext?.mac && JSON.stringify(ext.mac) !== JSON.stringify(profile.mac)) differences.push({ kind: 'mac', poligon: profile.mac, document: ext.mac, inProfile: true });
  if (!ext?.mac) notes.push('MAC and timestamp: OpenAPI has no field for a MAC\'s algorithm, key, signed parts or output, nor a timestamp\'s format and window, and the document states none in x-poligon-fes-profile; compare them with the profile by hand');
  if (ext?.outcomes) {
    for (const [outcome, mine] of Object.entries(profile.outcomes)) {
      const other = ext.outcomes[outcome];
      if (other && (other.code !== mine.code || other.status !== mine.status)) {
        differences.push({ kind: 'code', where: outcome, poligon: `${mine.status} / ${mine.code}`, document: `${other.status} / ${other.code}`, inProfile: true });
      }
      if (other?.description !== undefined && other.description !== mine.description) {
        differences.push({ kind: 'description', where: outcome, poligon: mine.description, document: other.description, inProfile: true });
      }
    }
  } else {
    // what a plain OpenAPI document can say: the codes its answers allow (enum, oneOf const), not which refusal each is
    const codes = codesOf(matched.map(([, t]) => t));
    if (codes.size === 0) {
      notes.push('result codes: the document lists none (no enum or oneOf const of result.code in its answers, no x-poligon-fes-profile.outcomes); compare them with the profile by hand');
    } else {
      for (const [outcome, mine] of Object.entries(profile.outcomes)) {
        if (!outcome.startsWith('POLIGON_') && !codes.has(mine.code)) differences.push({ kind: 'code-missing', where: outcome, poligon: mine.code, inProfile: false });
      }
      const ours = new Set(Object.values(profile.outcomes).map((o) => o.code));
      for (const [code, text] of codes) if (!ours.has(code)) differences.push({ kind: 'code-extra', document: text === undefined ? code : `${code} ${text}`, inProfile: false });
      notes.push('result codes: the document lists codes but not which refusal each one is (only x-poligon-fes-profile.outcomes names them): set outcomes.<NAME>.code in the profile by hand for the codes listed as only in the document');
    }
  }
  return { document: documentFile, profile: { name: profile.name, sha256: loaded.sha256 }, differences, notes };
}

/** The profile that makes the sandbox match the document where a profile can, and what it could not map. */
export function alignedProfile(loaded: LoadedProfile, alignment: Alignment, name: string): { text: string; unmapped: Difference[] } {
  const p: FesProfile = structuredClone(loaded.profile);
  p.name = name;
  p.description = `Written by poligon fes align from ${basename(alignment.document)} (starting from profile ${loaded.profile.name}).`;
  const unmapped: Difference[] = [];
  for (const d of alignment.differences) {
    if (!d.inProfile) {
      unmapped.push(d);
      continue;
    }
    const op = d.operation as ProfileOperation;
    if (d.kind === 'path') p.operations[op].path = String(d.document);
    else if (d.kind === 'method') p.operations[op].method = d.document as FesProfile['operations'][ProfileOperation]['method'];
    else if (d.kind === 'header') p.headers[d.where as HeaderRole] = String(d.document);
    else if (d.kind === 'timestamp') p.timestamp = d.document as FesProfile['timestamp'];
    else if (d.kind === 'mac') p.mac = d.document as FesProfile['mac'];
    else if (d.kind === 'code') {
      const [status, code] = String(d.document).split(' / ').map(Number);
      p.outcomes[d.where!] = { ...p.outcomes[d.where!], status: status!, code: code! };
    } else if (d.kind === 'description') p.outcomes[d.where!] = { ...p.outcomes[d.where!]!, description: String(d.document) };
    else if (d.kind === 'field-name' && d.field) {
      const renames = ((p.fields ??= {})[op] ??= {})[d.field.part] ??= {};
      // the document's name is the schemas' own: no override
      if (String(d.document) === d.field.path.split('.').pop()!.replace(/\[\]$/, '')) delete renames[d.field.path];
      else renames[d.field.path] = String(d.document);
      if (Object.keys(renames).length === 0) delete p.fields[op]![d.field.part];
      if (Object.keys(p.fields[op]!).length === 0) delete p.fields[op];
      if (Object.keys(p.fields).length === 0) delete p.fields;
    }
  }
  const head = [
    `# FES protocol profile written by \`poligon fes align ${basename(alignment.document)}\`: the sandbox's transport`,
    '# made to match that document wherever a profile can (docs/fes.md).',
    ...(unmapped.length
      ? ['# Differences a profile cannot map (they stay as Poligon serves them):', ...unmapped.map((d) => `#   - ${describe(d, 'en')}`)]
      : ['# Every difference found was mapped.']),
  ].join('\n');
  const text = `${head}\n${stringify(p, { lineWidth: 0 })}`;
  parseProfile(text, name); // what is written must load
  return { text, unmapped };
}

const TEXT = {
  ru: {
    'operation-missing': 'операции нет в документе', 'operation-extra': 'операция есть только в документе', path: 'путь', method: 'метод',
    header: 'имя заголовка', 'header-missing': 'заголовка нет в документе', 'header-extra': 'заголовок есть только в документе',
    'security-scheme': 'другая схема защиты', 'field-missing': 'поля нет в документе', 'field-extra': 'поле есть только в документе', 'field-name': 'имя поля',
    type: 'тип поля', required: 'обязательность поля', enum: 'допустимые значения', 'status-missing': 'HTTP-статуса нет в документе', 'status-extra': 'HTTP-статус есть только в документе', 'code-missing': 'result.code нет в документе', 'code-extra': 'result.code есть только в документе',
    code: 'HTTP-статус / result.code', description: 'result.description отказа', timestamp: 'метка времени', mac: 'MAC',
    head: ['Операция', 'Что', 'Где', 'Poligon', 'Документ', 'Профиль'], yes: 'да', no: 'нет',
    none: (doc: string, profile: string) => `Различий нет: ${doc} совпадает с профилем ${profile} и телами публичных сведений.`,
    count: (n: number, inProfile: number) => `Различий: ${n}; профиль покрывает ${inProfile} (--write-profile FILE запишет его).`,
  },
  en: {
    'operation-missing': 'operation missing from the document', 'operation-extra': 'operation only in the document', path: 'path', method: 'method',
    header: 'header name', 'header-missing': 'header missing from the document', 'header-extra': 'header only in the document',
    'security-scheme': 'other security scheme', 'field-missing': 'field missing from the document', 'field-extra': 'field only in the document', 'field-name': 'field name',
    type: 'field type', required: 'required flag', enum: 'allowed values', 'status-missing': 'HTTP status missing from the document', 'status-extra': 'HTTP status only in the document', 'code-missing': 'result.code missing from the document', 'code-extra': 'result.code only in the document',
    code: 'HTTP status / result.code', description: 'refusal result.description', timestamp: 'timestamp', mac: 'MAC',
    head: ['Operation', 'What', 'Where', 'Poligon', 'Document', 'Profile'], yes: 'yes', no: 'no',
    none: (doc: string, profile: string) => `No differences: ${doc} matches profile ${profile} and the public-record bodies.`,
    count: (n: number, inProfile: number) => `Differences: ${n}; the profile covers ${inProfile} (--write-profile FILE writes it).`,
  },
} as const;

const shown = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function describe(d: Difference, lang: 'ru' | 'en'): string {
  return `${d.operation ? `${d.operation}: ` : ''}${TEXT[lang][d.kind]}${d.where ? ` ${d.where}` : ''} (Poligon ${shown(d.poligon)}, document ${shown(d.document)})`;
}

/** The terminal table. */
export function alignmentTable(a: Alignment, lang: 'ru' | 'en'): string {
  const t = TEXT[lang];
  if (a.differences.length === 0) return `${t.none(a.document, a.profile.name)}\n${a.notes.map((n) => `  ${n}\n`).join('')}`;
  const rows = [t.head as readonly string[], ...a.differences.map((d) => [d.operation ?? '—', t[d.kind], d.where ?? '—', shown(d.poligon), shown(d.document), d.inProfile ? t.yes : t.no])];
  const widths = rows[0]!.map((_, i) => Math.min(60, Math.max(...rows.map((r) => r[i]!.length))));
  const line = (r: readonly string[]) => r.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line), '', t.count(a.differences.length, a.differences.filter((d) => d.inProfile).length), ...a.notes.map((n) => `  ${n}`), ''].join('\n');
}
