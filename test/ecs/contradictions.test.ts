// ECS-13: where the regulation contradicts itself, the behaviour follows a stated policy and says so.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { CONTRADICTIONS } from '../../simulators/ecs/contradictions.js';
import { callMethod, ecsPath, ecsState, tokenFor } from './helpers.js';

// Appendix 9, GetTransactions example, exactly as printed
const APPENDIX9_EXAMPLE = `{
    "clientCode": "AAABBBCCC",
    "creationDateFrom": "2021-04-01",
    "creationDateTo": "2021-05-01"

}`;

describe('strict policy (default)', () => {
  let sb: Sandbox;
  beforeAll(async () => { sb = await startSandbox({ validateResponses: true }); });
  afterAll(() => sb.stop());

  it('ECS-13: refuses the Appendix 9 example\'s creationDateFrom/creationDateTo, naming the table\'s dateFrom/dateTo', async () => {
    const token = await tokenFor(sb, 'st1', 'type1', 'ECS.WebAPI');
    const before = await ecsState(sb, 'st1');
    const r = await callMethod(sb, 'st1', 'GetTransactions', token, APPENDIX9_EXAMPLE).expect(400);
    expect(r.body.errorCode).toBe(100);
    expect(r.body.message).toBe('creationDateFrom and creationDateTo: the field table of Appendix 9 names the interval dateFrom and dateTo; only its example says creationDateFrom/creationDateTo (contradiction ECS-C1). Send dateFrom and dateTo.');
    expect(await ecsState(sb, 'st1')).toEqual(before);
  });

  it('ECS-13: answers area with the table\'s name only, and no Warning header', async () => {
    const token = await tokenFor(sb, 'st2', 'type1', 'ECS.WebAPI');
    const r = await callMethod(sb, 'st2', 'GetTransactions', token, { clientCode: 'AAABBBCCC', dateFrom: '2021-04-01', dateTo: '2021-05-01' }).expect(200);
    expect(r.body.pageItems[0].area).toEqual({ id: 1, name: 'г. Якутск' });
    expect(r.headers.warning).toBeUndefined();
  });

  it('ECS-13: §7.3 against Appendix 2 (ECS-C7): the holder code from a connection type 2 organization is refused', async () => {
    const token = await tokenFor(sb, 'st4', 'type2');
    const r = await callMethod(sb, 'st4', 'CheckClientBenefits', token, { serviceId: 3, organizationTerminalId: 3, clientCode: 'AAABBBCCC' }).expect(400);
    expect(r.body.message).toBe('Invalid request: clientCode is available only for connection type 1 and 3; this organization is type 2');
  });

  it('ECS-13: the list names the contradictions of §6.3 and §7.3 against Appendix 2 too', () => {
    expect(CONTRADICTIONS.map((c) => c.id)).toEqual(['ECS-C1', 'ECS-C2', 'ECS-C3', 'ECS-C4', 'ECS-C5', 'ECS-C6', 'ECS-C7', 'ECS-C8']);
    expect(CONTRADICTIONS.find((c) => c.id === 'ECS-C6')!.where).toMatch(/^§6\.3 step 2 against Appendix 2/);
    expect(CONTRADICTIONS.find((c) => c.id === 'ECS-C7')!.where).toMatch(/^§7\.3 step 2 against Appendix 2/);
    expect(CONTRADICTIONS.find((c) => c.id === 'ECS-C8')!.example).toMatch(/название услуги/);
  });

  it('ECS-13: lists the contradictions and the policy in force', async () => {
    const r = await inProcess(sb).get(ecsPath('st3', '/control/v1/contradictions')).expect(200);
    expect(r.body.policy).toBe('strict');
    expect(r.body.contradictions.map((c: { id: string }) => c.id)).toEqual(CONTRADICTIONS.map((c) => c.id));
  });
});

describe('lenient policy (simulatorOptions.ecs.contradictions = "lenient")', () => {
  let sb: Sandbox;
  beforeAll(async () => { sb = await startSandbox({ validateResponses: true, simulatorOptions: { ecs: { contradictions: 'lenient' } } }); });
  afterAll(() => sb.stop());

  it('ECS-13: accepts the Appendix 9 example as printed and names both differences in a Warning header', async () => {
    const token = await tokenFor(sb, 'le1', 'type1', 'ECS.WebAPI');
    const r = await callMethod(sb, 'le1', 'GetTransactions', token, APPENDIX9_EXAMPLE).expect(200);
    expect(r.body.totalItems).toBe(1);
    // like the example answer: area.shortName, next to the table's name
    expect(r.body.pageItems[0].area).toEqual({ id: 1, name: 'г. Якутск', shortName: 'г. Якутск' });
    expect(r.headers.warning).toContain('299 poligon "ECS-C1: accepted creationDateFrom and creationDateTo (the example\'s names) for dateFrom/dateTo (the table\'s names)"');
    expect(r.headers.warning).toContain('ECS-C2: area carries both name (the table) and shortName (the example)');
  });

  it('ECS-13: ECS-C7: the holder code from a connection type 2 organization is accepted, with a Warning naming ECS-C7', async () => {
    const token = await tokenFor(sb, 'le4', 'type2');
    const r = await callMethod(sb, 'le4', 'CheckClientBenefits', token, { serviceId: 3, organizationTerminalId: 3, clientCode: 'AAABBBCCC' }).expect(200);
    expect(r.body.clientId).toBe(1);
    expect(r.headers.warning).toBe('299 poligon "ECS-C7: accepted clientCode from a connection type 2 organization (section 7.3); Appendix 2 offers it to types 1 and 3 only"');
  });

  it('ECS-13: refuses the two names together when they disagree; the table\'s names alone carry no ECS-C1 warning', async () => {
    const token = await tokenFor(sb, 'le2', 'type1', 'ECS.WebAPI');
    const r = await callMethod(sb, 'le2', 'GetTransactions', token, { clientCode: 'AAABBBCCC', dateFrom: '2021-04-01', creationDateFrom: '2021-03-01', dateTo: '2021-05-01' }).expect(400);
    expect(r.body.message).toMatch(/dateFrom \(2021-04-01\) and creationDateFrom \(2021-03-01\) disagree/);
    const plain = await callMethod(sb, 'le2', 'GetTransactions', token, { clientCode: 'AAABBBCCC', dateFrom: '2021-04-01', dateTo: '2021-05-01' }).expect(200);
    expect(plain.headers.warning).not.toContain('ECS-C1');
    const r2 = await inProcess(sb).get(ecsPath('le2', '/control/v1/contradictions')).expect(200);
    expect(r2.body.policy).toBe('lenient');
  });
});

describe('wrong options', () => {
  it('ECS-13: a wrong policy value or option stops the sandbox at start, naming it', async () => {
    await expect(startSandbox({ simulators: ['ecs'], simulatorOptions: { ecs: { contradictions: 'loose' } } }))
      .rejects.toThrow('simulatorOptions.ecs.contradictions must be "strict" or "lenient", got "loose"');
    await expect(startSandbox({ simulators: ['ecs'], simulatorOptions: { ecs: { contradictionPolicy: 'lenient' } } }))
      .rejects.toThrow('unknown option contradictionPolicy');
    await expect(startSandbox({ simulators: ['ecs'], simulatorOptions: { ecs: { openTransactionTtl: 'soon' } } }))
      .rejects.toThrow(/openTransactionTtl: "soon" is not a duration/);
  });
});
