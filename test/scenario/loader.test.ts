import { describe, expect, it } from 'vitest';
import { PackLoadError } from '../../src/scenario/loader.js';
import { pack } from './helpers.js';

function problemsOf(yaml: string) {
  try {
    pack(yaml, 'scenarios/broken.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(PackLoadError);
    return (e as PackLoadError).problems;
  }
  throw new Error('the pack loaded');
}

const head = `id: broken
version: '1'
title: Broken
system: sandbox
cases:
`;

describe('pack loader', () => {
  it('loads a valid pack and fingerprints its text', () => {
    const p = pack(`${head}  - id: a\n    title: A\n    requirements: [FES-01]\n    steps:\n      - control: reset\n`);
    expect(p.spec.cases[0]!.id).toBe('a');
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports a YAML syntax error with file and line', () => {
    const [p] = problemsOf(`${head}  - id: a\n    title: [unclosed\n`);
    expect(p!.file).toBe('scenarios/broken.yaml');
    expect([7, 8]).toContain(p!.line);
    expect(p!.message).toMatch(/^YAML/);
  });

  it('points a missing field, a wrong type and an unknown field to their lines', () => {
    const problems = problemsOf(`${head}  - id: a
    title: A
    steps:
      - request:
          simulator: shop
          path: /value
          expect: { status: two hundred }
      - control: { reset: true, colour: red }
`);
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ line: 6, pointer: '/cases/0/requirements', message: expect.stringMatching(/is required/) }),
      expect.objectContaining({ line: 12, pointer: '/cases/0/steps/0/request/expect/status', message: 'must be integer,array: expected type integer,array, found "two hundred"' }),
      expect.objectContaining({ line: 13, pointer: '/cases/0/steps/1/control/colour', message: expect.stringMatching(/is not a known field/) }),
    ]));
    expect(problems).toHaveLength(3);
  });

  it('refuses an unknown step kind, requirement id, schema id, signer and simulator, and duplicate case ids', () => {
    const problems = problemsOf(`${head}  - id: a
    title: A
    requirements: [FES-99]
    steps:
      - sleep: 5s
      - request: { simulator: shop, path: /x, auth: { signer: nope }, expect: { schema: no/such.schema } }
      - request: { simulator: bank, path: /x }
  - id: a
    title: Again
    requirements: [FES-01]
    steps:
      - control: { reset: true, clearFaults: true }
`);
    const messages = problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^8: unknown requirement id "FES-99"/),
      expect.stringMatching(/^10: unknown step kind "sleep"; known: control, request, await, expect-state/),
      expect.stringMatching(/^11: .*unknown (signer "nope"|schema id "no\/such.schema")/),
      expect.stringMatching(/^12: unknown simulator "bank"/),
      expect.stringMatching(/^13: duplicate case id "a"/),
      expect.stringMatching(/^17: needs exactly one action/),
    ]));
    expect(messages.filter((m) => m.startsWith('11:'))).toHaveLength(2);
  });

  it('a request names a path or an operation of its simulator, not both, and an operation brings its method', () => {
    const messages = problemsOf(`${head}  - id: a
    title: A
    requirements: [FES-01]
    steps:
      - request: { simulator: shop, path: /x, operation: get }
      - request: { simulator: shop }
      - request: { simulator: shop, operation: no-such-op }
      - request: { simulator: shop, operation: get, method: PUT }
      - request: { url: 'http://x.example', operation: get }
`).map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual([
      '10: needs "path", or "operation" (its method and path are the served ones, e.g. the FES profile\'s), not both',
      '11: needs "path", or "operation" (its method and path are the served ones, e.g. the FES profile\'s), not both',
      expect.stringMatching(/^12: simulator shop has no operation "no-such-op"; known: /),
      '13: an operation brings its own method: drop "method"',
      '14: an operation needs its "simulator"',
    ]);
  });

  it('says which pack ids exist when a pack is not found', async () => {
    const { resolvePack } = await import('../../src/scenario/loader.js');
    expect(() => resolvePack('no-such-pack')).toThrow(/no such file, and no pack with this id .*sandbox-smoke/);
  });
});
