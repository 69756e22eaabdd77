import { describe, expect, it } from 'vitest';
import { AdminAudit, OutboxMessage, Registration } from '../../entities/index.js';
import {
  adminActor,
  approveRegistration,
  cancelRegistration,
  checkInRegistration,
  registerForCompetition,
  rejectRegistration,
  setRegistrationStatus,
  updateCompetition,
  userActor,
  SYSTEM,
  type Actor,
} from '../../domain/index.js';
import { makeAdmin, makeCompetition, makeUser, makeUsers, expectDomainError, useDomainFixture } from './fixtures.js';

const f = useDomainFixture();

function register(userId: number, competitionId: number, extra: { role?: 'participant' | 'voter'; joinWaitlist?: boolean; consentGiven?: boolean; actor?: Actor } = {}) {
  return registerForCompetition(f.db, extra.actor ?? userActor(userId), {
    userId,
    competitionId,
    role: extra.role ?? 'participant',
    consentGiven: extra.consentGiven ?? true,
    joinWaitlist: extra.joinWaitlist,
  });
}

const outboxOf = (userId: number) => f.db.manager.find(OutboxMessage, { where: { userId }, order: { id: 'ASC' } });

describe('registering', () => {
  it('approves at once without approval, pending with it; consent is required', async () => {
    const open = await makeCompetition(f.db);
    const reviewed = await makeCompetition(f.db, { requiresApproval: true });
    const user = await makeUser(f.db);
    await expectDomainError(register(user.id, open.id, { consentGiven: false }), 'registration.consent_required');
    const a = await register(user.id, open.id);
    expect(a.registration.status).toBe('approved');
    expect(a.registration.consentGiven).toBe(true);
    expect((await register(user.id, reviewed.id)).registration.status).toBe('pending');
    await expectDomainError(register(user.id, open.id), 'registration.already');
    // The user's own action: the bot answers them, no notification queued.
    expect(await outboxOf(user.id)).toHaveLength(0);
  });

  it('refuses a closed competition, one past its closing time, and one that has started (the deadline defaults to the start)', async () => {
    const closed = await makeCompetition(f.db, { registrationOpen: false });
    const past = await makeCompetition(f.db, { registrationClosesAt: new Date(Date.now() - 60_000) });
    const started = await makeCompetition(f.db, { startsAt: new Date(Date.now() - 60_000) });
    const user = await makeUser(f.db);
    await expectDomainError(register(user.id, closed.id), 'registration.closed');
    await expectDomainError(register(user.id, past.id), 'registration.closed');
    await expectDomainError(register(user.id, started.id), 'registration.closed');
    await expectDomainError(register(user.id, started.id, { role: 'voter' }), 'registration.closed');
    await expectDomainError(register(user.id, 999_999), 'competition.not_found');
  });

  it('offers the waiting list when full, keeps order, and offers the freed place to the first in line on cancel', async () => {
    const c = await makeCompetition(f.db, { maxParticipants: 2 });
    const [a, b, w1, w2] = await makeUsers(f.db, 4);
    await register(a.id, c.id);
    const rb = await register(b.id, c.id);
    await expectDomainError(register(w1.id, c.id), 'registration.full');
    const q1 = await register(w1.id, c.id, { joinWaitlist: true });
    const q2 = await register(w2.id, c.id, { joinWaitlist: true });
    expect([q1.registration.status, q1.waitlistPosition, q2.waitlistPosition]).toEqual(['waitlisted', 1, 2]);
    // Voters are not limited by places.
    expect((await register(w2.id + 0, (await makeCompetition(f.db, { maxParticipants: 0 })).id, { role: 'voter' })).registration.status).toBe('approved');

    await cancelRegistration(f.db, userActor(b.id), rb.registration.id);
    const offered = await f.db.manager.findOneByOrFail(Registration, { id: q1.registration.id });
    expect(offered.status).toBe('offered');
    expect((await outboxOf(w1.id)).map((m) => m.kind)).toEqual(['notify.place_offered']);
    expect((await f.db.manager.findOneByOrFail(Registration, { id: q2.registration.id })).status).toBe('waitlisted');
    await expectDomainError(cancelRegistration(f.db, userActor(b.id), rb.registration.id), 'registration.already_cancelled');
    // Someone else's registration is invisible.
    await expectDomainError(cancelRegistration(f.db, userActor(a.id), q2.registration.id), 'registration.not_found');
  });

  it('re-registering after a cancel reuses the row and decides afresh; after a rejection it is refused', async () => {
    const c = await makeCompetition(f.db, { maxParticipants: 1 });
    const [a, b] = await makeUsers(f.db, 2);
    const first = await register(a.id, c.id);
    await cancelRegistration(f.db, userActor(a.id), first.registration.id);
    await register(b.id, c.id);
    const again = await register(a.id, c.id, { joinWaitlist: true });
    expect(again.registration.id).toBe(first.registration.id);
    expect(again.registration.status).toBe('waitlisted');
    const admin = await makeAdmin(f.db);
    await rejectRegistration(f.db, adminActor(admin.id), again.registration.id);
    await expectDomainError(register(a.id, c.id, { joinWaitlist: true }), 'registration.rejected_before');
  });
});

describe('organizer actions', () => {
  it('approve, reject, check in: notify the user, audit in the same transaction, offer the freed place', async () => {
    const admin = await makeAdmin(f.db);
    const actor = adminActor(admin.id);
    const c = await makeCompetition(f.db, { maxParticipants: 1, requiresApproval: true });
    const [a, b] = await makeUsers(f.db, 2);
    const ra = await register(a.id, c.id);
    const rb = await register(b.id, c.id, { joinWaitlist: true });
    expect(ra.registration.status).toBe('pending');

    await expectDomainError(approveRegistration(f.db, actor, rb.registration.id), 'registration.no_places');
    await expectDomainError(checkInRegistration(f.db, actor, ra.registration.id), 'registration.not_approved');
    await approveRegistration(f.db, actor, ra.registration.id);
    await checkInRegistration(f.db, actor, ra.registration.id);
    expect((await outboxOf(a.id)).map((m) => m.kind)).toEqual(['notify.status_approved', 'notify.checked_in']);

    await rejectRegistration(f.db, actor, ra.registration.id);
    const after = await f.db.manager.findOneByOrFail(Registration, { id: rb.registration.id });
    expect(after.status).toBe('offered'); // the freed place waits for b's answer
    expect((await outboxOf(b.id)).map((m) => m.kind)).toEqual(['notify.place_offered']);
    // The reason of a rejection stays on the registration (here none was given).
    expect((await f.db.manager.findOneByOrFail(Registration, { id: ra.registration.id })).rejectionReason).toBeNull();

    const audit = await f.db.manager.find(AdminAudit, { where: { adminUserId: admin.id }, order: { id: 'ASC' } });
    expect(audit.map((r) => r.action)).toEqual(['registration.approved', 'registration.checked_in', 'registration.rejected', 'registration.offered']);
    expect(audit[0].changes).toEqual({ status: { before: 'pending', after: 'approved' } });
    await expectDomainError(approveRegistration(f.db, userActor(a.id), ra.registration.id), 'error.forbidden');
  });

  it('setRegistrationStatus routes through the same rules', async () => {
    const actor = adminActor((await makeAdmin(f.db)).id);
    const c = await makeCompetition(f.db, { maxParticipants: 1 });
    const [a, b] = await makeUsers(f.db, 2);
    const ra = await register(a.id, c.id);
    const rb = await register(b.id, c.id, { joinWaitlist: true });
    await expectDomainError(setRegistrationStatus(f.db, actor, rb.registration.id, 'approved'), 'registration.no_places');
    await setRegistrationStatus(f.db, actor, ra.registration.id, 'waitlisted');
    // a went to the end of the line, so b is offered the place.
    expect((await f.db.manager.findOneByOrFail(Registration, { id: rb.registration.id })).status).toBe('offered');
    expect((await f.db.manager.findOneByOrFail(Registration, { id: ra.registration.id })).status).toBe('waitlisted');
    await setRegistrationStatus(f.db, actor, rb.registration.id, 'cancelled');
    expect((await f.db.manager.findOneByOrFail(Registration, { id: ra.registration.id })).status).toBe('offered');
    await expectDomainError(setRegistrationStatus(f.db, actor, ra.registration.id, 'bogus' as never), 'registration.bad_status');
    // An offer is the waiting list's own move, with its deadline: never set by hand.
    await expectDomainError(setRegistrationStatus(f.db, actor, ra.registration.id, 'offered'), 'registration.bad_status');
  });

  it('raising max_participants offers the places to the waiting list; lowering below the taken places is refused', async () => {
    const actor = adminActor((await makeAdmin(f.db)).id);
    const c = await makeCompetition(f.db, { maxParticipants: 1 });
    const users = await makeUsers(f.db, 4);
    const regs = [];
    for (const u of users) regs.push(await register(u.id, c.id, { joinWaitlist: true }));
    await expectDomainError(updateCompetition(f.db, actor, c.id, { maxParticipants: 0 }), 'competition.max_below_taken');
    await updateCompetition(f.db, actor, c.id, { maxParticipants: 3 });
    const statuses = await Promise.all(regs.map((r) => f.db.manager.findOneByOrFail(Registration, { id: r.registration.id })));
    expect(statuses.map((r) => r.status)).toEqual(['approved', 'offered', 'offered', 'waitlisted']);
    await updateCompetition(f.db, SYSTEM, c.id, { maxParticipants: null });
    expect((await f.db.manager.findOneByOrFail(Registration, { id: regs[3].registration.id })).status).toBe('offered');
  });
});
