import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, adminActor, registerForCompetition, userActor } from '../../domain/index.js';
import { scanTicket, ticketForUser } from '../../domain/checkin.js';
import { AdminUser, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { TEST_BOT_TOKEN, type TestService } from '../../devkit/service.js';
import { TestUser } from '../../devkit/conversation.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { newPage, screenshot, startAdminService, submitLogin } from './browser.js';
import { fakeCameraArgs, y4mFromPng } from './fake-camera.js';
import { signInitData } from './init-data.js';

const DOOR = { email: 'door-browser@example.org', password: 'door-password-456', displayName: 'Дверь №1' };

describe(`the door scanner in Chromium (${TEST_DB})`, () => {
  let h: TestService;
  let browser: Browser;
  let competitionId: number;
  const timings: number[] = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'door-'));

  beforeAll(async () => {
    h = await startAdminService();
    await createAdminUser(h.service.db, SYSTEM, { ...DOOR, role: 'checkin' });
    competitionId = (await makeCompetition(h.service.db, { title: 'Кубок города', startsAt: new Date(Date.now() + 3_600_000) })).id;

    // A participant, as a new user would: registers, and the bot sends the ticket's QR (through the fake Bot API).
    const person = new TestUser(() => h, { id: 990_000 + (process.pid % 1000), first_name: 'Анна', language_code: 'ru' });
    await person.send('/start');
    const row = await h.service.db.manager.findOneByOrFail(User, { telegramId: person.id });
    await h.service.db.manager.update(User, { id: row.id }, { fullName: 'Анна Петрова' });
    const { registration } = await registerForCompetition(h.service.db, userActor(row.id), { userId: row.id, competitionId, role: 'participant', consentGiven: true });
    await person.pressData(`tk:${registration.id}`);
    const photo = h.api.callsOf('sendPhoto').at(-1)!.params.photo as Buffer;
    const video = path.join(work, 'ticket.y4m');
    y4mFromPng(photo, video);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: fakeCameraArgs(video),
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    fs.rmSync(work, { recursive: true, force: true });
    if (timings.length) console.log(`door scan-to-answer (${TEST_DB}): ${timings.map((t) => t.toFixed(0)).join(', ')} ms`);
  });

  async function answer(page: Page, result: string): Promise<void> {
    await page.waitForSelector(`#result[data-result="${result}"]`, { timeout: 20_000 });
  }

  it('reads a real ticket QR from the fake camera: ✅, and ✅ again while the ticket is still held up to it, within the time goal', async () => {
    const { context, page } = await newPage(browser);
    await context.grantPermissions(['camera']);
    await page.setViewportSize({ width: 390, height: 844 }); // a phone held at the door
    await submitLogin(page, h.baseUrl, DOOR.email, DOOR.password);
    await page.waitForURL((url) => url.pathname === '/admin/checkin');
    await page.selectOption('#competition', String(competitionId));
    await page.click('#camera-start');
    await answer(page, 'checked_in');
    expect(await page.locator('#result h2').textContent()).toBe('✅ Приход отмечен');
    expect(await page.locator('#result').textContent()).toContain('Анна Петрова — участие');
    await screenshot(page, 'checkin-scan-ok');
    // The fake camera keeps showing the ticket: read again after the pause, the door keeps its first answer.
    await page.waitForSelector('#result[data-result="checked_in"][data-repeats]', { timeout: 20_000 });
    expect(await page.locator('#result h2').textContent()).toBe('✅ Приход отмечен');
    await screenshot(page, 'checkin-scan-again');
    await page.waitForFunction(() => document.querySelector('#counts')?.textContent === 'Пришли: 1 из 1');
    const measured = await page.evaluate(() => window.doorTimings ?? []);
    expect(measured.length).toBeGreaterThanOrEqual(1);
    timings.push(...measured.map((m) => m.answerMs));
    console.log(`decode times (ms): ${measured.map((m) => m.decodeMs.toFixed(1)).join(', ')}`);
    expect(Math.max(...measured.map((m) => m.answerMs))).toBeLessThan(1_500); // generous on a shared CI machine; the goal (300 ms) is reported
    await context.close();
  }, 90_000);

  it('a typed code (lower case, no dashes) someone else checked in: ⚠️ with their name and the time; a code that is not one: "не удалось прочитать"', async () => {
    const { id: competitionId } = await makeCompetition(h.service.db, { title: 'Кубок ручного ввода', startsAt: new Date(Date.now() + 3_600_000) });
    const nameless = await createAdminUser(h.service.db, SYSTEM, { email: `vahta-b${process.pid}@example.org`, password: 'vahta-password-123', role: 'checkin' });
    const guest = await makeUser(h.service.db, { fullName: 'Нина Вручную' });
    const { registration } = await registerForCompetition(h.service.db, userActor(guest.id), { userId: guest.id, competitionId, role: 'participant', consentGiven: true });
    const { code } = await ticketForUser(h.service.db, h.config.ticketSecret, guest.id, registration.id);
    const first = await scanTicket(h.service.db, adminActor(nameless.id, 'scan'), { ticketSecret: h.config.ticketSecret, timeZone: h.config.tzDisplay }, { code, competitionId });
    expect(first.result).toBe('checked_in');

    const { context, page } = await newPage(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await submitLogin(page, h.baseUrl, DOOR.email, DOOR.password);
    await page.waitForURL((url) => url.pathname === '/admin/checkin');
    await page.selectOption('#competition', String(competitionId));
    await page.fill('#code', code.toLowerCase().replace(/-/g, ''));
    await page.click('#code-form button[type="submit"]');
    await answer(page, 'already_checked_in');
    const clock = new Intl.DateTimeFormat('en-GB', { timeZone: h.config.tzDisplay, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(first.registration!.checkedInAt!),
    );
    expect(await page.locator('#result').textContent()).toContain(`в ${clock}, отметил(а) волонтёр на входе #${nameless.id}`);
    await screenshot(page, 'checkin-typed-already');

    await page.fill('#code', 'привет');
    await page.click('#code-form button[type="submit"]');
    await answer(page, 'unreadable');
    expect(await page.locator('#result h2').textContent()).toBe('❌ Не удалось прочитать код');
    await context.close();
  }, 60_000);

  it('the Mini App with Telegram stubbed: initData signed the real way checks someone in; tampered initData is refused', async () => {
    const door = await h.service.db.manager.findOneByOrFail(AdminUser, { email: DOOR.email });
    await h.service.db.manager.update(AdminUser, { id: door.id }, { telegramId: 4242 });
    // Its own competition: the camera test counts who came to the other one.
    const { id: competitionId } = await makeCompetition(h.service.db, { title: 'Кубок мини-приложения', startsAt: new Date(Date.now() + 3_600_000) });
    const guest = await makeUser(h.service.db, { fullName: 'Борис Иванов' });
    const { registration } = await registerForCompetition(h.service.db, userActor(guest.id), { userId: guest.id, competitionId, role: 'voter', consentGiven: true });
    const { code } = await ticketForUser(h.service.db, h.config.ticketSecret, guest.id, registration.id);
    const good = signInitData(TEST_BOT_TOKEN, { auth_date: String(Math.floor(Date.now() / 1000)), query_id: 'AAQ', user: JSON.stringify({ id: 4242, first_name: 'Дверь' }) });

    async function miniApp(initData: string) {
      const { context, page } = await newPage(browser);
      await page.setViewportSize({ width: 390, height: 700 });
      await context.route('https://telegram.org/**', (route) => route.abort()); // offline: the stub below stands in
      await page.addInitScript((data: string) => {
        const w = window as unknown as { Telegram: unknown; qrCallback?: (text: string) => boolean };
        w.Telegram = {
          WebApp: {
            initData: data,
            ready() {},
            expand() {},
            closeScanQrPopup() {},
            showScanQrPopup(_p: unknown, cb: (text: string) => boolean) {
              w.qrCallback = cb;
            },
          },
        };
      }, initData);
      await page.goto(`${h.baseUrl}/admin/checkin/app`);
      return { context, page };
    }

    const { context, page } = await miniApp(good);
    await page.selectOption('#competition', String(competitionId));
    await page.click('#camera-start'); // "📷 Сканировать QR": Telegram's native popup
    await page.evaluate((text) => (window as unknown as { qrCallback: (t: string) => boolean }).qrCallback(text), code);
    await answer(page, 'checked_in');
    expect(await page.locator('#result').textContent()).toContain('Борис Иванов — голосование');
    await screenshot(page, 'checkin-miniapp-ok');
    await context.close();

    const tampered = await miniApp(good.replace('4242', '4243'));
    await tampered.page.waitForSelector('#refused');
    expect(await tampered.page.locator('#refused').textContent()).toMatch(/Telegram не подтвердил вход/);
    await screenshot(tampered.page, 'checkin-miniapp-refused');
    await tampered.context.close();
  }, 60_000);
});
