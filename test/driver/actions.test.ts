// Every operator instruction of an observe-mode pack has its machine-readable action, checked when the
// pack loads (schemas/driver/action.json), so a vendor's harness can play the pack unattended.
import { describe, expect, it } from 'vitest';
import { PackLoadError, packFiles, loadPackFile, parsePack } from '../../src/scenario/loader.js';

const pack = (steps: string, system = 'fes') => `id: actions
version: '1.0'
title: Actions
system: ${system}
cases:
  - id: one
    title: One
    requirements: [FES-01]
    steps:
${steps}`;

function problems(text: string): string[] {
  try {
    parsePack(text, 'actions.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof PackLoadError)) throw e;
    return e.problems.map((p) => `${p.line} ${p.pointer} ${p.message}`);
  }
}

describe('driver actions in packs', () => {
  it('every await step of the shipped fes and ecs packs carries an action', () => {
    const awaits = packFiles().map((f) => loadPackFile(f)).filter((p) => p.spec.system === 'fes' || p.spec.system === 'ecs')
      .flatMap((p) => p.spec.cases.flatMap((c) => c.steps.filter((s) => 'await' in s).map((s) => ({ at: `${p.spec.id}/${c.id}`, action: (s.await as { action?: { do: string } }).action }))));
    // fes-certification alone has more than sixty operator steps; the ECS packs nine each
    expect(awaits.length).toBeGreaterThan(80);
    expect(awaits.filter((a) => !a.action).map((a) => a.at)).toEqual([]);
  });

  it('an await step of an fes pack without an action is refused at load, naming its line', () => {
    expect(problems(pack('      - await: { instructions: Выполните echo, simulator: fes, operation: echo }\n'))).toEqual([
      '10 /cases/0/steps/0/await an await step of an fes pack needs an action (schemas/driver/action.json, docs/packs.md): the instruction in the form a driver harness carries out',
    ]);
  });

  it('a sale without its card, or with a card number that is no PAN, is refused at load', () => {
    const noCard = problems(pack(`      - await:
          instructions: Пробейте товар
          action: { do: fes.sale, items: [ { truCode: '300126010.00000000100000000000', count: 1, price: 100 } ] }
          simulator: fes
          operation: preAuthPurchase
`));
    expect(noCard).toEqual(['12 /cases/0/steps/0/await/action/card is required: expected field "card" to be present']);
    const badPan = problems(pack(`      - await:
          instructions: Пробейте товар
          action: { do: fes.sale, card: { pan: '12-34' }, items: [ { truCode: '300126010.00000000100000000000', count: 1, price: 100 } ] }
          simulator: fes
          operation: preAuthPurchase
`));
    expect(badPan.join('\n')).toMatch(/\/cases\/0\/steps\/0\/await\/action\/card\/pan/);
  });

  it('an unknown action, or one acting on another system than the awaited one, is refused', () => {
    expect(problems(pack('      - await: { instructions: x, action: { do: fes.dance }, simulator: fes }\n')).join('\n')).toMatch(/\/await\/action\/do/);
    expect(problems(pack('      - await: { instructions: x, action: { do: ecs.start }, simulator: fes }\n'))).toEqual([
      '10 /cases/0/steps/0/await/action/do the action ecs.start does not act on fes, the simulator this step awaits',
    ]);
  });

  it('a pack variable may stand for a value the schema types, e.g. a count or a basket id', () => {
    expect(problems(pack(`      - await:
          instructions: Оплатите
          action: { do: fes.pay, basketId: '\${basketId}', card: { pan: '\${card}' } }
          simulator: fes
`))).toEqual([]);
  });
});
