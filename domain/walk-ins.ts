import { Registration, REGISTRATION_ROLES, User, type RegistrationRole, type RegistrationStatus } from '../entities/index.js';
import type { Actor } from './actor.js';
import { logAdminAction } from './audit.js';
import { DomainError } from './errors.js';
import { recordEvent } from './history.js';
import { recordConsent } from './consents.js';
import type { Database } from './infrastructure/database.js';
import { countTakenPlaces, lockCompetition, takesOwnPlace, waitingListPosition } from './places.js';
import { normalizeFullName, normalizePhone } from './profile.js';
import { notifyStatus, writeRegistration } from './registrations.js';

/** What the organizer typed in "Add a participant" (as typed: read here, each refusal on its field). */
export interface WalkInInput {
  competitionId: number;
  fullName: unknown;
  phone: unknown;
  role: unknown;
  /** When the places are taken: put the person on the waiting list (true) or refuse (false). */
  joinWaitlist?: boolean;
}

export interface WalkInResult {
  registration: Registration;
  user: User;
  /** False when the phone was already known: that person was reused, not duplicated. */
  userCreated: boolean;
  /** 1-based position in the waiting list when waitlisted. */
  waitlistPosition: number | null;
}

/**
 * An organizer adds a registration by hand: a walk-in at the door, a phone call. Name and phone are read exactly
 * as the bot reads them (PHONE_REGION; stored E.164). The person is found by that phone — a bot user or someone
 * added before is reused, never duplicated — else a user without Telegram is created (`telegram_id` null: the bot
 * never writes to them, domain/outbox.ts). The places are counted as for any sign-up; the organizer's adding is
 * the approval (approved when a place is free, `requires_approval` or not), and neither the deadline nor a closed
 * registration stops it (the door is after both). Full: the waiting list when asked, else refused. Consent is
 * recorded as given through the admin: the registration's `consent_given`, and an audit row naming the staff
 * member (`consent: admin`), with the history line, all in one transaction. docs/decisions.md, "Walk-ins".
 */
export function addWalkIn(db: Database, actor: Actor, input: WalkInInput): Promise<WalkInResult> {
  if (actor.kind !== 'admin') return Promise.reject(new DomainError('error.forbidden'));
  const fullName = normalizeFullName(String(input.fullName ?? ''));
  if (!fullName) return Promise.reject(new DomainError('profile.bad_name', {}, 'fullName'));
  const phone = normalizePhone(String(input.phone ?? ''), db.settings.phoneRegion);
  if (!phone) return Promise.reject(new DomainError('profile.bad_phone', {}, 'phone'));
  if (!REGISTRATION_ROLES.includes(input.role as RegistrationRole)) return Promise.reject(new DomainError('walk_in.bad_role', {}, 'role'));
  const role = input.role as RegistrationRole;

  return db.write(async (manager) => {
    const competition = await lockCompetition(db, manager, input.competitionId);
    // The oldest row with that number: the person the bot (or an earlier walk-in) knows.
    let user = await manager.findOne(User, { where: { phone }, order: { id: 'ASC' } });
    const userCreated = !user;
    if (!user) {
      const { identifiers } = await manager.insert(User, { telegramId: null, fullName, phone });
      user = await manager.findOneByOrFail(User, { id: identifiers[0].id });
      await logAdminAction(manager, actor, 'users.added_by_hand', 'users', user.id, { fullName: { before: null, after: fullName }, phone: { before: null, after: phone } });
    } else if (!user.fullName) {
      // A bot user who never typed a name: the one the organizer heard (a name typed in the bot is kept).
      await manager.update(User, { id: user.id }, { fullName, updatedAt: new Date() });
      await logAdminAction(manager, actor, 'users.updated', 'users', user.id, { fullName: { before: null, after: fullName } });
      user.fullName = fullName;
    }

    const existing = await manager.findOneBy(Registration, { userId: user.id, competitionId: competition.id });
    const who = { name: fullName, competition: competition.title };
    if (existing?.status === 'rejected') throw new DomainError('walk_in.rejected_before', who);
    if (existing && existing.status !== 'cancelled') throw new DomainError('walk_in.already', who);

    let status: RegistrationStatus = 'approved';
    if (
      role === 'participant' &&
      competition.maxParticipants !== null &&
      (await takesOwnPlace(manager, competition, { id: 0, role, teamId: null })) &&
      (await countTakenPlaces(manager, competition)) >= competition.maxParticipants
    ) {
      if (!input.joinWaitlist) throw new DomainError('walk_in.full', { competition: competition.title, max: competition.maxParticipants });
      status = 'waitlisted';
    }
    const registration = await writeRegistration(manager, existing, user.id, competition, role, status);
    await recordConsent(manager, user.id, competition.id, 'admin');
    await logAdminAction(manager, actor, 'registration.added_by_hand', 'registrations', registration.id, {
      status: { before: existing?.status ?? null, after: status },
      role: { before: existing?.role ?? null, after: role },
      consent: { before: null, after: 'admin' },
    });
    await recordEvent(manager, actor, registration.id, 'created', { from: existing?.status ?? null, to: status });
    await notifyStatus(manager, registration, competition);
    return { registration, user, userCreated, waitlistPosition: await waitingListPosition(db, manager, registration) };
  });
}
