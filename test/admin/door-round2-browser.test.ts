import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, registerForCompetition, userActor } from '../../domain/index.js';
import { ticketForUser } from '../../domain/checkin.js';
import { AdminUser, Registration } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, login, newPage, screenshot, startAdminService, submitLogin } from './browser.js';
import { fakeCameraArgs, y4mFromPng } from './fake-camera.js';

const DOOR = { email: 'door-round2@example.org', password: 'door-round2-password', displayName: 'Анна' };
const SIZES = [
  { name: 'desktop', width: 1400, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/*
 * What a door volunteer and an organizer see of round 2, in Chromium at both sizes: the camera holding an
 * invalid ticket does not cover the answer of a search, the row turns ✓, "Отменить отметку" undoes it; the
 * invalid answer fits a phone's card; the door asks for a name and has "Выйти"; the admin's user menu leads to
 * the scanner and "Мой аккаунт"; the organizers' undo says what it did.
 */
describe(`the door, round 2, in Chromium (${TEST_DB})`, () => {
  let h: TestService;
  let browser: Browser;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'door2-'));

  async function approvedPerson(fullName: string, competitionId: number) {
    const user = await makeUser(h.service.db, { fullName });
    const { registration } = await registerForCompetition(h.service.db, userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true });
    return { registration, code: (await ticketForUser(h.service.db, h.config.ticketSecret, user.id, registration.id)).code };
  }

  beforeAll(async () => {
    h = await startAdminService();
    await createAdminUser(h.service.db, SYSTEM, { ...DOOR, role: 'checkin' });
    // The camera sees a ticket whose signature is wrong (a forged or damaged one) all the time.
    const { id } = await makeCompetition(h.service.db, { title: 'Кубок камеры', startsAt: new Date(Date.now() + 3_600_000) });
    const { code } = await approvedPerson('Камера Держит', id);
    const forged = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    const video = path.join(work, 'forged.y4m');
    y4mFromPng(await QRCode.toBuffer(forged, { type: 'png', margin: 4, scale: 6 }), video);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: fakeCameraArgs(video) });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function doorPage(size: (typeof SIZES)[number], competitionId: number, who = DOOR) {
    const { context, page } = await newPage(browser);
    await context.grantPermissions(['camera']);
    await page.setViewportSize({ width: size.width, height: size.height });
    await submitLogin(page, h.baseUrl, who.email, who.password);
    await page.waitForURL((url) => url.pathname === '/admin/checkin');
    await page.selectOption('#competition', String(competitionId));
    return { context, page };
  }

  /** Whether the card's headline text stays inside the card (a long word at 32 px ran past it at 390 px). */
  const headlineFits = (page: Page) =>
    page.evaluate(() => {
      const card = document.querySelector('#result')!.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('#result h2')!);
      const text = range.getBoundingClientRect();
      return { fits: text.right <= card.right + 0.5 && text.left >= card.left - 0.5, page: document.documentElement.scrollWidth <= window.innerWidth };
    });

  for (const size of SIZES) {
    it(`${size.name}: with the camera on an invalid ticket, a check-in from the search keeps its answer, the row turns ✓, and "Отменить отметку" undoes it`, async () => {
      const { id: competitionId } = await makeCompetition(h.service.db, { title: `Кубок поиска ${size.name}`, startsAt: new Date(Date.now() + 3_600_000) });
      const person = await approvedPerson(`Зоя Искомая ${size.name}`, competitionId);
      const { context, page } = await doorPage(size, competitionId);
      await page.click('#camera-start');
      await page.waitForSelector('#result[data-result="invalid"]', { timeout: 20_000 });
      expect(await page.locator('#result h2').textContent()).toBe('❌ Недействительный билет');
      expect(await headlineFits(page)).toEqual({ fits: true, page: true });
      await screenshot(page, `door2-invalid-${size.name}`);

      await page.fill('#search', 'Зоя');
      await page.click('#search-form button[type="submit"]');
      const row = page.locator(`.person[data-registration="${person.registration.id}"]`);
      await expect.poll(() => row.locator('button').textContent()).toBe('Отметить');
      await row.locator('button').click();
      await page.waitForSelector('#result[data-result="checked_in"]');
      await expect.poll(() => row.locator('button').textContent()).toBe('✓');
      // The camera still sees the forged ticket: longer than its repeat pause (2.5 s), the search's answer stays.
      await page.waitForTimeout(4_000);
      expect(await page.locator('#result').getAttribute('data-result')).toBe('checked_in');
      expect(await page.locator('#result').textContent()).toContain(`Зоя Искомая ${size.name} — участие`);
      await screenshot(page, `door2-search-wins-${size.name}`);

      await page.locator('#result #undo').click();
      await page.waitForSelector('#result[data-result="undone"]');
      expect(await page.locator('#result h2').textContent()).toBe('↩️ Отметка снята');
      await expect.poll(() => row.locator('button').textContent()).toBe('Отметить');
      expect((await h.service.db.manager.findOneByOrFail(Registration, { id: person.registration.id })).checkedIn).toBe(false);
      await page.waitForTimeout(3_000); // the forged ticket still in view does not cover this answer either
      expect(await page.locator('#result').getAttribute('data-result')).toBe('undone');
      await screenshot(page, `door2-undone-${size.name}`);
      await context.close();
    }, 90_000);

    it(`${size.name}: the door asks a nameless volunteer for a name, and "Выйти" logs out`, async () => {
      const email = `nameless-${size.name}-${process.pid}@example.org`;
      const account = await createAdminUser(h.service.db, SYSTEM, { email, password: 'nameless-password-9', role: 'checkin' });
      const { id: competitionId } = await makeCompetition(h.service.db, { title: `Кубок имён ${size.name}`, startsAt: new Date(Date.now() + 3_600_000) });
      const { context, page } = await doorPage(size, competitionId, { email, password: 'nameless-password-9', displayName: '' });
      await page.waitForSelector('#name-form');
      expect(await page.locator('#name-form label').textContent()).toContain('Как вас называть?');
      await page.fill('#display-name', 'Семён');
      await page.click('#name-form button[type="submit"]');
      await page.waitForSelector('#name-form[data-saved]');
      expect(await page.locator('#name-note').textContent()).toBe('Имя сохранено: Семён');
      expect((await h.service.db.manager.findOneByOrFail(AdminUser, { id: account.id })).displayName).toBe('Семён');
      await screenshot(page, `door2-name-${size.name}`);

      await page.reload();
      await page.waitForSelector('#competition');
      expect(await page.locator('#name-form').count()).toBe(0); // named now: not asked again
      await Promise.all([page.waitForURL((url) => url.pathname === '/admin/login'), page.getByRole('button', { name: 'Выйти' }).click()]);
      await page.goto(`${h.baseUrl}/admin/checkin`);
      await page.waitForURL((url) => url.pathname === '/admin/login');
      await context.close();
    }, 60_000);

    it(`${size.name}: "Имя и пароль" asks a nameless organizer for a name and saves it; the top bar then names them`, async () => {
      const email = `org-nameless-${size.name}-${process.pid}@example.org`;
      const account = await createAdminUser(h.service.db, SYSTEM, { email, password: 'org-nameless-password', role: 'organizer' });
      const { context, page } = await newPage(browser);
      await page.setViewportSize({ width: size.width, height: size.height });
      await login(page, h.baseUrl, email, 'org-nameless-password');
      await page.goto(`${h.baseUrl}/admin/pages/changePassword`);
      await page.getByText(/^Укажите, как вас называть/).waitFor();
      await page.locator('input[name="displayName"]').fill('Ольга Орг');
      await page.getByRole('button', { name: 'Сохранить имя' }).click();
      await page.getByText('Имя сохранено').waitFor();
      expect(await page.getByText(/^Укажите, как вас называть/).count()).toBe(0);
      expect((await h.service.db.manager.findOneByOrFail(AdminUser, { id: account.id })).displayName).toBe('Ольга Орг');
      await screenshot(page, `door2-own-name-${size.name}`);
      await page.reload();
      await page.getByText('Ольга Орг · организатор').first().waitFor();
      await context.close();
    }, 60_000);

    it(`${size.name}: an organizer reaches the scanner and "Мой аккаунт" from the admin's user menu, and the organizers' undo says "Снята 1 отметка"`, async () => {
      const { context, page } = await newPage(browser);
      await page.setViewportSize({ width: size.width, height: size.height });
      await login(page, h.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.goto(`${h.baseUrl}/admin`);
      await page.locator('[data-css="logged-in"]').click();
      const scanner = page.getByText('Сканер на входе', { exact: true });
      await scanner.waitFor();
      expect(await page.getByText('Мой аккаунт', { exact: true }).isVisible()).toBe(true);
      await screenshot(page, `door2-user-menu-${size.name}`);
      await Promise.all([page.waitForURL((url) => url.pathname === '/admin/checkin'), scanner.click()]);
      await page.waitForSelector('#competition');
      expect(await page.getByRole('link', { name: 'Админка' }).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Выйти' }).isVisible()).toBe(true);
      await Promise.all([page.waitForURL((url) => url.pathname === '/admin/account'), page.getByRole('link', { name: 'Мой аккаунт' }).click()]);
      await page.waitForSelector('#name-form');
      await screenshot(page, `door2-account-${size.name}`);

      // The organizers' undo in the admin, after a check-in: its notice counts undone check-ins.
      const { id: competitionId } = await makeCompetition(h.service.db, { title: `Кубок снятия ${size.name}`, startsAt: new Date(Date.now() + 3_600_000) });
      const person = await approvedPerson(`Олег Снятый ${size.name}`, competitionId);
      await h.service.db.manager.update(Registration, { id: person.registration.id }, { checkedIn: true, checkedInAt: new Date() });
      await page.goto(`${h.baseUrl}/admin/resources/Registration/records/${person.registration.id}/undoCheckIn`);
      await page.getByTestId('confirm-action-submit').click();
      await page.getByText('Снята 1 отметка о приходе').first().waitFor();
      expect(await page.getByText('Отмечено: 1').count()).toBe(0);
      expect((await h.service.db.manager.findOneByOrFail(Registration, { id: person.registration.id })).checkedIn).toBe(false);
      await screenshot(page, `door2-admin-undo-${size.name}`);
      await context.close();
    }, 60_000);
  }
});
