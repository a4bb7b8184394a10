// A FES profile may rename body fields whose name the public record does not fix (fields:): the profile
// is refused when it renames one the record names, a field that does not exist, or two fields into one
// name; under a profile that renames, the wire speaks only the new names (requests validated with them,
// refusals naming them, answers carrying them, the OpenAPI document listing them). Wire names and codes
// below are typed from the profile text; the MAC is computed with node:crypto apart from the sandbox's signer.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { PROFILES_DIR } from '../../simulators/fes/profile.js';
import { lineOf, problemsOf } from './profile-problems.js';
import { DEMO } from '../../simulators/fes/protocol.js';

const modeled = readFileSync(join(PROFILES_DIR, 'modeled.yaml'), 'utf8');
const RENAMING = `${modeled.replace('name: modeled', 'name: renaming')}
fields:
  echo:
    request: { echoData: text }
    response: { echoData: text }
  preAuthPurchase:
    request: { items: positions, panHash: cardHash }
    response:
      basket.article[].count: quantity
  sendReceipt:
    request: { certAmount: certificateSum, dateTime: receiptTime }
`;


describe('a profile\'s field names', () => {
  it('may rename only fields whose name the public record does not fix, that exist, each into a name of its own', () => {
    expect(problemsOf(RENAMING)).toEqual([]);
    const fixed = `${modeled}fields:\n  preAuthPurchase:\n    request:\n      items[].truCode: tru\n  listCertificates:\n    response: { certificates: cards }\n`;
    expect(problemsOf(fixed)).toEqual([
      `bad.yaml:${lineOf(fixed, 'items[].truCode')}: the name items[].truCode is the public record's (FES-PUBLIC-RECORD.md, Items: truCode, 30 characters \\d{9}\\.\\d{20}; seed 000 §2.2): a profile renames only fields whose name the record does not fix (in preAuthPurchase's request: requestId, panHash, par, items)`,
      `bad.yaml:${lineOf(fixed, 'certificates: cards')}: the name certificates is the public record's (FES-PUBLIC-RECORD.md, What comes back: certificates): a profile renames only fields whose name the record does not fix (in listCertificates's response: none)`,
    ]);
    const unknown = `${modeled}fields:\n  echo:\n    request: { echoText: text }\n`;
    expect(problemsOf(unknown)).toEqual([`bad.yaml:${lineOf(unknown, 'echoText')}: echo's request has no field echoText; the fields whose name a profile may change there: requestId, echoData`]);
    const twice = `${modeled}fields:\n  sendReceipt:\n    request: { certAmount: dateTime }\n`;
    expect(problemsOf(twice)).toEqual([`bad.yaml:${lineOf(twice, 'certAmount')}: dateTime is already the wire name of dateTime in sendReceipt's request: one name, one field`]);
    const badName = `${modeled}fields:\n  echo:\n    request: { echoData: "echo data" }\n`;
    expect(problemsOf(badName)).toEqual([expect.stringMatching(new RegExp(`^bad\\.yaml:${lineOf(badName, 'echoData')}: must match pattern`))]);
  });
});

describe('FES under a profile that renames fields', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'poligon-fields-')), 'renaming.yaml');
    writeFileSync(file, RENAMING);
    sb = await startSandbox({ simulators: ['fes'], simulatorOptions: { fes: { profile: file } }, validateResponses: true });
  });
  afterAll(() => sb?.stop());

  const send = async (path: string, body: Record<string, unknown>) => {
    const text = JSON.stringify({ requestId: randomUUID(), ...body });
    const timestamp = (await sb.admin.clock()).now;
    const mac = createHmac('sha256', DEMO.macKey).update(`POST\n${path}\n${timestamp}\n${createHash('sha256').update(text).digest('hex')}`).digest('hex');
    const res = await fetch(`${sb.urls.fes}${path}`, {
      method: 'POST', body: text,
      headers: { 'content-type': 'application/json', 'X-FES-Api-Key': DEMO.apiKey, 'X-FES-Cash-Register-Id': DEMO.cashRegisterId, 'X-FES-Timestamp': timestamp, 'X-FES-MAC': mac },
    });
    return { status: res.status, body: await res.json() as Record<string, any> };
  };
  const cardHash = createHash('sha256').update('2200123456789019').digest('hex');

  it('answers the wire names and refuses the canonical ones, naming the wire field', async () => {
    expect(await send('/api/v1/echo', { text: 'Тест 1С' })).toMatchObject({ status: 200, body: { result: { code: 0 }, text: 'Тест 1С' } });
    const canonical = await send('/api/v1/echo', { echoData: 'Тест 1С' });
    expect(canonical).toMatchObject({ status: 400, body: { result: { code: 300 }, errors: [{ pointer: '/echoData', message: 'is not a known field' }] } });
  });

  it('a basket: the request\'s positions and cardHash, the answer\'s article[].quantity', async () => {
    const r = await send('/api/v1/preauth/purchase', { cardHash, positions: [{ articleNumber: 1, truCode: '300126010.00000000100000000000', count: 2, price: 4_000_000 }] });
    expect(r.status).toBe(200);
    expect(r.body.basket.article).toEqual([expect.objectContaining({ articleNumber: 1, quantity: 2, price: 4_000_000 })]);
    expect(r.body.basket.article[0]).not.toHaveProperty('count');
    const missing = await send('/api/v1/preauth/purchase', { cardHash });
    expect(missing.body.errors).toEqual([expect.objectContaining({ pointer: '/positions', message: 'is required' })]);
  });

  it('a refusal the simulator makes names the field as the wire does', async () => {
    const r = await send('/api/v1/preauth/purchase', { cardHash, positions: [{ articleNumber: 1, truCode: '300126010.000000001', count: 1, price: 100 }] });
    expect(r.body.result.code).toBe(310);
    expect(r.body.result.description).toContain('Field /positions/0/truCode:');
    const receipt = { basketId: '000000000000000000000001', fiscalDriveNumber: '9960440503123456', fiscalDocumentNumber: '1', fiscalSign: '1', settlementType: 1, settlementPlace: 'г. Москва' };
    const badSum = await send('/api/v1/receipts', { ...receipt, certificateSum: '10', receiptTime: '202611221500' });
    expect(badSum.body.errors).toEqual([expect.objectContaining({ pointer: '/certificateSum' })]);
    const v2Time = await send('/api/v1/receipts', { ...receipt, certificateSum: '10.00', receiptTime: '20261203T1200' });
    expect(v2Time.body.result).toEqual({ code: 445, description: 'Field /receiptTime: касса CR-DEMO-0001 uses protocol V1, expected yyyyMMddHHmm (e.g. 202612031015), came "20261203T1200" (that is the V2 format yyyyMMdd\'T\'HHmm)' });
  });

  it('the OpenAPI document lists the wire names, required ones as required', async () => {
    const doc = await (await fetch(`${sb.url}/openapi/fes.json`)).json() as { components: { schemas: Record<string, any> } };
    const purchase = doc.components.schemas['fes.preauth-purchase.request'];
    expect(Object.keys(purchase.properties)).toEqual(['requestId', 'cardHash', 'par', 'positions']);
    expect(purchase.required).toEqual(['requestId', 'cardHash', 'positions']);
    const answer = doc.components.schemas['fes.preauth-purchase.response'];
    expect(Object.keys(answer.properties.basket.properties.article.items.properties)).toContain('quantity');
    expect(answer.properties.basket.properties.article.items.required).toContain('quantity');
    expect(Object.keys(doc.components.schemas['fes.echo.request'].properties)).toEqual(['requestId', 'text']);
    const receipt = (doc as unknown as { paths: Record<string, { post: { description: string } }> }).paths['/api/v1/receipts']!.post;
    expect(receipt.description).toMatch(/\n\nField names of FES profile "renaming" on the wire: request certAmount → certificateSum; request dateTime → receiptTime\.$/);
  });
});
