// The sandbox console (/ui) in a browser: state tables, the live journal, the virtual clock and a
// basket expiring, faults, a guarded sandbox's admin token, phone width, accessibility.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, demoCashRegister, expectAccessible, jsonOf, openUi, PRODUCTION_TEST_TRU, screenshot, type UiWorld } from './browser.js';

describe('sandbox console /ui', () => {
  let world: UiWorld;
  beforeAll(async () => { world = await openUi(); });
  afterAll(async () => { await world?.close(); });

  it('shows the demo world as tables, keys masked, in Russian by default', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Консоль песочницы');
    const fesMerchants = page.getByRole('table', { name: 'ЛК ФЭС: ТСП' });
    await fesMerchants.waitFor();
    await expect.poll(() => fesMerchants.textContent()).toContain('ООО «Реабилитация-Демо»');
    const kassy = page.getByRole('table', { name: 'Кассы' });
    await expect.poll(() => kassy.textContent()).toContain(DEMO.cashRegisterId);
    await expect.poll(() => kassy.textContent()).toContain('Активна');
    await expect.poll(() => kassy.textContent()).toContain('••••8d0f');
    expect(await page.content()).not.toContain(DEMO.macKey);
    expect(await page.content()).not.toContain(DEMO.apiKey);
    await expect.poll(() => page.getByRole('table', { name: 'ЕКС: организации' }).textContent()).toContain('ГБУ «Демо-бассейн»');
    await screenshot(page, 'console-state');
    await expectAccessible(page);
  });

  it('the production test run from a script appears in the live journal, expandable and copyable as curl', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui?ns=journal-walk#journal`);
    await expect.poll(() => page.getByText('Запросов пока нет.').count()).toBe(1);

    // the demo касса runs the production test of seed 000 §4.6 while the page is open
    const till = demoCashRegister(sandbox, 'journal-walk');
    expect((await till.echo()).body.result.code).toBe(0);
    const preAuth = await till.preAuthPurchase({ pan: DEMO.cardNoCertificates }, [{ articleNumber: 1, truCode: PRODUCTION_TEST_TRU, count: 1, price: 100 } as never]);
    expect(preAuth.status).toBe(200);
    const paid = await till.terminalPay(preAuth.body.basket, { pan: DEMO.cardNoCertificates });
    expect(JSON.stringify(paid.body)).toContain('513');

    const journal = page.getByRole('list', { name: 'Журнал запросов' });
    await expect.poll(() => journal.locator(':scope > li').count(), { timeout: 15_000 }).toBe(3);
    const entries = journal.locator(':scope > li');
    // newest first: the terminal's payment, then the Pre-Auth, then echo
    await expect.poll(() => entries.nth(0).locator('summary').textContent()).toContain('POST /ns/journal-walk/fes/terminal/v1/payments');
    await expect.poll(() => entries.nth(1).locator('summary').textContent()).toContain('POST /ns/journal-walk/fes/api/v1/preauth/purchase');
    await expect.poll(() => entries.nth(2).locator('summary').textContent()).toContain('/api/v1/echo');

    await entries.nth(1).locator('summary').click();
    const details = entries.nth(1);
    await expect.poll(() => details.textContent()).toContain(PRODUCTION_TEST_TRU);
    await expect.poll(() => details.textContent()).toContain('purchaseBasketId');
    await world.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await details.getByRole('button', { name: 'Копировать как curl' }).click();
    await details.getByRole('status').waitFor();
    const curl = await page.evaluate('navigator.clipboard.readText()') as string;
    expect(curl).toMatch(/^curl -X POST 'http:\/\/127\.0\.0\.1:\d+\/ns\/journal-walk\/fes\/api\/v1\/preauth\/purchase'/);
    expect(curl).toContain(PRODUCTION_TEST_TRU);
    expect(curl.toLowerCase()).toContain("-h 'x-fes-cash-register-id: cr-demo-0001'");

    // filters: errors only keeps the refused answers (none here), an operation keeps its own; each change
    // ends the old filter's pending long poll (left open, they filled the browser's six connections)
    const endedLongPolls: string[] = [];
    page.on('requestfailed', (r) => { if (r.url().includes('/__admin/journal?') && r.url().includes('waitMs=')) endedLongPolls.push(r.failure()?.errorText ?? ''); });
    await page.getByLabel('Только ошибки').check();
    await expect.poll(async () => (await journal.locator('summary .badge').allTextContents()).filter((s) => Number(s) < 400).length, { timeout: 15_000 }).toBe(0);
    await page.getByLabel('Только ошибки').uncheck();
    await page.getByLabel('Операция').fill('fes.echo');
    await page.getByLabel('Операция').press('Enter');
    await expect.poll(() => journal.locator(':scope > li').count(), { timeout: 15_000 }).toBe(1);
    expect(endedLongPolls.length).toBeGreaterThan(0);
    expect(endedLongPolls.every((e) => e === 'net::ERR_ABORTED')).toBe(true);
    await screenshot(page, 'console-journal');
    await expectAccessible(page);
  });

  it('advancing the virtual clock expires an open basket', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui?ns=clock-walk`);
    const baskets = page.getByRole('table', { name: 'Открытые корзины' });
    await baskets.waitFor();

    // a basket opened by a script while the page is open shows up by itself (the tables follow the journal)
    const till = demoCashRegister(sandbox, 'clock-walk');
    const preAuth = await till.preAuthPurchase({ pan: DEMO.cardTwoCertificates }, [{ articleNumber: 1, truCode: '300126010.00000000100000000000', count: 1, price: 1_000_000 } as never]);
    expect(preAuth.status).toBe(200);
    const basketId: string = preAuth.body.basket.purchaseBasketId;
    const row = baskets.locator('tr', { hasText: basketId });
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.textContent()).toMatch(/(29|30) мин/); // a basket lives 30 minutes (DOMAIN.md §4)

    await page.getByRole('tab', { name: 'Часы и сбои' }).click();
    const before = await page.locator('#clock-now').textContent();
    await page.getByRole('button', { name: '+30m' }).click();
    await expect.poll(() => page.locator('#clock-now').textContent()).not.toBe(before);
    await screenshot(page, 'console-clock');
    await expectAccessible(page);

    await page.getByRole('tab', { name: 'Состояние' }).click();
    await expect.poll(async () => {
      const open = baskets.locator('tr', { hasText: basketId });
      return (await open.count()) === 0 || (await open.textContent())!.includes('истекла');
    }).toBe(true);
  });

  it('an ECS transaction opened by a script shows with its time left (open transactions live 15 minutes, modeled)', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui?ns=ecs-walk`);
    const transactions = page.getByRole('table', { name: 'ЕКС: транзакции' });
    await transactions.waitFor();
    // organization 1 of the ECS demo world (the regulation's example credentials), holder AAABBBCCC
    const ecs = `${sandbox.url}/ns/ecs-walk/ecs`;
    const token = await jsonOf(fetch(`${ecs}/connect/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=111&client_secret=aaaabbbbbcccccc&grant_type=client_credentials&scope=ECS.WebAPI%20OrganizationAPI' }));
    const opened = await jsonOf(fetch(`${ecs}/api/CheckClientBenefits`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` },
      body: JSON.stringify({ serviceId: 1, organizationTerminalId: 2, clientCode: 'AAABBBCCC' }) }));
    expect(opened.transactionId).toBe(123);
    const row = transactions.locator('tr', { hasText: 'open' });
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.textContent()).toMatch(/1[45] мин/);
  });

  it("while nothing happens the state tab asks for the journal's last entry and the clock only, and reads the state view once a request came", async () => {
    const { page, sandbox, requests } = world;
    const from = requests.length;
    const asked = () => requests.slice(from);
    await page.goto(`${sandbox.url}/ui?ns=quiet`);
    await page.getByRole('table', { name: 'Кассы' }).waitFor();
    const probes = () => asked().filter((p) => p === '/ns/quiet/__admin/journal?limit=1').length;
    const views = () => asked().filter((p) => p === '/ns/quiet/__admin/view').length;
    await expect.poll(probes, { timeout: 15_000 }).toBeGreaterThanOrEqual(2); // the first probe has nothing to compare with
    const [viewsBefore, probesBefore] = [views(), probes()];
    await expect.poll(probes, { timeout: 15_000 }).toBeGreaterThanOrEqual(probesBefore + 3);
    expect(views()).toBe(viewsBefore);
    expect((await demoCashRegister(sandbox, 'quiet').echo()).status).toBe(200);
    await expect.poll(views, { timeout: 15_000 }).toBeGreaterThan(viewsBefore);
  });

  it("the console never reads the sandbox's internal snapshot: no /__admin/snapshot in the browser's network log", () => {
    // after the state tab's tests above (the demo world, a basket opened and expired, the idle probes)
    expect(world.requests.filter((p) => p.includes('/__admin/view')).length).toBeGreaterThan(0);
    expect(world.requests.filter((p) => p.includes('/__admin/snapshot'))).toEqual([]);
  });

  it('adds a fault, sees it refuse a request, removes it', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui?ns=fault-walk#clock`);
    await page.getByLabel('Операция').selectOption('fes.echo');
    await page.getByLabel('Вид сбоя').selectOption('error');
    await page.getByLabel('Код ошибки').selectOption('FES_PROCESSING_UNAVAILABLE');
    await page.getByLabel('Сколько запросов (пусто — все)').fill('');
    await page.getByRole('button', { name: 'Добавить сбой' }).click();
    const faults = page.getByRole('table', { name: 'Сбои' });
    await expect.poll(() => faults.textContent()).toContain('fes.echo');
    for (let i = 0; i < 2; i++) expect((await demoCashRegister(sandbox, 'fault-walk').echo()).status).toBe(503);
    await faults.getByRole('button', { name: 'Убрать' }).click();
    await expect.poll(() => faults.textContent()).toContain('Сбоев нет.');
    expect((await demoCashRegister(sandbox, 'fault-walk').echo()).status).toBe(200);
  });

  it('follows hash-only navigation (an address, a link, Back) to its tabs; the skip link keeps the tab', async () => {
    const { page, sandbox } = world;
    const selected = () => page.locator('[role="tab"][aria-selected="true"]').textContent();
    await page.goto(`${sandbox.url}/ui`);
    await expect.poll(selected).toBe('Состояние');
    await page.evaluate('window.sameDocument = true');
    await page.goto(`${sandbox.url}/ui#journal`);
    await expect.poll(selected).toBe('Журнал');
    await page.evaluate('location.hash = "#clock"');
    await expect.poll(selected).toBe('Часы и сбои');
    await page.goBack();
    await expect.poll(selected).toBe('Журнал');
    await page.keyboard.press('Tab'); // the first stop: «К содержимому» (#main)
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('location.hash')).toBe('#main');
    await expect.poll(selected).toBe('Журнал');
    expect(await page.evaluate('window.sameDocument'), 'every step above stayed in one page load').toBe(true);
    // a tab the user picks is in the address: a link to it opens it
    await page.getByRole('tab', { name: 'Прогоны' }).click();
    await expect.poll(() => page.url()).toBe(`${sandbox.url}/ui#runs`);

    await page.goto(`${sandbox.url}/ui/gis`);
    await expect.poll(selected).toBe('Кабинет продавца');
    await page.goto(`${sandbox.url}/ui/gis#treasury`);
    await expect.poll(selected).toBe('Казначейство');
  });

  it('switches to English', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui`);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sandbox console');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: 'Переключить на русский' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Консоль песочницы');
  });
});

describe('a guarded sandbox', () => {
  let world: UiWorld;
  beforeAll(async () => { world = await openUi({ adminToken: 'ui-test-admin-token' }, { width: 390, height: 844 }); });
  afterAll(async () => { await world?.close(); });

  it('asks for the admin token, then shows the state; usable at phone width', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui`);
    await page.getByRole('alert').waitFor();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('401');
    await page.getByText('Токен администратора').first().click();
    await page.getByLabel('Токен администратора').fill('ui-test-admin-token');
    await page.getByRole('button', { name: 'Сохранить токен' }).click();
    await page.getByRole('table', { name: 'Кассы' }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Кассы' }).textContent()).toContain(DEMO.cashRegisterId);
    const width = await page.evaluate('document.documentElement.scrollWidth') as number;
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'console-phone');
    await expectAccessible(page);
  });
});
