import { describe, expect, it } from 'vitest';
import { OutboxMessage, Registration, ReminderSent, User, VoterTimeSlot } from '../../entities/index.js';
import { ManualClock, adminActor, enqueueDueReminders, nearestDueOffset, updateCompetition, updateTimeSlot } from '../../domain/index.js';
import { makeAdmin, makeCompetition, makeSlot, makeUser, useDomainFixture } from './fixtures.js';

// A database for each test: the queue's claims and the due-reminder scan read whole tables.
const f = useDomainFixture({ each: true });
const H = 3_600_000;
const OFFSETS = [24 * H, 1 * H];

async function approvedParticipant(competitionId: number, approvedAt: Date, user?: Partial<User>) {
  const u = await makeUser(f.db, user);
  await f.db.write((m) => m.insert(Registration, { userId: u.id, competitionId, role: 'participant', status: 'approved', statusChangedAt: approvedAt, createdAt: approvedAt }));
  const registration = await f.db.manager.findOneByOrFail(Registration, { userId: u.id, competitionId });
  return { user: u, registration };
}

const remindersOf = (userId: number) => f.db.manager.find(OutboxMessage, { where: { userId }, order: { id: 'ASC' } });

describe('the due rules', () => {
  const T = new Date('2030-03-20T08:00:00Z');
  it('nearest due offset: only once its moment has come, approved before it, never at or after the start', () => {
    expect(nearestDueOffset(T, new Date(T.getTime() - 48 * H), OFFSETS, new Date(T.getTime() - 25 * H))).toBeNull();
    expect(nearestDueOffset(T, new Date(T.getTime() - 48 * H), OFFSETS, new Date(T.getTime() - 24 * H))).toBe(24 * H);
    // Several due at once (a service that was down): only the nearest.
    expect(nearestDueOffset(T, new Date(T.getTime() - 48 * H), OFFSETS, new Date(T.getTime() - 0.5 * H))).toBe(1 * H);
    // Approved after the 24 h moment: that one never; the 1 h one when it comes.
    expect(nearestDueOffset(T, new Date(T.getTime() - 2 * H), OFFSETS, new Date(T.getTime() - 1.5 * H))).toBeNull();
    expect(nearestDueOffset(T, new Date(T.getTime() - 2 * H), OFFSETS, new Date(T.getTime() - 1 * H))).toBe(1 * H);
    expect(nearestDueOffset(T, new Date(T.getTime() - 48 * H), OFFSETS, T)).toBeNull();
    expect(nearestDueOffset(T, new Date(T.getTime() - 48 * H), OFFSETS, new Date(T.getTime() + 1))).toBeNull();
  });

  it('participants: each offset once (also from two senders at once), the first with the question, none after the start', async () => {
    const c = await makeCompetition(f.db, { title: 'Весна', startsAt: T });
    const { user, registration } = await approvedParticipant(c.id, new Date(T.getTime() - 72 * H));
    const clock = new ManualClock(T.getTime() - 25 * H);
    expect(await enqueueDueReminders(f.db, OFFSETS, clock.now())).toBe(0);
    clock.set(T.getTime() - 24 * H);
    const [a, b] = await Promise.all([enqueueDueReminders(f.db, OFFSETS, clock.now()), enqueueDueReminders(f.db, OFFSETS, clock.now())]);
    expect(a + b).toBe(1);
    clock.advance(60_000);
    expect(await enqueueDueReminders(f.db, OFFSETS, clock.now())).toBe(0);
    clock.set(T.getTime() - 1 * H);
    expect(await enqueueDueReminders(f.db, OFFSETS, clock.now())).toBe(1);
    clock.set(T.getTime() + 1);
    expect(await enqueueDueReminders(f.db, OFFSETS, clock.now())).toBe(0);
    const sent = await remindersOf(user.id);
    expect(sent.map((m) => [m.kind, m.payload?.ask])).toEqual([
      ['reminder.competition', 1],
      ['reminder.competition_again', 0],
    ]);
    expect(sent[0].payload).toMatchObject({ registrationId: registration.id, competition: 'Весна', startsAt: T.toISOString() });
    expect(await f.db.manager.countBy(ReminderSent, { registrationId: registration.id })).toBe(2);
  });

  it('a service down across both moments sends only the nearest; a late approval skips the passed one', async () => {
    const c = await makeCompetition(f.db, { startsAt: T });
    const early = await approvedParticipant(c.id, new Date(T.getTime() - 72 * H));
    const late = await approvedParticipant(c.id, new Date(T.getTime() - 2 * H));
    expect(await enqueueDueReminders(f.db, OFFSETS, new Date(T.getTime() - 30 * 60_000))).toBe(2);
    expect(await enqueueDueReminders(f.db, OFFSETS, new Date(T.getTime() - 10 * 60_000))).toBe(0);
    for (const p of [early, late]) {
      const rows = await f.db.manager.findBy(ReminderSent, { registrationId: p.registration.id });
      expect(rows.map((r) => r.offsetMinutes)).toEqual([60]);
    }
  });

  it('only approved registrations of users with reminders on who have not blocked the bot', async () => {
    const c = await makeCompetition(f.db, { startsAt: T });
    const off = await approvedParticipant(c.id, new Date(T.getTime() - 72 * H), { remindersEnabled: false });
    const blocked = await approvedParticipant(c.id, new Date(T.getTime() - 72 * H), { isBlocked: true });
    const pending = await approvedParticipant(c.id, new Date(T.getTime() - 72 * H));
    await f.db.write((m) => m.update(Registration, { id: pending.registration.id }, { status: 'pending' }));
    await enqueueDueReminders(f.db, OFFSETS, new Date(T.getTime() - 24 * H));
    for (const p of [off, blocked, pending]) expect(await remindersOf(p.user.id)).toEqual([]);
  });

  it('a moved competition tells its registrants, and its reminders follow the new time', async () => {
    const admin = await makeAdmin(f.db);
    const c = await makeCompetition(f.db, { title: 'Перенос', startsAt: T });
    const { user } = await approvedParticipant(c.id, new Date(T.getTime() - 72 * H));
    expect(await enqueueDueReminders(f.db, OFFSETS, new Date(T.getTime() - 24 * H))).toBe(1);
    const moved = new Date(T.getTime() + 48 * H);
    await updateCompetition(f.db, adminActor(admin.id), c.id, { startsAt: moved });
    expect((await remindersOf(user.id)).map((m) => m.kind)).toEqual(['reminder.competition', 'notify.competition_moved']);
    expect(await enqueueDueReminders(f.db, OFFSETS, new Date(T.getTime() - 1 * H))).toBe(0);
    expect(await enqueueDueReminders(f.db, OFFSETS, new Date(moved.getTime() - 24 * H))).toBe(1);
    expect((await remindersOf(user.id)).at(-1)?.payload).toMatchObject({ startsAt: moved.toISOString() });
  });

  it('voters: before each chosen slot; a moved slot’s reminders follow it', async () => {
    const admin = await makeAdmin(f.db);
    const c = await makeCompetition(f.db, { startsAt: null });
    const s1 = await makeSlot(f.db, c.id, 5, 10);
    const s2 = await makeSlot(f.db, c.id, 5, 14);
    const voter = await makeUser(f.db);
    const approvedAt = new Date(s1.startsAt.getTime() - 72 * H);
    await f.db.write((m) =>
      m.insert(Registration, { userId: voter.id, competitionId: c.id, role: 'voter', status: 'approved', statusChangedAt: approvedAt, createdAt: approvedAt }),
    );
    const registration = await f.db.manager.findOneByOrFail(Registration, { userId: voter.id });
    await f.db.write(async (m) => {
      await m.insert(VoterTimeSlot, { registrationId: registration.id, timeSlotId: s1.id });
      await m.insert(VoterTimeSlot, { registrationId: registration.id, timeSlotId: s2.id });
    });
    expect(await enqueueDueReminders(f.db, OFFSETS, new Date(s2.startsAt.getTime() - 24 * H))).toBe(2);
    const sent = await remindersOf(voter.id);
    expect(sent.map((m) => [m.kind, m.payload?.slotId])).toEqual(
      expect.arrayContaining([
        ['reminder.slot', s1.id],
        ['reminder.slot', s2.id],
      ]),
    );
    const movedStart = new Date(s1.startsAt.getTime() + 24 * H);
    await updateTimeSlot(f.db, adminActor(admin.id), s1.id, { startsAt: movedStart, endsAt: new Date(movedStart.getTime() + H) });
    expect(await enqueueDueReminders(f.db, OFFSETS, new Date(movedStart.getTime() - 24 * H))).toBe(1);
  });
});
