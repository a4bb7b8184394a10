// Closed baskets are not kept forever (issue 13; modeled retention, simulators/fes/retention.ts): an
// unpaid basket goes 30 days of virtual time after it closed, a paid one with its payment 400 days
// after payment; until then both are there. Durations typed from docs/fes.md, not read from the code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { CARD_TWO_CERTS, FesClient, full, startFesSandbox, WHEELCHAIR_KIND, type BasketAnswer } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startFesSandbox();
});
afterAll(() => sb.stop());

describe('FES keeps closed baskets for a retention on the virtual clock (modeled)', () => {
  it('an unpaid basket goes 30 days after it closed, a paid one and its payment 400 days after payment', async () => {
    const c = new FesClient(sb, 'retention');
    const approved = async (answer: Promise<{ status: number; body: unknown }>) => {
      const r = await answer;
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body as { basket: BasketAnswer }).basket;
    };
    const unpaid = await approved(c.preAuth(CARD_TWO_CERTS, [{ truCode: full(WHEELCHAIR_KIND), count: 1, price: 100000 }]));
    const paid = await approved(c.preAuth(CARD_TWO_CERTS, [{ truCode: full(WHEELCHAIR_KIND), count: 1, price: 100000 }]));
    await c.pay(paid, CARD_TWO_CERTS).expect(200);
    const held = async () => {
      const state = await c.state();
      return { baskets: Object.keys(state.purchaseBaskets).sort(), payments: state.payments.map((p) => p.basketId) };
    };

    await c.admin.advanceClock('29d');
    expect(await held()).toEqual({ baskets: [unpaid.purchaseBasketId, paid.purchaseBasketId].sort(), payments: [paid.purchaseBasketId] });

    await c.admin.advanceClock('2d');
    expect(await held()).toEqual({ baskets: [paid.purchaseBasketId], payments: [paid.purchaseBasketId] });

    const open = await approved(c.preAuth(CARD_TWO_CERTS, [{ truCode: full(WHEELCHAIR_KIND), count: 1, price: 100000 }]));
    await c.admin.advanceClock('370d');
    // the paid basket went 401 days after payment; the third one expired unpaid 370 days ago and went too
    expect(await held()).toEqual({ baskets: [], payments: [] });
    expect(open.purchaseBasketId).toMatch(/^\d{24}$/);
  });

  it('a retention option that is not a duration stops the start with its name', async () => {
    const { startSandbox } = await import('../../src/sandbox.js');
    await expect(startSandbox({ simulators: ['fes'], simulatorOptions: { fes: { paidBasketRetention: 'forever' } } })).rejects.toThrow(/simulatorOptions\.fes\.paidBasketRetention/);
  });
});
