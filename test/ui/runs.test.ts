// Runs from the console's «Прогоны» tab: start a pack against the sandbox, watch its cases and the
// operator's instructions arrive, stop a run waiting on the vendor, open the HTML report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, jsonOf, openUi, screenshot, type UiWorld } from './browser.js';

describe('runs in the console /ui', () => {
  let world: UiWorld;
  beforeAll(async () => { world = await openUi(); });
  afterAll(async () => { await world?.close(); });

  it('starts the sandbox-smoke pack, watches its cases pass and opens the HTML report', async () => {
    const { page, sandbox, context } = world;
    await page.goto(`${sandbox.url}/ui`);
    await page.getByRole('tab', { name: 'Прогоны' }).click();
    await page.getByLabel(/sandbox-smoke/).check();
    await page.getByRole('button', { name: 'Запустить' }).click();
    const title = page.locator('#run-title');
    await expect.poll(() => title.textContent(), { timeout: 120_000 }).toContain('Пройден');
    const cases = page.getByRole('table', { name: 'Случаи прогона' });
    const verdicts = () => cases.locator('tbody td[data-title="Вердикт"]').allTextContents();
    await expect.poll(async () => (await verdicts()).length).toBeGreaterThan(3);
    await expect.poll(async () => new Set(await verdicts())).toEqual(new Set(['Пройден']));
    await screenshot(page, 'console-runs');
    await expectAccessible(page);

    const [report] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Открыть отчёт (HTML)' }).click()]);
    await report.waitForLoadState();
    await expect.poll(() => report.textContent('body')).toContain('Самопроверка песочницы и движка сценариев');
    await report.close();
  }, 180_000);

  it('shows the operator instructions of an observe-mode pack as they come, and stops it', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui`);
    await page.getByRole('tab', { name: 'Прогоны' }).click();
    await page.getByLabel(/fes-certification/).check();
    await page.getByRole('button', { name: 'Запустить' }).click();
    const instructions = page.locator('.instructions li');
    // the page shows the newest run once it started (an older run's instructions may show before)
    await expect.poll(() => instructions.first().textContent(), { timeout: 60_000 }).toContain('fes-certification/');
    await page.getByRole('button', { name: 'Остановить' }).click();
    await expect.poll(() => page.locator('#run-title').textContent(), { timeout: 60_000 }).toMatch(/Прерван|Ошибка|Не удался/);
    await page.getByRole('link', { name: 'Открыть отчёт (HTML)' }).waitFor();
  });

  it('runs an observe-mode pack with the reference client playing the system under test', async () => {
    const { sandbox, context } = world;
    const page = await context.newPage(); // no pack left chosen by the tests before
    await page.goto(`${sandbox.url}/ui#runs`);
    await page.getByLabel(/ecs-type-1/).check();
    await page.getByLabel('Кассу и билетную систему играет эталонный клиент Poligon (без оператора)').check();
    await page.getByRole('button', { name: 'Запустить' }).click();
    const title = page.locator('#run-title');
    await expect.poll(() => title.textContent(), { timeout: 120_000 }).toContain('Пройден');
    await expect.poll(() => page.locator('#run-driver').textContent()).toBe('Систему под тестом играет: эталонный клиент');
    const verdicts = () => page.getByRole('table', { name: 'Случаи прогона' }).locator('tbody td[data-title="Вердикт"]').allTextContents();
    await expect.poll(async () => (await verdicts()).length).toBe(29); // scenarios/ecs-type-1.yaml: 29 cases, 11 of them observed
    await expect.poll(async () => new Set(await verdicts())).toEqual(new Set(['Пройден']));

    const [report] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Открыть отчёт (HTML)' }).click()]);
    await report.waitForLoadState();
    await expect.poll(() => report.textContent('body')).toContain('эталонный клиент Poligon');
    await report.close();
    await page.close();
  }, 180_000);

  it('a case skipped before it started (observe mode skipped) says it made no namespace; a case that ran links its own', async () => {
    const { sandbox, context } = world;
    const page = await context.newPage(); // no pack left chosen by the tests before
    await page.goto(`${sandbox.url}/ui#runs`);
    await page.getByLabel(/ecs-type-1/).check();
    await page.getByLabel('Пропустить случаи, где действует оператор или касса вендора').check();
    await page.getByRole('button', { name: 'Запустить' }).click();
    await expect.poll(() => page.locator('#run-title').textContent(), { timeout: 120_000 }).toMatch(/Пройден|Пропущен/);
    const rows = page.getByRole('table', { name: 'Случаи прогона' }).locator('tbody tr');
    const namespaceOf = (verdict: string) => rows.filter({ has: page.locator('td[data-title="Вердикт"]', { hasText: verdict }) }).first().locator('td[data-title="Пространство имён"]');
    // scenarios/ecs-type-1.yaml: its ts-* cases are observe mode, skipped here
    await expect.poll(() => namespaceOf('Пропущен').textContent(), { timeout: 15_000 }).toBe('не запускался: без пространства');
    await expect.poll(() => namespaceOf('Пропущен').locator('a').count()).toBe(0);
    await expect.poll(() => namespaceOf('Пройден').locator('a').count()).toBe(1);
    await page.close();
  }, 180_000);

  it('refuses a harness driver: a web page may not make the sandbox call a URL or run a command', async () => {
    const { sandbox } = world;
    for (const driver of ['http://127.0.0.1:7000/act', 'cmd:./drive.sh']) {
      const r = await fetch(`${sandbox.url}/ui/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ packs: ['ecs-type-1'], driver }) });
      expect(r.status).toBe(400);
      expect((await r.json() as { error: { code: string } }).error.code).toBe('POLIGON_VALIDATION');
    }
  });

  it('refuses a run of a pack that is not one of its list, in the admin API error format', async () => {
    const { sandbox } = world;
    // a pack file's path is no pack id: the API reads no file a web page names
    for (const pack of ['no-such-pack', 'scenarios/sandbox-smoke.yaml', '/etc/hostname']) {
      const r = await fetch(`${sandbox.url}/ui/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ packs: [pack] }) });
      expect(r.status).toBe(400);
      const refusal = await r.json() as { error: { code: string; message: string } };
      expect(refusal.error.code).toBe('POLIGON_VALIDATION');
      expect(refusal.error.message).toContain(`No pack ${pack}`);
    }
  });

  it("a run acts with its caller's token: a namespace with a token of its own is open to it only with that token", async () => {
    const { sandbox } = world;
    // fes-certification runs in its fixed namespace "kassa" (scenarios/fes-certification.yaml)
    const kassaToken = 'kassa-namespace-token-0001';
    const set = await fetch(`${sandbox.url}/ns/kassa/__admin/token`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: kassaToken }) });
    expect(set.status).toBe(200);
    const runWith = async (bearer?: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) };
      const started = await jsonOf(fetch(`${sandbox.url}/ui/api/runs`, { method: 'POST', headers, body: JSON.stringify({ packs: ['fes-certification'], driver: 'reference' }) }));
      await expect.poll(async () => (await jsonOf(fetch(`${sandbox.url}/ui/api/runs/${started.id}`, { headers }))).status, { timeout: 120_000, interval: 500 }).toBe('finished');
      return jsonOf(fetch(`${sandbox.url}/ui/api/runs/${started.id}`, { headers }));
    };
    const refused = await runWith();
    expect(refused.verdict).not.toBe('passed');
    expect(refused.cases[0].reason).toContain('401');
    const allowed = await runWith(kassaToken);
    expect(allowed.verdict).toBe('passed');
    expect(new Set(allowed.cases.map((c: { namespace: string }) => c.namespace))).toEqual(new Set(['kassa']));
  }, 240_000);
});

describe('runs on a guarded sandbox', () => {
  const ADMIN_TOKEN = 'ui-runs-admin-token-0001';
  let world: UiWorld;
  beforeAll(async () => { world = await openUi({ adminToken: ADMIN_TOKEN }); });
  afterAll(async () => { await world?.close(); });

  it("runs against this very sandbox with the admin token typed in the page; a case's traffic is in its namespace's live journal", async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui#runs`);
    await page.getByText('Токен администратора').first().click();
    await page.getByLabel('Токен администратора').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Сохранить токен' }).click();
    await page.getByLabel(/ecs-type-1/).check();
    await page.getByLabel('Кассу и билетную систему играет эталонный клиент Poligon (без оператора)').check();
    await page.getByRole('button', { name: 'Запустить' }).click();
    await expect.poll(() => page.locator('#run-title').textContent(), { timeout: 120_000 }).toContain('Пройден');

    // the namespaces of the run are this sandbox's: listed by its admin API, their journals hold the traffic
    const cases = page.getByRole('table', { name: 'Случаи прогона' });
    const link = cases.getByRole('link').first();
    const namespace = (await link.textContent())!;
    const listed = await jsonOf(fetch(`${sandbox.url}/__admin/namespaces`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
    expect(listed.namespaces).toContain(namespace);
    await link.click();
    await page.waitForURL(`${sandbox.url}/ui?ns=${namespace}#journal`);
    const journal = page.getByRole('list', { name: 'Журнал запросов' });
    await expect.poll(() => journal.locator(':scope > li').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => journal.locator(':scope > li summary').first().textContent()).toContain(`/ns/${namespace}/ecs/`);
    await screenshot(page, 'console-run-journal');
  }, 180_000);

  it('the runs API needs the admin token', async () => {
    const { sandbox } = world;
    for (const headers of [{}, { authorization: 'Bearer not-the-admin-token-0001' }] as Array<Record<string, string>>) {
      const r = await fetch(`${sandbox.url}/ui/api/runs`, { headers });
      expect(r.status).toBe(401);
    }
  });
});
