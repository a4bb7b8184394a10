// With response validation on (--validate-responses), every answer is checked against its declared
// schema, error answers included: one that breaks it becomes a logged internal error.
import { inProcess } from '../support/in-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineErrors } from '../../src/engine/errors.js';
import { defineSimulator } from '../../src/engine/simulator.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

const Errors = defineErrors('SLOPPY', { REFUSED: { status: 409, message: 'refused' } });

/** Declares `test/counter.request` ({ by: integer }) as the body of its 200 and 409 answers. */
const sloppy = defineSimulator<Record<string, never>>({
  name: 'sloppy', title: 'Sloppy', description: 'Engine test fixture: answers that break their schemas', protocolVersion: '1', schemas: [],
  createState: () => ({}),
  errors: [Errors],
  operations: [
    { id: 'good', method: 'get', path: '/good', tag: 's', summary: 'fits', responses: { 200: { description: 'ok', schema: 'test/counter.request' } },
      handle: () => ({ body: { by: 1 } }) },
    { id: 'badSuccess', method: 'get', path: '/bad-success', tag: 's', summary: 'breaks', responses: { 200: { description: 'ok', schema: 'test/counter.request' } },
      handle: () => ({ body: { by: 'one' } }) },
    { id: 'badError', method: 'get', path: '/bad-error', tag: 's', summary: 'refuses, breaking', responses: { 200: { description: 'ok' }, 409: { description: 'refused', schema: 'test/counter.request' } },
      handle: () => { throw Errors.REFUSED(); } },
    { id: 'goodError', method: 'get', path: '/good-error', tag: 's', summary: 'refuses, fitting', responses: { 200: { description: 'ok' }, 409: { description: 'refused', schema: 'test/counter.request' } },
      handle: () => { throw Object.assign(Errors.REFUSED(), { fits: true }); } },
  ],
  renderError: (e) => ({ status: e.status, body: (e as { fits?: boolean }).fits ? { by: 9 } : { fault: e.code } }),
});

const logged: string[] = [];
let sb: Sandbox;
beforeAll(async () => {
  const log = { info: () => {}, debug: () => {}, error: (l: string) => { logged.push(l); } };
  sb = await startSandbox({ available: [sloppy], validateResponses: true, demo: false }, log);
});
afterAll(() => sb.stop());

describe('response validation', () => {
  it('passes answers that fit, successes and errors alike', async () => {
    await inProcess(sb).get('/sloppy/good').expect(200, { by: 1 });
    await inProcess(sb).get('/sloppy/good-error').expect(409, { by: 9 });
  });

  it('turns a success that breaks its schema into a logged internal error', async () => {
    const r = await inProcess(sb).get('/sloppy/bad-success').expect(500);
    expect(r.body.fault).toBe('POLIGON_INTERNAL');
    expect(logged.some((l) => l.includes('badSuccess answered 200 breaking test/counter.request'))).toBe(true);
  });

  it('turns an error answer that breaks its schema into a logged internal error, journaled as such', async () => {
    const r = await inProcess(sb).get('/ns/rv/sloppy/bad-error').expect(500);
    expect(r.body.fault).toBe('POLIGON_INTERNAL');
    expect(logged.some((l) => l.includes('badError answered 409 breaking test/counter.request'))).toBe(true);
    const { entries } = await sb.admin.forNamespace('rv').journal();
    expect(entries.map((e) => [e.status, e.errorCode])).toEqual([[500, 'POLIGON_INTERNAL']]);
  });
});
