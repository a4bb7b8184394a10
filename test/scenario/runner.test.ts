import { describe, expect, it } from 'vitest';
import { SHOP_KEY, SHOP_SECRET, SHOP_TOKEN } from './fixtures/shop.js';
import { pack, run } from './helpers.js';

const signedAdd = `
id: shop-basics
version: '1.0'
title: Shop basics
system: sandbox
vars:
  key: ${SHOP_KEY}
cases:
  - id: add-signed
    title: A signed add is accepted and the state follows
    requirements: [FES-01]
    steps:
      - control: { title: start at 5, simulator: shop, path: /control/v1/value, body: { by: 5 } }
      - request:
          simulator: shop
          path: /add
          body: { by: 3 }
          auth: { signer: shop-hmac, params: { key: '\${key}' } }
          expect:
            status: 200
            body: [ { path: $.value, equals: 8 } ]
          capture: { total: $.value }
      - request:
          simulator: shop
          path: /value
          expect: { status: 200, schema: scenario/fixtures/value.response, body: [ { pointer: /value, equals: '\${total}' } ] }
      - expect-state: { snapshot: shop, expect: { body: [ { path: '$.orders[0]', equals: add 3 } ] } }
  - id: token-flow
    title: A token captured from one request authorizes the next
    requirements: [ECS-01]
    steps:
      - request:
          simulator: shop
          path: /token
          form: { client_id: shop-client, client_secret: ${SHOP_SECRET} }
          expect: { status: 200 }
          capture: { token: $.access_token }
      - request: { simulator: shop, path: /whoami, auth: { bearer: '\${token}' }, expect: { status: 200, body: [ { path: $.user, equals: shop-client } ] } }
`;

describe('runner', () => {
  it('REP-01: runs client-mode cases, captures variables, signs with a simulator signer, and passes', async () => {
    const report = await run([pack(signedAdd)]);
    const [c1, c2] = report.packs[0]!.cases;
    expect(c1!.reason).toBeUndefined();
    expect(c1!.verdict).toBe('passed');
    expect(c2!.reason).toBeUndefined();
    expect(c2!.verdict).toBe('passed');
    expect(report.summary).toMatchObject({ total: 2, passed: 2, verdict: 'passed' });
    expect(c1!.steps[1]!.traffic[0]).toMatchObject({ method: 'POST', status: 200, path: expect.stringMatching(/\/shop\/add$/) });
    const text = JSON.stringify(report);
    expect(text).not.toContain(SHOP_SECRET);
    expect(text).not.toContain(SHOP_TOKEN);
  });
});
