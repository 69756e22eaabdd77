import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { AdminUser } from '../../entities/index.js';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/actor.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, launchBrowser, login, newPage, screenshot, startAdminService, submitLogin } from './browser.js';

/** What the admin's own pages send with a request that changes something (see admin/cross-site.ts). */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

const ORGANIZER = { email: 'organizer@example.org', password: 'organizer-pass-1' };

describe(`admin login, sessions and roles in a real browser (${TEST_DB})`, { timeout: 120_000 }, () => {
  let harness: TestService;
  let browser: Browser;

  beforeAll(async () => {
    harness = await startAdminService();
    await createAdminUser(harness.service.db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD on boot, with an argon2id hash', async () => {
    const admin = await harness.service.db.manager.findOneByOrFail(AdminUser, { email: ADMIN_EMAIL });
    expect(admin.role).toBe('admin');
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(harness.logs.text()).not.toContain(ADMIN_PASSWORD);
  });

  it('refuses a wrong password and an unknown e-mail with the same message, and keeps the user on the login page', async () => {
    const { context, page } = await newPage(browser);
    await submitLogin(page, harness.baseUrl, ADMIN_EMAIL, 'wrong-password-123');
    await page.getByText('Неверный e-mail или пароль').first().waitFor();
    const wrongPassword = await page.locator('form').innerText();
    // The e-mail typed stays, so only the password is typed again; the password does not.
    expect(await page.inputValue('input[name=email]')).toBe(ADMIN_EMAIL);
    expect(await page.inputValue('input[name=password]')).toBe('');
    await screenshot(page, 'login-failed');
    await submitLogin(page, harness.baseUrl, 'nobody@example.org', 'wrong-password-123');
    await page.getByText('Неверный e-mail или пароль').first().waitFor();
    expect(await page.locator('form').innerText()).toBe(wrongPassword);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'admin_session')).toBeUndefined();
    await context.close();
  });

  it('logs in with an httpOnly SameSite=Lax session cookie (not Secure over http), survives a restart, and logs out', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${harness.baseUrl}/admin/resources/Competition`);
    await page.waitForURL(/\/admin\/login/);
    await screenshot(page, 'login');
    await login(page, harness.baseUrl);
    // Back where the login interrupted.
    expect(new URL(page.url()).pathname).toBe('/admin/resources/Competition');
    await page.goto(`${harness.baseUrl}/admin`);
    await page.getByRole('heading', { name: 'Сводка' }).first().waitFor();
    await screenshot(page, 'dashboard-empty');
    const cookie = (await context.cookies()).find((c) => c.name === 'admin_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/admin' });
    const rows = await harness.service.db.query('SELECT sid FROM admin_sessions');
    expect(rows.length).toBeGreaterThan(0);

    // A restart keeps the session (it lives in admin_sessions, not in memory).
    harness = await harness.restart();
    await page.goto(`${harness.baseUrl}/admin`);
    await page.getByText(ADMIN_EMAIL).first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');

    // The logout URL opened directly asks first (a GET ends nothing); its button POSTs.
    await page.goto(`${harness.baseUrl}/admin/logout`);
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL(/\/admin\/login/);
    await page.goto(`${harness.baseUrl}/admin/resources/Competition`);
    await page.waitForURL(/\/admin\/login/);
    await context.close();
  });

  it('never sends password_hash to the browser', async () => {
    const { context, page } = await newPage(browser);
    await login(page, harness.baseUrl);
    for (const url of ['/admin/api/resources/AdminUser/actions/list', '/admin/api/resources/AdminUser/records/1/show', '/admin/api/resources/AdminAudit/actions/list']) {
      const response = await page.request.get(`${harness.baseUrl}${url}`);
      expect(response.status(), url).toBe(200);
      const body = await response.text();
      expect(body, url).not.toMatch(/\$argon2/);
      // The audit may hold a password change another test made: its field is there, masked, never the hash.
      expect(body, url).not.toMatch(/(passwordHash|password_hash)"\s*:\s*"(?!\*\*\*")/);
      if (url.includes('AdminUser')) expect(body, url).not.toMatch(/passwordHash|password_hash/);
    }
    await page.goto(`${harness.baseUrl}/admin/resources/AdminUser`);
    await page.getByText(ORGANIZER.email).first().waitFor();
    await screenshot(page, 'admin-users');
    expect(await page.content()).not.toContain('$argon2');
    await context.close();
  });

  it('refuses admin_users to an organizer: hidden from the menu and refused by URL and API', async () => {
    const { context, page } = await newPage(browser);
    await login(page, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
    await page.getByRole('heading', { name: 'Сводка' }).first().waitFor();
    await page.getByText('Доступ').click();
    await page.getByRole('link', { name: 'Журнал действий' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Администраторы' }).count()).toBe(0);

    for (const url of ['/admin/api/resources/AdminUser/actions/list', '/admin/api/resources/AdminUser/records/1/show', '/admin/api/resources/AdminUser/actions/search']) {
      const response = await page.request.get(`${harness.baseUrl}${url}`);
      const body = await response.text();
      expect(body, url).not.toContain(ADMIN_EMAIL);
      expect(response.status(), url).toBe(403);
    }
    const edit = await page.request.post(`${harness.baseUrl}/admin/api/resources/AdminUser/records/1/edit`, { headers: SAME_ORIGIN, multipart: { role: 'organizer' } });
    expect(edit.status()).toBe(403);
    const created = await page.request.post(`${harness.baseUrl}/admin/api/resources/AdminUser/actions/new`, {
      headers: SAME_ORIGIN,
      multipart: { email: 'x@example.org', role: 'admin', newPassword: 'sneaky-password-1' },
    });
    expect(created.status()).toBe(403);
    expect(await harness.service.db.manager.countBy(AdminUser, { email: 'x@example.org' })).toBe(0);
    expect((await harness.service.db.manager.findOneByOrFail(AdminUser, { email: ADMIN_EMAIL })).role).toBe('admin');

    await page.goto(`${harness.baseUrl}/admin/resources/AdminUser`);
    expect(await page.getByText(ADMIN_EMAIL).count()).toBe(0);
    await screenshot(page, 'organizer-refused');
    await context.close();
  });

  it('changes the own password: the old one stops working, the new one works', async () => {
    // Its own account: the other tests log in as ORGANIZER with the password this test would change.
    const own = { email: 'changes-password@example.org', password: 'organizer-pass-1' };
    await createAdminUser(harness.service.db, SYSTEM, { ...own, role: 'organizer' });
    const { context, page } = await newPage(browser);
    await login(page, harness.baseUrl, own.email, own.password);
    await page.goto(`${harness.baseUrl}/admin/pages/changePassword`);
    const form = page.getByTestId('change-password');
    await form.locator('input[name=current]').fill('not-my-password');
    await form.locator('input[name=password]').fill('brand-new-password-2');
    await form.locator('input[name=repeat]').fill('brand-new-password-2');
    await form.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByText('Текущий пароль неверен').first().waitFor();
    await form.locator('input[name=current]').fill(own.password);
    await form.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByText('Пароль изменён').first().waitFor();
    await screenshot(page, 'password-changed');
    await context.close();

    const second = await newPage(browser);
    await submitLogin(second.page, harness.baseUrl, own.email, own.password);
    await second.page.getByText('Неверный e-mail или пароль').first().waitFor();
    await login(second.page, harness.baseUrl, own.email, 'brand-new-password-2');
    await second.page.getByRole('heading', { name: 'Сводка' }).first().waitFor();
    await second.context.close();

    const [audit] = await harness.service.db.query<{ action: string; changes: string }>("SELECT action, changes FROM admin_audit WHERE action = 'admin_users.password_changed'");
    expect(audit).toBeDefined();
    expect(String(audit.changes)).not.toContain('brand-new-password');
  });

  it('rate-limits failed logins per e-mail with 429 and a clear message', async () => {
    const { context, page } = await newPage(browser);
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && r.url().endsWith('/admin/login')) statuses.push(r.status());
    });
    for (let i = 0; i < 9; i++) await submitLogin(page, harness.baseUrl, 'target@example.org', `guess-${i}-password`);
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses[8]).toBe(429);
    await page.getByText('Слишком много попыток входа').first().waitFor();
    await screenshot(page, 'rate-limited');
    // Another e-mail from the same browser is still let through (the per-IP limit is higher).
    await login(page, harness.baseUrl);
    await context.close();
  });

  it("lets an admin create an account and reset another one's password, audited without the secret", async () => {
    const { context, page } = await newPage(browser);
    await login(page, harness.baseUrl);
    await page.goto(`${harness.baseUrl}/admin/resources/AdminUser/actions/new`);
    await page.fill('input[name=email]', 'helper@example.org');
    await page.locator('[data-testid="property-edit-role"] input[role=combobox]').click();
    await page.locator('[id^="react-select"][id*="-option-"]', { hasText: 'организатор' }).first().click();
    await page.fill('input[name=newPassword]', 'helper-password-1');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Запись создана').first().waitFor();
    const helper = await harness.service.db.manager.findOneByOrFail(AdminUser, { email: 'helper@example.org' });
    expect(helper.role).toBe('organizer');

    await page.goto(`${harness.baseUrl}/admin/resources/AdminUser/records/${helper.id}/edit`);
    await page.fill('input[name=newPassword]', 'reset-by-admin-2');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Изменения сохранены').first().waitFor();

    // Nobody locks themselves out: no deleting or demoting one's own account.
    const me = await harness.service.db.manager.findOneByOrFail(AdminUser, { email: ADMIN_EMAIL });
    const deleted = await page.request.post(`${harness.baseUrl}/admin/api/resources/AdminUser/records/${me.id}/delete`, { headers: SAME_ORIGIN });
    expect(deleted.status()).toBe(403);
    const demoted = await page.request.post(`${harness.baseUrl}/admin/api/resources/AdminUser/records/${me.id}/edit`, {
      headers: SAME_ORIGIN,
      multipart: { email: ADMIN_EMAIL, role: 'organizer' },
    });
    expect((await demoted.json()).notice.type).toBe('error');
    expect((await harness.service.db.manager.findOneByOrFail(AdminUser, { id: me.id })).role).toBe('admin');
    await context.close();

    const second = await newPage(browser);
    await login(second.page, harness.baseUrl, 'helper@example.org', 'reset-by-admin-2');
    await second.context.close();
    const audit = await harness.service.db.query<{ action: string; changes: string }>("SELECT action, changes FROM admin_audit WHERE resource = 'admin_users'");
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['admin_users.created', 'admin_users.password_reset']));
    expect(JSON.stringify(audit)).not.toMatch(/helper-password-1|reset-by-admin-2|argon2/);
  });
});
