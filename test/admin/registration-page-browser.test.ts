import { describe, expect, it } from 'vitest';
import { adminActor, userActor } from '../../domain/actor.js';
import { registerForCompetition, rejectRegistration } from '../../domain/registrations.js';
import { AdminUser, Competition, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { screenshot, useOrganizerPage } from './browser.js';

const ORGANIZER = { email: 'reason-org@example.org', password: 'organizer-pass-1' };

/**
 * A registration's page (issue 23): the reason a person was rejected with reaches them in the chat, and the
 * organizers see it too; the phone reads as the bot writes it, not as stored.
 */
describe(`a registration's page in the admin (${TEST_DB})`, { timeout: 120_000 }, () => {
  const admin = useOrganizerPage(ORGANIZER);

  it("shows it on the registration's page and on its history line", async () => {
    const { harness, page } = admin;
    const db = harness.service.db;
    const competition = await db.write((m) =>
      m.save(m.create(Competition, { title: 'Отбор-2030', startsAt: new Date('2030-06-01T09:00:00Z'), requiresApproval: true, registrationOpen: true })),
    );
    await db.write((m) => m.insert(User, { telegramId: 7_720_001, firstName: 'Роман', fullName: 'Отказов Роман', phone: '+79004440001', languageCode: 'ru' }));
    const user = await db.manager.findOneByOrFail(User, { telegramId: 7_720_001 });
    const { registration } = await registerForCompetition(db, userActor(user.id), { userId: user.id, competitionId: competition.id, role: 'participant', consentGiven: true });
    const organizer = await db.manager.findOneByOrFail(AdminUser, { email: ORGANIZER.email });
    await rejectRegistration(db, adminActor(organizer.id, 'admin'), registration.id, 'Нет медицинской справки');

    await page.goto(`${harness.baseUrl}/admin/resources/Registration/records/${registration.id}/show`);
    const field = page.getByTestId('property-show-rejectionReason');
    await field.getByText('Причина отказа').waitFor();
    expect(await field.innerText()).toContain('Нет медицинской справки');
    expect(await page.getByTestId('property-show-phone').innerText()).toContain('+7 900 444 00 01');
    await expect.poll(() => page.getByTestId('property-show-history').innerText()).toMatch(/отклонена.*причина: «Нет медицинской справки»/i);
    await screenshot(page, 'rejection-reason');
  });
});
