// Browser tests of the web UI: the Debian chromium package driven by playwright-core (no browser
// download), a sandbox started in-process on a free port, axe-core for accessibility. Screenshots go
// to test/ui/artifacts/ (git-ignored; CI keeps them as artifacts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ReferenceCashRegister } from '../../src/reference/fes-cash-register.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox.js';

export const CHROMIUM = process.env.POLIGON_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, 'artifacts');

/** The demo world's public values, as README.md lists them. */
export const DEMO = {
  apiKey: 'demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f',
  macKey: 'demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f',
  cashRegisterId: 'CR-DEMO-0001',
  merchantAdmin: { email: 'tech@readem.example', password: 'DemoAdmin2026' },
  nspkAdmin: { email: 'nspk-admin@poligon.example', password: 'NspkAdmin2026' },
  cardTwoCertificates: '2200123456789019',
  cardNoCertificates: '2200555500001117',
};
/** Seed 000 §4.6: the production test's TRU code. */
export const PRODUCTION_TEST_TRU = '999999999.99999999900000000000';

/** A JSON answer of the sandbox's public APIs, as the tests read it. */
export async function jsonOf(response: Promise<Response>): Promise<any> {
  return (await response).json();
}

export interface UiWorld {
  sandbox: Sandbox;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every request the pages of this world made, as path and query, in order (the browser's network log). */
  requests: string[];
  close(): Promise<void>;
}

export async function openUi(options: SandboxOptions = {}, viewport = { width: 1280, height: 900 }): Promise<UiWorld> {
  const sandbox = await startSandbox(options);
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const context = await browser.newContext({ viewport, locale: 'ru-RU' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const requests: string[] = [];
  context.on('request', (r) => { const u = new URL(r.url()); requests.push(u.pathname + u.search); });
  return {
    sandbox, browser, context, page, requests,
    async close() {
      await browser.close();
      await sandbox.stop();
      expect(problems, 'errors thrown in the page').toEqual([]);
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** axe-core on the page as it is: no serious or critical violation (WCAG 2.1 A and AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)).toEqual([]);
}

/** A phone-sized viewport (390 × 844 CSS px, as most phones sold today). */
export const PHONE = { width: 390, height: 844 };

/**
 * The screen as it is fits a phone: the page does not scroll sideways, and every control of the header
 * and the main content lies within the screen's width and is the element found at its own centre once
 * scrolled to (nothing covers it), so a finger can reach it.
 */
export async function expectFitsScreen(page: Page, screen: string): Promise<void> {
  // run in the page (the tests are compiled without the DOM's types)
  const problems = await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > width) {
      // the innermost elements that stick out: what makes the page wider than the screen
      const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 0.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5));
      out.push('the page is ' + document.documentElement.scrollWidth + ' px wide in ' + width + ': ' + wide.slice(0, 5).map((el) => '<' + el.tagName.toLowerCase() + '.' + el.className + '> ' + Math.round(el.getBoundingClientRect().right) + ' px').join(', '));
    }
    const name = (el) => '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '> «' + (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40) + '»';
    for (const el of document.querySelectorAll('header :is(a, button, input, select, textarea, summary), main :is(a, button, input, select, textarea, summary)')) {
      let r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue; // not shown, or visually hidden for screen readers
      const shut = el.closest('details:not([open])');
      if (shut && !(el.tagName === 'SUMMARY' && el.parentElement === shut)) continue; // folded away until its summary is opened
      if (r.left < -0.5 || r.right > width + 0.5) { out.push(name(el) + ' spans ' + Math.round(r.left) + '–' + Math.round(r.right) + ' px'); continue; }
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      r = el.getClientRects()[0] ?? el.getBoundingClientRect(); // a link broken over lines: its first line
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!hit || !(hit === el || el.contains(hit) || (hit instanceof HTMLLabelElement && hit.control === el))) out.push(name(el) + ' is covered by ' + (hit ? name(hit) : 'nothing'));
    }
    window.scrollTo(0, 0);
    return out;
  })()`) as string[];
  expect(problems, `${screen} at ${page.viewportSize()?.width} px`).toEqual([]);
}

/** The demo касса as a script drives it (signed with the namespace's virtual time). */
export function demoCashRegister(sandbox: Sandbox, namespace: string): ReferenceCashRegister {
  const admin = sandbox.admin.forNamespace(namespace);
  return new ReferenceCashRegister({
    baseUrl: `${sandbox.url}/ns/${namespace}/fes`,
    apiKey: DEMO.apiKey, macKey: DEMO.macKey, cashRegisterId: DEMO.cashRegisterId,
    now: async () => Date.parse((await admin.clock()).now),
  });
}
