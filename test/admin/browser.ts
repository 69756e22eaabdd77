import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/actor.js';
import { TEST_DB } from '../../devkit/database.js';
import { startTestService, type TestService, type TestServiceOptions } from '../../devkit/service.js';
import { ensureBuilt } from '../helpers/build.js';

export const ADMIN_EMAIL = 'admin@example.org';
export const ADMIN_PASSWORD = 'correct-horse-battery';

const root = path.resolve(import.meta.dirname, '..', '..');
const RESULTS = path.join(root, 'test-results');

/** Debian's Chromium, kept off the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The real service with the first admin from ADMIN_EMAIL/ADMIN_PASSWORD. */
export function startAdminService(options: TestServiceOptions = {}): Promise<TestService> {
  ensureBuilt(); // the admin's browser bundle comes from `npm run build`
  return startTestService({ ...options, env: { ADMIN_EMAIL, ADMIN_PASSWORD, TZ_DISPLAY: 'Europe/Moscow', ...options.env } });
}

export async function newPage(browser: Browser, locale = 'ru-RU'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  // Generous: on a loaded 2-core CI machine the first load of the admin's 3 MB of JavaScript can be slow.
  page.setDefaultTimeout(30_000);
  return { context, page };
}

/** Fills the login form; the button has no type=submit, so it is found by its text. */
export async function submitLogin(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /^(Войти|Login)$/ }).click()]);
}

/**
 * A describe's own admin service with an organizer account and a Chromium, closed after the describe: read `harness`
 * and `browser` inside the tests.
 */
export function useOrganizerBrowser(account: { email: string; password: string }): { harness: TestService; browser: Browser } {
  const ctx = {} as { harness: TestService; browser: Browser };
  beforeAll(async () => {
    ctx.harness = await startAdminService();
    await createAdminUser(ctx.harness.service.db, SYSTEM, { ...account, role: 'organizer' });
    ctx.browser = await launchBrowser();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.harness?.close();
  });
  return ctx;
}

/**
 * A describe's own admin service with an organizer logged in to a Chromium page, closed after the describe:
 * read `harness`, `browser` and `page` inside the tests.
 */
export function useOrganizerPage(account: { email: string; password: string }): { harness: TestService; browser: Browser; page: Page } {
  const ctx = useOrganizerBrowser(account) as { harness: TestService; browser: Browser; page: Page };
  beforeAll(async () => {
    ({ page: ctx.page } = await newPage(ctx.browser));
    await login(ctx.page, ctx.harness.baseUrl, account.email, account.password);
  });
  return ctx;
}

export async function login(page: Page, baseUrl: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<void> {
  await submitLogin(page, baseUrl, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/admin/login'));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS, `admin-${TEST_DB}-${name}.png`), fullPage: true });
}

/** Another site: serves whatever page the test sets, at http://localhost (the admin is at http://127.0.0.1). */
export async function attackerSite(): Promise<{ origin: string; show(html: string): void; close(): Promise<void> }> {
  let page = '<p>nothing</p>';
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    show(html) {
      page = html;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The two sizes every admin page is checked at: a desktop and a phone. */
export const SIZES = [
  { name: 'desktop', viewport: { width: 1400, height: 900 }, touch: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, touch: true },
] as const;

/** No sideways scrolling: the page fits its viewport's width. */
export const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

/** A fresh page at `size`, in Russian, logged in as `account`. */
export async function openAt(browser: Browser, baseUrl: string, size: (typeof SIZES)[number], account: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await login(page, baseUrl, account.email, account.password);
  return page;
}
