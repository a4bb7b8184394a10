// The GIS ES demo world (docs/architecture.md) and the generated OpenAPI document and docs page.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gisSimulator } from '../../simulators/gis/index.js';
import { isValidInn, isValidKpp, isValidOgrn } from '../../src/data/checksums.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { fesProbe } from './fixtures/fes-probe.js';
import { gisApi } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ available: [gisSimulator, fesProbe], validateResponses: true, demo: true }); });
afterAll(() => sb.stop());

describe('demo world', () => {
  it('GIS-08, GIS-09, GIS-10: a valid merchant with an ACTIVATED point (from a day ago), built through the events', async () => {
    const api = gisApi(sb, 'demo1');
    const [merchant] = (await api.get('/merchants').expect(200)).body.merchants;
    expect(merchant).toMatchObject({ id: 'tsp-000001', status: 'OPEN', sellerType: 'LEGAL_ENTITY' });
    expect(isValidInn(merchant.inn) && isValidKpp(merchant.kpp) && isValidOgrn(merchant.ogrn)).toBe(true);
    expect(merchant.contacts.map((c: { role: string }) => c.role).sort()).toEqual(['ORGANIZATIONAL', 'TECHNICAL']);
    const programs = (await api.get(`/merchants/${merchant.id}/programs`)).body.programs;
    expect(programs.some((p: { status: string }) => p.status === 'CONNECTED')).toBe(true);
    const [point] = (await api.get(`/merchants/${merchant.id}/points`)).body.points;
    expect(point).toMatchObject({ id: 'pt-000001', status: 'ACTIVATED', cashRegisterIds: ['DEMO-CR-1'] });
    expect(point.goods).toContain('999999999.999999999');
    const ageMs = Date.now() - Date.parse(point.activeFrom);
    expect(ageMs).toBeGreaterThan(86_000_000);
    expect(ageMs).toBeLessThan(88_000_000);
    expect((await api.probeEvents()).map((e) => e.topic)).toEqual(['gis.point.toActivation', 'gis.point.activated']);
  });

  it('is the same in every namespace, and describeDemo prints the ids and statuses', async () => {
    const strip = (s: unknown) => JSON.parse(JSON.stringify(s).replace(/"\d{4}-\d\d-\d\dT[^"]+"/g, '"T"'));
    const a = (await sb.admin.forNamespace('demo2').snapshot()).simulators.gis;
    const b = (await sb.admin.forNamespace('demo3').snapshot()).simulators.gis;
    expect(strip(a)).toEqual(strip(b));
    const section = sb.demoSections().find((s) => s.title.startsWith('GIS ES'))!;
    const text = section.lines.map(([k, v]) => `${k}: ${v}`).join('\n');
    expect(text).toMatch(/merchant tsp-000001: OPEN — .*INN 7701234560, KPP 770101001, OGRN 1027700123450/);
    expect(text).toMatch(/point pt-000001: ACTIVATED from \d{4}-/);
  });

  it('without LK FES the demo point waits ON_ACTIVATION', async () => {
    const alone = await startSandbox({ available: [gisSimulator], demo: true });
    try {
      const r = await inProcess(alone).get('/gis/api/v1/points/pt-000001').expect(200);
      expect(r.body.status).toBe('ON_ACTIVATION');
    } finally {
      await alone.stop();
    }
  });
});

describe('OpenAPI and docs', () => {
  it('documents every operation with its schemas and the GIS error codes', async () => {
    const doc = (await inProcess(sb).get('/openapi/gis.json').expect(200)).body;
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    for (const op of gisSimulator.operations) expect(ops.join(' ')).toContain(op.id);
    expect(Object.keys(doc.components.schemas).join(' ')).toMatch(/merchant/);
    expect(JSON.stringify(doc)).toContain('GIS_PRECONDITIONS_FAILED');
    await inProcess(sb).get('/docs/gis').expect(200).expect('content-type', /html/);
  });
});

describe('snapshots', () => {
  it('a snapshot restores the GIS state; a snapshot without GIS parts is refused whole', async () => {
    const api = gisApi(sb, 'snap');
    const saved = await sb.admin.forNamespace('snap').snapshot();
    await api.post('/merchants/tsp-000001/hide').expect(200);
    await sb.admin.forNamespace('snap').restore(saved);
    await api.get('/merchants').expect((r) => expect(r.body.merchants.map((m: { id: string }) => m.id)).toEqual(['tsp-000001']));
    const broken = { ...saved, simulators: { ...saved.simulators, gis: { merchants: {} } } };
    const r = await inProcess(sb).put('/ns/snap/__admin/snapshot').send(broken).expect(400);
    expect(r.body.error.message).toMatch(/gis.*missing counters, points, applications/);
  });
});
