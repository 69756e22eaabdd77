import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/actor.js';
import { Broadcast, BroadcastDelivery, Registration, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { launchBrowser, login, newPage, screenshot, startAdminService } from './browser.js';

const ORGANIZER = { email: 'bc-org@example.org', password: 'organizer-pass-1' };

function action(page: Page, label: string) {
  return page
    .locator('a, button')
    .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
    .first();
}

describe(`an organizer writes, previews, schedules, cancels, sends and retries a broadcast (${TEST_DB})`, { timeout: 180_000 }, () => {
  let harness: TestService;
  let browser: Browser;
  let page: Page;
  let users: User[];
  let competitionId: number;

  beforeAll(async () => {
    harness = await startAdminService({ env: { BROADCAST_RATE: '25' } });
    const db = harness.service.db;
    await createAdminUser(db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    const c = await makeCompetition(db, { title: 'Весенний кубок' });
    competitionId = c.id;
    users = [];
    for (let i = 0; i < 4; i++) {
      const u = await makeUser(db, { firstName: `Гость${i}` });
      await db.write((m) => m.insert(Registration, { userId: u.id, competitionId: c.id, role: 'participant', status: 'approved' }));
      users.push(u);
    }
    browser = await launchBrowser();
    ({ page } = await newPage(browser));
    await login(page, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('the whole way, as a new organizer would', async () => {
    const db = harness.service.db;
    // Writes a text Telegram would refuse: the form says what is wrong and saves nothing.
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/actions/new`);
    await page.fill('textarea[name=text]', '<b>Старт в 10:00</b> — <div>регистрация</div> у входа');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Тег <div> не поддерживается Telegram').first().waitFor();
    await screenshot(page, 'broadcast-html-error');
    expect(await db.manager.count(Broadcast)).toBe(0);

    await page.fill('textarea[name=text]', '<b>Старт в 10:00</b>, <a href="https://example.org/plan">план</a> & <i>удачи</i>!'.replace('&', '&amp;'));
    // The audience: the competition's people, picked by typing part of its title in the form's first picker,
    // which says "Не выбрано" while empty (an optional field).
    await page.getByText('Не выбрано', { exact: true }).first().waitFor();
    await page.locator('input[id^="react-select"][id$="-input"]').first().pressSequentially('Весен');
    await page.locator('[id^="react-select"][id*="-option-"]', { hasText: 'Весенний кубок' }).first().click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Запись создана').first().waitFor();
    const [broadcast] = await db.manager.find(Broadcast);
    expect(broadcast.competitionId).toBe(competitionId);

    // The preview as the recipient will see it, on the broadcast's page.
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${broadcast.id}/progress`);
    const preview = page.getByTestId('broadcast-preview');
    await preview.locator('b', { hasText: 'Старт в 10:00' }).waitFor();
    expect(await preview.locator('a').getAttribute('href')).toBe('https://example.org/plan');
    await screenshot(page, 'broadcast-preview');

    // Schedule: the time typed in TZ_DISPLAY, then "Запланировать" with the count.
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${broadcast.id}/edit`);
    await page.fill('input[name=scheduledAt]', '2031-03-20 11:00');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Изменения сохранены').first().waitFor();
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${broadcast.id}/schedule`);
    await page
      .getByText(/Сейчас в аудитории 4 получателя/)
      .first()
      .waitFor();
    await screenshot(page, 'broadcast-schedule-confirm');
    await page.getByTestId('confirm-action-submit').click();
    await page.getByText('Рассылка запланирована').first().waitFor();
    let saved = await db.manager.findOneByOrFail(Broadcast, { id: broadcast.id });
    expect(saved.state).toBe('scheduled');
    expect(saved.scheduledAt?.toISOString()).toBe('2031-03-20T08:00:00.000Z');

    // Cancel the schedule: back to a draft, nothing sent.
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${broadcast.id}/cancelBroadcast`);
    await page.getByTestId('confirm-action-submit').click();
    await page.getByText('Рассылка снята с расписания').first().waitFor();
    saved = await db.manager.findOneByOrFail(Broadcast, { id: broadcast.id });
    expect(saved.state).toBe('draft');

    // Send now: one recipient's chat refuses (400): the progress page shows it, refreshing by itself.
    harness.api.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${broadcast.id}/send`);
    await page.getByText('Отправить 4 получателям?').first().waitFor();
    await screenshot(page, 'broadcast-send-confirm');
    await page.getByTestId('confirm-action-submit').click();
    await page.getByTestId('broadcast-progress').waitFor();
    await page.getByText('Рассылка: отправлена').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('progress-sent').textContent()).toBe('3');
    expect(await page.getByTestId('progress-failed').textContent()).toBe('1');
    await screenshot(page, 'broadcast-progress-done');

    // Retry failed: only the failed one goes again; nobody gets it twice.
    await action(page, 'Повторить неудавшиеся').click();
    await page.getByText('Повторить неудавшиеся доставки (1)?').first().waitFor();
    await page.getByTestId('confirm-action-submit').click();
    await page.getByText('Рассылка: отправлена').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=progress-sent]')?.textContent === '4', null, { timeout: 30_000 });
    const deliveries = await db.manager.findBy(BroadcastDelivery, { broadcastId: broadcast.id });
    expect(deliveries.map((d) => d.status).sort()).toEqual(['sent', 'sent', 'sent', 'sent']);
    const got = harness.api
      .callsOf('sendMessage')
      .filter((c) => String(c.params.text).includes('Старт в 10:00'))
      .map((c) => Number(c.params.chat_id));
    // Five calls: four first sends (one refused) and the one retry; every other chat exactly once.
    expect(new Set(got)).toEqual(new Set(users.map((u) => u.telegramId)));
    const counts = users.map((u) => got.filter((c) => c === u.telegramId).length).sort();
    expect(counts).toEqual([1, 1, 1, 2]);
  });
});
