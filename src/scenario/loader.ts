// Reading a pack: YAML (with line numbers) → JSON Schema of the pack → each step's own schema → the
// checks no schema can express (unique ids, known requirement ids, schema ids, signers, simulators).
// A wrong pack fails here with file:line:column and what is wrong, before anything runs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { isMap, isNode, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { builtinSimulators } from '../../simulators/index.js';
import { pointerTokens } from '../engine/json.js';
import { SCENARIOS_DIR } from '../engine/paths.js';
import { sandboxSchemas } from '../engine/app.js';
import { packageSchemas, type SchemaRegistry } from '../engine/schemas.js';

/** The pack format's schemas (the pack and each step kind), compiled on the first pack loaded and kept. */
let packSchemas: SchemaRegistry | undefined;
import type { Simulator } from '../engine/simulator.js';
import { findRequirement } from '../requirements/catalogue.js';
import { STEP_KINDS } from './steps/index.js';
import type { LoadedPack, PackSpec } from './types.js';

export interface PackProblem {
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the pack. */
  pointer: string;
  message: string;
}

export class PackLoadError extends Error {
  override name = 'PackLoadError';
  constructor(readonly problems: PackProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.pointer ? `${p.pointer}: ` : ''}${p.message}`).join('\n'));
  }
}

/** The line and column of the deepest YAML node the pointer reaches. */
function position(doc: Document, lc: LineCounter, pointer: string): { line: number; column: number } {
  const keys = pointerTokens(pointer);
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: [number] } | null)?.range?.[0] ?? 0;
  for (const key of keys) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isNode(p.key) ? String((p.key as { value?: unknown }).value) : String(p.key)) === key);
      if (pair) {
        next = pair.value ?? pair.key;
        const keyRange = (pair.key as { range?: [number] } | null)?.range;
        if (!pair.value && keyRange) offset = keyRange[0];
      }
    } else if (isSeq(node)) {
      next = node.items[Number(key)];
    }
    if (!isNode(next)) break;
    node = next;
    offset = next.range?.[0] ?? offset;
  }
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

export interface LoadOptions {
  simulators?: ReadonlyArray<Simulator<any>>;
}

/** Packs whose await steps a driver harness plays: each carries a structured action. */
const ACTION_SYSTEMS = new Set<string>(['fes', 'ecs']);

export function knownRefs(simulators: ReadonlyArray<Simulator<any>>) {
  return {
    schemaIds: new Set(sandboxSchemas(simulators).ids()),
    signers: new Set(simulators.flatMap((s) => Object.keys(s.clientAuth ?? {}))),
    simulators: new Set(simulators.map((s) => s.name)),
    /** Each simulator's operation ids (the same under every configuration; their method and path may not be). */
    operations: new Map(simulators.map((s) => [s.name, new Set(s.operations.map((o) => o.id))])),
  };
}

export function parsePack(text: string, file: string, options: LoadOptions = {}): LoadedPack {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const rel = relative(process.cwd(), file);
  const shown = rel && !rel.startsWith('..') ? rel : file;
  if (doc.errors.length) {
    throw new PackLoadError(doc.errors.map((e) => {
      const { line, col } = lc.linePos(e.pos[0]);
      return { file: shown, line, column: col, pointer: '', message: `YAML: ${e.message.split('\n')[0]}` };
    }));
  }
  const data = doc.toJS() as PackSpec;
  const problems: PackProblem[] = [];
  const add = (pointer: string, message: string) => problems.push({ file: shown, ...position(doc, lc, pointer), pointer, message });
  const registry = (packSchemas ??= packageSchemas(['scenario/pack', ...new Set([...STEP_KINDS.values()].map((h) => h.schemaId))]));

  for (const p of registry.validate('scenario/pack', data)) add(p.pointer === '/' ? '' : p.pointer, `${p.message}: expected ${p.expected}${p.received === undefined ? '' : `, found ${JSON.stringify(p.received)}`}`);

  const known = knownRefs(options.simulators ?? builtinSimulators);
  const caseIds = new Set<string>();
  const lines: Record<string, number> = {};
  (Array.isArray(data?.cases) ? data.cases : []).forEach((c, ci) => {
    if (!c || typeof c !== 'object') return;
    lines[`cases/${ci}`] = position(doc, lc, `/cases/${ci}`).line;
    if (caseIds.has(c.id)) add(`/cases/${ci}/id`, `duplicate case id "${c.id}"`);
    caseIds.add(c.id);
    (Array.isArray(c.requirements) ? c.requirements : []).forEach((id, ri) => {
      if (typeof id === 'string' && !findRequirement(id)) add(`/cases/${ci}/requirements/${ri}`, `unknown requirement id "${id}" (see src/requirements/catalogue.ts)`);
    });
    (Array.isArray(c.steps) ? c.steps : []).forEach((step, si) => {
      const at = `/cases/${ci}/steps/${si}`;
      lines[`cases/${ci}/steps/${si}`] = position(doc, lc, at).line;
      if (!step || typeof step !== 'object' || Object.keys(step).length !== 1) return;
      const kind = Object.keys(step)[0]!;
      const handler = STEP_KINDS.get(kind);
      if (!handler) {
        add(`${at}/${kind}`, `unknown step kind "${kind}"; known: ${[...STEP_KINDS.keys()].join(', ')}`);
        return;
      }
      const spec = step[kind];
      const schemaProblems = registry.validate(handler.schemaId, spec);
      for (const p of schemaProblems) add(`${at}/${kind}${p.pointer === '/' ? '' : p.pointer}`, `${p.message}: expected ${p.expected}${p.received === undefined ? '' : `, found ${JSON.stringify(p.received)}`}`);
      if (schemaProblems.length === 0) for (const p of handler.check?.(spec, known) ?? []) add(`${at}/${kind}${p.pointer}`, p.message);
      // a vendor's harness plays these packs unattended: every operator instruction has its machine-readable form
      if (kind === 'await' && ACTION_SYSTEMS.has(data.system) && spec && typeof spec === 'object' && !('action' in spec)) {
        add(`${at}/${kind}`, `an await step of an ${data.system} pack needs an action (schemas/driver/action.json, docs/packs.md): the instruction in the form a driver harness carries out`);
      }
    });
  });
  if (problems.length) throw new PackLoadError(problems);
  return { spec: data, file, sha256: createHash('sha256').update(text).digest('hex'), lines };
}

export function loadPackFile(file: string, options: LoadOptions = {}): LoadedPack {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PackLoadError([{ file, line: 0, column: 0, pointer: '', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return parsePack(text, file, options);
}

/** The pack files shipped in scenarios/ (or another folder). */
export function packFiles(dir = SCENARIOS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
}

/** A pack by file path, or by id (the `id` of a pack in scenarios/, or its file name without .yaml). */
export function resolvePack(ref: string, options: LoadOptions = {}): LoadedPack {
  if (existsSync(ref)) return loadPackFile(resolve(ref), options);
  for (const file of packFiles()) {
    if (basename(file).replace(/\.ya?ml$/, '') === ref) return loadPackFile(file, options);
  }
  for (const file of packFiles()) {
    const id = /^id:\s*['"]?([^'"\s#]+)/m.exec(readFileSync(file, 'utf8'))?.[1];
    if (id === ref) return loadPackFile(file, options);
  }
  const ids = packFiles().map((f) => basename(f).replace(/\.ya?ml$/, ''));
  throw new PackLoadError([{ file: ref, line: 0, column: 0, pointer: '', message: `no such file, and no pack with this id in ${SCENARIOS_DIR} (packs: ${ids.join(', ') || 'none'})` }]);
}
