import { describe, expect, it } from 'vitest';
import { userActor } from '../../domain/actor.js';
import { registerForCompetition } from '../../domain/registrations.js';
import { Competition, Registration, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { screenshot, useOrganizerPage } from './browser.js';

const ORGANIZER = { email: 'rows-org@example.org', password: 'organizer-pass-1' };

/**
 * A list row's "…" menu (issue 23): it opens the menu, not the person's page, and an action chosen there
 * comes back to the list as it was — its filters and its search — refreshed.
 */
describe(`a list row's "…" actions (${TEST_DB})`, { timeout: 120_000 }, () => {
  const admin = useOrganizerPage(ORGANIZER);

  it('approves from the menu and returns to the filtered, searched list', async () => {
    const { harness, page } = admin;
    const db = harness.service.db;
    const competition = await db.write((m) =>
      m.save(m.create(Competition, { title: 'Меню-2030', startsAt: new Date('2030-06-01T09:00:00Z'), requiresApproval: true, registrationOpen: true })),
    );
    const ids: number[] = [];
    for (const [i, fullName] of ['Меню Мария', 'Меню Максим', 'Другая Дарья'].entries()) {
      await db.write((m) => m.insert(User, { telegramId: 7_730_001 + i, firstName: fullName.split(' ')[1], fullName, phone: `+7900333000${i}`, languageCode: 'ru' }));
      const user = await db.manager.findOneByOrFail(User, { telegramId: 7_730_001 + i });
      ids.push((await registerForCompetition(db, userActor(user.id), { userId: user.id, competitionId: competition.id, role: 'participant', consentGiven: true })).registration.id);
    }
    const list = `/admin/resources/Registration?filters.competitionId=${competition.id}&filters.status=pending&filters.search=${encodeURIComponent('Меню')}`;
    await page.goto(`${harness.baseUrl}${list}`);
    const row = page.locator(`tr[data-id="${ids[1]}"]`);
    await row.getByText('Меню Максим').first().waitFor();
    expect(await page.locator('tr[data-id]').count()).toBe(2);

    // The "…" opens its menu; the page stays the list.
    await row.getByTestId('actions-dropdown').click();
    const approve = page.getByText('Подтвердить', { exact: true }).locator('visible=true').first();
    await approve.waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/resources/Registration');
    await screenshot(page, 'row-menu');
    await approve.click();
    await page.getByTestId('confirm-action-submit').click();

    // Back on the same list: the filters and the search kept, Максим gone from "pending", Мария still there.
    await page.waitForURL((url) => url.pathname === '/admin/resources/Registration' && url.searchParams.get('filters.search') === 'Меню');
    const url = new URL(page.url());
    expect(url.searchParams.get('filters.competitionId')).toBe(String(competition.id));
    expect(url.searchParams.get('filters.status')).toBe('pending');
    await expect.poll(() => page.locator('tr[data-id]').count()).toBe(1);
    expect((await db.manager.findOneByOrFail(Registration, { id: ids[1] })).status).toBe('approved');
  });
});
