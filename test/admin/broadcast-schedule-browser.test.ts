import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, adminActor } from '../../domain/actor.js';
import { cancelBroadcast, createBroadcast } from '../../domain/broadcasts.js';
import { ManualClock } from '../../domain/infrastructure/clock.js';
import { AdminUser, Broadcast, Registration, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { launchBrowser, login, newPage, screenshot, startAdminService } from './browser.js';

const ORGANIZER = { email: 'bs-org@example.org', password: 'organizer-pass-1' };
const DAY = 86_400_000;

/** A day three days ahead, 10:00 in Moscow (UTC+3 all year): as typed, and the instant it means. */
function sendTime(): { typed: string; at: Date } {
  const day = new Date(Date.now() + 3 * DAY);
  const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return { typed: `${pad(d)}.${pad(m)}.${y} 10:00`, at: new Date(Date.UTC(y, m - 1, d, 7, 0)) };
}

/**
 * A send time saved in the form is a schedule once confirmed: the save lands on the confirmation that names the
 * count and the time; confirming schedules it, and the sender sends it when the (test's) clock reaches it. The
 * broadcast's page keeps its actions in step with the state: "Остановить рассылку" goes when it is done, and a
 * stale link says so instead of a 403 and a spinner.
 */
describe(`a broadcast with a send time goes out at that time (${TEST_DB})`, { timeout: 180_000 }, () => {
  let harness: TestService;
  let browser: Browser;
  let page: Page;
  let users: User[];
  const clock = new ManualClock();
  const pageErrors: string[] = [];
  const forbidden: string[] = [];

  beforeAll(async () => {
    harness = await startAdminService({ env: { BROADCAST_RATE: '25' }, serviceOptions: { sender: { clock } } });
    const db = harness.service.db;
    await createAdminUser(db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    const c = await makeCompetition(db, { title: 'Зимний кубок' });
    users = [];
    for (let i = 0; i < 3; i++) {
      const u = await makeUser(db, { firstName: `Зритель${i}` });
      await db.write((m) => m.insert(Registration, { userId: u.id, competitionId: c.id, role: 'participant', status: 'approved' }));
      users.push(u);
    }
    browser = await launchBrowser();
    ({ page } = await newPage(browser));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() === 403 || response.status() >= 500) forbidden.push(`${response.status()} ${response.url()}`);
    });
    await login(page, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('saving a send time asks to confirm the schedule (count and time), and the broadcast goes out then', async () => {
    const db = harness.service.db;
    const { typed, at } = sendTime();
    pageErrors.length = 0;
    forbidden.length = 0;
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/actions/new`);
    // The form says what the time does.
    await page.getByTestId('scheduledAt-hint').getByText('после сохранения подтвердите расписание').waitFor();
    await page.fill('textarea[name=text]', '<b>Жеребьёвка</b> в 12:00');
    await page.locator('input[id^="react-select"][id$="-input"]').first().pressSequentially('Зимн');
    await page.locator('[id^="react-select"][id*="-option-"]', { hasText: 'Зимний кубок' }).first().click();
    await page.fill('input[name=scheduledAt]', typed);
    await screenshot(page, 'broadcast-send-time-form');
    await page.getByRole('button', { name: 'Сохранить' }).click();

    // Lands on the schedule's confirmation: the count and the time.
    await page.waitForURL(/\/records\/\d+\/schedule(\?|$)/);
    const confirmation = page.getByTestId('confirm-action');
    await confirmation.getByText(/^Запланировать рассылку на \S+ 10:00\? Сейчас в аудитории 3 получателя/).waitFor();
    await screenshot(page, 'broadcast-send-time-confirm');
    const broadcast = await db.manager.findOneByOrFail(Broadcast, { text: '<b>Жеребьёвка</b> в 12:00' });
    expect(broadcast.state).toBe('draft');
    expect(broadcast.scheduledAt?.toISOString()).toBe(at.toISOString());

    await page.getByTestId('confirm-action-submit').click();
    await page.getByText('Рассылка запланирована').first().waitFor();
    await page.waitForURL(/\/records\/\d+\/progress(\?|$)/);
    await page.getByText('Рассылка: запланирована').waitFor();
    expect((await db.manager.findOneByOrFail(Broadcast, { id: broadcast.id })).state).toBe('scheduled');
    // What applies to a scheduled broadcast: stop it (renamed: never "Отменить" beside a dialog's "Отмена"), send now.
    await page.getByTestId('broadcast-cancelBroadcast').getByText('Остановить рассылку').waitFor();
    expect(await page.getByTestId('broadcast-schedule').count()).toBe(0);
    expect(await page.getByTestId('broadcast-retryFailed').count()).toBe(0);

    // A minute before its time nothing goes.
    const sent = () => harness.api.callsOf('sendMessage').filter((call) => String(call.params.text).includes('Жеребьёвка'));
    clock.set(at.getTime() - 60_000);
    await page.waitForTimeout(2_500);
    expect(sent()).toHaveLength(0);
    expect((await db.manager.findOneByOrFail(Broadcast, { id: broadcast.id })).state).toBe('scheduled');

    // Its time comes: the sender starts it, and the page, watched all along, follows without a reload.
    clock.set(at.getTime() + 1_000);
    await page.getByText('Рассылка: отправлена').waitFor({ timeout: 30_000 });
    expect(new Set(sent().map((call) => Number(call.params.chat_id)))).toEqual(new Set(users.map((u) => u.telegramId)));
    expect(await page.getByTestId('progress-sent').textContent()).toBe('3');
    // Done without failures: nothing to stop, nothing to retry (the buttons went with the state).
    expect(await page.getByTestId('broadcast-cancelBroadcast').count()).toBe(0);
    expect(await page.getByTestId('broadcast-retryFailed').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Остановить рассылку' }).count()).toBe(0);
    await screenshot(page, 'broadcast-send-time-done');

    // A stale link (a page opened while it was sending, a bookmark): a plain answer, no 403, no spinner, no error.
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${broadcast.id}/cancelBroadcast`);
    await page.getByText('Рассылка сейчас: отправлена — это действие к ней больше не относится.').waitFor();
    expect(await page.getByTestId('confirm-action-submit').isDisabled()).toBe(true);
    expect(await page.getByText('Не удалось загрузить запись').count()).toBe(0);
    await screenshot(page, 'broadcast-stale-action');
    // And the POST a stale page would send: refused in words, the broadcast untouched.
    const answer = await page.evaluate(async (url) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ confirmed: 'yes' }) });
      return { status: response.status, body: await response.json() };
    }, `${harness.baseUrl}/admin/api/resources/Broadcast/records/${broadcast.id}/cancelBroadcast`);
    expect(answer.status).toBe(200);
    expect(answer.body.notice).toMatchObject({ type: 'error', options: { reason: 'Эту рассылку нельзя отменить (сейчас: отправлена).' } });
    expect((await db.manager.findOneByOrFail(Broadcast, { id: broadcast.id })).state).toBe('done');
    expect(forbidden).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('a send time in the past is refused on the form, and a draft without one lands on its page to be sent', async () => {
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/actions/new`);
    await page.fill('textarea[name=text]', 'Прошлое');
    await page.fill('input[name=scheduledAt]', '01.01.2020 10:00');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Время отправки уже прошло: укажите время в будущем.').first().waitFor();
    expect(await harness.service.db.manager.countBy(Broadcast, { text: 'Прошлое' })).toBe(0);

    await page.fill('input[name=scheduledAt]', '');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/records\/\d+\/progress(\?|$)/);
    await page.getByText('Рассылка: черновик').waitFor();
    await page.getByTestId('broadcast-send').waitFor();
    expect(await page.getByTestId('broadcast-schedule').count()).toBe(0);
  });

  it('on a phone (390x844): the hint under the time, the schedule’s confirmation and a stale action fit and read', async () => {
    const db = harness.service.db;
    const organizer = await db.manager.findOneByOrFail(AdminUser, { email: ORGANIZER.email });
    // A month past the other test's time: the test clock may already stand there.
    const at = new Date(sendTime().at.getTime() + 30 * DAY);
    const b = await createBroadcast(db, adminActor(organizer.id), { text: 'С телефона', scheduledAt: at });
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const phone = await context.newPage();
    phone.setDefaultTimeout(30_000);
    await login(phone, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
    const fits = async () => expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);

    await phone.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${b.id}/edit`);
    await phone.getByTestId('scheduledAt-hint').waitFor();
    expect(await phone.getByTestId('scheduledAt-hint').isVisible()).toBe(true);
    await fits();
    await phone.getByRole('button', { name: 'Сохранить' }).click();
    await phone.waitForURL(/\/records\/\d+\/schedule(\?|$)/);
    await phone.getByText(/^Запланировать рассылку на .* Сейчас в аудитории 3 получателя/).waitFor();
    await fits();
    await screenshot(phone, 'broadcast-send-time-confirm-phone');
    await phone.getByTestId('confirm-action-submit').click();
    await phone.getByText('Рассылка: запланирована').waitFor();
    await phone.getByTestId('broadcast-cancelBroadcast').waitFor();
    await fits();

    // Taken off the schedule elsewhere (another organizer): the stop button goes at the next refresh.
    await cancelBroadcast(db, adminActor(organizer.id), b.id);
    await phone.getByText('Рассылка: черновик').waitFor();
    expect(await phone.getByTestId('broadcast-cancelBroadcast').count()).toBe(0);
    await phone.getByTestId('broadcast-send').waitFor();
    await phone.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${b.id}/cancelBroadcast`);
    await phone.getByText('Рассылка сейчас: черновик — это действие к ней больше не относится.').waitFor();
    await fits();
    await screenshot(phone, 'broadcast-stale-action-phone');
    await context.close();
  });
});
