// The GIS ES cabinet (/ui/gis) in a browser: a new merchant from registration to an activated point
// (seed 000 §3.4.2–3.4.8, the flow of docs/gis.md), the preconditions shown while «На активацию» is not
// yet possible, and the Treasury view (program applications, blocking a merchant).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceCashRegister } from '../../src/reference/fes-cash-register.js';
import { DEMO, expectAccessible, jsonOf, openUi, PRODUCTION_TEST_TRU, screenshot, type UiWorld } from './browser.js';

const NS = 'gis-walk';

describe('GIS ES cabinet /ui/gis', () => {
  let world: UiWorld;
  beforeAll(async () => { world = await openUi(); });
  afterAll(async () => { await world?.close(); });

  /** The LK FES side of §4.1, §4.3 and §4.6 as the merchant's staff do it, over the public API. */
  async function registerKassaInLkFes(merchantId: string, pointId: string): Promise<void> {
    const { sandbox } = world;
    const fes = `${sandbox.url}/ns/${NS}/fes`;
    const json = { 'content-type': 'application/json' };
    const mailbox = await jsonOf(fetch(`${fes}/lk/v1/merchants/${merchantId}/admin`));
    expect(mailbox.email).toBe('it@ortoped.example');
    const set = await fetch(`${fes}/lk/v1/auth/set-password`, { method: 'POST', headers: json, body: JSON.stringify({ token: mailbox.setPasswordLink.setPasswordToken, password: 'Ortoped2026pass' }) });
    expect(set.status).toBe(200);
    await sandbox.admin.forNamespace(NS).advanceClock('30m');
    const login = await jsonOf(fetch(`${fes}/lk/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'it@ortoped.example', password: 'Ortoped2026pass' }) }));
    const session = { authorization: `Bearer ${login.sessionToken}` };
    const added = await fetch(`${fes}/lk/v1/merchants/${merchantId}/points/${pointId}/cash-registers`, {
      method: 'POST', headers: { ...json, ...session }, body: JSON.stringify({ vendor: 'ATOL', count: 1 }),
    });
    expect(added.status).toBe(201);
    const kassa = (await jsonOf(Promise.resolve(added))).cashRegisters[0];
    const { apiKey } = await jsonOf(fetch(`${fes}/lk/v1/merchants/${merchantId}/api-key`, { headers: session }));

    // §4.6: echo and the production test (TRU 999999999.99999999900000000000 → terminal answer 513)
    const admin = sandbox.admin.forNamespace(NS);
    const till = new ReferenceCashRegister({ baseUrl: fes, apiKey, macKey: kassa.macKey, cashRegisterId: kassa.cashRegisterId, now: async () => Date.parse((await admin.clock()).now) });
    expect((await till.echo()).body.result.code).toBe(0);
    const card = { pan: DEMO.cardNoCertificates };
    const preAuth = await till.preAuthPurchase(card, [{ articleNumber: 1, truCode: PRODUCTION_TEST_TRU, count: 1, price: 100 } as never]);
    expect(preAuth.status).toBe(200);
    expect(JSON.stringify((await till.terminalPay(preAuth.body.basket, card)).body)).toContain('513');
  }

  it('walks a new merchant from registration to an activated point', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui/gis?ns=${NS}`);
    await page.getByRole('button', { name: 'Добавить ТСП' }).click();
    await page.getByLabel('Наименование').fill('ООО «Ортопед»');
    await page.getByLabel('ИНН').fill('7709876545');
    await page.getByLabel('ОГРН / ОГРНИП').fill('1027700987654');
    await page.getByLabel('КПП').fill('770901001');
    await page.getByLabel('Бренд').fill('Ортопед');
    await page.getByLabel('Тип продавца').selectOption({ label: 'Юридическое лицо' });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Сохранить' }).click();
    const title = page.locator('#gis-merchant-title');
    await expect.poll(() => title.textContent()).toContain('ООО «Ортопед»');
    await expect.poll(() => title.textContent()).toContain('Открыто'); // §3.4.2: saved «Открыто»
    const merchantId = /tsp-\d{6}/.exec((await title.textContent())!)![0];

    // §3.4.3: both roles
    await page.getByRole('tab', { name: 'Контактные лица' }).click();
    for (const [role, name, email, phone] of [
      ['Технический специалист', 'Иванов Иван', 'it@ortoped.example', '+79140000001'],
      ['Организационный специалист', 'Петрова Мария', 'boss@ortoped.example', '+79140000002'],
    ]) {
      await page.getByLabel('Роль', { exact: true }).selectOption({ label: role! });
      await page.getByLabel('ФИО').fill(name!);
      await page.getByLabel('E-mail').fill(email!);
      await page.getByLabel('Телефон').fill(phone!);
      await page.getByRole('button', { name: 'Добавить контактное лицо' }).click();
      await expect.poll(() => page.getByRole('table', { name: 'Контактные лица' }).textContent()).toContain(name!);
    }

    // §3.4.5: a point; «На активацию» is refused while a program and goods are missing, and the page says so
    await page.getByRole('tab', { name: 'Точки продавца' }).click();
    await page.getByText('Добавить Точку ТСП').click();
    await page.getByLabel('Наименование Точки ТСП').fill('Салон на Ленина');
    await page.getByLabel('Адрес (место нахождения), ФИАС, деление «Муниципальное»').fill('г. Якутск, пр. Ленина, д. 1');
    await page.getByLabel('Идентификатор ФИАС (GUID)').fill('6f7b5a3c-1d2e-4f80-9a1b-2c3d4e5f6a7b');
    await page.getByLabel('Широта').fill('62.028');
    await page.getByLabel('Долгота').fill('129.732');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    const point = page.locator('#gis-point-title');
    await expect.poll(() => point.textContent()).toContain('Создано');
    const pointId = /pt-\d{6}/.exec((await point.textContent())!)![0];
    const checklist = page.locator('.checklist li');
    await expect.poll(() => checklist.evaluateAll((items) => items.map((li) => `${li.className === 'ok' ? '✓' : '✗'} ${li.firstChild?.textContent}`))).toEqual([
      '✓ ТСП в статусе «Открыто»', '✓ Технический специалист', '✓ Организационный специалист',
      '✗ Подключённая программа', '✓ Адрес по ФИАС', '✓ Координаты', '✗ Хотя бы один вид ТРУ',
    ]);
    await expect.poll(() => page.getByRole('button', { name: 'Активировать' }).isDisabled()).toBe(true);
    await expect.poll(() => page.locator('#act-activate-why').textContent()).toBe('Действие недоступно в статусе «Создано».');
    await page.getByRole('button', { name: 'На активацию' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    await expect.poll(() => refusal.textContent()).toContain('GIS_PRECONDITIONS_FAILED');
    await screenshot(page, 'gis-preconditions');
    await expectAccessible(page);

    // §3.4.4: a public program connects at once
    await page.getByRole('tab', { name: 'Программы' }).click();
    await page.getByRole('button', { name: 'Подключить: Технические средства реабилитации' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Да' }).click();
    const tsr = page.getByRole('table', { name: 'Программы' }).locator('tr', { hasText: 'ES-TSR' });
    await expect.poll(() => tsr.textContent()).toContain('Подключена');

    // §3.4.6 goods, then §3.4.7 «На активацию»
    await page.getByRole('tab', { name: 'Точки продавца' }).click();
    await page.getByRole('button', { name: 'Салон на Ленина' }).click();
    await page.getByLabel('Код вида ТРУ (NNNNNNNNN.NNNNNNNNN)').fill('300000001.000000001');
    await page.getByRole('button', { name: 'Применить' }).click();
    await expect.poll(() => page.locator('.goods').textContent()).toContain('300000001.000000001');
    await expect.poll(() => page.locator('.checklist li:not(.ok)').count()).toBe(0);
    await page.getByRole('button', { name: 'На активацию' }).click();
    await expect.poll(() => point.textContent()).toContain('На активации');

    // §3.4.7: a касса registered in LK FES that passed the production test makes the point «Протестировано»;
    // the page follows by itself
    await registerKassaInLkFes(merchantId, pointId);
    await expect.poll(() => point.textContent(), { timeout: 15_000 }).toContain('Протестировано');

    // §3.4.8: «Активировать» from today (the sandbox's Moscow day, proposed by the page)
    await expect.poll(() => page.getByLabel('Дата активации').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.getByRole('button', { name: 'Активировать' }).click();
    await expect.poll(() => point.textContent()).toContain('Активировано');
    await expect.poll(() => page.getByRole('button', { name: 'На активацию' }).isDisabled()).toBe(true);
    await screenshot(page, 'gis-activated');
    await expectAccessible(page);
  });

  it('the Treasury approves an application and blocks a merchant; its points are disabled', async () => {
    const { page, sandbox } = world;
    const gis = `${sandbox.url}/ns/${NS}/gis/api/v1`;
    // the demo merchant applies for a program by approval (§3.4.4)
    expect((await fetch(`${gis}/merchants/tsp-000001/programs/ES-SANATORIUM/connect`, { method: 'POST' })).status).toBe(200);

    await page.goto(`${sandbox.url}/ui/gis?ns=${NS}`);
    await page.getByRole('tab', { name: 'Казначейство' }).click();
    const applications = page.getByRole('table', { name: 'Заявления на подключение и отключение программ' });
    const row = applications.locator('tr', { hasText: 'ES-SANATORIUM' });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('Подключение');
    await row.getByRole('button', { name: 'Согласовать' }).click();
    await expect.poll(() => row.count()).toBe(0);
    const programs = await jsonOf(fetch(`${gis}/merchants/tsp-000001/programs`));
    expect(programs.programs.find((p: { code: string }) => p.code === 'ES-SANATORIUM').status).toBe('CONNECTED');

    const merchants = page.getByRole('table', { name: 'ТСП' });
    const demo = merchants.locator('tr', { hasText: 'tsp-000001' });
    await demo.getByLabel('Основание блокировки').fill('Исключено из ЕГРЮЛ');
    await demo.getByRole('button', { name: 'Заблокировать ТСП' }).click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Все его Точки ТСП будут отключены');
    await page.getByRole('dialog').getByRole('button', { name: 'Да' }).click();
    await expect.poll(() => demo.textContent()).toContain('Заблокировано');
    await screenshot(page, 'gis-treasury');
    await expectAccessible(page);
    const demoPoint = await jsonOf(fetch(`${gis}/points/pt-000001`));
    expect(demoPoint.status).toBe('DISABLED');
  });
});
