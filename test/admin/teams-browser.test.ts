import { describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/actor.js';
import { TEST_DB } from '../../devkit/database.js';
import { Competition, Registration, Team } from '../../entities/index.js';
import { makeCompetition } from '../domain/fixtures.js';
import { fitsWidth, openAt, screenshot, SIZES, submitLogin, useOrganizerBrowser } from './browser.js';
import { makeTeam } from './team-fixture.js';

const ORGANIZER = { email: 'teams-browser@example.org', password: 'organizer-pass-1' };
describe(`an organizer works with teams in the admin, in Chromium at both sizes (${TEST_DB})`, { timeout: 420_000 }, () => {
  const ctx = useOrganizerBrowser(ORGANIZER);

  const open = (size: (typeof SIZES)[number]) => openAt(ctx.browser, ctx.harness.baseUrl, size, ORGANIZER);

  /** A team competition (approval needed, 3 to 4 members) with a team question, a captain and two members. */
  async function teamCompetition(suffix: string) {
    const { competition, team, people } = await makeTeam(ctx.harness.service.db, ORGANIZER.email, {
      title: `Эстафета ${suffix}`,
      teamName: `Стрела ${suffix}`,
      members: [`Второй ${suffix}`, `Третий ${suffix}`],
      school: 'Гимназия 5',
      competition: { teamMode: 'required', teamMin: 3, teamMax: 4, requiresApproval: true },
    });
    return { competition, teamId: team.id, people: people.map((p) => p.registration) };
  }

  for (const size of SIZES) {
    it(`lists teams, shows a team's roster and answers, removes a member and approves the team (${size.name})`, async () => {
      const { db } = ctx.harness.service;
      const { competition, teamId, people } = await teamCompetition(size.name);
      const page = await open(size);

      // The list, filtered by the competition: the team, its captain and size (on a phone: the name and the status).
      await page.goto(`${ctx.harness.baseUrl}/admin/resources/Team?filters.competitionId=${competition.id}`);
      await page.getByText(`Стрела ${size.name}`).first().waitFor();
      if (size.name === 'desktop') {
        await page.getByText(`Стрела ${size.name} Капитан`).first().waitFor();
        await page.getByText('собрана').first().waitFor();
      }
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `teams-list-${size.name}`);

      // The team's page: the captain marked, each member a link to the registration, the team's answer.
      await page.goto(`${ctx.harness.baseUrl}/admin/resources/Team/records/${teamId}/show`);
      const roster = page.getByTestId('team-roster');
      await roster.waitFor();
      expect(await roster.getByTestId('team-member').count()).toBe(3);
      await roster.locator('[data-captain="yes"]').getByText(`Стрела ${size.name} Капитан`).waitFor();
      expect(await roster.getByTestId('team-member-link').first().getAttribute('href')).toContain(`/resources/Registration/records/${people[0].id}/show`);
      await roster.getByText('Гимназия 5').waitFor();
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `team-show-${size.name}`);

      // "Исключить" beside the third member: the confirmation names them; only its POST removes them.
      await roster
        .locator('[data-testid="team-member"]', { hasText: `Третий ${size.name}` })
        .getByTestId('team-remove-member')
        .click();
      const ask = page.getByTestId('team-member-action');
      await ask.getByText(`Исключить из команды «Стрела ${size.name}»: Третий ${size.name}?`).waitFor();
      expect((await db.manager.findOneByOrFail(Registration, { id: people[2].id })).teamId).toBe(teamId);
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `team-remove-member-${size.name}`);
      await ask.getByTestId('confirm-action-submit').click();
      await page.waitForURL((url) => url.pathname.endsWith(`/records/${teamId}/show`));
      await page.getByText(`Исключён(а) из команды: Третий ${size.name}`).waitFor();
      expect((await db.manager.findOneByOrFail(Registration, { id: people[2].id })).teamId).toBeNull();
      await expect.poll(() => page.getByTestId('team-roster').getByTestId('team-member').count()).toBe(2);

      // Approve the team (the action's page asks first), then every active member is approved.
      await page.goto(`${ctx.harness.baseUrl}/admin/resources/Team/records/${teamId}/approveTeam`);
      await page.getByTestId('confirm-action').getByText(`Подтвердить команду «Стрела ${size.name}»?`).waitFor();
      expect(await fitsWidth(page)).toBe(true);
      await page.getByTestId('confirm-action-submit').click();
      await page.getByText(`Команда «Стрела ${size.name}» подтверждена`).waitFor();
      const statuses = (await db.manager.find(Registration, { where: { teamId } })).map((r) => r.status);
      expect(statuses).toEqual(['approved', 'approved']);
      expect((await db.manager.findOneByOrFail(Team, { id: teamId })).status).not.toBe('dissolved');

      // The registrations list: the team column, a link to its page.
      await page.goto(`${ctx.harness.baseUrl}/admin/resources/Registration?filters.teamId=${teamId}`);
      await page.getByText(`Стрела ${size.name} Капитан`).first().waitFor();
      expect(await fitsWidth(page)).toBe(true);

      // The dashboard: the competition's teams and people in them.
      await page.goto(`${ctx.harness.baseUrl}/admin`);
      const card = page.getByTestId(`dashboard-competition-${competition.id}`);
      await card.getByTestId('dashboard-teams').waitFor();
      expect(await card.getByTestId('teams-registered').innerText()).toBe('1');
      expect(await card.getByTestId('teams-people').innerText()).toBe('2');
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `teams-dashboard-${size.name}`);
      await page.context().close();
    });
  }

  it('the door: the search and the check-in show the team beside the person, "капитан" for the captain (both sizes)', async () => {
    const { db } = ctx.harness.service;
    const door = { email: 'teams-door-browser@example.org', password: 'door-pass-123', displayName: 'Вахта Команд' };
    await createAdminUser(db, SYSTEM, { ...door, role: 'checkin' });
    const { competition } = await makeTeam(db, ORGANIZER.email, { title: 'Эстафета у входа', teamName: 'Волна', members: ['Волна Второй'] });
    for (const size of SIZES) {
      const context = await ctx.browser.newContext({ locale: 'ru-RU', viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await submitLogin(page, ctx.harness.baseUrl, door.email, door.password);
      await page.waitForURL((url) => url.pathname === '/admin/checkin');
      await page.selectOption('#competition', String(competition.id));
      await page.fill('#search', 'Волна');
      await page.click('#search-form button[type="submit"]');
      const captain = page.locator('.person', { hasText: 'Волна Капитан' });
      await captain.getByText('Команда: Волна — капитан').waitFor();
      await page.locator('.person', { hasText: 'Волна Второй' }).getByText('Команда: Волна', { exact: false }).waitFor();
      expect(await page.locator('.person', { hasText: 'Волна Второй' }).innerText()).not.toContain('капитан');
      if (size.name === 'desktop') {
        await captain.locator('button').click();
        await page.locator('#result').getByText('Команда: Волна — капитан').waitFor();
      }
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `teams-door-${size.name}`);
      await context.close();
    }
  });

  it('the competition form: the team settings, a size out of range refused under its field', async () => {
    const { db } = ctx.harness.service;
    const competition = await makeCompetition(db, { title: 'Командная настройка' });
    const page = await open(SIZES[0]);
    await page.goto(`${ctx.harness.baseUrl}/admin/resources/Competition/records/${competition.id}/edit`);
    await page.getByTestId('property-edit-teamMode').waitFor();
    const min = page.locator('[name="teamMin"]').first();
    await min.fill('0');
    await min.press('Tab');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByTestId('property-edit-teamMin').getByText('Размер команды — целое число от 1 до 50.').waitFor();
    expect((await db.manager.findOneByOrFail(Competition, { id: competition.id })).teamMin).toBe(2);
    await page.context().close();
  });
});
