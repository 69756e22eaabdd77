import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/actor.js';
import { formatPhone } from '../../domain/profile.js';
import { AdminAudit, Competition, JuryPanel, Registration, TimeSlot, User, VoterJuryPanel } from '../../entities/index.js';
import { BOT_INFO } from '../../devkit/fake-bot-api.js';
import type { TestUser } from '../../devkit/conversation.js';
import { people } from '../bot/helpers.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { launchBrowser, login, newPage, screenshot, startAdminService } from './browser.js';
import { step } from '../helpers/step.js';

/** What the admin's own pages send with a request that changes something (see admin/cross-site.ts). */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

const ORGANIZER = { email: 'org@example.org', password: 'organizer-pass-1' };

/** Picks an option of an AdminJS reference select (react-select) by typing part of its title. */
async function chooseReference(page: Page, path: string, text: string, option: string): Promise<void> {
  const input = page.locator(`[data-testid="property-edit-${path}"] input[role=combobox]`);
  await input.click();
  await input.fill(text);
  await page.locator('[id^="react-select"][id*="-option-"]', { hasText: option }).first().click();
}

/** Waits until the user got a message containing `text` from the background sender (slow CI allowed for). */
function waitForMessage(harness: TestService, user: TestUser, text: string): Promise<void> {
  return harness.api.waitFor(() => user.replies().some((r) => r.text.includes(text)), 30_000);
}

/** Selects every row of the list (the header checkbox); retried, as a list still refreshing may drop the click. */
async function selectAll(page: Page): Promise<void> {
  const checkbox = page.locator('thead input[type=checkbox]').first();
  for (let attempt = 1; ; attempt++) {
    if (!(await checkbox.isChecked())) await checkbox.click({ force: true });
    try {
      await page
        .getByText(/^Выбрано \(\d+\)$/)
        .first()
        .waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** AdminJS action buttons are links or buttons, found by their exact label. */
function action(page: Page, label: string) {
  return page
    .locator('a, button')
    .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
    .first();
}

/** Actions that change data open a confirmation first; its button sends the POST. */
async function confirmAction(page: Page): Promise<void> {
  await page.getByTestId('confirm-action-submit').click();
}

describe(`an organizer runs an event in the admin (${TEST_DB})`, { timeout: 120_000 }, () => {
  let harness: TestService;
  let browser: Browser;
  let page: Page;
  let competitionId: number;

  beforeAll(async () => {
    harness = await startAdminService();
    await createAdminUser(harness.service.db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    browser = await launchBrowser();
    ({ page } = await newPage(browser));
    await login(page, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  // One story told in steps: each step works on the competition and the people the steps before it made.
  const registered: Record<string, TestUser> = {};
  const registrationOf = async (name: string) => {
    const user = await harness.service.db.manager.findOneByOrFail(User, { telegramId: registered[name].id });
    return harness.service.db.manager.findOneByOrFail(Registration, { userId: user.id, competitionId });
  };

  it('runs an event: creates it, takes registrations, approves, checks in, assigns, exports, audits, broadcasts', { timeout: 600_000 }, async () => {
    await step('creates a competition with times entered in TZ_DISPLAY and shows its deep link', async () => {
      await page.goto(`${harness.baseUrl}/admin/resources/Competition/actions/new`);
      await page.fill('input[name=title]', 'Кубок города по шахматам');
      await page.fill('textarea[name=description]', 'Открытый турнир');
      await page.fill('input[name=location]', 'Дворец спорта');
      await page.fill('input[name=startsAt]', '2030-05-01 10:00');
      // "Регистрация открыта" is on by default for a new competition.
      expect(await page.locator('input#registrationOpen').isChecked()).toBe(true);
      await page.locator('label:has-text("Нужно подтверждение")').click();
      await page.fill('input[name=maxParticipants]', '2');
      await screenshot(page, 'competition-new');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Запись создана').first().waitFor();
      await screenshot(page, 'competition-created');

      const competition = await harness.service.db.manager.findOneByOrFail(Competition, { title: 'Кубок города по шахматам' });
      competitionId = competition.id;
      // 10:00 in Moscow (UTC+3) is 07:00 UTC.
      expect(competition.startsAt?.toISOString()).toBe('2030-05-01T07:00:00.000Z');
      expect(competition).toMatchObject({ registrationOpen: true, requiresApproval: true, maxParticipants: 2 });

      await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competitionId}/show`);
      const link = page.getByTestId('deepLink');
      await link.waitFor();
      expect(await link.inputValue()).toBe(`https://t.me/${BOT_INFO.username}?start=c_${competitionId}`); // a field with a copy button now
      await page.getByText('01.05.2030 10:00').first().waitFor();
      await screenshot(page, 'competition-show');
      expect(await page.getByTestId('registrationsLink').getAttribute('href')).toBe(`/admin/resources/Registration?filters.competitionId=${competitionId}`);
    });
    await step('adds a voting slot and a jury panel to it, choosing the competition by name', async () => {
      await page.goto(`${harness.baseUrl}/admin/resources/TimeSlot/actions/new`);
      await chooseReference(page, 'competitionId', 'Кубок', 'Кубок города по шахматам');
      await page.fill('input[name=startsAt]', '2030-05-01 12:00');
      await page.fill('input[name=endsAt]', '2030-05-01 13:30');
      await page.fill('input[name=capacity]', '5');
      await screenshot(page, 'slot-new');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Запись создана').first().waitFor();
      const slot = await harness.service.db.manager.findOneByOrFail(TimeSlot, { competitionId });
      expect(slot.startsAt.toISOString()).toBe('2030-05-01T09:00:00.000Z');
      expect(slot.endsAt.toISOString()).toBe('2030-05-01T10:30:00.000Z');

      await page.goto(`${harness.baseUrl}/admin/resources/JuryPanel/actions/new`);
      await chooseReference(page, 'competitionId', 'Кубок', 'Кубок города по шахматам');
      await page.fill('input[name=name]', 'Жюри №1');
      await page.fill('input[name=capacity]', '3');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Запись создана').first().waitFor();
      await harness.service.db.manager.findOneByOrFail(JuryPanel, { competitionId, name: 'Жюри №1' });

      await page.goto(`${harness.baseUrl}/admin/resources/TimeSlot`);
      await page.getByText('Кубок города по шахматам').first().waitFor();
      await screenshot(page, 'slots-list');
    });
    await step('approves in the admin a registration made through the bot, and the user is told', async () => {
      const { known } = people(() => harness);
      for (const name of ['Ирина', 'Пётр', 'Сергей']) {
        const user = await known(name);
        await user.send(`/start c_${competitionId}`);
        await user.press('✍️ Участвовать');
        await user.press('✅ Даю согласие');
        if (name === 'Сергей') await user.press('⏳ Встать в очередь');
        registered[name] = user;
      }
      const olga = await known('Ольга');
      await olga.send(`/start c_${competitionId}`);
      await olga.press('🗳 Голосовать');
      await olga.press('✅ Даю согласие');
      await olga.press(/12:00/);
      await olga.press('✔️ Готово');
      registered['Ольга'] = olga;
      // Two places, approval required: Ирина and Пётр wait for approval, Сергей is on the waiting list.
      expect((await registrationOf('Ирина')).status).toBe('pending');
      expect((await registrationOf('Сергей')).status).toBe('waitlisted');

      await page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.competitionId=${competitionId}&filters.status=pending`);
      await page.getByText('Ирина Smith').first().waitFor();
      expect(await page.getByText('Сергей Smith').count()).toBe(0);
      await screenshot(page, 'registrations-pending');

      // Search by name and by phone (the user's fields, from the registrations list).
      await page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.search=ирина`);
      await page.getByText('Ирина Smith').first().waitFor();
      expect(await page.getByText('Пётр Smith').count()).toBe(0);
      await page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.search=${encodeURIComponent(`+7900${registered['Пётр'].id}`)}`);
      await page.getByText('Пётр Smith').first().waitFor();
      expect(await page.getByText('Ирина Smith').count()).toBe(0);

      const irina = await registrationOf('Ирина');
      // From the user's page to their registrations.
      await page.goto(`${harness.baseUrl}/admin/resources/User/records/${irina.userId}/show`);
      await page.getByTestId('registrationsLink').click();
      await page.waitForURL(new RegExp(`filters.userId=${irina.userId}`));
      await page.getByText('Кубок города по шахматам').first().waitFor();
      await page.goto(`${harness.baseUrl}/admin/resources/Registration/records/${irina.id}/show`);
      await page.getByText('Кубок города по шахматам').first().waitFor();
      await screenshot(page, 'registration-show');
      await action(page, 'Подтвердить').click();
      await page
        .getByText(/^Подтвердить заявку — Ирина Smith/)
        .first()
        .waitFor();
      await confirmAction(page);
      await page.getByText('Подтверждено: 1').first().waitFor();
      expect((await registrationOf('Ирина')).status).toBe('approved');
      await waitForMessage(harness, registered['Ирина'], 'подтверждена');
    });
    await step('filters by a day in TZ_DISPLAY, and finds users by name in the reference pickers', async () => {
      const list = async (query: string) => {
        const response = await page.request.get(`${harness.baseUrl}/admin/api/resources/Competition/actions/list?${query}`);
        const body = await response.json();
        expect(response.status(), JSON.stringify(body).slice(0, 300)).toBe(200);
        return body.records.map((r: any) => r.params.title);
      };
      expect(await list('filters.startsAt=2030-05-01')).toEqual(['Кубок города по шахматам']);
      expect(await list('filters.startsAt=2030-05-02')).toEqual([]);
      expect(await list('filters.startsAt=2030-05')).toEqual(['Кубок города по шахматам']); // half-typed: no filter
      const found = await (await page.request.get(`${harness.baseUrl}/admin/api/resources/User/search/${encodeURIComponent('ирина')}`)).json();
      expect(found.records.map((r: any) => r.title)).toEqual([expect.stringContaining('Ирина Smith')]);
    });
    await step('raises max participants in the form, through the domain: the freed place is offered to the waiting list', async () => {
      await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competitionId}/edit`);
      await page.fill('input[name=maxParticipants]', '3');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Изменения сохранены').first().waitFor();
      expect((await registrationOf('Сергей')).status).toBe('offered');
      await waitForMessage(harness, registered['Сергей'], 'Освободилось место');
      // He takes it in the chat: pending, as the competition needs approval.
      await registered['Сергей'].press('✅ Беру');
      expect((await registrationOf('Сергей')).status).toBe('pending');
      const audit = await harness.service.db.manager.findOneByOrFail(AdminAudit, { action: 'competition.updated', recordId: String(competitionId) });
      expect(audit.changes).toMatchObject({ maxParticipants: { before: 2, after: 3 } });
    });
    await step('approves and checks in in bulk', async () => {
      await page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.competitionId=${competitionId}&filters.status=pending`);
      await page.getByText('Сергей Smith').first().waitFor();
      await selectAll(page);
      await screenshot(page, 'bulk-selected');
      await action(page, 'Подтвердить выбранные').click();
      await confirmAction(page);
      await page
        .getByText(/Подтверждено: \d/)
        .first()
        .waitFor();
      for (const name of ['Ирина', 'Пётр', 'Сергей', 'Ольга']) expect((await registrationOf(name)).status, name).toBe('approved');

      await page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.competitionId=${competitionId}&filters.status=approved`);
      await page.getByText('Ольга Smith').first().waitFor();
      await selectAll(page);
      await action(page, 'Отметить приход выбранных').click();
      await confirmAction(page);
      await page.getByText('Отмечено: 4').first().waitFor();
      for (const name of ['Ирина', 'Пётр', 'Сергей', 'Ольга']) expect((await registrationOf(name)).checkedIn, name).toBe(true);
      await screenshot(page, 'bulk-checked-in');
    });
    await step('assigns the voter to a jury panel and changes her slots from the registration, and she is told', async () => {
      const olga = await registrationOf('Ольга');
      const late = await harness.service.db.write((m) =>
        m.save(m.create(TimeSlot, { competitionId, startsAt: new Date('2030-05-01T12:00:00Z'), endsAt: new Date('2030-05-01T13:00:00Z'), capacity: 2 })),
      );
      await page.goto(`${harness.baseUrl}/admin/resources/Registration/records/${olga.id}/assignPanel`);
      const form = page.getByTestId('registration-choice');
      await form.waitFor();
      await form.locator('select[name=juryPanelId]').selectOption({ label: 'Жюри №1 (3)' });
      await form.getByText('01.05.2030 15:00–16:00 (2)').click();
      await screenshot(page, 'assign-panel');
      await form.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Назначено: 1').first().waitFor();
      const panel = await harness.service.db.manager.findOneByOrFail(JuryPanel, { competitionId });
      expect(await harness.service.db.manager.countBy(VoterJuryPanel, { registrationId: olga.id, juryPanelId: panel.id })).toBe(1);
      await waitForMessage(harness, registered['Ольга'], 'Жюри №1');
      await waitForMessage(harness, registered['Ольга'], 'изменил ваше время голосования');
      const slots = await harness.service.db.query<{ time_slot_id: number }>('SELECT time_slot_id FROM voter_time_slots WHERE registration_id = $1', [olga.id]);
      expect(slots.map((r) => Number(r.time_slot_id))).toContain(late.id);
      await page.getByText('Жюри №1').first().waitFor();
      await screenshot(page, 'registration-with-panel');
    });
    await step('exports the registrations as CSV with BOM, user fields, slots and panel', async () => {
      await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competitionId}/exportCsv`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-download').click()]);
      const file = await download.path();
      const bytes = (await import('node:fs')).readFileSync(file!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
      // In the admin's language, with the separator a Russian Excel expects (see organizer-jobs.test.ts for the rest).
      expect(lines[0]).toBe(
        'Номер заявки;Статус;Место в списке ожидания;Роль;Пришёл(ла);Согласие на обработку данных;Зарегистрирован(а);Статус изменён;Причина отказа;ID в Telegram;Имя пользователя в Telegram;Имя в Telegram;Фамилия в Telegram;ФИО;Телефон;Язык;Слоты голосования;Жюри;Ответ на напоминание;Команда;Роль в команде',
      );
      expect(lines).toHaveLength(5);
      const olgaLine = lines.find((l) => l.includes('Ольга Smith'))!;
      expect(olgaLine).toContain(';подтверждена;;голосующий;да;да;');
      // The phone as the bot writes it (Excel keeps its "+").
      expect(olgaLine).toContain(formatPhone(`+7900${registered['Ольга'].id}`));
      expect(olgaLine).toContain('01.05.2030 12:00–13:30; 01.05.2030 15:00–16:00');
      expect(olgaLine).toMatch(/Жюри №1;;;$/);
    });
    await step('shows who did what in the read-only audit log', async () => {
      await page.goto(`${harness.baseUrl}/admin/resources/AdminAudit`);
      // Sentences with names, not action codes and record numbers.
      await page
        .getByText(/подтвердил\(а\) заявку: Ирина Smith/)
        .first()
        .waitFor();
      expect(await page.getByText('registration.approved').count()).toBe(0);
      await page.getByText(ORGANIZER.email).first().waitFor();
      await screenshot(page, 'audit-list');
      const entry = await harness.service.db.manager.findOneByOrFail(AdminAudit, { action: 'competitions.created', recordId: String(competitionId) });
      await page.goto(`${harness.baseUrl}/admin/resources/AdminAudit/records/${entry.id}/show`);
      const changes = page.getByTestId('json-changes');
      await changes.waitFor();
      expect(await changes.innerText()).toContain('Кубок города по шахматам');
      expect(await page.getByRole('link', { name: 'Изменить' }).count()).toBe(0);
      const edit = await page.request.post(`${harness.baseUrl}/admin/api/resources/AdminAudit/records/${entry.id}/edit`, { headers: SAME_ORIGIN, multipart: { action: 'forged' } });
      expect(edit.status()).toBe(403);
    });
    await step('shows the dashboard: counts by status, slot fill, check-ins, link to pending approvals', async () => {
      await page.goto(`${harness.baseUrl}/admin`);
      const card = page.getByTestId(`dashboard-competition-${competitionId}`);
      await card.waitFor();
      expect(await card.getByTestId('count-approved').innerText()).toBe('4');
      expect(await card.getByTestId('count-checked-in').innerText()).toBe('4 из 4');
      expect(await card.innerText()).toContain('01.05.2030 12:00–13:30: 1 / 5');
      expect(await card.innerText()).toContain('01.05.2030 15:00–16:00: 1 / 2');
      await screenshot(page, 'dashboard');
    });
    await step('edits a slot capacity through the domain', async () => {
      const slot = await harness.service.db.manager.findOneByOrFail(TimeSlot, { competitionId, capacity: 5 });
      await page.goto(`${harness.baseUrl}/admin/resources/TimeSlot/records/${slot.id}/edit`);
      expect(await page.inputValue('input[name=startsAt]')).toBe('01.05.2030 12:00');
      await page.fill('input[name=capacity]', '6');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Изменения сохранены').first().waitFor();
      expect((await harness.service.db.manager.findOneByOrFail(TimeSlot, { id: slot.id })).capacity).toBe(6);
      const audit = await harness.service.db.manager.findOneByOrFail(AdminAudit, { action: 'time_slot.updated', recordId: String(slot.id) });
      expect(audit.changes).toMatchObject({ capacity: { before: 5, after: 6 } });
    });
    await step('shows a refusal of the domain in the form (fewer places than already taken)', async () => {
      await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competitionId}/edit`);
      await page.fill('input[name=maxParticipants]', '1');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Нельзя сделать мест меньше, чем уже занято (3). Сначала отклоните или отмените заявки.').first().waitFor();
      await screenshot(page, 'domain-refusal');
      expect((await harness.service.db.manager.findOneByOrFail(Competition, { id: competitionId })).maxParticipants).toBe(3);
    });
    await step('changes a status in the registration form, through the domain, and the user is told', async () => {
      const petr = await registrationOf('Пётр');
      await page.goto(`${harness.baseUrl}/admin/resources/Registration/records/${petr.id}/edit`);
      const select = page.locator('[data-testid="property-edit-status"] input[role=combobox]');
      await select.click();
      await page.locator('[id^="react-select"][id*="-option-"]', { hasText: 'отклонена' }).first().click();
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Изменения сохранены').first().waitFor();
      expect((await registrationOf('Пётр')).status).toBe('rejected');
      await waitForMessage(harness, registered['Пётр'], 'отклонена');
      await harness.service.db.manager.findOneByOrFail(AdminAudit, { action: 'registration.rejected', recordId: String(petr.id) });
    });
    await step('sends a broadcast to the competition: a draft, then "send" after a confirmation', async () => {
      await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/actions/new`);
      await page.fill('textarea[name=text]', 'Напоминание: турнир начнётся в 10:00.');
      await chooseReference(page, 'competitionId', 'Кубок', 'Кубок города по шахматам');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Запись создана').first().waitFor();
      const [broadcast] = await harness.service.db.query<{ id: number }>('SELECT id FROM broadcasts');
      await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${broadcast.id}/show`);
      await action(page, 'Отправить сейчас').click();
      await page.getByText('Отправить 3 получателям?').first().waitFor();
      await screenshot(page, 'broadcast-confirm');
      await confirmAction(page);
      await page.getByText('Рассылка запущена').first().waitFor();
      // Irina, Sergey and Olga hold active registrations (Pyotr was rejected).
      for (const name of ['Ирина', 'Сергей', 'Ольга']) await waitForMessage(harness, registered[name], 'Напоминание: турнир');
      expect(registered['Пётр'].replies().some((r) => r.text.includes('Напоминание'))).toBe(false);
    });
    await step('speaks English to a browser in English', async () => {
      const english = await newPage(browser, 'en-US');
      await login(english.page, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
      await english.page.getByRole('heading', { name: 'Dashboard' }).first().waitFor();
      await english.page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.competitionId=${competitionId}`);
      await english.page.getByText('Checked in').first().waitFor();
      await english.page.getByText('approved').first().waitFor();
      await screenshot(english.page, 'english-registrations');
      await english.context.close();
    });
  });
  it('refuses a competition without a title: in the browser, and on the server for a bare API call', async () => {
    await page.goto(`${harness.baseUrl}/admin/resources/Competition/actions/new`);
    await page.locator('input[name=title]').waitFor();
    await page.fill('input[name=location]', 'Где-то');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    expect(await page.locator('input[name=title]:invalid').count()).toBe(1);
    const response = await page.request.post(`${harness.baseUrl}/admin/api/resources/Competition/actions/new`, { headers: SAME_ORIGIN, multipart: { location: 'Где-то' } });
    const text = await response.text();
    expect(response.status(), text.slice(0, 300)).toBe(200);
    const body = JSON.parse(text);
    expect(body.notice.type, text.slice(0, 300)).toBe('error');
    expect(JSON.stringify(body.record.errors), text.slice(0, 300)).toMatch(/title/);
    expect(await harness.service.db.manager.countBy(Competition, { location: 'Где-то' })).toBe(0);
  });

  it('warns that deleting a competition takes its registrations, slots and panels with it', async () => {
    const other = await harness.service.db.write((m) => m.save(m.create(Competition, { title: 'Пробный турнир', registrationOpen: false })));
    await harness.service.db.write(async (m) => {
      for (const telegramId of [6_660_001, 6_660_002]) {
        const user = await m.save(m.create(User, { telegramId, firstName: 'Гость', languageCode: 'ru' }));
        await m.insert(Registration, { userId: user.id, competitionId: other.id, role: 'participant', status: 'approved', consentGiven: true });
      }
      await m.insert(JuryPanel, { competitionId: other.id, name: 'Пробное жюри' });
    });
    await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${other.id}/show`);
    await action(page, 'Удалить').click();
    // Said in the organizer's language, naming the competition and what goes with it.
    await page.getByText('Удалить соревнование «Пробный турнир»?').first().waitFor();
    await page.getByText('Вместе с ним будут удалены его регистрации (2), слоты голосования (0) и жюри (1).', { exact: false }).first().waitFor();
    await screenshot(page, 'delete-warning');
    await page.getByRole('button', { name: 'Удалить соревнование' }).click();
    await page.getByText('Запись удалена').first().waitFor();
    expect(await harness.service.db.manager.countBy(Competition, { id: other.id })).toBe(0);
    const audit = await harness.service.db.manager.findOneByOrFail(AdminAudit, { action: 'competitions.deleted', recordId: String(other.id) });
    expect(audit.changes).toMatchObject({ title: { before: 'Пробный турнир', after: null } });
  });
});
