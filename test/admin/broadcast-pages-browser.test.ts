import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, adminActor } from '../../domain/actor.js';
import { cancelBroadcast, createBroadcast, scheduleBroadcast } from '../../domain/broadcasts.js';
import { AdminUser, Broadcast, Registration, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { launchBrowser, login, screenshot, startAdminService } from './browser.js';

const ORGANIZER = { email: 'bp-org@example.org', password: 'organizer-pass-1' };
/** A row's height at most: one line on a desktop; on a phone the title and its status badge under it (it was ~190 px). */
const SIZES = [
  { name: 'desktop', viewport: { width: 1400, height: 900 }, touch: false, rowAtMost: 72 },
  { name: 'phone', viewport: { width: 390, height: 844 }, touch: true, rowAtMost: 96 },
];
/** A broadcast written the way organizers write them: a long formatted text that used to fill each row. */
const LONG_HTML = `<b>Важно!</b> Старт перенесён на 11:00. ${'<i>Возьмите паспорт</i>, сменную обувь и воду. '.repeat(6)}<a href="https://example.org">Подробнее</a>`;

/**
 * The broadcast pages as an organizer reads them: the audience's "came" as three choices, the preview formatted as
 * Telegram draws it, the delivery and notification lists one line a row with the failures a tap away, texts instead
 * of keys, and the audit in words.
 */
describe(`broadcast pages read as they should (${TEST_DB})`, { timeout: 240_000 }, () => {
  let harness: TestService;
  let browser: Browser;
  let competitionId: number;
  let broadcastId: number;

  beforeAll(async () => {
    harness = await startAdminService();
    const db = harness.service.db;
    await createAdminUser(db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    const organizer = await db.manager.findOneByOrFail(AdminUser, { email: ORGANIZER.email });
    const c = await makeCompetition(db, { title: 'Весенний кубок' });
    competitionId = c.id;
    // Five approved: two came, three did not.
    const users: User[] = [];
    for (let i = 0; i < 5; i++) {
      const u = await makeUser(db, { firstName: `Гость${i}` });
      await db.write((m) => m.insert(Registration, { userId: u.id, competitionId: c.id, role: 'participant', status: 'approved', checkedIn: i < 2 }));
      users.push(u);
    }
    const actor = adminActor(organizer.id);
    const b = await createBroadcast(db, actor, { text: LONG_HTML, competitionId: c.id });
    broadcastId = b.id;
    // Its deliveries and two notifications, with ids long enough to wrap digit by digit in a narrow column (set in
    // SQL: TypeORM leaves a generated id out of an insert on PostgreSQL).
    for (const [i, u] of users.entries()) {
      await db.query('INSERT INTO broadcast_deliveries (id, broadcast_id, user_id, status, attempts, error, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        7_340_001 + i,
        b.id,
        u.id,
        i === 0 ? 'failed' : 'sent',
        i === 0 ? 5 : 1,
        i === 0 ? 'Bad Request: chat not found' : null,
        i === 0 ? null : db.date(new Date()),
      ]);
    }
    const notify = 'INSERT INTO outbox_messages (id, user_id, kind, payload, status, attempts, error, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)';
    const payload = JSON.stringify({ competition: 'Весенний кубок' });
    await db.query(notify, [9_120_001, users[1].id, 'notify.status_approved', payload, 'sent', 1, null, db.date(new Date())]);
    await db.query(notify, [9_120_002, users[2].id, 'notify.status_rejected', payload, 'failed', 5, 'Forbidden', null]);
    // An audit trail with the words organizers met: scheduled, taken off the schedule.
    const other = await createBroadcast(db, actor, { text: 'Напоминание о старте' });
    await scheduleBroadcast(db, actor, other.id, new Date(Date.now() + 86_400_000));
    await cancelBroadcast(db, actor, other.id);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  async function open(size: (typeof SIZES)[number]): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await login(page, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
    return page;
  }

  it('"Пришли": any, came or did not come — chosen in the form, counted, and shown in words', async () => {
    const db = harness.service.db;
    const page = await open(SIZES[0]);
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/actions/new`);
    await page.fill('textarea[name=text]', 'Кто не дошёл — ждём завтра');
    await page.locator('input[id^="react-select"][id$="-input"]').first().pressSequentially('Весен');
    await page.locator('[id^="react-select"][id*="-option-"]', { hasText: 'Весенний кубок' }).first().click();
    const came = page.getByTestId('property-edit-came');
    await came.getByText('Пришли на соревнование').waitFor();
    await came.locator('input[id^="react-select"]').click();
    const options = page.locator('[id^="react-select"][id*="-option-"]');
    expect(await options.allTextContents()).toEqual(['все, пришли или нет', 'только пришедшие', 'только не пришедшие']);
    await options.filter({ hasText: 'только не пришедшие' }).click();
    await screenshot(page, 'broadcast-came-form');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/records\/\d+\/progress(\?|$)/);
    const saved = await db.manager.findOneByOrFail(Broadcast, { text: 'Кто не дошёл — ждём завтра' });
    expect(saved.checkedIn).toBe(false);

    // The count before sending: the three who did not come.
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${saved.id}/send`);
    await page.getByText('Отправить 3 получателям?').waitFor();

    // The record says it in words; a broadcast for everyone says "все", never "No".
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${saved.id}/show`);
    await page.getByTestId('property-show-came').getByText('только не пришедшие').waitFor();
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${broadcastId}/show`);
    await page.getByTestId('property-show-came').getByText('все, пришли или нет').waitFor();
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/\bNo\b|\bYes\b/);
    await screenshot(page, 'broadcast-came-show');

    // Back to "any": stored as no condition at all.
    await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${saved.id}/edit`);
    await page.getByTestId('property-edit-came').locator('input[id^="react-select"]').click();
    await options.filter({ hasText: 'все, пришли или нет' }).click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/records\/\d+\/progress(\?|$)/);
    expect((await db.manager.findOneByOrFail(Broadcast, { id: saved.id })).checkedIn).toBeNull();
    await page.context().close();
  });

  for (const size of SIZES) {
    it(`the preview draws bold, italic and links as Telegram does (${size.name})`, async () => {
      const page = await open(size);
      await page.goto(`${harness.baseUrl}/admin/resources/Broadcast/records/${broadcastId}/progress`);
      const preview = page.getByTestId('broadcast-preview');
      await preview.locator('b').first().waitFor();
      const look = await preview.evaluate((el) => ({
        bold: getComputedStyle(el.querySelector('b')!).fontWeight,
        italic: getComputedStyle(el.querySelector('i')!).fontStyle,
        link: getComputedStyle(el.querySelector('a')!).textDecorationLine,
        plain: getComputedStyle(el).fontWeight,
      }));
      expect(Number(look.bold)).toBeGreaterThanOrEqual(700);
      expect(Number(look.plain)).toBeLessThan(600);
      expect(look.italic).toBe('italic');
      expect(look.link).toContain('underline');
      // The page is titled by the text's first line, not by the raw HTML.
      expect(await page.getByTestId('broadcast-title').textContent()).toMatch(/^Важно! Старт перенесён на 11:00\. Возьмите паспорт.*…$/);
      // One failure: retry is offered; a draft... is not this one: it has deliveries but is a draft, so only edit/send.
      await screenshot(page, `broadcast-preview-${size.name}`);
      await page.context().close();
    });

    it(`delivery and notification lists: one line a row, excerpts and texts, a failures view, Russian words (${size.name})`, async () => {
      const page = await open(size);
      const rows = async () => {
        await page.locator('table tbody tr').first().waitFor();
        return page
          .locator('table tbody tr')
          .evaluateAll((trs) => trs.map((tr) => ({ height: tr.getBoundingClientRect().height, text: (tr as HTMLElement).innerText.replace(/\s+/g, ' ') })));
      };
      await page.goto(`${harness.baseUrl}/admin/resources/BroadcastDelivery`);
      let shown = await rows();
      await screenshot(page, `deliveries-${size.name}`);
      expect(shown).toHaveLength(5);
      for (const row of shown) {
        expect(row.height).toBeLessThanOrEqual(size.rowAtMost);
        expect(row.text).not.toContain('<b>');
      }
      if (size.name === 'desktop') {
        expect(shown.map((r) => r.text).join('\n')).toContain('7340001');
        expect(shown[0].text).toContain('Важно! Старт перенесён на 11:00.');
      }
      // Every row says whom and how (on a phone AdminJS shows the title column only: the name and the status).
      const failedRow = shown.find((r) => r.text.includes('Гость0'));
      expect(failedRow?.text).toContain('ошибка');
      let body = await page.evaluate(() => document.body.innerText);
      expect(body).not.toMatch(/Attempts|Next Attempt|Broadcast Id|User Id/);
      await screenshot(page, `deliveries-${size.name}`);

      // The failures, one tap away.
      await page.getByTestId('view-failed').click();
      await page.waitForURL(/filters\.status=failed/);
      await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
      shown = await rows();
      expect(shown).toHaveLength(1);
      await screenshot(page, `deliveries-failed-${size.name}`);
      await page.getByTestId('view-all').click();
      await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 5);

      // A delivery's page: Russian names of its fields.
      await page.goto(`${harness.baseUrl}/admin/resources/BroadcastDelivery/records/7340001/show`);
      await page.getByText('Bad Request: chat not found').first().waitFor();
      body = await page.evaluate(() => document.body.innerText);
      expect(body).toContain('Попыток');
      expect(body).not.toMatch(/Attempts|Next Attempt/);

      await page.goto(`${harness.baseUrl}/admin/resources/OutboxMessage`);
      shown = await rows();
      expect(shown).toHaveLength(2);
      for (const row of shown) expect(row.height).toBeLessThanOrEqual(size.rowAtMost);
      body = await page.evaluate(() => document.body.innerText);
      expect(body).not.toContain('notify.');
      if (size.name === 'desktop') {
        expect(body).toContain('Ваша заявка на «Весенний кубок» подтверждена. До встречи!');
        expect(body).toContain('9120001');
      }
      await screenshot(page, `notifications-${size.name}`);
      await page.getByTestId('view-failed').click();
      await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
      if (size.name === 'desktop') expect(await page.locator('table tbody tr').innerText()).toContain('отклонена');
      await page.context().close();
    });
  }

  it('the audit says what was done to a broadcast in words', async () => {
    const page = await open(SIZES[0]);
    await page.goto(`${harness.baseUrl}/admin/resources/AdminAudit`);
    await page
      .getByText(/запланировал\(а\) рассылку «Напоминание о старте» — время отправки: — → \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/)
      .first()
      .waitFor();
    await page
      .getByText(/снял\(а\) с расписания рассылку «Напоминание о старте»/)
      .first()
      .waitFor();
    const body = await page.evaluate(() => document.body.innerText);
    expect(body).not.toMatch(/broadcast\.|scheduledAt|\bdraft\b|\bstate\b/);
    await screenshot(page, 'audit-broadcasts');
    await page.context().close();
    expect(competitionId).toBeGreaterThan(0);
  });
});
