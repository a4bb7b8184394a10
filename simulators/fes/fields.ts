// Field-name overrides of a FES protocol profile (`fields:`): per operation, the request's and the
// response's body fields whose *name* the public record does not fix may travel under another name.
// Which names the record fixes is said in one place, the schemas' x-poligon-provenance: basis modeled,
// or public-record with name modeled, is a name a profile may change; any other is the record's.
// Poligon's code and packs speak the schemas' (canonical) names; bodies are renamed only at the wire:
// the simulator validates a request against the wire schema (so problems name the wire field), hands
// its handler the canonical body and renames the answer; the signing clients rename the other way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapePointerToken, pointerTokens } from '../../src/engine/json.js';
import { SCHEMAS_DIR } from '../../src/engine/paths.js';
import type { JsonSchema } from '../../src/engine/schemas.js';
import type { FesProfile, ProfileOperation } from './profile.js';

export type MessagePart = 'request' | 'response';
export const MESSAGE_PARTS: readonly MessagePart[] = ['request', 'response'];

/** Each operation's messages: schemas/fes/<name>.request.json and .response.json. */
export const MESSAGE_OF: Record<ProfileOperation, string> = {
  echo: 'echo', preAuthPurchase: 'preauth-purchase', preAuthReturn: 'preauth-return', findBasketByReceipt: 'find-basket-by-receipt',
  sendReceipt: 'receipt', getPurchaseBasket: 'get-purchase-basket', listCertificates: 'list-certificates', listBaskets: 'list-baskets',
  preAuthCancel: 'preauth-cancel',
};

/** `fields:` of a profile: operation → part → canonical field path (a.b, a[].b) → wire name. */
export type FieldOverrides = Partial<Record<ProfileOperation, Partial<Record<MessagePart, Record<string, string>>>>>;

export const schemaIdOf = (op: ProfileOperation, part: MessagePart) => `fes/${MESSAGE_OF[op]}.${part}`;

interface Provenance { basis: 'public-record' | 'modeled'; source?: string; why?: string; name?: 'modeled' }
const PROVENANCE = 'x-poligon-provenance';
const COMMON_REF = /^(?:common\.json)?#\/\$defs\/([A-Za-z0-9_]+)$/;

const files = new Map<string, JsonSchema>();
function schemaFile(name: string): JsonSchema {
  let schema = files.get(name);
  if (!schema) files.set(name, schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'fes', `${name}.json`), 'utf8')) as JsonSchema);
  return schema;
}
const commonDef = (node: JsonSchema): JsonSchema | undefined => {
  const m = typeof node.$ref === 'string' ? COMMON_REF.exec(node.$ref) : null;
  return m ? (schemaFile('common').$defs as Record<string, JsonSchema>)[m[1]!] : undefined;
};
const provenanceOf = (node: JsonSchema): Provenance | undefined => (node[PROVENANCE] as Provenance | undefined) ?? (commonDef(node) ? provenanceOf(commonDef(node)!) : undefined);
/** A node with its common definition's keywords (its own win), as the schema means it. */
const resolved = (node: JsonSchema): JsonSchema => (commonDef(node) ? { ...resolved(commonDef(node)!), ...node, $ref: undefined } : node);
const isArray = (node: JsonSchema) => resolved(node).items !== undefined;
function propertiesOf(node: JsonSchema): Record<string, JsonSchema> {
  const r = resolved(node);
  if (r.items) return propertiesOf(r.items as JsonSchema);
  return Object.assign({}, ...((r.allOf as JsonSchema[] | undefined) ?? []).map(propertiesOf), (r.properties as Record<string, JsonSchema> | undefined) ?? {});
}

/** A field of a message, by its canonical path; `fixedBy` is the record's source when the record fixes its name. */
export interface MessageField { path: string; fixedBy?: string }

const fieldLists = new Map<string, MessageField[]>();
/** Every field of an operation's request or response, nested ones as a.b, array items as a[].b. */
export function messageFields(op: ProfileOperation, part: MessagePart): MessageField[] {
  const id = schemaIdOf(op, part);
  let list = fieldLists.get(id);
  if (!list) {
    const walk = (node: JsonSchema, prefix: string): MessageField[] => Object.entries(propertiesOf(node)).flatMap(([name, sub]) => {
      const p = provenanceOf(sub);
      const fixed = p?.basis === 'public-record' && p.name !== 'modeled';
      return [{ path: `${prefix}${name}`, ...(fixed ? { fixedBy: p.source } : {}) }, ...walk(sub, `${prefix}${name}${isArray(sub) ? '[]' : ''}.`)];
    });
    fieldLists.set(id, list = walk(schemaFile(`${MESSAGE_OF[op]}.${part}`), ''));
  }
  return list;
}

/** The renamed fields of a message as a tree: canonical name → wire name, whether it is an array, its renamed descendants. */
interface NameNode { wire: string; array: boolean; children: NameTree }
type NameTree = Map<string, NameNode>;

function treeOf(op: ProfileOperation, part: MessagePart, renames: Record<string, string>): NameTree {
  const tree: NameTree = new Map();
  const paths = messageFields(op, part).map((f) => f.path);
  for (const [path, wire] of Object.entries(renames)) {
    let level = tree;
    let at = '';
    const segments = path.replace(/\[\]/g, '').split('.');
    segments.forEach((name, i) => {
      at += `${i ? '.' : ''}${name}`;
      let node = level.get(name);
      // arrays are known from the schema, not from how the path was written
      if (!node) level.set(name, node = { wire: name, array: paths.some((p) => p.startsWith(`${at}[].`)), children: new Map() });
      if (node.array) at += '[]';
      if (i === segments.length - 1) node.wire = wire;
      level = node.children;
    });
  }
  return tree;
}

/** A problem with a profile's `fields:`, at a JSON pointer into the profile. */
export interface FieldProblem { pointer: string; message: string }

/** What the profile schema cannot say about `fields:`: the field exists, its name is the profile's to change, no two fields share a wire name. */
export function fieldOverrideProblems(fields: FieldOverrides | undefined): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const [op, parts] of Object.entries(fields ?? {}) as Array<[ProfileOperation, Partial<Record<MessagePart, Record<string, string>>>]>) {
    for (const [part, renames] of Object.entries(parts) as Array<[MessagePart, Record<string, string>]>) {
      const all = messageFields(op, part);
      const renameable = all.filter((f) => f.fixedBy === undefined).map((f) => f.path);
      const at = (path: string) => `/fields/${op}/${part}/${escapePointerToken(path)}`;
      const sane: Record<string, string> = {};
      for (const [path, wire] of Object.entries(renames)) {
        const canonical = path.split('.').map((s) => s.replace(/\[\]$/, '')).join('.');
        const field = all.find((f) => f.path.replace(/\[\]/g, '') === canonical);
        if (!field) {
          out.push({ pointer: at(path), message: `${op}'s ${part} has no field ${path}; the fields whose name a profile may change there: ${renameable.join(', ') || 'none'}` });
        } else if (field.fixedBy !== undefined) {
          out.push({ pointer: at(path), message: `the name ${field.path} is the public record's (${field.fixedBy}): a profile renames only fields whose name the record does not fix (in ${op}'s ${part}: ${renameable.join(', ') || 'none'})` });
        } else {
          sane[field.path] = wire;
        }
      }
      // two fields of one object under one wire name: the wire could not tell them apart
      const byLevel = new Map<string, Map<string, string>>();
      const wireOf = (path: string) => sane[path] ?? path.split('.').pop()!.replace(/\[\]$/, '');
      for (const f of all) {
        const parent = f.path.includes('.') ? f.path.slice(0, f.path.lastIndexOf('.')) : '';
        const names = byLevel.get(parent) ?? new Map<string, string>();
        byLevel.set(parent, names);
        const wire = wireOf(f.path);
        const first = names.get(wire);
        if (first !== undefined) {
          const renamed = sane[f.path] !== undefined ? f.path : first;
          const original = Object.keys(renames).find((k) => k.replace(/\[\]/g, '') === renamed.replace(/\[\]/g, '')) ?? renamed;
          out.push({ pointer: at(original), message: `${wire} is already the wire name of ${renamed === f.path ? first : f.path} in ${op}'s ${part}: one name, one field` });
        } else {
          names.set(wire, f.path);
        }
      }
    }
  }
  return out;
}

// --- renaming -------------------------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function rename(value: unknown, tree: NameTree, to: 'wire' | 'canonical'): unknown {
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const entry = to === 'wire' ? [key, tree.get(key)] as const : [...tree].find(([, n]) => n.wire === key);
    const node = entry?.[1];
    const name = node ? (to === 'wire' ? node.wire : entry![0]) : key;
    out[name] = !node || node.children.size === 0 ? v
      : node.array && Array.isArray(v) ? v.map((x) => rename(x, node.children, to)) : rename(v, node.children, to);
  }
  return out;
}

/** A canonical JSON pointer into a body (/items/0/truCode) as the wire names it. */
function wirePointer(tree: NameTree, pointer: string): string {
  let level: NameTree | undefined = tree;
  let index = false;
  const out: string[] = [];
  for (const token of pointerTokens(pointer)) {
    if (index && /^\d+$/.test(token)) { out.push(token); index = false; continue; }
    const node: NameNode | undefined = level?.get(token);
    out.push(node ? node.wire : token);
    level = node?.children;
    index = node?.array ?? false;
  }
  return out.map((t) => `/${escapePointerToken(t)}`).join('');
}

/** How one operation's bodies are named on the wire under a profile. */
export interface WireNames {
  /** A body as the wire carries it, from Poligon's (canonical) names, or back. */
  rename(part: MessagePart, body: unknown, to: 'wire' | 'canonical'): unknown;
  /** A canonical pointer into the request body (a refusal's), as the wire names it. */
  requestPointer(pointer: string): string;
  /** The wire name of a top-level request field. */
  requestField(name: string): string;
}

const IDENTITY: WireNames = { rename: (_, body) => body, requestPointer: (p) => p, requestField: (n) => n };

/** The wire names of an operation under a profile (the identity when the profile renames nothing there). */
export function wireNamesOf(profile: FesProfile, op: ProfileOperation): WireNames {
  const renames = profile.fields?.[op];
  if (!renames) return IDENTITY;
  const trees = { request: treeOf(op, 'request', renames.request ?? {}), response: treeOf(op, 'response', renames.response ?? {}) };
  return {
    rename: (part, body, to) => (trees[part].size ? rename(body, trees[part], to) : body),
    requestPointer: (p) => wirePointer(trees.request, p),
    requestField: (n) => trees.request.get(n)?.wire ?? n,
  };
}

/** The operation a signed call is for, by its method and path under the profile. */
export const operationAt = (profile: FesProfile, method: string, path: string): ProfileOperation | undefined =>
  (Object.entries(profile.operations) as Array<[ProfileOperation, { method: string; path: string }]>).find(([, o]) => o.method === method.toUpperCase() && o.path === path)?.[0];

// --- the wire schemas -----------------------------------------------------------------------------------

const clone = <T>(v: T): T => structuredClone(v);

/** A common definition copied into a message schema: its refs within common.json made explicit. */
function inlined(node: JsonSchema): JsonSchema {
  const def = commonDef(node);
  if (!def) return node;
  const localRefs = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(localRefs);
    if (!isObject(n)) return n;
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `common.json${v}` : localRefs(v)]));
  };
  const { $ref: _, ...siblings } = node;
  return inlined({ ...(localRefs(clone(def)) as JsonSchema), ...siblings });
}

function renameProperties(node: JsonSchema, tree: NameTree): JsonSchema {
  let target = inlined(node);
  const holder = target;
  if (target.items) target = (holder.items = inlined(target.items as JsonSchema)) as JsonSchema;
  const props = target.properties as Record<string, JsonSchema>;
  const renamed: Record<string, JsonSchema> = {};
  for (const [name, sub] of Object.entries(props)) {
    const node = tree.get(name);
    renamed[node?.wire ?? name] = node && node.children.size ? renameProperties(sub, node.children) : sub;
  }
  target.properties = renamed;
  if (Array.isArray(target.required)) target.required = (target.required as string[]).map((r) => tree.get(r)?.wire ?? r);
  return holder;
}

/** The schemas a profile's field names change (same ids as the files, properties and required lists renamed), for the sandbox's registry. */
export function wireSchemas(profile: FesProfile): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  for (const [op, renames] of Object.entries(profile.fields ?? {}) as Array<[ProfileOperation, Partial<Record<MessagePart, Record<string, string>>>]>) {
    for (const part of MESSAGE_PARTS) {
      const tree = treeOf(op, part, renames[part] ?? {});
      if (tree.size) out.set(schemaIdOf(op, part), renameProperties(clone(schemaFile(`${MESSAGE_OF[op]}.${part}`)), tree));
    }
  }
  return out;
}

/** What packs read as `${fesProfile.field.<operation>.<request|response>.<field path>}`: each field whose name a profile may change, under its wire name. */
export function fieldNameVariables(profile: FesProfile): Record<string, Record<string, Record<string, string>>> {
  return Object.fromEntries((Object.keys(MESSAGE_OF) as ProfileOperation[]).map((op) => [op, Object.fromEntries(MESSAGE_PARTS.map((part) => {
    const renames = profile.fields?.[op]?.[part] ?? {};
    const wire = (path: string) => renames[path] ?? Object.entries(renames).find(([k]) => k.replace(/\[\]/g, '') === path.replace(/\[\]/g, ''))?.[1] ?? path.split('.').pop()!.replace(/\[\]$/, '');
    return [part, Object.fromEntries(messageFields(op, part).filter((f) => f.fixedBy === undefined).map((f) => [f.path, wire(f.path)]))];
  }))]));
}

/** The field a path names as the wire under a profile names it (names, '*' for an array's items), or undefined. */
export function fieldAtWire(profile: FesProfile, op: ProfileOperation, part: MessagePart, tokens: string[]): MessageField | undefined {
  let level: NameTree | undefined = treeOf(op, part, profile.fields?.[op]?.[part] ?? {});
  const canonical: string[] = [];
  for (const token of tokens) {
    if (token === '*') {
      if (canonical.length) canonical[canonical.length - 1] += '[]';
      continue;
    }
    const entry: [string, NameNode] | undefined = level && [...level].find(([, n]) => n.wire === token);
    canonical.push(entry ? entry[0] : token);
    level = entry?.[1].children;
  }
  return messageFields(op, part).find((f) => f.path === canonical.join('.'));
}
