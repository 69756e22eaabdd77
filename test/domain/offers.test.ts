import { describe, expect, it } from 'vitest';
import { In } from 'typeorm';
import { Competition, OutboxMessage, Registration, RegistrationEvent } from '../../entities/index.js';
import {
  acceptOffer,
  adminActor,
  cancelRegistration,
  checkInRegistration,
  competitionEnd,
  declineAttendance,
  declineOffer,
  expireOffers,
  listPastCompetitions,
  listUpcomingCompetitions,
  phaseOf,
  registerForCompetition,
  updateCompetition,
  userActor,
} from '../../domain/index.js';
import { enqueueDueReminders } from '../../domain/reminders.js';
import { DEFAULT_SETTINGS } from '../../domain/settings.js';
import { TEST_DB } from '../../devkit/database.js';
import { expectDomainError, makeAdmin, makeCompetition, makeUser, makeUsers, useDomainFixture } from './fixtures.js';

// A database for each test: the expiry job reads every open offer of the table.
const f = useDomainFixture({ each: true });
const H = 3_600_000;
const WINDOW = DEFAULT_SETTINGS.waitlistOfferMs;

const statusOf = async (id: number) => (await f.db.manager.findOneByOrFail(Registration, { id })).status;
const kindsFor = async (userId: number) => (await f.db.manager.find(OutboxMessage, { where: { userId }, order: { id: 'ASC' } })).map((m) => m.kind);

/** A full competition (one place, taken) with `waiting` people on its waiting list, in order. */
async function fullWithQueue(waiting: number, values: Parameters<typeof makeCompetition>[1] = {}) {
  const competition = await makeCompetition(f.db, { maxParticipants: 1, ...values });
  const [holder, ...queue] = await makeUsers(f.db, waiting + 1);
  const held = await registerForCompetition(f.db, userActor(holder.id), { userId: holder.id, competitionId: competition.id, role: 'participant', consentGiven: true });
  const queued = [];
  for (const user of queue) {
    const { registration } = await registerForCompetition(f.db, userActor(user.id), {
      userId: user.id,
      competitionId: competition.id,
      role: 'participant',
      consentGiven: true,
      joinWaitlist: true,
    });
    queued.push({ user, registration });
  }
  return { competition, holder, held: held.registration, queued };
}

describe(`a freed place is offered, not imposed (${TEST_DB})`, () => {
  it('the first in line is offered the place for WAITLIST_OFFER, holds it, and takes it with one answer', async () => {
    const { competition, holder, held, queued } = await fullWithQueue(2);
    const before = Date.now();
    await cancelRegistration(f.db, userActor(holder.id), held.id);
    const offered = await f.db.manager.findOneByOrFail(Registration, { id: queued[0].registration.id });
    expect(offered.status).toBe('offered');
    expect(offered.offerExpiresAt!.getTime()).toBeGreaterThanOrEqual(before + WINDOW - 1000);
    expect(offered.offerExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + WINDOW);
    expect(await kindsFor(queued[0].user.id)).toEqual(['notify.place_offered']);
    // An open offer holds its place: nobody else gets in meanwhile.
    const late = await makeUser(f.db);
    await expectDomainError(
      registerForCompetition(f.db, userActor(late.id), { userId: late.id, competitionId: competition.id, role: 'participant', consentGiven: true }),
      'registration.full',
    );
    expect(await statusOf(queued[1].registration.id)).toBe('waitlisted');

    // Someone else cannot answer it; its owner can, once.
    await expectDomainError(acceptOffer(f.db, userActor(queued[1].user.id), offered.id), 'registration.not_found');
    const { registration } = await acceptOffer(f.db, userActor(queued[0].user.id), offered.id);
    expect([registration.status, registration.offerExpiresAt]).toEqual(['approved', null]);
    await expectDomainError(acceptOffer(f.db, userActor(queued[0].user.id), offered.id), 'offer.gone');
    const events = await f.db.manager.find(RegistrationEvent, { where: { registrationId: offered.id }, order: { id: 'ASC' } });
    expect(events.map((e) => e.event)).toEqual(['created', 'offered', 'offer_accepted']);
  });

  it('accepting where the organizers approve makes the application pending', async () => {
    const { holder, held, queued } = await fullWithQueue(1, { requiresApproval: true });
    const admin = await makeAdmin(f.db);
    await cancelRegistration(f.db, adminActor(admin.id), held.id);
    const { registration } = await acceptOffer(f.db, userActor(queued[0].user.id), queued[0].registration.id);
    expect(registration.status).toBe('pending');
    expect(holder.id).toBeGreaterThan(0);
  });

  it('declining cancels that registration and offers the place to the next in line', async () => {
    const { holder, held, queued } = await fullWithQueue(2);
    await cancelRegistration(f.db, userActor(holder.id), held.id);
    await declineOffer(f.db, userActor(queued[0].user.id), queued[0].registration.id);
    expect([await statusOf(queued[0].registration.id), await statusOf(queued[1].registration.id)]).toEqual(['cancelled', 'offered']);
    // Their own answer: no message about it; the next one is told.
    expect(await kindsFor(queued[0].user.id)).toEqual(['notify.place_offered']);
    expect(await kindsFor(queued[1].user.id)).toEqual(['notify.place_offered']);
  });

  it('an offer left unanswered expires: cancelled, told, the next one offered; accepting late is refused inside the transaction', async () => {
    const { holder, held, queued } = await fullWithQueue(2);
    await cancelRegistration(f.db, userActor(holder.id), held.id);
    const first = queued[0].registration.id;
    const expiresAt = (await f.db.manager.findOneByOrFail(Registration, { id: first })).offerExpiresAt!;
    // Not yet: the job leaves it.
    expect(await expireOffers(f.db, new Date(expiresAt.getTime() - 1000))).toBe(0);
    // Past its time but before the job ran: the answer itself re-checks the expiry.
    await expectDomainError(acceptOffer(f.db, userActor(queued[0].user.id), first, new Date(expiresAt.getTime() + 1)), 'offer.expired');
    expect(await statusOf(first)).toBe('offered');
    // Two processes running the job at once expire it once.
    const later = new Date(expiresAt.getTime() + 1000);
    const [a, b] = await Promise.all([expireOffers(f.db, later), expireOffers(f.db, later)]);
    expect(a + b).toBe(1);
    expect([await statusOf(first), await statusOf(queued[1].registration.id)]).toEqual(['cancelled', 'offered']);
    expect(await kindsFor(queued[0].user.id)).toEqual(['notify.place_offered', 'notify.offer_expired']);
  });

  it('the window is cut short by the deadline, and nothing is offered after it', async () => {
    const deadline = new Date(Date.now() + 2 * H);
    const { holder, held, queued } = await fullWithQueue(1, { registrationClosesAt: deadline, startsAt: new Date(Date.now() + 48 * H) });
    await cancelRegistration(f.db, userActor(holder.id), held.id);
    expect((await f.db.manager.findOneByOrFail(Registration, { id: queued[0].registration.id })).offerExpiresAt!.getTime()).toBe(deadline.getTime());

    const closed = await fullWithQueue(1);
    const admin = adminActor((await makeAdmin(f.db)).id);
    await updateCompetition(f.db, admin, closed.competition.id, { registrationClosesAt: new Date(Date.now() - 60_000) });
    await cancelRegistration(f.db, userActor(closed.holder.id), closed.held.id);
    expect(await statusOf(closed.queued[0].registration.id)).toBe('waitlisted');
    expect(await kindsFor(closed.queued[0].user.id)).toEqual([]);
  });
});

describe(`the event's time line (${TEST_DB})`, () => {
  it("ends by default with the start's day in TZ_DISPLAY; the phase follows the clock", () => {
    const startsAt = new Date('2030-05-01T07:00:00Z'); // 10:00 in Moscow
    const c = { startsAt, endsAt: null, registrationClosesAt: null, registrationOpen: true };
    expect(competitionEnd(c, 'Europe/Moscow')!.toISOString()).toBe('2030-05-01T20:59:59.999Z');
    expect(competitionEnd({ ...c, endsAt: new Date('2030-05-02T10:00:00Z') }, 'Europe/Moscow')!.toISOString()).toBe('2030-05-02T10:00:00.000Z');
    expect(phaseOf(c, new Date('2030-05-01T06:59:00Z'), 'Europe/Moscow')).toBe('open');
    expect(phaseOf({ ...c, registrationClosesAt: new Date('2030-04-30T00:00:00Z') }, new Date('2030-05-01T06:00:00Z'), 'Europe/Moscow')).toBe('closed');
    expect(phaseOf(c, new Date('2030-05-01T07:00:00Z'), 'Europe/Moscow')).toBe('started');
    expect(phaseOf(c, new Date('2030-05-01T21:00:00Z'), 'Europe/Moscow')).toBe('ended');
    expect(phaseOf({ ...c, startsAt: null }, new Date('2040-01-01T00:00:00Z'), 'Europe/Moscow')).toBe('open');
  });

  it('refuses a deadline after the start and an end before it, on the field', async () => {
    const admin = adminActor((await makeAdmin(f.db)).id);
    const c = await makeCompetition(f.db, { startsAt: new Date('2030-05-01T07:00:00Z') });
    await expectDomainError(updateCompetition(f.db, admin, c.id, { registrationClosesAt: new Date('2030-05-01T08:00:00Z') }), 'competition.deadline_after_start');
    await expectDomainError(updateCompetition(f.db, admin, c.id, { endsAt: new Date('2030-05-01T06:00:00Z') }), 'competition.end_before_start');
    await updateCompetition(f.db, admin, c.id, { registrationClosesAt: new Date('2030-04-30T20:00:00Z'), endsAt: new Date('2030-05-01T18:00:00Z'), contact: '  @orgs ' });
    expect(await f.db.manager.findOneByOrFail(Competition, { id: c.id })).toMatchObject({ contact: '@orgs' });
  });

  it('lists upcoming competitions soonest first, undated last, the same on both databases; started ones only as past', async () => {
    const tag = `t${Date.now()}`;
    const now = new Date();
    const later = await makeCompetition(f.db, { title: `${tag} later`, startsAt: new Date(now.getTime() + 48 * H) });
    const undated = await makeCompetition(f.db, { title: `${tag} undated`, startsAt: null });
    const soon = await makeCompetition(f.db, { title: `${tag} soon`, startsAt: new Date(now.getTime() + 2 * H) });
    const running = await makeCompetition(f.db, { title: `${tag} running`, startsAt: new Date(now.getTime() - H) });
    const over = await makeCompetition(f.db, { title: `${tag} over`, startsAt: new Date(now.getTime() - 72 * H) });
    const upcoming = (await listUpcomingCompetitions(f.db, 0, 1000, now)).items.filter((c) => c.title.startsWith(tag)).map((c) => c.id);
    expect(upcoming).toEqual([soon.id, later.id, undated.id]);
    const past = (await listPastCompetitions(f.db, 0, 1000, now)).items.filter((c) => c.title.startsWith(tag)).map((c) => c.id);
    expect(past).toEqual([running.id, over.id]);
  });
});

describe(`reminders know the event has started (${TEST_DB})`, () => {
  it('after the start no answer cancels; a checked-in person gets no question and cannot cancel by RSVP', async () => {
    const admin = adminActor((await makeAdmin(f.db)).id);
    const startsAt = new Date(Date.now() + 2 * H);
    const c = await makeCompetition(f.db, { startsAt, maxParticipants: 2 });
    const [present, absent, waiting] = await makeUsers(f.db, 3);
    const reg = async (userId: number) =>
      (await registerForCompetition(f.db, userActor(userId), { userId, competitionId: c.id, role: 'participant', consentGiven: true, joinWaitlist: true })).registration;
    const [p, a, w] = [await reg(present.id), await reg(absent.id), await reg(waiting.id)];
    await checkInRegistration(f.db, admin, p.id);

    // The 1 h reminder: only the one not checked in is asked.
    await enqueueDueReminders(f.db, [H], new Date(startsAt.getTime() - H));
    const asked = await f.db.manager.find(OutboxMessage, { where: { userId: In([present.id, absent.id]), kind: 'reminder.competition' } });
    expect(asked.map((m) => m.userId)).toEqual([absent.id]);

    await expectDomainError(declineAttendance(f.db, userActor(present.id, 'reminder'), p.id, 0), 'attendance.checked_in');
    await expectDomainError(declineAttendance(f.db, userActor(absent.id, 'reminder'), a.id, 0, new Date(startsAt.getTime() + 60_000)), 'competition.started');
    await expectDomainError(declineAttendance(f.db, userActor(absent.id, 'reminder'), a.id, 0, new Date(startsAt.getTime() + 48 * H)), 'competition.ended');
    expect([await statusOf(p.id), await statusOf(a.id), await statusOf(w.id)]).toEqual(['approved', 'approved', 'waitlisted']);
  });
});
