// Each sandbox has its own error catalogue: the engine's errors and those of the simulators it serves.
// Injected faults may only name those of the faked system (or the engine), and keep its own code.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

let fesOnly: Sandbox;
let all: Sandbox;
beforeAll(async () => {
  [fesOnly, all] = await Promise.all([startSandbox({ simulators: ['fes'] }), startSandbox()]);
});
afterAll(() => Promise.all([fesOnly.stop(), all.stop()]));

const prefixes = (errors: Array<{ code: string }>) => [...new Set(errors.map((e) => e.code.split('_')[0]))].sort();

describe('error catalogue per sandbox', () => {
  it('a FES-only sandbox lists only engine and FES codes; a full one lists all three systems', async () => {
    const only = (await inProcess(fesOnly).get('/__admin/errors').expect(200)).body.errors;
    expect(prefixes(only)).toEqual(['FES', 'POLIGON']);
    expect(only).toContainEqual(expect.objectContaining({ code: 'FES_MAC_INVALID', status: 401, systemCode: '108', section: 'fes' }));
    expect(only).toContainEqual(expect.objectContaining({ code: 'POLIGON_VALIDATION', status: 400, section: 'engine' }));
    const full = (await inProcess(all).get('/__admin/errors').expect(200)).body.errors;
    expect(prefixes(full)).toEqual(['ECS', 'FES', 'GIS', 'POLIGON']);
  });

  it('a FES-only sandbox refuses a fault naming an ECS code with a clear 400, and adds none', async () => {
    const r = await inProcess(fesOnly).post('/__admin/faults').send({ operation: 'fes.echo', kind: 'error', errorCode: 'ECS_NO_BENEFIT' }).expect(400);
    expect(r.body.error).toMatchObject({ code: 'POLIGON_BAD_ADMIN_REQUEST', message: 'unknown errorCode "ECS_NO_BENEFIT": this sandbox serves fes; GET /__admin/errors lists their codes' });
    expect((await inProcess(fesOnly).get('/__admin/faults').expect(200)).body.faults).toEqual([]);
  });

  it('refuses a fault naming another served system\'s code, or a system code for every operation', async () => {
    const gis = await inProcess(all).post('/ns/cat-1/__admin/faults').send({ operation: 'fes.echo', kind: 'error', errorCode: 'GIS_POINT_DISABLED' }).expect(400);
    expect(gis.body.error.message).toBe('errorCode "GIS_POINT_DISABLED" is gis\'s, but the fault is for "fes.echo": use an engine code (POLIGON_…) or one of fes\'s');
    const every = await inProcess(all).post('/ns/cat-1/__admin/faults').send({ operation: '*', kind: 'error', errorCode: 'FES_MAC_INVALID' }).expect(400);
    expect(every.body.error.message).toBe('errorCode "FES_MAC_INVALID" is fes\'s, but the fault is for every operation: use an engine code (POLIGON_…)');
    await inProcess(all).post('/ns/cat-1/__admin/faults').send({ operation: '*', kind: 'error', errorCode: 'POLIGON_FAULT_INJECTED', times: 1 }).expect(201);
  });

  it('an injected fault answers with the faked system\'s own code and text (ECS 06, FES 902)', async () => {
    await inProcess(all).post('/ns/cat-2/__admin/faults').send({ operation: 'ecs.GetOrganizationServices', kind: 'error', errorCode: 'ECS_PROCESSING_UNAVAILABLE', times: 1 }).expect(201);
    await inProcess(all).post('/ns/cat-2/__admin/faults').send({ operation: 'fes.*', kind: 'error', errorCode: 'FES_PROCESSING_UNAVAILABLE', times: 1 }).expect(201);
    const ecs = await inProcess(all).post('/ns/cat-2/ecs/api/GetOrganizationServices').send({}).expect(503);
    expect(ecs.body).toMatchObject({ errorCode: 6, message: 'Отсутствует связь с процессинговым центром' });
    const fes = await inProcess(all).post('/ns/cat-2/fes/api/v1/echo').send({}).expect(503);
    expect(fes.body).toMatchObject({ result: { code: 902 }, code: 'FES_PROCESSING_UNAVAILABLE' });
  });
});
