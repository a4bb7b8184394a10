// Runs from the console's «Прогоны» tab: start a pack against the sandbox, watch its cases and the
// operator's instructions arrive, stop a run waiting on the vendor, open the HTML report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, openUi, screenshot, type UiWorld } from './browser.js';

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
    const verdicts = await cases.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(verdicts.length).toBeGreaterThan(3);
    expect(new Set(verdicts)).toEqual(new Set(['Пройден']));
    await screenshot(page, 'console-runs');
    await expectAccessible(page);

    const [report] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Открыть отчёт (HTML)' }).click()]);
    await report.waitForLoadState();
    expect(await report.textContent('body')).toContain('Самопроверка песочницы и движка сценариев');
    await report.close();
  }, 180_000);

  it('shows the operator instructions of an observe-mode pack as they come, and stops it', async () => {
    const { page, sandbox } = world;
    await page.goto(`${sandbox.url}/ui`);
    await page.getByRole('tab', { name: 'Прогоны' }).click();
    await page.getByLabel(/fes-certification/).check();
    await page.getByRole('button', { name: 'Запустить' }).click();
    const instructions = page.locator('.instructions li');
    await expect.poll(() => instructions.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await instructions.first().textContent()).toContain('fes-certification/');
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
    const verdicts = await page.getByRole('table', { name: 'Случаи прогона' }).locator('tbody tr td:nth-child(3)').allTextContents();
    expect(verdicts.length).toBe(29); // scenarios/ecs-type-1.yaml: 29 cases, 11 of them observed
    expect(new Set(verdicts)).toEqual(new Set(['Пройден']));

    const [report] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Открыть отчёт (HTML)' }).click()]);
    await report.waitForLoadState();
    expect(await report.textContent('body')).toContain('эталонный клиент Poligon');
    await report.close();
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

  it('refuses a run of a pack that does not exist, in the admin API error format', async () => {
    const { sandbox } = world;
    const r = await fetch(`${sandbox.url}/ui/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ packs: ['no-such-pack'] }) });
    expect(r.status).toBe(400);
    expect((await r.json() as { error: { code: string } }).error.code).toBe('POLIGON_VALIDATION');
  });
});
