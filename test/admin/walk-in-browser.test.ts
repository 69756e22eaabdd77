import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, userActor, registerForCompetition } from '../../domain/index.js';
import { BOT_INFO } from '../../devkit/fake-bot-api.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { Registration, User } from '../../entities/index.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { launchBrowser, login, screenshot, startAdminService } from './browser.js';

// CommonJS, read as test/admin/checkin-browser.test.ts reads them (pngjs comes with qrcode, without types).
const require = createRequire(import.meta.url);
const jsQR = require('jsqr') as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const { PNG } = require('pngjs') as { PNG: { sync: { read(data: Buffer): { width: number; height: number; data: Buffer } } } };

const ORGANIZER = { email: 'walk-in-browser@example.org', password: 'organizer-pass-1' };
const SIZES = [
  { name: 'desktop', viewport: { width: 1400, height: 900 }, touch: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, touch: true },
];

/** What a phone camera would read: the element as pixels, decoded. */
async function decodeQr(element: Locator): Promise<string | null> {
  const png = PNG.sync.read(await element.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/** No sideways scrolling: the page fits its viewport's width. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe(`an organizer adds a walk-in, prints the ticket, the door list and the poster, and reads a person's history (${TEST_DB})`, { timeout: 240_000 }, () => {
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

  for (const size of SIZES) {
    it(`the form shows a bad phone on its field, then adds the person; the ticket prints with a big QR code that reads back (${size.name})`, async () => {
      const db = harness.service.db;
      const competition = await makeCompetition(db, {
        title: `Кубок у двери ${size.name}`,
        location: 'Спортзал №2, ул. Ленина, 5',
        startsAt: new Date('2031-03-20T08:00:00Z'),
        requiresApproval: true,
      });
      const rest = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
      const page = await open(size);

      await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competition.id}/show`);
      await page
        .getByRole('link', { name: 'Добавить участника' })
        .or(page.getByRole('button', { name: 'Добавить участника' }))
        .first()
        .click();
      const form = page.getByTestId('walk-in-form');
      await form.waitFor();
      await page.fill('#walk-in-fullName', 'Мария Иванова');
      await page.fill('#walk-in-phone', '12-34');
      await page.getByTestId('walk-in-submit').click();
      const phoneError = page.getByTestId('error-phone');
      await phoneError.waitFor();
      expect(await phoneError.textContent()).toContain('Не похоже на номер телефона');
      expect(await page.inputValue('#walk-in-fullName')).toBe('Мария Иванова');
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `walk-in-phone-error-${size.name}`);
      expect(await db.manager.countBy(Registration, { competitionId: competition.id })).toBe(0);

      await page.fill('#walk-in-phone', `8 (912) ${rest.slice(0, 3)}-${rest.slice(3, 5)}-${rest.slice(5)}`);
      await page.getByTestId('walk-in-submit').click();
      await page.waitForURL(/\/admin\/resources\/Registration\/records\/\d+\/show/);
      await page.getByText('Добавлено: Мария Иванова — подтверждена').first().waitFor();
      const registration = await db.manager.findOneByOrFail(Registration, { competitionId: competition.id });
      const user = await db.manager.findOneByOrFail(User, { id: registration.userId });
      expect(user).toMatchObject({ telegramId: null, phone: `+7912${rest}` });

      // The ticket, from the registration's page.
      await page.getByTestId('ticketLink').click();
      await page.waitForURL(`**/admin/print/registrations/${registration.id}/ticket`);
      const code = (await page.getByTestId('ticket-code').textContent())!.trim();
      expect(code).toMatch(/^[A-Z2-7]+-[A-Z2-7]{8}-[A-Z2-7]{16}$/);
      expect(await page.getByTestId('ticket-name').textContent()).toBe('Мария Иванова');
      const ticket = page.getByTestId('ticket');
      for (const text of [`Кубок у двери ${size.name}`, '20.03.2031, 11:00', 'Спортзал №2, ул. Ленина, 5']) expect(await ticket.textContent()).toContain(text);
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `walk-in-ticket-${size.name}`);

      await page.emulateMedia({ media: 'print' });
      expect(await page.getByTestId('print-button').isVisible()).toBe(false);
      const qr = page.getByTestId('ticket-qr');
      const box = (await qr.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(size.touch ? 300 : 380);
      expect(await decodeQr(qr)).toBe(code);
      await screenshot(page, `walk-in-ticket-print-${size.name}`);
      await page.context().close();
    });
  }

  for (const size of SIZES) {
    it(`the door list prints number, name, phone as read, role, status and an empty box; the poster prints the link's big QR code (${size.name})`, async () => {
      const db = harness.service.db;
      const competition = await makeCompetition(db, { title: `Список ${size.name}`, location: 'Зал 1', startsAt: new Date('2031-04-01T07:00:00Z') });
      const rest = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
      const anna = await makeUser(db, { fullName: 'Анна Смирнова', phone: `+7912${rest}` });
      const boris = await makeUser(db, { fullName: 'Борис Орлов', phone: null });
      const gone = await makeUser(db, { fullName: 'Вера Отменова' });
      for (const [u, role, status] of [
        [anna, 'participant', 'approved'],
        [boris, 'voter', 'pending'],
        [gone, 'participant', 'cancelled'],
      ] as const) {
        await db.write((m) => m.insert(Registration, { userId: u.id, competitionId: competition.id, role, status }));
      }
      const page = await open(size);
      await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competition.id}/show`);
      await page.getByTestId('listLink').click();
      await page.waitForURL(`**/admin/print/competitions/${competition.id}/list`);
      const rows = page.getByTestId('list-row');
      expect(await rows.count()).toBe(2);
      const first = (await rows.nth(0).locator('td').allTextContents()).map((t) => t.trim());
      expect(first).toEqual(['1', 'Анна Смирнова', `+7 912 ${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`, 'участник', 'подтверждена', '']);
      expect((await rows.nth(1).locator('td').allTextContents()).map((t) => t.trim())).toEqual(['2', 'Борис Орлов', '', 'голосующий', 'на рассмотрении', '']);
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByTestId('print-back').isVisible()).toBe(false);
      const tick = (await rows.nth(0).locator('td.box span').boundingBox())!;
      expect(tick.width).toBeGreaterThanOrEqual(16);
      await screenshot(page, `walk-in-list-print-${size.name}`);
      await page.emulateMedia({ media: 'screen' });
      expect(await fitsWidth(page)).toBe(true);

      // "Распечатать QR-код" opens the poster, not the browser's print of the whole admin page.
      await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competition.id}/show`);
      await page.getByTestId('print-qr').click();
      await page.waitForURL(`**/admin/print/competitions/${competition.id}/poster`);
      const poster = page.getByTestId('poster');
      for (const text of [`Список ${size.name}`, '01.04.2031, 10:00', 'Зал 1']) expect(await poster.textContent()).toContain(text);
      const link = `https://t.me/${BOT_INFO.username}?start=c_${competition.id}`;
      expect(await page.getByTestId('poster-link').textContent()).toBe(link);
      await page.emulateMedia({ media: 'print' });
      const qr = page.getByTestId('poster-qr');
      expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(size.touch ? 340 : 500);
      expect(await decodeQr(qr)).toBe(link);
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `walk-in-poster-print-${size.name}`);
      await page.context().close();
    });
  }

  for (const size of SIZES) {
    it(`a person's page lists all their registrations with links (${size.name})`, async () => {
      const db = harness.service.db;
      const person = await makeUser(db, { fullName: `Глеб История ${size.name}` });
      const spring = await makeCompetition(db, { title: `Весна ${size.name}`, startsAt: new Date('2031-03-01T07:00:00Z') });
      const autumn = await makeCompetition(db, { title: `Осень ${size.name}`, startsAt: new Date('2031-10-01T07:00:00Z'), requiresApproval: true });
      const a = await registerForCompetition(db, userActor(person.id), { userId: person.id, competitionId: spring.id, role: 'participant', consentGiven: true });
      const b = await registerForCompetition(db, userActor(person.id), { userId: person.id, competitionId: autumn.id, role: 'voter', consentGiven: true });
      const page = await open(size);
      await page.goto(`${harness.baseUrl}/admin/resources/User/records/${person.id}/show`);
      const rows = page.getByTestId('person-registration');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(2);
      // The latest competition first, each with its role and status.
      expect(await rows.nth(0).textContent()).toContain(`Осень ${size.name}`);
      expect(await rows.nth(0).textContent()).toContain('голосующий');
      expect(await rows.nth(0).textContent()).toContain('на рассмотрении');
      expect(await rows.nth(1).textContent()).toContain('подтверждена');
      expect(await rows.nth(0).getByTestId('person-registration-link').getAttribute('href')).toBe(`/admin/resources/Registration/records/${b.registration.id}/show`);
      await rows.first().scrollIntoViewIfNeeded();
      await screenshot(page, `walk-in-person-history-${size.name}`);
      await rows.nth(1).getByTestId('person-registration-link').click();
      await page.waitForURL(`**/admin/resources/Registration/records/${a.registration.id}/show`);
      await page.context().close();
    });
  }
});
