// Confirmed transactions are not kept forever (issue 13; modeled retention, docs/ecs.md): one confirmed
// now is there 399 days later and gone after 400; the demo world's App. 9 example (2021) stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { callMethod, ecsState, openTransaction, tokenFor } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ simulators: ['ecs'] }); });
afterAll(() => sb.stop());

const transactionIds = async (ns: string) => Object.keys((await ecsState(sb, ns) as { transactions: object }).transactions).map(Number).sort((a, b) => a - b);

describe('ECS keeps confirmed transactions for a retention on the virtual clock (modeled)', () => {
  it('400 days after confirmation a transaction is gone; the demo world\'s example of 2021 stays', async () => {
    const token = await tokenFor(sb, 'keep');
    const { transactionId, clientId, benefits } = await openTransaction(sb, 'keep', token);
    await callMethod(sb, 'keep', 'ConfirmTransaction', token, { clientId, benefitCategoryId: benefits[0]!.benefitCategory.id, transactionId }).expect(200);
    expect(await transactionIds('keep')).toEqual([100, transactionId]);

    await sb.admin.forNamespace('keep').advanceClock('399d');
    expect(await transactionIds('keep')).toEqual([100, transactionId]);

    await sb.admin.forNamespace('keep').advanceClock('2d');
    expect(await transactionIds('keep')).toEqual([100]);
  });

  it('a retention that is not a duration stops the start with its name', async () => {
    await expect(startSandbox({ simulators: ['ecs'], simulatorOptions: { ecs: { confirmedTransactionRetention: 'always' } } })).rejects.toThrow(/simulatorOptions\.ecs\.confirmedTransactionRetention/);
  });
});
