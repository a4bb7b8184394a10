// The runner's bookkeeping (reset, journal, clock) goes straight to the embedded sandbox's namespaces,
// and through the admin API to a sandbox at a URL: both must give the same cases, steps and traffic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/scenario/types.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { SHOP_KEY } from './fixtures/shop.js';
import { pack, run, simulators } from './helpers.js';

const yaml = `
id: book
version: '1.0'
title: Bookkeeping
system: sandbox
vars:
  key: ${SHOP_KEY}
cases:
  - id: signed
    title: A signed add after a clock jump, its traffic per step
    requirements: [FES-01]
    steps:
      - control: { title: start at 5, simulator: shop, path: /control/v1/value, body: { by: 5 } }
      - control: { clock: { advance: 2h } }
      - request:
          simulator: shop
          path: /add
          body: { by: 3 }
          auth: { signer: shop-hmac, params: { key: '\${key}' } }
          expect: { status: 200, body: [ { path: $.value, equals: 8 } ] }
      - request: { simulator: shop, path: /value, expect: { status: 200 } }
  - id: empty-world
    title: A case without the demo world starts from a reset namespace
    requirements: [FES-01]
    demo: false
    steps:
      - request: { simulator: shop, path: /value, expect: { status: 200, body: [ { path: $.value, equals: 0 } ] } }
`;

/** What must not depend on how the runner reached the sandbox: verdicts, steps and each case's traffic (times and signatures of now aside). */
function essence(report: RunReport): unknown {
  const cases = report.packs[0]!.cases.map((c) => ({
    id: c.id, verdict: c.verdict, reason: c.reason,
    steps: c.steps.map((s) => ({ verdict: s.verdict, actual: s.actual.map((a) => a.replace(/ in \d+ ms/, '')), traffic: s.traffic.map((t) => [t.id, t.method, t.path, t.status]) })),
    traffic: c.traffic.map(({ durationMs: _d, ...rest }) => rest),
  }));
  return JSON.parse(JSON.stringify(cases).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '(time)').replace(/"x-shop-signature":"[^"]+"/g, '"x-shop-signature":"(signed)"'));
}

describe('runner bookkeeping', () => {
  let sandbox: Sandbox;
  beforeAll(async () => { sandbox = await startSandbox({ available: simulators }); });
  afterAll(() => sandbox.stop());

  it('REP-01: the embedded sandbox (namespaces in process) and the same sandbox at a URL (admin API) give the same results', async () => {
    const embedded = await run([pack(yaml)], { runId: 'same-run' });
    const byUrl = await run([pack(yaml)], { runId: 'same-run', target: sandbox.url });
    expect(embedded.summary).toMatchObject({ total: 2, passed: 2 });
    expect(essence(embedded)).toEqual(essence(byUrl));
    // the signature was stamped with the namespace's virtual time, two hours ahead
    const signed = embedded.packs[0]!.cases[0]!.traffic.find((t) => t.path.endsWith('/add'))!;
    expect(Date.parse(signed.requestHeaders['x-shop-timestamp']!) - Date.parse(signed.time)).toBeGreaterThan(7_000_000);
    expect(embedded.packs[0]!.cases[0]!.steps[2]!.traffic).toHaveLength(1);
  });
});
