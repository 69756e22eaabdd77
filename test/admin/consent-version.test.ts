import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, adminActor, userActor } from '../../domain/actor.js';
import { publishConsentDocument } from '../../domain/consents.js';
import { registerForCompetition } from '../../domain/registrations.js';
import { addWalkIn } from '../../domain/walk-ins.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { startAdminService } from './browser.js';
import { loginCookie, SAME_ORIGIN } from './session.js';

const ORGANIZER = { email: 'consent-org@example.org', password: 'organizer-password-1' };

describe(`the registration's page shows the consent version it rests on (${TEST_DB})`, { timeout: 120_000 }, () => {
  let harness: TestService;
  let cookie: string;
  beforeAll(async () => {
    harness = await startAdminService();
    await createAdminUser(harness.service.db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    cookie = await loginCookie(harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
  });
  afterAll(async () => harness?.close());

  const shown = async (id: number) => {
    const response = await fetch(`${harness.baseUrl}/admin/api/resources/Registration/records/${id}/show`, { headers: { cookie, ...SAME_ORIGIN } });
    expect(response.status).toBe(200);
    return (await response.json()).record.params.consentVersion as string;
  };

  it('names the version, the date and the path: in the bot, through the admin', async () => {
    const db = harness.service.db;
    const competition = await makeCompetition(db, { title: 'Кубок версий' });
    const user = await makeUser(db);
    const version = await publishConsentDocument(db, SYSTEM, { ru: `Текст для проверки ${Date.now()}\n\n{operator}` });
    const { registration } = await registerForCompetition(db, userActor(user.id), { userId: user.id, competitionId: competition.id, role: 'participant', consentGiven: true });
    expect(await shown(registration.id)).toMatch(new RegExp(`^Версия ${version} — \\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d, в боте$`));
    const [{ id: adminId }] = await db.manager.query(`SELECT id FROM admin_users WHERE email = '${ORGANIZER.email}'`);
    const walkIn = await addWalkIn(db, adminActor(Number(adminId)), { competitionId: competition.id, fullName: 'Анна Петрова', phone: '+79161234599', role: 'participant' });
    expect(await shown(walkIn.registration.id)).toMatch(/, через администратора$/);
  });
});
