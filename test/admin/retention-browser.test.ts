import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition } from '../domain/fixtures.js';
import { launchBrowser, login, screenshot, startAdminService } from './browser.js';

const SIZES = [
  { name: 'desktop', viewport: { width: 1400, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

/** What an organizer sees of retention: the date on the competition's page and on the dashboard, at both sizes. */
describe(`the purge date in the admin (${TEST_DB})`, { timeout: 180_000 }, () => {
  let harness: TestService;
  let browser: Browser;

  beforeAll(async () => {
    harness = await startAdminService();
    await createAdminUser(harness.service.db, SYSTEM, { email: 'retention-view@example.org', password: 'organizer-password-1', role: 'organizer' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  for (const size of SIZES) {
    it(`shows when the personal data goes, on the page and the dashboard (${size.name})`, async () => {
      const starts = new Date(Date.UTC(2031, 4, 10, 9, 0));
      const competition = await makeCompetition(harness.service.db, {
        title: `Кубок даты ${size.name}`,
        startsAt: starts,
        endsAt: new Date(starts.getTime() + 8 * 3_600_000),
        retentionDays: 14,
      });
      const context = await browser.newContext({ locale: 'ru-RU', viewport: size.viewport, isMobile: size.name === 'phone', hasTouch: size.name === 'phone' });
      const page = await context.newPage();
      await login(page, harness.baseUrl, 'retention-view@example.org', 'organizer-password-1');
      await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competition.id}/show`);
      const field = page.locator('[data-testid="property-show-purgesAt"]');
      await expect.poll(() => field.textContent(), { timeout: 15_000 }).toContain('24.05.2031 20:00');
      expect(await field.textContent()).toContain('Персональные данные будут удалены');
      await screenshot(page, `retention-page-${size.name}`);
      await page.goto(`${harness.baseUrl}/admin`);
      const line = page.locator(`[data-testid="dashboard-competition-${competition.id}"] [data-testid="purges-at"]`);
      await expect.poll(() => line.textContent(), { timeout: 15_000 }).toBe('Персональные данные будут удалены 24.05.2031 20:00');
      const box = await line.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(size.viewport.width); // fits the phone's width
      await screenshot(page, `retention-dashboard-${size.name}`);
      await context.close();
    });
  }
});
