import { describe, expect, it } from 'vitest';
import { AdminAudit, OutboxMessage, Registration, RegistrationEvent, User } from '../../entities/index.js';
import { adminActor, registerForCompetition, rejectRegistration, userActor } from '../../domain/index.js';
import { countAudience } from '../../domain/broadcasts.js';
import { DomainError } from '../../domain/errors.js';
import { auditSentences } from '../../domain/read-models/audit-sentences.js';
import { addWalkIn, type WalkInInput } from '../../domain/walk-ins.js';
import { makeAdmin, makeCompetition, makeUser, expectDomainError, useDomainFixture } from './fixtures.js';

const f = useDomainFixture();

/** A phone number of this test's own, as a person says it ("8 912 …"), and as it is stored. */
function newPhone(): { typed: string; stored: string } {
  const rest = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
  return { typed: `8 (912) ${rest.slice(0, 3)}-${rest.slice(3, 5)}-${rest.slice(5)}`, stored: `+7912${rest}` };
}

async function walkIn(values: Partial<WalkInInput> & { competitionId: number }, adminId?: number) {
  const admin = adminId ?? (await makeAdmin(f.db)).id;
  return addWalkIn(f.db, adminActor(admin), { fullName: 'Анна Петрова', phone: newPhone().typed, role: 'participant', ...values });
}

const outboxOf = (userId: number) => f.db.manager.find(OutboxMessage, { where: { userId } });

describe('a walk-in added by an organizer', () => {
  it('creates a person without Telegram, approved at once (approval or not), consent recorded as given via the admin by that staff member', async () => {
    const competition = await makeCompetition(f.db, { requiresApproval: true, maxParticipants: 5 });
    const admin = await makeAdmin(f.db);
    const phone = newPhone();
    const result = await walkIn({ competitionId: competition.id, fullName: '  Анна   Петрова ', phone: phone.typed }, admin.id);

    expect(result.userCreated).toBe(true);
    const user = await f.db.manager.findOneByOrFail(User, { id: result.user.id });
    expect(user).toMatchObject({ telegramId: null, fullName: 'Анна Петрова', phone: phone.stored });
    const registration = await f.db.manager.findOneByOrFail(Registration, { id: result.registration.id });
    expect(registration).toMatchObject({ status: 'approved', role: 'participant', consentGiven: true, competitionId: competition.id });

    const audit = await f.db.manager.findOneByOrFail(AdminAudit, { action: 'registration.added_by_hand', recordId: String(registration.id) });
    expect(audit.adminUserId).toBe(admin.id);
    expect(audit.changes).toMatchObject({ consent: { before: null, after: 'admin' }, status: { before: null, after: 'approved' } });
    // The log says it in words, naming the person and the competition.
    const [sentence] = await auditSentences(f.db, [audit], 'Europe/Moscow', 'ru');
    expect(sentence).toContain('записал(а) вручную, согласие получено через админку: Анна Петрова (Кубок города)');
    const events = await f.db.manager.findBy(RegistrationEvent, { registrationId: registration.id });
    expect(events).toMatchObject([{ event: 'created', actorKind: 'admin', adminUserId: admin.id, source: 'admin', toStatus: 'approved' }]);
    // No Telegram, no messages: not even the approval's.
    expect(await outboxOf(user.id)).toEqual([]);
  });

  it('reuses the person a phone already belongs to, however it is typed (no duplicate); a bot user is told as usual', async () => {
    const competition = await makeCompetition(f.db);
    const phone = newPhone();
    const botUser = await makeUser(f.db, { phone: phone.stored, fullName: 'Егор Воронов' });
    const result = await walkIn({ competitionId: competition.id, fullName: 'Егор В', phone: `+7 ${phone.stored.slice(2, 5)} ${phone.stored.slice(5)}` });
    expect(result.userCreated).toBe(false);
    expect(result.user.id).toBe(botUser.id);
    expect(await f.db.manager.countBy(User, { phone: phone.stored })).toBe(1);
    // The name the person typed in the bot is kept.
    expect((await f.db.manager.findOneByOrFail(User, { id: botUser.id })).fullName).toBe('Егор Воронов');
    expect((await outboxOf(botUser.id)).map((m) => m.kind)).toEqual(['notify.status_approved']);

    // A person added by hand earlier is found again for the next competition.
    const other = await makeCompetition(f.db);
    const again = await walkIn({ competitionId: other.id, phone: phone.typed });
    expect(again.user.id).toBe(botUser.id);
  });

  it('refuses a bad name, phone or role on its field, and only staff may add', async () => {
    const competition = await makeCompetition(f.db);
    const field = async (values: Partial<WalkInInput>) => {
      const error = await walkIn({ competitionId: competition.id, ...values }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      return [(error as DomainError).key, (error as DomainError).field];
    };
    expect(await field({ fullName: 'A' })).toEqual(['profile.bad_name', 'fullName']);
    expect(await field({ fullName: 'Анна 2' })).toEqual(['profile.bad_name', 'fullName']);
    expect(await field({ phone: '12345' })).toEqual(['profile.bad_phone', 'phone']);
    expect(await field({ phone: 'позвонить' })).toEqual(['profile.bad_phone', 'phone']);
    expect(await field({ role: 'judge' })).toEqual(['walk_in.bad_role', 'role']);
    const user = await makeUser(f.db);
    await expectDomainError(
      addWalkIn(f.db, userActor(user.id), { competitionId: competition.id, fullName: 'Анна Петрова', phone: newPhone().typed, role: 'participant' }),
      'error.forbidden',
    );
  });

  it('counts the places: full is refused unless the waiting list is asked for; the deadline does not stop the door', async () => {
    const competition = await makeCompetition(f.db, { maxParticipants: 1, registrationOpen: false, startsAt: new Date(Date.now() - 3_600_000) });
    const admin = await makeAdmin(f.db);
    const first = await walkIn({ competitionId: competition.id }, admin.id);
    expect(first.registration.status).toBe('approved');
    await expectDomainError(walkIn({ competitionId: competition.id }, admin.id), 'walk_in.full');
    const second = await walkIn({ competitionId: competition.id, joinWaitlist: true }, admin.id);
    expect(second.registration.status).toBe('waitlisted');
    expect(second.waitlistPosition).toBe(1);
    // Voters take no place.
    const voter = await walkIn({ competitionId: competition.id, role: 'voter' }, admin.id);
    expect(voter.registration.status).toBe('approved');
  });

  it('refuses a second registration, reuses a cancelled one, names a rejected one', async () => {
    const competition = await makeCompetition(f.db);
    const admin = await makeAdmin(f.db);
    const phone = newPhone();
    const first = await walkIn({ competitionId: competition.id, phone: phone.typed }, admin.id);
    await expectDomainError(walkIn({ competitionId: competition.id, phone: phone.typed }, admin.id), 'walk_in.already');

    const bot = await makeUser(f.db, { phone: newPhone().stored });
    const own = await registerForCompetition(f.db, userActor(bot.id), { userId: bot.id, competitionId: competition.id, role: 'participant', consentGiven: true });
    await f.db.manager.update(Registration, { id: own.registration.id }, { status: 'cancelled' });
    const reused = await walkIn({ competitionId: competition.id, phone: bot.phone! }, admin.id);
    expect(reused.registration.id).toBe(own.registration.id);
    expect(reused.registration.status).toBe('approved');

    await rejectRegistration(f.db, adminActor(admin.id), first.registration.id, 'нет');
    await expectDomainError(walkIn({ competitionId: competition.id, phone: phone.typed }, admin.id), 'walk_in.rejected_before');
  });

  it('a person without Telegram gets no message from any later change, and no broadcast counts them', async () => {
    const competition = await makeCompetition(f.db);
    const admin = await makeAdmin(f.db);
    const result = await walkIn({ competitionId: competition.id }, admin.id);
    await rejectRegistration(f.db, adminActor(admin.id), result.registration.id, 'причина');
    expect(await outboxOf(result.user.id)).toEqual([]);
    const audience = { competitionId: competition.id, role: null, status: 'rejected' as const, checkedIn: null, attendance: null };
    expect(await countAudience(f.db, audience)).toBe(0);
    // Someone with Telegram in the same audience is counted (the filter is on the person, not the list).
    const bot = await makeUser(f.db);
    const own = await registerForCompetition(f.db, userActor(bot.id), { userId: bot.id, competitionId: competition.id, role: 'participant', consentGiven: true });
    await rejectRegistration(f.db, adminActor(admin.id), own.registration.id);
    expect(await countAudience(f.db, audience)).toBe(1);
  });
});
