import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser, hashPassword } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/index.js';
import { AdminUser } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, launchBrowser, login, newPage, startAdminService } from './browser.js';
import { SAME_ORIGIN, loginCookie } from './session.js';

/** Accepted by the old check (it has an @): closes AdminJS's boot script and opens one of its own. */
const payload = (name: string) => `${name}</script><script>window.pwned=1;alert(1)</script>@x.test`;

declare global {
  interface Window {
    pwned?: number;
  }
}

/** The inline scripts of a page (those without src), each with its attributes and its text. */
function inlineScripts(html: string): Array<{ attributes: string; text: string }> {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attributes: m[1], text: m[2].trim() }));
}

describe(`an e-mail that carries a script (${TEST_DB})`, { timeout: 180_000 }, () => {
  let harness: TestService;
  let browser: Browser;

  beforeAll(async () => {
    harness = await startAdminService();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  /** Loads an admin page and waits until it has rendered who is logged in, or until an injected script ran. */
  async function open(page: Page, path: string, shown: string): Promise<void> {
    await page.goto(`${harness.baseUrl}${path}`);
    await page.waitForFunction((text) => window.pwned !== undefined || document.querySelector('[data-css="logged-in"]')?.textContent?.includes(text), shown);
    expect(await page.evaluate(() => window.pwned), path).toBeUndefined();
    await page.getByText(shown, { exact: true }).first().waitFor();
  }

  it('runs nothing in the browser of the organizer whose (legacy) account has it, and nonces only the boot scripts', async () => {
    const email = payload(`legacy-${TEST_DB}`);
    const password = 'legacy-password-1';
    // A row from before the check: the admin's form and the CLI refuse this e-mail now.
    await harness.service.db.manager.insert(AdminUser, { email, passwordHash: await hashPassword(password), role: 'organizer' });
    const { context, page } = await newPage(browser);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await login(page, harness.baseUrl, email, password);
    for (const path of ['/admin', '/admin/resources/Registration', '/admin/pages/changePassword']) {
      await open(page, path, email);
    }
    expect(dialogs).toEqual([]);

    // The page as served: the e-mail is inside the boot script's JSON with its "<" escaped, and the nonce is on
    // AdminJS's two boot scripts only.
    const response = await page.request.get(`${harness.baseUrl}/admin`);
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(response.headers()['content-security-policy'])![1];
    const scripts = inlineScripts(html);
    const withNonce = scripts.filter((s) => s.attributes.includes(`nonce="${nonce}"`));
    expect(withNonce.length).toBe(2);
    expect(withNonce[0].text).toMatch(/^window\.REDUX_STATE = /);
    expect(withNonce[1].text).toMatch(/^var app = document\.getElementById\('app'\)/);
    expect(scripts.length).toBe(2);
    expect(html).toContain(JSON.stringify(email).replace(/</g, '\\u003c'));
    expect(html.split('nonce=').length - 1).toBe(2);
    await context.close();
  });

  it("nonces the login page's three boot scripts and nothing else", async () => {
    const response = await fetch(`${harness.baseUrl}/admin/login`);
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy')!)![1];
    const scripts = inlineScripts(html);
    expect(scripts.map((s) => s.attributes.trim())).toEqual([`nonce="${nonce}"`, `nonce="${nonce}"`, `nonce="${nonce}"`]);
    expect(scripts[0].text).toMatch(/^window\.REDUX_STATE = /);
    expect(scripts[1].text).toMatch(/^try \{\s+window\.__APP_STATE__ = JSON\.parse\('/);
    expect(scripts[2].text).toMatch(/^var app = document\.getElementById\('app'\);/);
  });

  it("also runs nothing in an admin's browser that lists and shows that account", async () => {
    const email = payload(`listed-${TEST_DB}`);
    const { identifiers } = await harness.service.db.manager.insert(AdminUser, { email, passwordHash: await hashPassword('listed-password-1'), role: 'organizer' });
    const { context, page } = await newPage(browser);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await login(page, harness.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    for (const path of ['/admin/resources/AdminUser', `/admin/resources/AdminUser/records/${identifiers[0].id}/show`]) {
      await page.goto(`${harness.baseUrl}${path}`);
      await page.waitForFunction((text) => document.getElementById('app')?.textContent?.includes(text), email);
      expect(await page.evaluate(() => window.pwned), path).toBeUndefined();
    }
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it("refuses such an e-mail in the admin's form, under the e-mail field, on create and on edit", async () => {
    const cookie = await loginCookie(harness.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    const email = payload(`form-${TEST_DB}`);
    const post = (path: string, body: Record<string, string>) =>
      fetch(`${harness.baseUrl}${path}`, {
        method: 'POST',
        headers: { cookie, ...SAME_ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = await post('/admin/api/resources/AdminUser/actions/new', { email, role: 'organizer', newPassword: 'form-password-123' });
    const answer = (await created.json()) as { record: { errors: Record<string, { message: string }> } };
    expect(answer.record.errors.email?.message).toBe('Некорректный адрес e-mail.');
    expect(await harness.service.db.manager.countBy(AdminUser, { email })).toBe(0);

    const account = await createAdminUser(harness.service.db, SYSTEM, { email: `form-${TEST_DB}@example.org`, password: 'form-password-123', role: 'organizer' });
    const edited = await post(`/admin/api/resources/AdminUser/records/${account.id}/edit`, { email, role: 'organizer' });
    const editAnswer = (await edited.json()) as { record: { errors: Record<string, { message: string }> } };
    expect(editAnswer.record.errors.email?.message).toBe('Некорректный адрес e-mail.');
    expect((await harness.service.db.manager.findOneByOrFail(AdminUser, { id: account.id })).email).toBe(`form-${TEST_DB}@example.org`);
  });
});
