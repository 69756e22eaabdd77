import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, adminActor, userActor } from '../../domain/actor.js';
import { createCompetition } from '../../domain/competitions.js';
import { rejectRegistration, registerForCompetition } from '../../domain/registrations.js';
import { createTimeSlot } from '../../domain/slots.js';
import { createQuestion } from '../../domain/questions.js';
import { AdminUser, Broadcast, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { TRANSLATIONS } from '../../admin/locale.js';
import { en } from '../../i18n/en.js';
import { ru } from '../../i18n/ru.js';
import { launchBrowser, login, screenshot, startAdminService } from './browser.js';

/**
 * Every visible string in the organizer's language, AdminJS's own included: the main pages are walked in
 * Russian and in English, and no line of visible text (nor a field's placeholder) may be a text of the
 * other language's catalogue. The data is in Latin letters, so an English page must hold no Cyrillic at all.
 */
const ORGANIZER = { email: 'org-lang@example.org', password: 'organizer-pass-1' };

/** Every string of a nested catalogue. */
function strings(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value.trim());
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

const adminjsEnglish = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../node_modules/adminjs/lib/locale/en/translation.json'), 'utf8'));
const RUSSIAN = strings([TRANSLATIONS.ru, ru]);
/** English texts that are not also Russian ones (E-mail, Telegram ID, Username are both). */
const ENGLISH = new Set(
  [...strings([TRANSLATIONS.en, en, adminjsEnglish]), 'Select...', 'No options', 'Loading...', 'Yes', 'No'].filter(
    (s) => /[A-Za-z]{2}/.test(s) && !RUSSIAN.has(s) && !s.includes('{'),
  ),
);

/**
 * Words in Latin letters on a Russian page that are neither this test's data nor names everyone writes so:
 * "(Europe/Moscow)", "checkin", "broadcast.scheduled" would be found here.
 */
const LATIN_ALLOWED = new Set([
  'Spring',
  'Cup',
  'Anna',
  'Smith',
  'Boris',
  'Jones',
  'Clara',
  'Brown',
  'Late',
  'Start',
  'Maria',
  'Size',
  'Telegram',
  'English',
  'CSV',
  'Excel',
  'QR',
  'ID',
  'org',
  'lang',
  'example',
  'https',
  'www',
  'me',
  'start',
  'mail',
]);
function latinWords(line: string): string[] {
  // Addresses, and "@username" as the thing one types.
  const withoutAddresses = line.replace(/\S+@\S+|https?:\/\/\S+|t\.me\/\S+|@username/g, '');
  return (withoutAddresses.match(/[A-Za-z]{3,}/g) ?? []).filter((word) => !LATIN_ALLOWED.has(word));
}

describe(`the admin speaks one language at a time (${TEST_DB})`, { timeout: 180_000 }, () => {
  let harness: TestService;
  let browser: Browser;
  const pages: Array<{ name: string; path: string; open?: (page: Page) => Promise<void> }> = [];

  beforeAll(async () => {
    harness = await startAdminService();
    const { db } = harness.service;
    await createAdminUser(db, SYSTEM, { ...ORGANIZER, role: 'organizer', displayName: 'Maria' });
    const organizer = await db.manager.findOneByOrFail(AdminUser, { email: ORGANIZER.email });
    const actor = adminActor(organizer.id);
    const competition = await createCompetition(db, actor, {
      title: 'Spring Cup',
      registrationOpen: true,
      maxParticipants: 1,
      requiresApproval: true,
      startsAt: new Date('2030-05-01T07:00:00Z'),
    });
    await createTimeSlot(db, actor, { competitionId: competition.id, startsAt: new Date('2030-05-01T09:00:00Z'), endsAt: new Date('2030-05-01T10:00:00Z'), capacity: 3 });
    // A question of its own (issue 25): its page, form, list and deletion, and the answers on the registration's page.
    const question = await createQuestion(db, actor, {
      competitionId: competition.id,
      role: null,
      kind: 'choice',
      titleRu: 'Size',
      titleEn: 'Size',
      required: false,
      listColumn: true,
      options: [
        { value: 's', label_ru: 'S', label_en: 'S', limit: 5 },
        { value: 'm', label_ru: 'M', label_en: 'M' },
      ],
    });
    const ids: number[] = [];
    for (const [i, fullName] of ['Anna Smith', 'Boris Jones', 'Clara Brown'].entries()) {
      await db.write((m) => m.insert(User, { telegramId: 8_800_000 + i, firstName: fullName.split(' ')[0], fullName, phone: `+1555000000${i}`, languageCode: 'en' }));
      const user = await db.manager.findOneByOrFail(User, { fullName });
      const { registration } = await registerForCompetition(db, userActor(user.id), {
        userId: user.id,
        competitionId: competition.id,
        role: 'participant',
        consentGiven: true,
        joinWaitlist: true,
        ...(i === 0 ? { answers: { [question.id]: 's' } } : {}),
      });
      ids.push(registration.id);
    }
    await rejectRegistration(db, actor, ids[2], 'Late');
    await db.write((m) =>
      m.insert(Broadcast, { text: 'Start at 11:00', competitionId: competition.id, state: 'draft', totalCount: 0, sentCount: 0, failedCount: 0, blockedCount: 0 }),
    );
    const anna = await db.manager.findOneByOrFail(User, { fullName: 'Anna Smith' });
    const list = `/admin/resources/Registration?filters.competitionId=${competition.id}`;
    pages.push(
      { name: 'dashboard', path: '/admin' },
      { name: 'registrations', path: list },
      {
        name: 'registrations-filter',
        path: list,
        open: async (page) => {
          await page.locator('[data-css$="filter-button"], a:has-text("Фильтр"), a:has-text("Filter"), button:has-text("Фильтр"), button:has-text("Filter")').first().click();
          await page.waitForTimeout(500);
        },
      },
      { name: 'waiting-list', path: `${list}&filters.status=waitlisted&filters.role=participant&sortBy=createdAt&direction=asc` },
      { name: 'registration', path: `/admin/resources/Registration/records/${ids[0]}/show` },
      { name: 'reject-dialog', path: `/admin/resources/Registration/records/${ids[0]}/reject` },
      { name: 'competitions', path: '/admin/resources/Competition' },
      { name: 'competition', path: `/admin/resources/Competition/records/${competition.id}/show` },
      { name: 'competition-new', path: '/admin/resources/Competition/actions/new' },
      { name: 'competition-edit', path: `/admin/resources/Competition/records/${competition.id}/edit` },
      { name: 'competition-delete', path: `/admin/resources/Competition/records/${competition.id}/delete` },
      { name: 'user', path: `/admin/resources/User/records/${anna.id}/show` },
      { name: 'slots', path: '/admin/resources/TimeSlot' },
      // Forms with pickers (a competition, a role, a status): their placeholder is AdminJS's "Select..." unless ours.
      { name: 'slot-new', path: '/admin/resources/TimeSlot/actions/new' },
      { name: 'broadcast-new', path: '/admin/resources/Broadcast/actions/new' },
      { name: 'users', path: '/admin/resources/User' },
      { name: 'broadcasts', path: '/admin/resources/Broadcast' },
      { name: 'audit', path: '/admin/resources/AdminAudit' },
      { name: 'questions', path: '/admin/resources/Question' },
      { name: 'question', path: `/admin/resources/Question/records/${question.id}/show` },
      { name: 'question-new', path: `/admin/resources/Question/actions/new?competitionId=${competition.id}` },
      { name: 'question-edit', path: `/admin/resources/Question/records/${question.id}/edit` },
      { name: 'question-delete', path: `/admin/resources/Question/records/${question.id}/delete` },
    );
    // The broadcast's own page and the message lists (issue 23: "Attempts", `notify.*` keys, audit words).
    const broadcast = await db.manager.findOneByOrFail(Broadcast, { text: 'Start at 11:00' });
    pages.push(
      { name: 'broadcast-progress', path: `/admin/resources/Broadcast/records/${broadcast.id}/progress` },
      { name: 'broadcast-show', path: `/admin/resources/Broadcast/records/${broadcast.id}/show` },
      { name: 'deliveries', path: '/admin/resources/BroadcastDelivery' },
      { name: 'notifications', path: '/admin/resources/OutboxMessage' },
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  /** The visible lines of the page and its fields' placeholders. */
  async function visibleText(page: Page): Promise<string[]> {
    return page.evaluate(() =>
      [
        ...document.body.innerText.split('\n'),
        ...Array.from(document.querySelectorAll('input[placeholder], textarea[placeholder]')).map((el) => (el as HTMLInputElement).placeholder),
      ]
        .map((line) => line.trim())
        .filter(Boolean),
    );
  }

  for (const locale of ['ru-RU', 'en-US'] as const) {
    it(`shows the main pages in ${locale} only`, async () => {
      const context = await browser.newContext({ locale, viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await login(page, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
      const wrong: string[] = [];
      for (const target of pages) {
        await page.goto(`${harness.baseUrl}${target.path}`);
        await page.waitForLoadState('networkidle');
        await page.locator('section, [data-testid="dashboard"], table, [data-testid="confirm-action"], form').first().waitFor();
        await page.waitForTimeout(300);
        await target.open?.(page);
        await screenshot(page, `language-${locale}-${target.name}`);
        for (const line of await visibleText(page)) {
          const foreign = locale === 'en-US' ? /[А-Яа-яЁё]/.test(line) && line !== 'Русский' : ENGLISH.has(line) || latinWords(line).length > 0;
          if (foreign) wrong.push(`${target.name}: ${line}`);
        }
      }
      await context.close();
      expect(wrong).toEqual([]);
    });
  }
});
