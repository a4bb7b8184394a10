// GIS ES's part of the admin API's state view (schemas/gis/view.json): its merchants and their points,
// each point's status as the portal shows it at `now` (ACTIVATED from a later date still reads TESTED).
import type { SimulatorView } from '../../src/engine/simulator.js';
import { pointStatus } from './machine.js';
import type { GisState } from './state.js';

export const gisView: SimulatorView<GisState> = {
  schema: 'gis/view',
  of: (state, now) => ({
    merchants: Object.values(state.merchants).map((m) => ({
      id: m.id, name: m.name, brand: m.brand, inn: m.inn, kpp: m.kpp ?? null, ogrn: m.ogrn ?? null, status: m.status, hidden: m.hidden,
    })),
    points: Object.values(state.points).map((p) => ({
      id: p.id, merchantId: p.merchantId, name: p.name, address: p.address?.text ?? null, status: pointStatus(p, now), hidden: p.hidden,
      goods: p.goods.length, activeFrom: p.activeFrom ?? null,
    })),
  }),
};
