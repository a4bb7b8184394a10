// GIS-09 under the setting that follows seed 000 §4.3.1 instead of §3.4.7: a касса registered in LK FES
// is enough to make the point TESTED (simulatorOptions.gis.testedAfter = 'registration'); and the default,
// which follows §3.4.7 (registered AND the production test passed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { gisApi, readyToActivate, startGisSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startGisSandbox({ testedAfter: 'registration' }); });
afterAll(() => sb.stop());

describe('testedAfter: registration (§4.3.1)', () => {
  it('GIS-09: the first касса registered makes the point TESTED; a later production test is only recorded', async () => {
    const api = gisApi(sb, 'r1');
    const { pointId } = await readyToActivate(api);
    await api.post(`/points/${pointId}/to-activation`).expect(200);
    await api.registerCashRegister(pointId, 'CR-7');
    await api.get(`/points/${pointId}`).expect(200)
      .expect((r) => expect(r.body).toMatchObject({ status: 'TESTED', cashRegisterIds: ['CR-7'], testedCashRegisterIds: [] }));
    await api.passProductionTest(pointId, 'CR-7');
    await api.get(`/points/${pointId}`).expect((r) => expect(r.body).toMatchObject({ status: 'TESTED', testedCashRegisterIds: ['CR-7'] }));
  });

  it('GIS-09: a production test alone (no registration heard) does not make the point TESTED under this setting', async () => {
    const api = gisApi(sb, 'r2');
    const { pointId } = await readyToActivate(api);
    await api.post(`/points/${pointId}/to-activation`).expect(200);
    await api.passProductionTest(pointId, 'CR-8');
    await api.get(`/points/${pointId}`).expect((r) => expect(r.body).toMatchObject({ status: 'ON_ACTIVATION', cashRegisterIds: ['CR-8'], testedCashRegisterIds: ['CR-8'] }));
  });
});

describe('the default follows §3.4.7', () => {
  it('GIS-09: with no setting, registration alone leaves the point ON_ACTIVATION; the production test then makes it TESTED', async () => {
    const byDefault = await startGisSandbox({});
    try {
      const api = gisApi(byDefault, 'd1');
      const { pointId } = await readyToActivate(api);
      await api.post(`/points/${pointId}/to-activation`).expect(200);
      await api.registerCashRegister(pointId, 'CR-9');
      await api.get(`/points/${pointId}`).expect((r) => expect(r.body).toMatchObject({ status: 'ON_ACTIVATION', cashRegisterIds: ['CR-9'], testedCashRegisterIds: [] }));
      await api.passProductionTest(pointId, 'CR-9');
      await api.get(`/points/${pointId}`).expect((r) => expect(r.body).toMatchObject({ status: 'TESTED', testedCashRegisterIds: ['CR-9'] }));
    } finally {
      await byDefault.stop();
    }
  });
});

describe('the setting is checked at start-up', () => {
  it('an unknown value or option stops the sandbox from starting, naming it', async () => {
    await expect(startGisSandbox({ testedAfter: 'echo' })).rejects.toThrow('simulatorOptions.gis.testedAfter must be "productionTest" or "registration", got "echo"');
    await expect(startGisSandbox({ testedWhen: 'registration' })).rejects.toThrow('simulatorOptions.gis: unknown option testedWhen; known: testedAfter');
  });
});
