import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, assignJuryPanel, chooseVoterSlots, registerForCompetition, userActor } from '../../domain/index.js';
import { AdminUser, Broadcast, BroadcastDelivery, OutboxMessage, Registration } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makePanel, makeSlot, makeUser } from '../domain/fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startAdminService } from './browser.js';
import { SAME_ORIGIN, loginCookie } from './session.js';

// Every resource of the admin (admin/resources.ts): the test asks for each, whatever the role may see.
const RESOURCES = [
  'Competition',
  'TimeSlot',
  'JuryPanel',
  'Registration',
  'User',
  'VoterTimeSlot',
  'VoterJuryPanel',
  'Broadcast',
  'BroadcastDelivery',
  'OutboxMessage',
  'AdminUser',
  'AdminAudit',
  'ConsentDocument',
];

interface Answer {
  url: string;
  status: number;
  text: string;
}

/**
 * Everything a logged-in account can GET from the admin's API: each resource's list and search, each listed
 * record's show and every record action it offers, every bulk action on it, and the dashboard.
 */
async function everythingReachable(base: string, cookie: string): Promise<Answer[]> {
  const answers: Answer[] = [];
  const get = async (url: string) => {
    const response = await fetch(`${base}${url}`, { headers: { cookie, ...SAME_ORIGIN }, redirect: 'manual' });
    const answer = { url, status: response.status, text: await response.text() };
    answers.push(answer);
    return answer;
  };
  await get('/admin/api/dashboard');
  for (const resource of RESOURCES) {
    const api = `/admin/api/resources/${resource}`;
    await get(`${api}/search/`);
    await get(`${api}/search/a`);
    const list = await get(`${api}/actions/list?perPage=500`);
    if (list.status !== 200) continue;
    const records = (JSON.parse(list.text).records ?? []) as Array<{ id: string; recordActions: Array<{ name: string }>; bulkActions: Array<{ name: string }> }>;
    for (const record of records) {
      await get(`${api}/records/${record.id}/show`);
      for (const action of record.recordActions) await get(`${api}/records/${record.id}/${action.name}`);
      for (const action of record.bulkActions) await get(`${api}/bulk/${action.name}?recordIds=${record.id}`);
    }
  }
  return answers;
}

describe(`the admin shows nobody an account they may not read (${TEST_DB})`, () => {
  let harness: TestService;
  let base: string;
  const organizer = { email: `organizer-${process.pid}@exposure.test`, password: 'organizer-password-1' };
  const door = { email: `door-${process.pid}@exposure.test`, password: 'door-staff-password-1' };
  const other = { email: `other-${process.pid}@exposure.test`, password: 'other-password-12' };

  beforeAll(async () => {
    harness = await startAdminService();
    base = harness.baseUrl;
  });
  afterAll(async () => harness?.close());

  /** Rows in every resource, with the admin's hand on them: a check-in, a ticket, an audit trail. */
  async function fill(): Promise<{ checkedIn: number }> {
    const db = harness.service.db;
    await createAdminUser(db, SYSTEM, { ...organizer, role: 'organizer' });
    await createAdminUser(db, SYSTEM, { ...door, role: 'checkin' });
    await createAdminUser(db, SYSTEM, { ...other, role: 'organizer', displayName: 'Other Person' });
    const competition = await makeCompetition(db, { title: 'Кубок видимости' });
    const slot = await makeSlot(db, competition.id, 5);
    const panel = await makePanel(db, competition.id, 5);
    const participant = await makeUser(db, { fullName: 'Пётр Участник' });
    const voter = await makeUser(db, { fullName: 'Вера Голосующая' });
    const { registration } = await registerForCompetition(db, userActor(participant.id), {
      userId: participant.id,
      competitionId: competition.id,
      role: 'participant',
      consentGiven: true,
    });
    const { registration: vote } = await registerForCompetition(db, userActor(voter.id), { userId: voter.id, competitionId: competition.id, role: 'voter', consentGiven: true });
    await chooseVoterSlots(db, userActor(voter.id), vote.id, [slot.id]);
    await assignJuryPanel(db, userActor(voter.id), vote.id, panel.id);
    const broadcast = await db.write((m) => m.save(m.create(Broadcast, { text: 'Привет', competitionId: competition.id, state: 'done' })));
    await db.write((m) => m.insert(BroadcastDelivery, { broadcastId: broadcast.id, userId: participant.id, status: 'sent' }));
    await db.write((m) => m.insert(OutboxMessage, { userId: voter.id, kind: 'notify.test', payload: { a: 1 }, status: 'sent' }));

    // The admin checks the participant in (checked_in_by_admin_id), reissues the voter's ticket, edits a competition.
    const admin = await loginCookie(base, ADMIN_EMAIL, ADMIN_PASSWORD);
    const post = (url: string, body: unknown) =>
      fetch(`${base}${url}`, {
        method: 'POST',
        headers: { cookie: admin, ...SAME_ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post(`/admin/api/resources/Registration/records/${registration.id}/checkIn`, { confirmed: 'yes' })).status).toBe(200);
    expect((await post(`/admin/api/resources/Competition/records/${competition.id}/edit`, { title: 'Кубок видимости 2' })).status).toBe(200);
    const row = await db.manager.findOneByOrFail(Registration, { id: registration.id });
    expect(row.checkedInByAdminId).not.toBeNull();
    return { checkedIn: registration.id };
  }

  it('sends organizers and door staff no admin e-mail and no password hash, in any answer they can reach', async () => {
    const { checkedIn } = await fill();
    const db = harness.service.db;
    const accounts = await db.manager.find(AdminUser, {});
    const hashes = accounts.map((a) => a.passwordHash);
    const secretsFor = (viewer: string) => [...accounts.map((a) => a.email).filter((email) => email !== viewer), ...hashes];

    const asOrganizer = await everythingReachable(base, await loginCookie(base, organizer.email, organizer.password));
    // The organizer did reach the rows: the check-in's registration and its record actions among them.
    expect(asOrganizer.find((a) => a.url.endsWith(`/Registration/records/${checkedIn}/show`))?.status).toBe(200);
    expect(asOrganizer.find((a) => a.url.endsWith(`/Registration/records/${checkedIn}/undoCheckIn`))?.status).toBe(200);
    expect(asOrganizer.filter((a) => a.status === 200).length).toBeGreaterThan(30);
    // Who checked the person in is shown by a display name (none here: the role in words), never by the account.
    const show = JSON.parse(asOrganizer.find((a) => a.url.endsWith(`/Registration/records/${checkedIn}/show`))!.text);
    const adminAccount = accounts.find((a) => a.email === ADMIN_EMAIL)!;
    expect(show.record.params.checkedInBy).toBe(`администратор #${adminAccount.id}`);
    expect(show.record.populated).toEqual({ userId: expect.anything(), competitionId: expect.anything() });

    const asDoor = await everythingReachable(base, await loginCookie(base, door.email, door.password));
    for (const doorPage of ['/admin/checkin', '/admin']) {
      const response = await fetch(`${base}${doorPage}`, { headers: { cookie: await loginCookie(base, door.email, door.password), ...SAME_ORIGIN } });
      asDoor.push({ url: doorPage, status: response.status, text: await response.text() });
    }

    const leaks = (answers: Answer[], viewer: string) =>
      answers.flatMap((a) =>
        secretsFor(viewer)
          .filter((secret) => a.text.toLowerCase().includes(secret.toLowerCase()))
          .map((secret) => `${a.url} → ${secret}`),
      );
    expect(leaks(asOrganizer, organizer.email)).toEqual([]);
    expect(leaks(asDoor, door.email)).toEqual([]);
    // Nothing above was an incident.
    expect(harness.logs.lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});
