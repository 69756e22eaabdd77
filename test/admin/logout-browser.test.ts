import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { attackerSite, launchBrowser, login, newPage, startAdminService } from './browser.js';

describe(`logout (${TEST_DB})`, { timeout: 180_000 }, () => {
  let harness: TestService;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof attackerSite>>;

  beforeAll(async () => {
    harness = await startAdminService();
    site = await attackerSite();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await harness?.close();
  });

  async function organizer(name: string) {
    const account = { email: `${name}@example.org`, password: `${name}-password-1` };
    await createAdminUser(harness.service.db, SYSTEM, { ...account, role: 'organizer' });
    return account;
  }

  /** Logged in: the dashboard opens and shows who is logged in (not the login page). */
  async function expectLoggedIn(page: Page, email: string): Promise<void> {
    await page.goto(`${harness.baseUrl}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin'); // a lost session would have been redirected to the login
    await page.getByText(email).first().waitFor();
  }

  const atAdmin = (url: URL) => url.origin === new URL(harness.baseUrl).origin;

  it('is not done by another site: neither a navigation to /admin/logout nor a form posting to it ends the session', async () => {
    const account = await organizer('logout-victim');
    const { context, page } = await newPage(browser);
    await login(page, harness.baseUrl, account.email, account.password);
    await expectLoggedIn(page, account.email);

    site.show(`<script>location = ${JSON.stringify(`${harness.baseUrl}/admin/logout`)}</script>`);
    await page.goto(site.origin);
    await page.waitForURL(atAdmin);
    await page.waitForLoadState('load');
    await expectLoggedIn(page, account.email);

    site.show(`<form id="f" method="POST" action="${harness.baseUrl}/admin/logout"></form><script>document.getElementById('f').submit()</script>`);
    await page.goto(site.origin);
    await page.waitForURL(atAdmin);
    await page.waitForLoadState('load');
    await expectLoggedIn(page, account.email);

    // Nor any other method that passes the cross-site check.
    const cookie = (await context.cookies())
      .filter((c) => c.name === 'admin_session')
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      const response = await fetch(`${harness.baseUrl}/admin/logout`, { method, headers: { cookie, 'sec-fetch-site': 'cross-site' }, redirect: 'manual' });
      await response.arrayBuffer();
    }
    const post = await fetch(`${harness.baseUrl}/admin/logout`, { method: 'POST', headers: { cookie, 'sec-fetch-site': 'cross-site' }, redirect: 'manual' });
    expect(post.status).toBe(403);
    await expectLoggedIn(page, account.email);
    await context.close();
  });

  it("still logs out from the admin's own top bar", async () => {
    const account = await organizer('logout-self');
    const { context, page } = await newPage(browser);
    await login(page, harness.baseUrl, account.email, account.password);
    await expectLoggedIn(page, account.email);
    await page.getByText(account.email).first().hover();
    await page.getByText('Выйти', { exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/admin/login');
    // The session is gone: the admin sends the browser back to the login page.
    await page.goto(`${harness.baseUrl}/admin/resources/Competition`);
    await page.waitForURL((url) => url.pathname === '/admin/login');
    await context.close();
  });
});
