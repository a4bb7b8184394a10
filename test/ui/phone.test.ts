// Every main screen at phone width (390 × 844): the console's four tabs, the GIS ES cabinet's merchant
// and Treasury views, the LK FES cabinet signed out, as a merchant administrator and as NSPK. Each must
// fit the screen (no sideways scrolling, every control within reach) and pass axe; screenshots are kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, demoCashRegister, expectAccessible, expectFitsScreen, openUi, PHONE, screenshot, type UiWorld } from './browser.js';

describe('at phone width', () => {
  let world: UiWorld;
  beforeAll(async () => { world = await openUi({}, PHONE); });
  afterAll(async () => { await world?.close(); });

  const check = async (name: string) => {
    await screenshot(world.page, `phone-${name}`); // first: a screen that does not fit is kept too
    await expectFitsScreen(world.page, name);
    await expectAccessible(world.page);
  };

  it('the console: state, journal with an entry open, clock and faults, a finished run', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui?ns=phone`);
    await page.getByRole('table', { name: 'Кассы' }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Кассы' }).textContent()).toContain(DEMO.cashRegisterId);
    await check('console-state');
    await page.getByText('Токен администратора').first().click(); // the token box unfolds in the header
    await page.getByLabel('Токен администратора').waitFor();
    await check('console-token');
    await page.getByText('Токен администратора').first().click();

    expect((await demoCashRegister(sandbox, 'phone').echo()).status).toBe(200);
    await page.getByRole('tab', { name: 'Журнал' }).click();
    const entry = page.getByRole('list', { name: 'Журнал запросов' }).locator(':scope > li').first();
    await entry.locator('summary').click();
    await entry.getByRole('button', { name: 'Копировать как curl' }).waitFor();
    await check('console-journal');

    await page.getByRole('tab', { name: 'Часы и сбои' }).click();
    await page.getByRole('button', { name: '+1m' }).waitFor();
    await check('console-clock');

    await page.getByRole('tab', { name: 'Прогоны' }).click();
    await page.getByLabel(/sandbox-smoke/).check();
    await page.getByRole('button', { name: 'Запустить' }).click();
    await expect.poll(() => page.locator('#run-title').textContent(), { timeout: 120_000 }).toContain('Пройден');
    await check('console-runs');
  }, 180_000);

  it('the GIS ES cabinet: the merchant list, each tab of a merchant, a point, a new merchant, the Treasury', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui/gis?ns=phone`);
    await page.getByRole('button', { name: /tsp-000001/ }).click();
    await expect.poll(() => page.locator('#gis-merchant-title').textContent()).toContain('tsp-000001');
    await check('gis-card');
    for (const [tab, name] of [['Контактные лица', 'gis-contacts'], ['Программы', 'gis-programs'], ['Точки продавца', 'gis-points']] as const) {
      await page.getByRole('tab', { name: tab }).click();
      await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').allTextContents()).toContain(tab);
      await check(name);
    }
    await page.getByRole('table', { name: 'Точки продавца' }).locator('tr', { hasText: 'pt-000001' }).getByRole('button').click();
    await expect.poll(() => page.locator('#gis-point-title').textContent()).toContain('pt-000001');
    await check('gis-point');

    await page.getByRole('button', { name: 'Добавить ТСП' }).click();
    await page.getByLabel('Наименование').waitFor();
    await check('gis-new-merchant');

    await page.getByRole('tab', { name: 'Казначейство' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'ТСП' }).textContent()).toContain('tsp-000001');
    await check('gis-treasury');
  }, 120_000);

  it('the LK FES cabinet: sign-in, the merchant info with its API KEY, points and кассы, a касса, the NSPK view', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui/fes?ns=phone`);
    await page.locator('#lk-email').waitFor();
    await check('fes-sign-in');

    await page.locator('#lk-email').fill(DEMO.merchantAdmin.email);
    await page.locator('#lk-password').fill(DEMO.merchantAdmin.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('button', { name: 'Показать API KEY' }).click();
    await expect.poll(() => page.locator('#api-key').textContent()).toBe(DEMO.apiKey);
    await check('fes-merchant');

    await page.getByRole('tab', { name: 'Точки ТСП и кассы' }).click();
    await page.getByRole('button', { name: `Информация о кассе ${DEMO.cashRegisterId}` }).click();
    await page.getByRole('button', { name: 'Показать MAC KEY' }).click();
    await expect.poll(() => page.locator('#mac-key').textContent()).toBe(DEMO.macKey);
    await check('fes-kassa');
    await page.getByRole('tab', { name: 'Точки ТСП и кассы' }).click();
    await expect.poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Точки ТСП и кассы');
    await check('fes-points');

    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.locator('#lk-email').fill(DEMO.nspkAdmin.email);
    await page.locator('#lk-password').fill(DEMO.nspkAdmin.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(() => page.getByRole('table', { name: /ТСП/ }).first().textContent()).toContain('ООО «Реабилитация-Демо»');
    await check('fes-nspk');
  }, 120_000);
});
