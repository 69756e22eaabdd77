import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, userActor } from '../../domain/actor.js';
import { registerForCompetition } from '../../domain/registrations.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { Answer, Question, QUESTION_KINDS } from '../../entities/index.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { launchBrowser, login, screenshot, startAdminService } from './browser.js';

const ORGANIZER = { email: 'questions-browser@example.org', password: 'organizer-pass-1' };
const SIZES = [
  { name: 'desktop', viewport: { width: 1400, height: 900 }, touch: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, touch: true },
];

/** No sideways scrolling: the page fits its viewport's width. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

/** What the form gets for one question: pickers by their shown text, fields by name. */
interface Definition {
  kind: string;
  role?: string;
  titleRu: string;
  titleEn?: string;
  required?: boolean;
  listColumn?: boolean;
  fields?: Record<string, string>;
  combine?: string;
  /** A first try that the form refuses: the field, its bad value and the message shown under it. */
  refused?: { field: string; value: string; message: string };
}

describe(`an organizer defines a competition's questions in the admin (${TEST_DB})`, { timeout: 420_000 }, () => {
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

  async function open(size: (typeof SIZES)[number]): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await login(page, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
    return page;
  }

  async function pick(page: Page, field: string, text: string): Promise<void> {
    await page.getByTestId(`property-edit-${field}`).locator('input[id^="react-select"]').click();
    await page
      .locator('[id^="react-select"][id*="-option-"]')
      .filter({ hasText: new RegExp(`^${text.replace(/[()]/g, '\\$&')}$`) })
      .first()
      .click();
  }

  async function fill(page: Page, field: string, value: string): Promise<void> {
    const input = page.locator(`[name="${field}"]`).first();
    await input.fill(value);
    // AdminJS's text field takes its value on leaving it.
    await input.press('Tab');
  }

  /** Fills the question form (opened with its competition), saves it, and answers the new question's id. */
  async function define(page: Page, q: Definition): Promise<number> {
    await page.getByTestId('property-edit-kind').waitFor();
    await pick(page, 'role', q.role ?? 'участник');
    await pick(page, 'kind', q.kind);
    await fill(page, 'titleRu', q.titleRu);
    await fill(page, 'titleEn', q.titleEn ?? '');
    if (q.required) await page.getByTestId('property-edit-required').locator('label').first().click();
    if (q.listColumn) await page.getByTestId('property-edit-listColumn').locator('label').first().click();
    if (q.combine) await pick(page, 'combine', q.combine);
    const save = () => page.getByRole('button', { name: 'Сохранить' }).click();
    if (q.refused) {
      for (const [field, value] of Object.entries(q.fields ?? {})) await fill(page, field, value);
      await fill(page, q.refused.field, q.refused.value);
      await save();
      const under = page.getByTestId(`property-edit-${q.refused.field}`);
      await under.getByText(q.refused.message).waitFor();
      await screenshot(page, `questions-refused-${q.refused.field}-${page.viewportSize()?.width}`);
      expect(page.url()).toContain('/actions/new');
    }
    for (const [field, value] of Object.entries(q.fields ?? {})) await fill(page, field, value);
    await save();
    await page.waitForURL(/\/admin\/resources\/Question\/records\/\d+\/show/);
    return Number(/records\/(\d+)\/show/.exec(page.url())![1]);
  }

  for (const size of SIZES) {
    it(`one question of every kind with options, a limit, rules and conditions; errors under their fields; reorder; delete with answers after the count (${size.name})`, async () => {
      const { db } = harness.service;
      const competition = await makeCompetition(db, { title: `Анкета ${size.name}`, registrationOpen: true, startsAt: new Date(Date.now() + 30 * 86_400_000) });
      const page = await open(size);
      await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competition.id}/show`);
      await page.getByTestId('competition-questions').getByText('Своих вопросов пока нет').waitFor();
      await page.getByTestId('add-question').click();
      await page.waitForURL(/\/admin\/resources\/Question\/actions\/new\?competitionId=/);
      const newForm = () => page.goto(`${harness.baseUrl}/admin/resources/Question/actions/new?competitionId=${competition.id}`);

      const ids: Record<string, number> = {};
      ids.text = await define(page, {
        kind: 'короткий текст',
        titleRu: 'Номер студенческого',
        titleEn: 'Student id',
        required: true,
        fields: { pattern: '^[0-9]{9}$', patternMessageRu: 'Девять цифр', minLength: '9', maxLength: '9' },
        refused: { field: 'pattern', value: '([0-9', message: 'Регулярное выражение не читается' },
      });
      await newForm();
      ids.number = await define(page, {
        kind: 'число',
        titleRu: 'Возраст',
        listColumn: true,
        fields: { min: '10', max: '99' },
        refused: { field: 'max', value: '5', message: 'Минимум больше максимума' },
      });
      await newForm();
      ids.yes_no = await define(page, { kind: 'да или нет', titleRu: 'Участвовали раньше?', role: 'участники и голосующие' });
      await newForm();
      ids.choice = await define(page, {
        kind: 'один из списка',
        titleRu: 'Категория',
        listColumn: true,
        fields: { options: 'u18 | До 18 лет | Under 18 | 2\nu21 | До 21 года | Under 21' },
      });
      // Its page shows what its kind uses: the options, no pattern or file size.
      await page.getByTestId('show-options').getByText('u21 | До 21 года | Under 21').waitFor();
      expect(await page.getByTestId('show-pattern').count()).toBe(0);
      await newForm();
      ids.multi_choice = await define(page, {
        kind: 'несколько из списка',
        titleRu: 'Языки',
        fields: { options: 'py | Питон\njs | Джаваскрипт\ngo | Го', min: '1', max: '2', showIf: `${ids.choice}: u18` },
      });
      await newForm();
      ids.long_text = await define(page, { kind: 'длинный текст', titleRu: 'О себе', fields: { maxLength: '500', showIf: `${ids.yes_no}: да` } });
      await newForm();
      ids.date = await define(page, { kind: 'дата', titleRu: 'Дата рождения', fields: { min: '01.01.2000', max: '31.12.2015' } });
      await newForm();
      ids.time = await define(page, { kind: 'время', titleRu: 'Удобное время' });
      await newForm();
      ids.datetime = await define(page, { kind: 'дата и время', titleRu: 'Когда приедете' });
      await newForm();
      ids.email = await define(page, {
        kind: 'электронная почта',
        titleRu: 'Почта',
        combine: 'любое из условий',
        fields: { showIf: `${ids.number}: 12..18\n${ids.choice}: u21` },
      });
      await newForm();
      ids.phone = await define(page, { kind: 'телефон', titleRu: 'Телефон родителя', role: 'голосующий' });
      await newForm();
      ids.country = await define(page, { kind: 'страна', titleRu: 'Страна' });
      await newForm();
      ids.file = await define(page, {
        kind: 'файл (документ или фото)',
        titleRu: 'Портфолио',
        fields: { fileTypes: 'фото, .pdf', maxFileMb: '10' },
        refused: { field: 'maxFileMb', value: '25', message: 'Размер файла — от 1 до 20 МБ' },
      });
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `questions-file-${size.name}`);

      // What the domain holds: one of every kind, in the order defined, with their options, rules and conditions.
      const stored = await db.manager.find(Question, { where: { competitionId: competition.id }, order: { position: 'ASC' } });
      expect(stored.map((q) => q.kind).sort()).toEqual([...QUESTION_KINDS].sort());
      const byKind = Object.fromEntries(stored.map((q) => [q.kind, q]));
      expect(byKind.text).toMatchObject({ required: true, titleEn: 'Student id', rules: { pattern: '^[0-9]{9}$', patternMessage_ru: 'Девять цифр', minLength: 9, maxLength: 9 } });
      expect(byKind.number).toMatchObject({ listColumn: true, rules: { min: 10, max: 99 } });
      expect(byKind.yes_no.role).toBeNull();
      expect(byKind.phone.role).toBe('voter');
      expect(byKind.choice.options).toEqual([
        { value: 'u18', label_ru: 'До 18 лет', label_en: 'Under 18', limit: 2 },
        { value: 'u21', label_ru: 'До 21 года', label_en: 'Under 21', limit: null },
      ]);
      expect(byKind.multi_choice).toMatchObject({ rules: { min: 1, max: 2 }, showIf: { combine: 'all', conditions: [{ questionId: ids.choice, values: ['u18'] }] } });
      expect(byKind.long_text.showIf).toEqual({ combine: 'all', conditions: [{ questionId: ids.yes_no, values: ['yes'] }] });
      expect(byKind.date.rules).toEqual({ min: '2000-01-01', max: '2015-12-31' });
      expect(byKind.email.showIf).toEqual({
        combine: 'any',
        conditions: [
          { questionId: ids.number, min: 12, max: 18 },
          { questionId: ids.choice, values: ['u21'] },
        ],
      });
      expect(byKind.file.rules).toEqual({ fileTypes: ['photo', '.pdf'], maxFileMb: 10 });

      // The competition's page lists them in order; ↓ on the first moves it below the second.
      await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competition.id}/show`);
      const items = page.getByTestId('questions-list').locator('li');
      await items.nth(12).waitFor();
      expect(await items.nth(0).textContent()).toContain('Номер студенческого');
      await items.nth(0).getByTestId('question-down').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="questions-list"] li')?.textContent?.includes('Возраст'));
      expect(await items.nth(1).textContent()).toContain('Номер студенческого');
      const order = (await db.manager.find(Question, { where: { competitionId: competition.id }, order: { position: 'ASC', id: 'ASC' } })).map((q) => q.id);
      expect(order.slice(0, 2)).toEqual([ids.number, ids.text]);
      // ↑ on a question whose condition would then point below it is refused in words.
      await items.nth(4).getByTestId('question-up').click();
      await page.getByTestId('questions-error').getByText('Условие может ссылаться только на вопрос выше').waitFor();
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `questions-competition-${size.name}`);

      // Two people answered the country question: deleting it says so first.
      const registrations: number[] = [];
      for (const [i, country] of ['KZ', 'RU'].entries()) {
        const user = await makeUser(db, { fullName: `Отвечавший ${i} ${size.name}` });
        const { registration } = await registerForCompetition(db, userActor(user.id), {
          userId: user.id,
          competitionId: competition.id,
          role: 'participant',
          consentGiven: true,
          lang: 'ru',
          answers: { [ids.text]: '123456789', [ids.country]: country, [ids.choice]: 'u18', [ids.number]: String(15 + i) },
        });
        registrations.push(registration.id);
      }
      // The answers on the registration's page, and the list columns of the competition's list (a laptop shows them).
      await page.goto(`${harness.baseUrl}/admin/resources/Registration/records/${registrations[0]}/show`);
      const answers = page.getByTestId('answers');
      await answers.getByText('Номер студенческого').waitFor();
      for (const text of ['123456789', 'Казахстан', 'До 18 лет', '15']) await answers.getByText(text, { exact: true }).waitFor();
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `questions-answers-${size.name}`);
      if (!size.touch) {
        await page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.competitionId=${competition.id}&filters.answer=${ids.number}:16..20`);
        await page.locator('thead').getByText('Категория').waitFor();
        await page.locator('thead').getByText('Возраст').waitFor();
        await page.locator('tbody tr').first().waitFor();
        expect(await page.locator('tbody tr').count()).toBe(1);
        expect(await page.locator('tbody tr').first().textContent()).toContain('16');
        expect(await fitsWidth(page)).toBe(true);
        await screenshot(page, `questions-list-columns-${size.name}`);
        // The filter drawer offers the competition's choice questions: "До 18 лет" keeps both (each answered u18).
        await page.goto(`${harness.baseUrl}/admin/resources/Registration?filters.competitionId=${competition.id}`);
        await page.locator('[data-css$="filter-button"], a:has-text("Фильтр"), button:has-text("Фильтр")').first().click();
        const choice = page.getByTestId(`answer-filter-${ids.choice}`);
        await choice.locator('input[id^="react-select"]').click();
        await page
          .locator('[id^="react-select"][id*="-option-"]')
          .filter({ hasText: /^До 18 лет$/ })
          .first()
          .click();
        await page.getByRole('button', { name: 'Применить' }).click();
        await page.waitForURL((url) => url.searchParams.get('filters.answer') === `${ids.choice}=u18`);
        await page.locator('tbody tr').nth(1).waitFor();
        expect(await page.locator('tbody tr').count()).toBe(2);
        await screenshot(page, `questions-answer-filter-${size.name}`);
      }
      // The dashboard's card counts the options: both chose "До 18 лет", which had two places.
      await page.goto(`${harness.baseUrl}/admin`);
      const u18 = page.getByTestId(`option-${ids.choice}-u18`);
      await u18.waitFor();
      expect(await u18.textContent()).toBe('До 18 лет: 2 · осталось мест: 0 из 2');
      expect(await page.getByTestId(`option-${ids.choice}-u21`).textContent()).toBe('До 21 года: 0');
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `questions-dashboard-${size.name}`);

      await page.goto(`${harness.baseUrl}/admin/resources/Question/records/${ids.country}/delete`);
      const dialog = page.getByTestId('confirm-action');
      await dialog.getByText('Удалить вопрос «Страна»?').waitFor();
      await dialog.getByText('Ответов на него: 2').waitFor();
      expect(await db.manager.countBy(Question, { id: ids.country })).toBe(1);
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `questions-delete-${size.name}`);
      await page.getByTestId('confirm-action-submit').click();
      await page.waitForURL(/\/admin\/resources\/Question(\?|$)/);
      expect(await db.manager.countBy(Question, { id: ids.country })).toBe(0);
      expect(await db.manager.countBy(Answer, { questionId: ids.country })).toBe(0);
      expect(await db.manager.countBy(Answer, { questionId: ids.text })).toBe(2);
      await page.context().close();
    });
  }
});
