import { describe, expect, it } from 'vitest';
import { userActor } from '../../domain/actor.js';
import { registerForCompetition } from '../../domain/registrations.js';
import { AdminAudit, Competition, Registration, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { screenshot, useOrganizerPage } from './browser.js';

const ORGANIZER = { email: 'queue-org@example.org', password: 'organizer-pass-1' };

/**
 * The waiting list from the organizer's side (issue 23): "Подтвердить" on someone waiting when every place is
 * taken approves them and adds a place, after a confirmation that says so; raising the maximum offers the
 * free places to the first in line, and the notice names them.
 */
describe(`the organizer and the waiting list (${TEST_DB})`, { timeout: 120_000 }, () => {
  const admin = useOrganizerPage(ORGANIZER);
  const db = () => admin.harness.service.db;
  /** Each test its own competition, full once its first participant signed up. */
  const newCompetition = async (title: string) =>
    (
      await db().write((m) =>
        m.save(m.create(Competition, { title, startsAt: new Date('2030-06-01T09:00:00Z'), maxParticipants: 1, requiresApproval: false, registrationOpen: true })),
      )
    ).id;
  const person = async (competitionId: number, fullName: string, telegramId: number) => {
    await db().write((m) => m.insert(User, { telegramId, firstName: fullName.split(' ')[1], fullName, phone: `+7900444${telegramId % 10_000}`, languageCode: 'ru' }));
    const user = await db().manager.findOneByOrFail(User, { telegramId });
    return (await registerForCompetition(db(), userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true, joinWaitlist: true })).registration;
  };

  it('approves a waiting person when full by adding a place, after saying so', async () => {
    const { harness, page } = admin;
    const competitionId = await newCompetition('Очередь-2030');
    await person(competitionId, 'Первый Пётр', 7_710_001);
    const second = await person(competitionId, 'Вторая Вера', 7_710_002);
    expect(second.status).toBe('waitlisted');

    await page.goto(`${harness.baseUrl}/admin/resources/Registration/records/${second.id}/approve`);
    const dialog = page.getByTestId('confirm-action');
    await dialog.getByText('Все места заняты. Подтвердить заявку — Вторая Вера — и добавить место?').waitFor();
    await dialog.getByText('Максимум участников станет 2.', { exact: false }).waitFor();
    await screenshot(page, 'queue-approve-adding-place');
    await page.getByTestId('confirm-action-submit').click();
    await page.getByText('Подтверждено: 1').first().waitFor();

    expect((await db().manager.findOneByOrFail(Registration, { id: second.id })).status).toBe('approved');
    expect((await db().manager.findOneByOrFail(Competition, { id: competitionId })).maxParticipants).toBe(2);
    const audit = await db().manager.findBy(AdminAudit, { action: 'competition.updated', recordId: String(competitionId) });
    expect(audit.map((a) => a.changes)).toContainEqual({ maxParticipants: { before: 1, after: 2 } });
  });

  it('raising the maximum offers the places to the first in line, and the notice names them', async () => {
    const { harness, page } = admin;
    const competitionId = await newCompetition('Очередь-2031');
    await person(competitionId, 'Первая Полина', 7_710_010);
    const third = await person(competitionId, 'Третья Тамара', 7_710_003);
    const fourth = await person(competitionId, 'Четвёртый Фёдор', 7_710_004);
    const fifth = await person(competitionId, 'Пятый Павел', 7_710_005);
    expect([third.status, fourth.status, fifth.status]).toEqual(['waitlisted', 'waitlisted', 'waitlisted']);
    const { maxParticipants } = await db().manager.findOneByOrFail(Competition, { id: competitionId });

    await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competitionId}/edit`);
    await page.fill('input[name=maxParticipants]', String(maxParticipants! + 2));
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Освободившиеся места предложены из списка ожидания: Третья Тамара, Четвёртый Фёдор').first().waitFor();
    await screenshot(page, 'queue-raise-maximum');

    const statuses = await Promise.all([third, fourth, fifth].map(async (r) => (await db().manager.findOneByOrFail(Registration, { id: r.id })).status));
    expect(statuses).toEqual(['offered', 'offered', 'waitlisted']);
  });
});
