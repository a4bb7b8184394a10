// Each sandbox has its own schema registry, built from what its simulators name, read from each
// simulator's own schema folder: a third-party simulator brings its schemas, and a sandbox holds no
// schema of a simulator it does not serve.
import { fileURLToPath } from 'node:url';
import { inProcess } from '../support/in-process.js';
import { afterEach, describe, expect, it } from 'vitest';
import { defineSimulator } from '../../src/engine/simulator.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

const SHOP_SCHEMAS = fileURLToPath(new URL('./fixtures/shop-schemas', import.meta.url));

/** A simulator from outside the package, with its schemas in its own folder. */
const shop = defineSimulator<{ orders: unknown[] }>({
  name: 'shop', title: 'Shop', description: 'Engine test fixture: a third-party simulator', protocolVersion: '1',
  schemas: [], schemaRoot: SHOP_SCHEMAS,
  createState: () => ({ orders: [] }),
  operations: [
    { id: 'order', method: 'post', path: '/orders', tag: 'shop', summary: 'orders', request: { body: 'shop/order.request' },
      responses: { 201: { description: 'ordered' } },
      handle: ({ state, body }) => { state.orders.push(body); return { status: 201 }; } },
  ],
  renderError: (e) => ({ status: e.status, body: { code: e.code, problems: e.problems.map((p) => p.pointer) } }),
});

let sb: Sandbox | undefined;
afterEach(async () => { await sb?.stop(); sb = undefined; });

describe('schema registry per sandbox', () => {
  it('a third-party simulator validates with its own schemas (and what they refer to), and documents them', async () => {
    sb = await startSandbox({ available: [shop], demo: false, validateResponses: true });
    await inProcess(sb).post('/shop/orders').send({ item: 'чай', quantity: 2 }).expect(201);
    const bad = await inProcess(sb).post('/shop/orders').send({ item: 'чай', quantity: 100 }).expect(400);
    expect(bad.body).toEqual({ code: 'POLIGON_VALIDATION', problems: ['/quantity'] });
    const doc = (await inProcess(sb).get('/openapi/shop.json').expect(200)).body;
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['shop.common', 'shop.order.request']);
  });

  it('a FES-only sandbox holds the admin API\'s schemas and FES\'s, none of ECS or GIS ES', async () => {
    sb = await startSandbox({ simulators: ['fes'], demo: false });
    const prefixes = [...new Set(sb.poligon.registry.ids().map((id) => id.split('/')[0]))].sort();
    expect(prefixes).toEqual(['admin', 'duration', 'events', 'fes', 'fes-profile']); // FES's transport profile has its own folder
  });

  it('refuses to start when two simulators give the same schema id from different folders', async () => {
    const copy = { ...shop, name: 'shop2', schemaRoot: fileURLToPath(new URL('./fixtures/shop-schemas-copy', import.meta.url)) };
    await expect(startSandbox({ available: [shop, copy], demo: false })).rejects.toThrow(`schema "shop/order.request" is given twice: by ${SHOP_SCHEMAS} and by ${copy.schemaRoot}`);
  });

  it('refuses to start when a simulator names a schema its folder does not hold', async () => {
    const broken = { ...shop, name: 'shop3', schemas: ['shop/missing'] };
    await expect(startSandbox({ available: [broken], demo: false })).rejects.toThrow(`schema "shop/missing" is not in ${SHOP_SCHEMAS} (no shop/missing.json)`);
  });
});
