// The point state machine, exhaustively through the API: from every status, every action the
// machine does not allow is refused (409) and leaves the whole state unchanged. The refusals are
// written out by hand from seed 000 §3.4 (DOMAIN.md §2), not read from the table under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox.js';
import { activatedPoint, expectRefusedUnchanged, gisApi, readyToActivate, startGisSandbox, type GisApi } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startGisSandbox(); });
afterAll(() => sb.stop());

type Status = 'CREATED' | 'ON_ACTIVATION' | 'TESTED' | 'ACTIVATED' | 'DISABLED';

/** A point brought to `status` through the public API. */
async function pointIn(api: GisApi, status: Status): Promise<string> {
  if (status === 'ACTIVATED' || status === 'DISABLED') {
    const { pointId } = await activatedPoint(api);
    if (status === 'DISABLED') await api.post(`/points/${pointId}/disable`).expect(200);
    return pointId;
  }
  const { pointId } = await readyToActivate(api);
  if (status === 'CREATED') return pointId;
  await api.post(`/points/${pointId}/to-activation`).expect(200);
  if (status === 'TESTED') {
    await api.registerCashRegister(pointId);
    await api.passProductionTest(pointId);
  }
  return pointId;
}

const ACTIONS = {
  toActivation: (api: GisApi, id: string) => api.post(`/points/${id}/to-activation`),
  activate: (api: GisApi, id: string) => api.post(`/points/${id}/activate`, { activeFrom: '2024-01-01' }),
  disable: (api: GisApi, id: string) => api.post(`/points/${id}/disable`),
  delete: (api: GisApi, id: string) => api.delete(`/points/${id}`),
} as const;

type Action = keyof typeof ACTIONS;

/**
 * What each status refuses: to activation only from CREATED (§3.4.7), activation only from TESTED
 * (§3.4.8), disabling only from ACTIVATED (§3.4.10), deleting only from CREATED (§3.4.5).
 */
const REFUSED: Record<Status, Action[]> = {
  CREATED: ['activate', 'disable'],
  ON_ACTIVATION: ['toActivation', 'activate', 'disable', 'delete'],
  TESTED: ['toActivation', 'disable', 'delete'],
  ACTIVATED: ['toActivation', 'activate', 'delete'],
  DISABLED: ['toActivation', 'activate', 'disable', 'delete'],
};

/** The statuses an action is allowed from, as the refusal message names them. */
const ALLOWED_FROM: Record<Action, string> = { toActivation: 'CREATED', activate: 'TESTED', disable: 'ACTIVATED', delete: 'CREATED' };

describe('point transitions not allowed', () => {
  for (const [status, refused] of Object.entries(REFUSED) as Array<[Status, Action[]]>) {
    it(`GIS-06, GIS-08, GIS-10, GIS-12: from ${status}, ${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} refused and nothing changes`, async () => {
      const api = gisApi(sb, `tr-${status.toLowerCase()}`);
      const pointId = await pointIn(api, status);
      await api.get(`/points/${pointId}`).expect((r) => expect(r.body.status).toBe(status));
      for (const action of refused) {
        const code = status === 'DISABLED' ? 'GIS_POINT_DISABLED' : 'GIS_TRANSITION_NOT_ALLOWED';
        const e = await expectRefusedUnchanged(api, () => ACTIONS[action](api, pointId), 409, code);
        if (status !== 'DISABLED') expect(e.message).toContain(`is ${status}: "${action}" is allowed only from ${ALLOWED_FROM[action]}`);
      }
    });
  }
});
