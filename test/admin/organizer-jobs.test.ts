import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, userActor } from '../../domain/actor.js';
import { registerForCompetition } from '../../domain/registrations.js';
import { acceptOffer } from '../../domain/offers.js';
import { Competition, JuryPanel, OutboxMessage, Registration, TimeSlot, User } from '../../entities/index.js';
import { BOT_INFO } from '../../devkit/fake-bot-api.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { launchBrowser, login, screenshot, startAdminService } from './browser.js';
import { step } from '../helpers/step.js';

/**
 * The seven organizer jobs of issue 14 — set up a competition; find, approve, reject, waitlist, check in,
 * assign; export; broadcast; read the dashboard; read the audit; all of it on a phone — at a laptop's
 * size and at a phone's (390×844), in Russian. Each job counts the clicks/taps it takes (printed, and
 * bounded so that it cannot silently grow back).
 */
/** Lists reload after typing (debounced) and after actions: allow a loaded machine some seconds. */
const POLL = { timeout: 15_000, interval: 200 };
const ORGANIZER = { email: 'org-jobs@example.org', password: 'organizer-pass-1' };
const SIZES = [
  { name: 'desktop', viewport: { width: 1400, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

for (const size of SIZES) {
  describe(`organizer jobs at ${size.name} size (${TEST_DB})`, { timeout: 180_000 }, () => {
    let harness: TestService;
    let browser: Browser;
    let page: Page;
    let competitionId: number;
    let clicks = 0;
    const counts: Record<string, number> = {};
    const shot = (name: string) => screenshot(page, `jobs-${size.name}-${name}`);
    /** A click or tap the organizer makes (counted). */
    const tap = async (locator: ReturnType<Page['locator']>) => {
      clicks++;
      await locator.click();
    };
    const db = () => harness.service.db;
    /** Picks the competition in a form's reference select by typing part of its name (2 taps). */
    const chooseCompetition = async (title = 'Весна-2027') => {
      const input = page.locator('[data-testid="property-edit-competitionId"] input[role=combobox]');
      await tap(input);
      await input.fill(title);
      await tap(page.locator('[id^="react-select"][id*="-option-"]', { hasText: title }).first());
    };
    const userNamed = async (fullName: string) => db().manager.findOneByOrFail(User, { fullName });
    const registrationOf = async (fullName: string) => db().manager.findOneByOrFail(Registration, { userId: (await userNamed(fullName)).id, competitionId });

    beforeAll(async () => {
      harness = await startAdminService();
      await createAdminUser(harness.service.db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
      browser = await launchBrowser();
      const context = await browser.newContext({
        locale: 'ru-RU',
        viewport: size.viewport,
        acceptDownloads: true,
        hasTouch: size.name === 'phone',
        isMobile: size.name === 'phone',
      });
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await login(page, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
    });
    afterEach(async (context) => {
      if (context.task.result?.state === 'fail') await shot(`failed-${context.task.name.slice(0, 1)}`);
    });
    afterAll(async () => {
      console.log(`click counts (${size.name}, ${TEST_DB}):`, JSON.stringify(counts));
      await browser?.close();
      await harness?.close();
    });

    // One story told in steps: each job works on the competition and the people the jobs before it made.
    it('does the jobs in order: sets up, handles the people, exports, reads the dashboard and the audit, fits the phone', { timeout: 900_000 }, async () => {
      await step('1. sets up a competition with two voting slots and a jury panel, all from its own page: dates as people type them, a share link with a QR code', async () => {
        clicks = 0;
        await page.goto(`${harness.baseUrl}/admin/resources/Competition`);
        await tap(
          page
            .locator('a, button')
            .filter({ hasText: /^\s*Создать\s*$/ })
            .first(),
        );
        await page.fill('input[name=title]', 'Весна-2027');
        // A wrong date is an error on its field, in Russian; nothing is saved (not counted: the job's own clicks follow).
        await page.fill('input[name=startsAt]', 'завтра в 11');
        await page.fill('input[name=maxParticipants]', '2');
        await tap(page.locator('label:has-text("Нужно подтверждение")'));
        await page.getByRole('button', { name: 'Сохранить' }).click();
        await page.getByText('Введите дату и время как ДД.ММ.ГГГГ ЧЧ:ММ').first().waitFor();
        await shot('date-error');
        expect(await db().manager.countBy(Competition, { title: 'Весна-2027' })).toBe(0);
        // A two-digit year, as people write it.
        await page.fill('input[name=startsAt]', '20.03.27 11:00');
        await tap(page.getByRole('button', { name: 'Сохранить' }));
        await page.getByText('Запись создана').first().waitFor();
        const competition = await db().manager.findOneByOrFail(Competition, { title: 'Весна-2027' });
        competitionId = competition.id;
        expect(competition.startsAt?.toISOString()).toBe('2027-03-20T08:00:00.000Z');
        expect(competition).toMatchObject({ registrationOpen: true, requiresApproval: true, maxParticipants: 2 });

        // Saved, the competition's own page opens: its slots and panels are added right there, the date
        // already the competition's day, the next slot starting where the last one ended.
        await page.waitForURL(new RegExp(`/Competition/records/${competitionId}/show`));
        const slotForm = page.getByTestId('add-slot');
        expect(await slotForm.locator('input[name=day]').inputValue()).toBe('20.03.2027');
        await slotForm.locator('input[name=from]').fill('12:00');
        await slotForm.locator('input[name=to]').fill('11:00');
        await slotForm.locator('input[name=capacity]').fill('5');
        await page.getByRole('button', { name: 'Добавить слот' }).click();
        // The end before the start is said under the end, and nothing is added (a correction, not counted).
        await slotForm.getByText('Конец должен быть позже начала.').waitFor();
        await slotForm.locator('input[name=to]').fill('13:00');
        await tap(page.getByRole('button', { name: 'Добавить слот' }));
        await page.getByTestId('programme-slots').getByText('20.03.2027 12:00–13:00').waitFor();
        expect(await slotForm.locator('input[name=from]').inputValue()).toBe('13:00');
        await slotForm.locator('input[name=to]').fill('14:30');
        await slotForm.locator('input[name=capacity]').fill('3');
        await tap(page.getByRole('button', { name: 'Добавить слот' }));
        await page.getByTestId('programme-slots').getByText('20.03.2027 13:00–14:30').waitFor();
        await page.getByTestId('add-panel').locator('input[name=name]').fill('Жюри А');
        await tap(page.getByRole('button', { name: 'Добавить жюри' }));
        await page.getByTestId('programme-panels').getByText('Жюри А').waitFor();
        const slots = await db().manager.find(TimeSlot, { where: { competitionId }, order: { startsAt: 'ASC' } });
        expect(slots.map((slot) => [slot.startsAt.toISOString(), slot.endsAt.toISOString(), slot.capacity])).toEqual([
          ['2027-03-20T09:00:00.000Z', '2027-03-20T10:00:00.000Z', 5],
          ['2027-03-20T10:00:00.000Z', '2027-03-20T11:30:00.000Z', 3],
        ]);
        await db().manager.findOneByOrFail(JuryPanel, { competitionId, name: 'Жюри А' });
        counts.setUp = clicks;
        await shot('competition-programme');

        const link = page.getByTestId('deepLink');
        expect(await link.inputValue()).toBe(`https://t.me/${BOT_INFO.username}?start=c_${competitionId}`);
        expect(await page.getByTestId('share-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
        await page.getByTestId('copy-link').click();
        await page.getByTestId('copy-link').filter({ hasText: 'Скопировано' }).waitFor();
        await shot('competition-show');

        // The same job the long way, as it was before the competition page could add slots and panels: each
        // from its own list ("Создать"; a tap to reach the list), the competition chosen in each form.
        clicks = 0;
        await page.goto(`${harness.baseUrl}/admin/resources/Competition`);
        await tap(
          page
            .locator('a, button')
            .filter({ hasText: /^\s*Создать\s*$/ })
            .first(),
        );
        await page.fill('input[name=title]', 'Весна-2027 (длинный путь)');
        await page.fill('input[name=startsAt]', '21.03.2027 11:00');
        await page.fill('input[name=maxParticipants]', '2');
        await tap(page.locator('label:has-text("Нужно подтверждение")'));
        await tap(page.getByRole('button', { name: 'Сохранить' }));
        await page.getByText('Запись создана').first().waitFor();
        for (const [resource, fill] of [
          ['TimeSlot', { startsAt: '21.03.2027 12:00', endsAt: '21.03.2027 13:00', capacity: '5' }],
          ['TimeSlot', { startsAt: '21.03.2027 13:00', endsAt: '21.03.2027 14:30', capacity: '3' }],
          ['JuryPanel', { name: 'Жюри Б' }],
        ] as const) {
          clicks++; // the list, from the menu
          await page.goto(`${harness.baseUrl}/admin/resources/${resource}`);
          await tap(
            page
              .locator('a, button')
              .filter({ hasText: /^\s*Создать\s*$/ })
              .first(),
          );
          await chooseCompetition('Весна-2027 (длинный путь)');
          for (const [name, value] of Object.entries(fill)) await page.fill(`input[name=${name}]`, value);
          await tap(page.getByRole('button', { name: 'Сохранить' }));
          await page.getByText('Запись создана').first().waitFor();
        }
        counts.setUpTheLongWay = clicks;
        expect(counts.setUp).toBeLessThanOrEqual(6);
        expect(counts.setUp * 2).toBeLessThanOrEqual(counts.setUpTheLongWay);
      });
      await step('2. finds, approves, rejects with a reason, sees the waiting list in order, checks in — the list refreshing each time', async () => {
        // Five people sign up through the domain (as the bot would): two places, approval needed.
        const names = ['Иванов Иван', 'Петрова Анна', 'Сидоров Пётр', 'Кузнецова Ольга', 'Смирнов Олег'];
        for (const [i, fullName] of names.entries()) {
          const telegramId = 9_100_000 + i + (size.name === 'phone' ? 50 : 0);
          await db().write((m) => m.insert(User, { telegramId, firstName: fullName.split(' ')[1], fullName, phone: `+7900555000${i}`, languageCode: 'ru' }));
          const user = await userNamed(fullName);
          await registerForCompetition(db(), userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true, joinWaitlist: true });
        }
        expect((await registrationOf('Сидоров Пётр')).status).toBe('waitlisted');

        // The waiting list in queue order, with positions: one tap from the list.
        clicks = 0;
        await page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.competitionId=${competitionId}`);
        await page.getByText('Иванов Иван').first().waitFor();
        await tap(page.getByTestId('view-waitlisted'));
        await page.waitForURL(/filters.status=waitlisted/);
        await page.getByText('Смирнов Олег').first().waitFor();
        const cells = page.getByTestId('person-cell');
        await expect.poll(async () => (await cells.allInnerTexts()).map((t) => t.split('\n')[0]), POLL).toEqual(['1. Сидоров Пётр', '2. Кузнецова Ольга', '3. Смирнов Олег']);
        counts.waitingList = clicks;
        await shot('waiting-list');

        // Each row shows who, the status in colour, and (on a phone) the main action.
        await tap(page.getByTestId('view-pending'));
        await page.getByText('Петрова Анна').first().waitFor();
        const badge = page.locator('[data-testid="status-badge"][data-status="pending"]').first();
        await badge.waitFor();
        expect(await badge.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 232, 179)');
        await shot('pending');

        // Search as you type (name, then phone).
        await page.getByTestId('people-search').fill('петрова');
        await expect.poll(async () => (await cells.allInnerTexts()).map((t) => t.split('\n')[0]), POLL).toEqual(['Петрова Анна']);
        await page.getByTestId('people-search').fill('+79005550000');
        await expect.poll(async () => (await cells.allInnerTexts()).map((t) => t.split('\n')[0]), POLL).toEqual(['Иванов Иван']);
        await page.getByTestId('people-search').fill('');
        await expect.poll(async () => await cells.count(), POLL).toBe(2);

        // Reject Ivanov with a reason: the dialog names him; the list comes back refreshed and says who was offered the place.
        const ivanov = await registrationOf('Иванов Иван');
        await page.goto(`${harness.baseUrl}/admin/resources/Registration/records/${ivanov.id}/reject`);
        await page.getByText('Отклонить заявку — Иванов Иван?').first().waitFor();
        await page.getByTestId('confirm-reason').fill('Не прошёл отбор по возрасту');
        await shot('reject-dialog');
        await tap(page.getByTestId('confirm-action-submit'));
        await page.getByText('Освободившиеся места предложены из списка ожидания: Сидоров Пётр').first().waitFor();
        await shot('rejected-promoted');
        expect((await registrationOf('Иванов Иван')).status).toBe('rejected');
        const sidorov = await registrationOf('Сидоров Пётр');
        expect(sidorov.status).toBe('offered');
        // He takes the place in the chat ("✅ Беру"): his application waits for approval like the others.
        await acceptOffer(db(), userActor(sidorov.userId), sidorov.id);
        // The rejection's reason stays on the registration.
        expect((await registrationOf('Иванов Иван')).rejectionReason).toBe('Не прошёл отбор по возрасту');
        const message = await db().manager.findOneByOrFail(OutboxMessage, { userId: ivanov.userId, kind: 'notify.status_rejected_reason' });
        expect(message.payload).toMatchObject({ reason: 'Не прошёл отбор по возрасту', competition: 'Весна-2027' });

        // Approve both pending in bulk: rows, count and selection refresh without a reload.
        await page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.competitionId=${competitionId}&filters.status=pending`);
        await page.getByText('Сидоров Пётр').first().waitFor();
        await expect.poll(async () => cells.count(), POLL).toBe(2);
        await tap(page.locator('thead input[type=checkbox]').first().locator('xpath=..'));
        await page
          .getByText(/^Выбрано \(2\)$/)
          .first()
          .waitFor();
        await tap(
          page
            .locator('a, button')
            .filter({ hasText: /^\s*Подтвердить выбранные\s*$/ })
            .first(),
        );
        await page.getByText('Подтвердить выбранные заявки (2)?').first().waitFor();
        await shot('bulk-confirm');
        await tap(page.getByTestId('confirm-action-submit'));
        await page.getByText('Подтверждено: 2').first().waitFor();
        // Still the pending view (its filter kept): now empty, nothing selected.
        await page.waitForURL(/filters.status=pending/);
        await expect.poll(async () => cells.count(), POLL).toBe(0);
        expect(await page.getByText(/^Выбрано \(\d+\)$/).count()).toBe(0);
        await shot('bulk-refreshed');

        // Check in on the spot: search, the row's own button, confirm.
        clicks = 0;
        await page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.competitionId=${competitionId}`);
        await page.getByTestId('people-search').fill('Сидоров');
        await expect.poll(async () => (await cells.allInnerTexts()).map((t) => t.split('\n')[0]), POLL).toEqual(['Сидоров Пётр']);
        if (size.name === 'phone') {
          await tap(page.getByTestId('main-action').filter({ hasText: 'Отметить приход' }));
        } else {
          await tap(page.getByTestId('actions-dropdown').first());
          await tap(
            page
              .locator('a, button')
              .filter({ hasText: /^\s*Отметить приход\s*$/ })
              .first(),
          );
        }
        await page.getByText('Отметить приход — Сидоров Пётр?').first().waitFor();
        await tap(page.getByTestId('confirm-action-submit'));
        await page.getByText('Отмечено: 1').first().waitFor();
        await expect.poll(async () => (await registrationOf('Сидоров Пётр')).checkedIn, POLL).toBe(true);
        counts.checkIn = clicks + 1; // + focusing the search box
        await shot('checked-in');
        expect(counts.checkIn).toBeLessThanOrEqual(size.name === 'phone' ? 3 : 4);
      });
      await step('3. exports the registrations in one click: semicolons, Russian headers and values, the competition in the file name', async () => {
        clicks = 0;
        await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competitionId}/show`);
        const [download] = await Promise.all([page.waitForEvent('download'), tap(page.getByTestId('exportLink'))]);
        counts.export = clicks;
        expect(download.suggestedFilename()).toMatch(/^Весна-2027 — заявки \d{4}-\d{2}-\d{2}\.csv$/);
        const text = fs.readFileSync((await download.path())!, 'utf8');
        const lines = text
          .replace(/^\uFEFF/, '')
          .trim()
          .split(/\r?\n/);
        expect(lines[0].split(';').slice(0, 4)).toEqual(['Номер заявки', 'Статус', 'Место в списке ожидания', 'Роль']);
        expect(lines.find((l) => l.includes('Смирнов Олег'))).toMatch(/;список ожидания;2;участник;нет;да;/);
        expect(lines.find((l) => l.includes('Сидоров Пётр'))).toMatch(/;подтверждена;;участник;да;да;/);
      });
      await step('5. reads the dashboard: places of capacity, pending, waiting list, checked in of expected, a chart', async () => {
        clicks = 0;
        await page.goto(`${harness.baseUrl}/admin`);
        const card = page.getByTestId(`dashboard-competition-${competitionId}`);
        await card.waitFor();
        expect(await card.getByTestId('places').innerText()).toBe('2 из 2');
        expect(await card.getByTestId('count-waitlisted').innerText()).toBe('2');
        expect(await card.getByTestId('count-checked-in').innerText()).toBe('1 из 2');
        expect(await card.getByTestId('registrations-chart').locator('rect').count()).toBe(14);
        const width = await card.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
        expect(width, 'the card fits the screen').toBe(true);
        await shot('dashboard');
        await tap(card.getByTestId('count-waitlisted-link'));
        await page.waitForURL(/filters.status=waitlisted/);
        await page.getByText('Кузнецова Ольга').first().waitFor();
        counts.dashboardToWaitlist = clicks;
        // "Пришли" opens those who came, not every approved person.
        await page.goto(`${harness.baseUrl}/admin`);
        await page.getByTestId(`dashboard-competition-${competitionId}`).getByTestId('count-checked-in-link').click();
        await page.waitForURL(/filters.checkedIn=true/);
        await expect.poll(async () => (await page.getByTestId('person-cell').locator('visible=true').allInnerTexts()).map((t) => t.split('\n')[0]), POLL).toEqual(['Сидоров Пётр']);
      });
      await step('6. reads the audit as sentences with names and local times', async () => {
        await page.goto(`${harness.baseUrl}/admin/resources/AdminAudit`);
        await page
          .getByText(/отклонил\(а\) заявку: Иванов Иван/)
          .first()
          .waitFor();
        await page
          .getByText(/отметил\(а\) приход: Сидоров Пётр/)
          .first()
          .waitFor();
        expect(await page.getByText('registration.checked_in').count()).toBe(0);
        // The local time of each entry is visible, on a phone too (under the sentence).
        await page
          .locator(String.raw`text=/^\d\d\.\d\d\.\d{4} \d\d:\d\d$/ >> visible=true`)
          .first()
          .waitFor();
        // An organizer without a display name is their role in words and number, in the admin's language.
        await page
          .getByText(/^Организатор #\d+ отклонил\(а\) заявку: Иванов Иван \(Весна-2027\)/)
          .first()
          .waitFor();
        await shot('audit');
      });
      await step('7. fits the phone: no page scrolls sideways', async () => {
        for (const path of ['/admin', `/admin/resources/Registration?filters.competitionId=${competitionId}`, `/admin/resources/Competition/records/${competitionId}/show`]) {
          await page.goto(`${harness.baseUrl}${path}`);
          await page.waitForLoadState('networkidle');
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, path).toBeLessThanOrEqual(1);
        }
      });
    });
    it('4. writes a broadcast and reads it in the list', async () => {
      await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/actions/new`);
      await page.fill('textarea[name=text]', 'Старт в 11:00, регистрация участников с 10:00 у входа А.');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Запись создана').first().waitFor();
      await page.goto(`${harness.baseUrl}/admin/resources/Broadcast`);
      await page.locator('[data-testid="status-badge"][data-status="draft"]:visible').first().waitFor();
      await shot('broadcasts');
    });
  });
}
