// The public map (seed 000 §3.4.8): from its activation date a point is shown on the Gosuslugi
// interactive map and the GIS ES site with its address, name and location, brand, site (if any),
// accessibility for people with limited mobility and the goods it sells. Read-only; who reads it is
// anyone (no login). The path and field names are MODELED.
import type { Operation } from '../../src/engine/simulator.js';
import { pointStatus } from './machine.js';
import type { GisState } from './state.js';

export const mapOperations: Array<Operation<GisState>> = [
  {
    id: 'publicMap', method: 'get', path: '/api/v1/map/points', tag: 'Public map',
    summary: 'Points ACTIVATED at the namespace\'s virtual now, as the public map shows them (§3.4.8)',
    description: 'A point appears from its activation date (activeFrom) on, and leaves the map when it is disabled (or its merchant blocked). '
      + 'Hiding a point only changes the merchant\'s own list (§3.4.11), not the map (MODELED).',
    responses: { 200: { description: 'The points on the map', schema: 'gis/map' } },
    handle: ({ state, ctx }) => {
      const now = ctx.clock.now();
      const points = Object.values(state.points)
        .filter((p) => pointStatus(p, now) === 'ACTIVATED')
        .map((p) => ({
          pointId: p.id,
          name: p.name,
          address: p.address?.text ?? '',
          ...(p.coordinates !== undefined && { coordinates: { ...p.coordinates } }),
          brand: state.merchants[p.merchantId]!.brand,
          ...(p.site !== undefined && { site: p.site }),
          accessibleForLimitedMobility: p.accessibleForLimitedMobility,
          onlineShop: p.onlineShop,
          goods: [...p.goods],
          activeFrom: p.activeFrom!,
        }));
      return { body: { at: ctx.clock.date().toISOString(), points } };
    },
  },
];
