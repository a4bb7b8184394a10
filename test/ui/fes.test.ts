// The LK FES cabinet (/ui/fes) in a browser, seed 000 §4: the technical contact of a merchant new from
// GIS ES sets a password from the set-password link, signs in 30 minutes later, obtains and regenerates
// the API KEY, registers кассы and reads a MAC KEY that a cash register then signs with; «Я забыл
// пароль»; касса statuses and who changes them; the NSPK administrator's view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceCashRegister } from '../../src/reference/fes-cash-register.js';
import { expectAccessible, jsonOf, openUi, screenshot, type UiWorld } from './browser.js';

const NS = 'fes-walk';
const EMAIL = 'it@ortoped.example';
const PASSWORD = 'Ortoped2026pass';

describe('LK FES cabinet /ui/fes', () => {
  let world: UiWorld;
  let merchantId: string;
  let pointId: string;
  beforeAll(async () => {
    world = await openUi();
    // a merchant new in GIS ES, sent to activation (docs/gis.md, steps 1–5): LK FES now knows it
    const gis = `${world.sandbox.url}/ns/${NS}/gis/api/v1`;
    const post = async (path: string, body?: unknown) => {
      const r = await fetch(`${gis}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      expect(r.status, path).toBeLessThan(300);
      return jsonOf(Promise.resolve(r));
    };
    merchantId = (await post('/merchants', { inn: '7709876545', kpp: '770901001', ogrn: '1027700987654', name: 'ООО «Ортопед»', brand: 'Ортопед', sellerType: 'LEGAL_ENTITY' })).id;
    await post(`/merchants/${merchantId}/contacts`, { role: 'TECHNICAL', fullName: 'Иванов Иван', email: EMAIL, phone: '+79140000001' });
    await post(`/merchants/${merchantId}/contacts`, { role: 'ORGANIZATIONAL', fullName: 'Петрова Мария', email: 'boss@ortoped.example', phone: '+79140000002' });
    await post(`/merchants/${merchantId}/programs/ES-TSR/connect`);
    pointId = (await post(`/merchants/${merchantId}/points`, {
      name: 'Салон на Ленина', address: { fiasId: '6f7b5a3c-1d2e-4f80-9a1b-2c3d4e5f6a7b', division: 'MUNICIPAL', text: 'г. Якутск, пр. Ленина, д. 1' },
      coordinates: { latitude: '62.028', longitude: '129.732' },
    })).id;
    await post(`/points/${pointId}/goods`, { truCodes: ['300000001.000000001'] });
    await post(`/points/${pointId}/to-activation`);
  });
  afterAll(async () => { await world?.close(); });

  const signIn = async (email: string, password: string) => {
    const { page } = world;
    await page.locator('#lk-email').fill(email);
    await page.locator('#lk-password').fill(password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByText(`Вы вошли как ${email}`).waitFor();
  };

  it('sets the password from the invitation, signs in, obtains and regenerates the API KEY, registers кассы and reads a working MAC KEY', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui/fes?ns=${NS}`);
    await expectAccessible(page);

    // §4.1: the set-password link, read from the sandbox mailbox
    await page.getByLabel('ТСП', { exact: true }).fill(merchantId);
    await page.getByRole('button', { name: 'Открыть почту' }).click();
    const mailbox = page.getByRole('region', { name: 'Почтовый ящик песочницы' });
    await expect.poll(() => mailbox.textContent()).toContain('Приглашение: установите пароль');
    await expect.poll(() => mailbox.textContent()).toContain(EMAIL);
    await page.getByRole('button', { name: 'Перейти по ссылке' }).click();
    await page.getByLabel('Пароль ещё раз').waitFor();
    await page.locator('#new-password').fill(PASSWORD);
    await page.getByLabel('Пароль ещё раз').fill('not the same');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Пароли не совпадают.');
    await page.getByLabel('Пароль ещё раз').fill(PASSWORD);
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('через 30 минут');

    // within the 30 minutes LK FES refuses (622); after them the password works
    await page.locator('#lk-email').fill(EMAIL);
    await page.locator('#lk-password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('622');
    await sandbox.admin.forNamespace(NS).advanceClock('30m');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByText(`Вы вошли как ${EMAIL} (Администратор ТСП)`).waitFor();

    // §4.4: «Информация о ТСП» with the API KEY, masked until asked for
    const apiKey = page.locator('#api-key');
    await expect.poll(() => apiKey.textContent()).toMatch(/^••••.{4}$/);
    await page.getByRole('button', { name: 'Показать API KEY' }).click();
    await expect.poll(() => apiKey.textContent()).not.toMatch(/^••••/);
    const firstKey = (await apiKey.textContent())!;
    await page.getByRole('button', { name: 'Перегенерировать' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('все кассы этого ТСП остановятся');
    await dialog.getByRole('button', { name: 'Да' }).click();
    await expect.poll(() => apiKey.textContent()).not.toBe(firstKey);
    const apiKeyNow = (await apiKey.textContent())!;
    expect(apiKeyNow).not.toMatch(/^••••/);
    await screenshot(page, 'fes-merchant');
    await expectAccessible(page);

    // §4.3: «Добавить кассу» with vendor and count
    await page.getByRole('tab', { name: 'Точки ТСП и кассы' }).click();
    await page.getByText('Добавить кассу').click();
    await page.getByLabel('Вендор').selectOption({ label: 'АТОЛ' });
    await page.getByLabel('Количество касс').fill('2');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    const created = page.getByRole('table', { name: 'Добавить кассу' });
    await expect.poll(() => created.locator('tbody tr').count()).toBe(2);
    const cashRegisterId = (await created.locator('tbody tr').first().locator('td').first().textContent())!;

    // §4.5: «Информация о кассе» shows its MAC KEY
    await page.getByRole('button', { name: `Информация о кассе ${cashRegisterId}` }).click();
    await expect.poll(() => page.locator('#lk-kassa-info').textContent()).toContain(cashRegisterId);
    await page.getByRole('button', { name: 'Показать MAC KEY' }).click();
    await expect.poll(() => page.locator('#mac-key').textContent()).not.toMatch(/^••••/);
    const macKey = (await page.locator('#mac-key').textContent())!;
    await screenshot(page, 'fes-kassa');
    await expectAccessible(page);

    // the keys read off the screens are the касса's: echo signed with them is answered (result code 0)
    const admin = sandbox.admin.forNamespace(NS);
    const till = new ReferenceCashRegister({ baseUrl: `${sandbox.url}/ns/${NS}/fes`, apiKey: apiKeyNow, macKey, cashRegisterId, now: async () => Date.parse((await admin.clock()).now) });
    const echo = await till.echo();
    expect(echo.status).toBe(200);
    expect(echo.body.result.code).toBe(0);

    // §4.7: the merchant admin blocks its касса («Заблокирована ТСП»)
    await page.getByLabel('Новый статус').selectOption({ label: 'Заблокирована ТСП' });
    await page.getByRole('button', { name: 'Сменить статус' }).click();
    await expect.poll(() => page.locator('.facts .badge').textContent()).toBe('Заблокирована ТСП');
    expect((await till.echo()).status).toBe(403);
    await page.getByRole('button', { name: 'Выйти' }).click();
  });

  it('«Я забыл пароль» sends a reset link to the sandbox mailbox', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui/fes?ns=${NS}`);
    await page.getByRole('button', { name: 'Я забыл пароль' }).click();
    await page.locator('#forgot-email').fill(EMAIL);
    await page.getByRole('button', { name: 'Сбросить пароль' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`отправлена на ${EMAIL}`);
    const mailbox = page.getByRole('region', { name: 'Почтовый ящик песочницы' });
    await expect.poll(() => mailbox.textContent()).toContain('Сброс пароля');
    await expectAccessible(page);
  });

  it('the NSPK administrator sees every merchant and blocks a касса; only NSPK may lift that block', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui/fes?ns=${NS}`);
    await signIn('nspk-admin@poligon.example', 'NspkAdmin2026');
    const merchants = page.getByRole('table', { name: 'Все ТСП' });
    await expect.poll(() => merchants.textContent(), { timeout: 15_000 }).toContain('ООО «Реабилитация-Демо»');
    await expect.poll(() => merchants.textContent()).toContain('ООО «Ортопед»');
    await merchants.locator('tr', { hasText: 'tsp-000001' }).getByRole('button', { name: 'Открыть' }).click();
    await page.getByRole('tab', { name: 'Точки ТСП и кассы' }).click();
    await page.getByRole('button', { name: 'Информация о кассе CR-DEMO-0001' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Показать MAC KEY' }).count()).toBe(0); // keys are the merchant's (§4.2)
    await page.getByLabel('Новый статус').selectOption({ label: 'Заблокирована НСПК' });
    await page.getByRole('button', { name: 'Сменить статус' }).click();
    await expect.poll(() => page.locator('.facts .badge').textContent()).toBe('Заблокирована НСПК');
    await screenshot(page, 'fes-nspk');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Выйти' }).click();

    // the merchant administrator cannot lift an NSPK block: the page offers no change
    await signIn('tech@readem.example', 'DemoAdmin2026');
    await page.getByRole('tab', { name: 'Точки ТСП и кассы' }).click();
    await page.getByRole('button', { name: 'Информация о кассе CR-DEMO-0001' }).click();
    await page.locator('#lk-kassa-info').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Сменить статус' }).count()).toBe(0);
    await expect.poll(() => page.locator('#lk-kassa-info').locator('..').textContent()).toContain('Действие недоступно в статусе «Заблокирована НСПК».');
  });
});
