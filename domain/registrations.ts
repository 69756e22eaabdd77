import { In, type EntityManager } from 'typeorm';
import {
  Competition,
  Registration,
  User,
  VoterJuryPanel,
  VoterTimeSlot,
  REGISTRATION_STATUSES,
  type RegistrationEventKind,
  type RegistrationRole,
  type RegistrationStatus,
} from '../entities/index.js';
import { isSelf, type Actor } from './actor.js';
import { logAdminAction } from './audit.js';
import { recordConsent } from './consents.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { recordEvent } from './history.js';
import { enqueueNotification } from './outbox.js';
import { formQuestion, needsOptionLock, questionsFor, writeAnswers } from './answers.js';
import { quickSignUp } from './quick-sign-up.js';
import { voidTicketMessages } from './ticket-messages.js';
import { afterMemberMoved, joiningStatus, memberJoined, teamForJoining } from './teams.js';
import {
  INACTIVE,
  PLACE_HOLDING,
  admittedStatus,
  countTakenPlaces,
  countsTeams,
  holdsPlace,
  isRegistrationOpen,
  lockCompetition,
  lockCompetitionForSignUp,
  offerFreedPlaces,
  placesLeft,
  takesOwnPlace,
  waitingListPosition,
} from './places.js';

export interface RegisterInput {
  userId: number;
  competitionId: number;
  role: RegistrationRole;
  consentGiven: boolean;
  /** When the places are taken: join the waiting list (true) or refuse with `registration.full` (false). */
  joinWaitlist?: boolean;
  /**
   * Name and phone typed in the registration form (already normalized): written to the user's profile in this
   * registration's own transaction, so a form that ends without a registration (consent or the waiting list
   * declined, the places taken) leaves no personal data behind.
   */
  profile?: { fullName?: string; phone?: string };
  /**
   * Answers to the competition's own questions (question id → stored value, checked by domain/answer-rules.ts),
   * stored with the registration. Given (even empty), the set is checked whole: required questions, conditions,
   * option limits. Absent (an organizer adding someone by hand): no questions asked.
   */
  answers?: Record<number, string>;
  /** The person's language, for the texts of errors about answers (an option's label, a question's title). */
  lang?: 'ru' | 'en';
  /** A team's invite code (`/start j_<code>`): the sign-up joins that team in the same transaction (domain/teams.ts). */
  teamCode?: string;
}

export interface RegisterResult {
  registration: Registration;
  competition: Competition;
  /** 1-based position in the waiting list when waitlisted. */
  waitlistPosition: number | null;
}

/** Notification key for each status a registration can be moved to by someone else. */
const STATUS_NOTIFICATION: Record<RegistrationStatus, string> = {
  pending: 'notify.status_pending',
  approved: 'notify.status_approved',
  waitlisted: 'notify.status_waitlisted',
  offered: 'notify.place_offered',
  rejected: 'notify.status_rejected',
  cancelled: 'notify.status_cancelled',
};

/**
 * A user signs up for a competition (participant or voter). Participants take a place when one is free
 * (pending with approval, else approved), otherwise join the waiting list if they agreed to. Re-registering
 * after a cancel reuses the row and decides the status afresh; after a rejection it is refused.
 */
export async function registerForCompetition(db: Database, actor: Actor, input: RegisterInput): Promise<RegisterResult> {
  // PostgreSQL: the common case (the user's own first sign-up for unlimited places) in one statement.
  return (await quickSignUp(db, actor, input)) ?? registerInTransaction(db, actor, input);
}

/** `registerForCompetition`'s rules, every case, in one transaction (the entry point is registerForCompetition). */
export function registerInTransaction(db: Database, actor: Actor, input: RegisterInput): Promise<RegisterResult> {
  return db.write(async (manager) => {
    const questions = input.answers ? (await questionsFor(manager, input.competitionId, input.role)).map(formQuestion) : [];
    // Only a participant sign-up for limited places needs the exclusive lock (it counts the places taken), or one
    // that chooses an option with its own limit.
    // Joining a team counts its members: the exclusive lock too.
    const competition =
      (input.answers && needsOptionLock(questions, input.answers)) || input.teamCode !== undefined
        ? await lockCompetition(db, manager, input.competitionId)
        : await lockCompetitionForSignUp(db, manager, input.competitionId, input.role);
    if (!isRegistrationOpen(competition)) throw new DomainError('registration.closed', { competition: competition.title });
    if (!input.consentGiven) throw new DomainError('registration.consent_required');

    const existing = await manager.findOneBy(Registration, { userId: input.userId, competitionId: competition.id });
    if (existing?.status === 'rejected') throw new DomainError('registration.rejected_before', { competition: competition.title });
    if (existing && existing.status !== 'cancelled') throw new DomainError('registration.already', { competition: competition.title });

    if (input.teamCode !== undefined && input.role !== 'participant') throw new DomainError('team.not_participant');
    const team = input.teamCode !== undefined ? await teamForJoining(manager, competition, input.teamCode) : null;
    let status = admittedStatus(competition);
    if (team && countsTeams(competition)) {
      // Counting teams, a member holds the team's place: admitted with the team, or waiting with it.
      status = await joiningStatus(manager, competition, team);
    } else if (competition.maxParticipants !== null && (await takesOwnPlace(manager, competition, { id: 0, role: input.role, teamId: null }))) {
      const taken = await countTakenPlaces(manager, competition);
      if (taken >= competition.maxParticipants) {
        if (!input.joinWaitlist) throw new DomainError('registration.full', { competition: competition.title });
        status = 'waitlisted';
      }
    }

    const profile = { ...(input.profile?.fullName ? { fullName: input.profile.fullName } : {}), ...(input.profile?.phone ? { phone: input.profile.phone } : {}) };
    if (Object.keys(profile).length) await manager.update(User, { id: input.userId }, { ...profile, updatedAt: new Date() });

    const registration = await writeRegistration(manager, existing, input.userId, competition, input.role, status);
    if (team) {
      await manager.update(Registration, { id: registration.id }, { teamId: team.id });
      registration.teamId = team.id;
    }
    if (input.answers) {
      const options = { holdsPlace: holdsPlace(input.role, status), lang: input.lang ?? 'ru', replace: existing !== null };
      await writeAnswers(db, manager, registration.id, questions, input.answers, options);
    }
    // Each consent is a record (a re-registration after a text change consents to the version now current).
    await recordConsent(manager, input.userId, competition.id, actor.kind === 'admin' ? 'admin' : 'bot');
    const { id } = registration;
    await logAdminAction(manager, actor, 'registration.created', 'registrations', id, { status: { before: existing?.status ?? null, after: status } });
    await recordEvent(manager, actor, id, 'created', { from: existing?.status ?? null, to: status });
    if (!isSelf(actor, input.userId)) await notifyStatus(manager, registration, competition);
    if (team) await memberJoined(manager, competition, team, registration.id);
    return { registration, competition, waitlistPosition: await waitingListPosition(db, manager, registration) };
  });
}

/**
 * Writes a sign-up whose status is decided (consent given, not checked in): a new row, or the user's cancelled one
 * reused — its slots and panel dropped, `created_at` renewed (the place in the waiting list: a re-registration
 * queues afresh).
 */
export async function writeRegistration(
  manager: EntityManager,
  existing: Registration | null,
  userId: number,
  competition: Competition,
  role: RegistrationRole,
  status: RegistrationStatus,
): Promise<Registration> {
  const now = new Date();
  const values = { role, status, statusChangedAt: now, consentGiven: true, checkedIn: false, createdAt: now, teamId: null };
  let id: number;
  if (existing) {
    await manager.delete(VoterTimeSlot, { registrationId: existing.id });
    await manager.delete(VoterJuryPanel, { registrationId: existing.id });
    await manager.update(Registration, { id: existing.id }, values);
    id = existing.id;
  } else {
    // Two sign-ups of the same user at once (a double tap) under the shared lock: the unique key decides.
    const inserted = await manager.insert(Registration, { userId, competitionId: competition.id, ...values }).catch((error) => {
      if (isUniqueViolation(error)) throw new DomainError('registration.already', { competition: competition.title });
      throw error;
    });
    id = inserted.identifiers[0].id;
  }
  return manager.create(Registration, { ...existing, userId, competitionId: competition.id, ...values, id });
}

/** Loads a registration for a change, with its competition locked; a user may only touch their own. */
export async function loadForChange(db: Database, manager: EntityManager, actor: Actor, registrationId: number) {
  const found = await manager.findOneBy(Registration, { id: registrationId });
  if (!found || (actor.kind === 'user' && found.userId !== actor.userId)) throw new DomainError('registration.not_found');
  const competition = await lockCompetition(db, manager, found.competitionId);
  // Re-read after the lock: another transaction may have changed it while we waited.
  const registration = await manager.findOneBy(Registration, { id: registrationId });
  if (!registration) throw new DomainError('registration.not_found');
  return { registration, competition };
}

/** Tells the user their registration's new status (nothing for a person without Telegram: domain/outbox.ts). */
export async function notifyStatus(manager: EntityManager, registration: Registration, competition: Competition, reason?: string): Promise<void> {
  // A rejection with the organizer's reason: the message quotes it.
  const kind = reason && registration.status === 'rejected' ? 'notify.status_rejected_reason' : STATUS_NOTIFICATION[registration.status];
  await enqueueNotification(manager, registration.userId, kind, {
    competition: competition.title,
    competitionId: competition.id,
    ...(reason && registration.status === 'rejected' ? { reason } : {}),
    // Door check-in: an approval carries the "🎫" ticket button (bot/delivery.ts).
    ...(registration.status === 'approved' ? { ticketRegistrationId: registration.id } : {}),
  });
}

/**
 * The one place a registration's status changes (the competition is locked by the caller): takes a place
 * when the new status needs one and none is free → `registration.no_places`; frees slots and panel when it
 * becomes inactive; moves the waiting list when a place was freed; notifies the user when it was not their
 * own doing; audits admin actions.
 */
export async function transition(
  db: Database,
  manager: EntityManager,
  actor: Actor,
  registration: Registration,
  competition: Competition,
  to: RegistrationStatus,
  /**
   * The organizer's reason (a rejection); the history's event (an offer's answer); no message (the caller sends its
   * own); `teamHooks: false` when a team rule moves the member itself (domain/teams.ts); `placeChecked` when the caller
   * has decided the place (a member following the captain holds the team's place).
   */
  options: { reason?: string; event?: RegistrationEventKind; quiet?: boolean; now?: Date; teamHooks?: boolean; placeChecked?: boolean } = {},
): Promise<Registration> {
  const { reason, event = 'status_changed', quiet = false, now = new Date(), teamHooks = true, placeChecked = false } = options;
  const from = registration.status;
  if (from === to) return registration;
  const { role } = registration;
  if (role === 'voter' && to === 'waitlisted') throw new DomainError('registration.voters_no_waitlist');
  // Whether this registration takes a place of its own (counting teams: a captain's is the team's), read before the change.
  const ownPlace = holdsPlace(role, to) !== holdsPlace(role, from) && (await takesOwnPlace(manager, competition, registration));
  if (ownPlace && !placeChecked && holdsPlace(role, to) && competition.maxParticipants !== null) {
    if ((await countTakenPlaces(manager, competition)) >= competition.maxParticipants) {
      throw new DomainError('registration.no_places', { competition: competition.title });
    }
  }
  // Moved to the waiting list by an organizer: to the end of the line.
  const changes: Partial<Registration> = {
    status: to,
    statusChangedAt: now,
    ...(to === 'waitlisted' ? { createdAt: now } : {}),
    // The reason lives as long as the rejection; an answered offer has no deadline left.
    rejectionReason: to === 'rejected' ? (reason ?? null) : null,
    offerExpiresAt: null,
  };
  if (INACTIVE.includes(to)) {
    changes.checkedIn = false;
    // Door check-in: the ticket of a cancelled or rejected registration dies with it (a new nonce next time).
    changes.checkedInAt = null;
    changes.checkedInByAdminId = null;
    changes.ticketNonce = null;
    await manager.delete(VoterTimeSlot, { registrationId: registration.id });
    await manager.delete(VoterJuryPanel, { registrationId: registration.id });
  }
  await manager.update(Registration, { id: registration.id }, changes);
  const updated = await manager.findOneByOrFail(Registration, { id: registration.id });
  await logAdminAction(manager, actor, `registration.${to}`, 'registrations', registration.id, { status: { before: from, after: to } });
  await recordEvent(manager, actor, registration.id, event, { from, to });
  if (to === 'cancelled' || to === 'rejected') await voidTicketMessages(manager, registration.userId, registration.id, to, competition.title);
  if (!quiet && !isSelf(actor, registration.userId)) await notifyStatus(manager, updated, competition, reason);
  // The team goes on (a new captain, the members following theirs) before a freed place is counted.
  if (teamHooks && registration.teamId !== null) await afterMemberMoved(db, manager, actor, updated, competition, from, event);
  if (ownPlace && holdsPlace(role, from)) await offerFreedPlaces(manager, actor, competition, db.settings, now);
  return updated;
}

/** The user (or an organizer) cancels: frees the place and the slots, and the waiting list moves. */
export function cancelRegistration(
  db: Database,
  actor: Actor,
  registrationId: number,
  /** More to write in the same transaction (a reminder's answer records itself). */
  also?: (manager: EntityManager) => Promise<void>,
): Promise<Registration> {
  return db.write(async (manager) => {
    const { registration, competition } = await loadForChange(db, manager, actor, registrationId);
    if (registration.status === 'cancelled') throw new DomainError('registration.already_cancelled');
    if (registration.status === 'rejected') throw new DomainError('registration.rejected_cannot_cancel');
    await also?.(manager);
    return transition(db, manager, actor, registration, competition, 'cancelled');
  });
}

/** pending | waitlisted (| cancelled | rejected, by an organizer) → approved, when a place is free. */
export function approveRegistration(db: Database, actor: Actor, registrationId: number, options: { addPlace?: boolean } = {}): Promise<Registration> {
  return db.write(async (manager) => {
    const { registration, competition } = await loadForChange(db, manager, actor, registrationId);
    if (actor.kind === 'user') throw new DomainError('error.forbidden');
    // The organizer takes someone from the waiting list although all places are taken, having been told the
    // maximum grows by one: it does, audited, in the same transaction.
    if (options.addPlace && registration.status === 'waitlisted' && registration.role === 'participant' && (await placesLeft(manager, competition)) === 0) {
      const max = competition.maxParticipants! + 1;
      await manager.update(Competition, { id: competition.id }, { maxParticipants: max });
      await logAdminAction(manager, actor, 'competition.updated', 'competitions', competition.id, { maxParticipants: { before: competition.maxParticipants, after: max } });
      competition.maxParticipants = max;
    }
    return transition(db, manager, actor, registration, competition, 'approved');
  });
}

/**
 * → rejected: frees the place (the waiting list moves) and the slots; the user cannot register again. An
 * organizer's `reason` (trimmed, at most 500 characters) is quoted in the message the user gets.
 */
export function rejectRegistration(db: Database, actor: Actor, registrationId: number, reason?: string): Promise<Registration> {
  const why = reason?.trim().slice(0, 500) || undefined;
  return db.write(async (manager) => {
    const { registration, competition } = await loadForChange(db, manager, actor, registrationId);
    if (actor.kind === 'user') throw new DomainError('error.forbidden');
    return transition(db, manager, actor, registration, competition, 'rejected', { reason: why });
  });
}

/** Marks an approved registration as present at the event (or undoes it). */
export function checkInRegistration(db: Database, actor: Actor, registrationId: number, checkedIn = true): Promise<Registration> {
  return db.write(async (manager) => {
    const { registration, competition } = await loadForChange(db, manager, actor, registrationId);
    if (actor.kind === 'user') throw new DomainError('error.forbidden');
    if (registration.checkedIn === checkedIn) return registration;
    if (checkedIn && registration.status !== 'approved') throw new DomainError('registration.not_approved');
    await manager.update(
      Registration,
      { id: registration.id },
      {
        checkedIn,
        checkedInAt: checkedIn ? new Date() : null,
        checkedInByAdminId: checkedIn && actor.kind === 'admin' ? actor.adminUserId : null,
      },
    );
    await logAdminAction(manager, actor, checkedIn ? 'registration.checked_in' : 'registration.check_in_undone', 'registrations', registration.id, {
      checkedIn: { before: registration.checkedIn, after: checkedIn },
    });
    await recordEvent(manager, actor, registration.id, checkedIn ? 'checked_in' : 'check_in_undone');
    if (checkedIn && !isSelf(actor, registration.userId)) {
      await enqueueNotification(manager, registration.userId, 'notify.checked_in', { competition: competition.title, competitionId: competition.id });
    }
    return manager.findOneByOrFail(Registration, { id: registration.id });
  });
}

/** Any status change from the admin's edit form, through the same rules as the specific actions. */
export function setRegistrationStatus(db: Database, actor: Actor, registrationId: number, status: RegistrationStatus): Promise<Registration> {
  // `offered` is the waiting list's own move (domain/offers.ts), with a deadline: never set by hand.
  if (!REGISTRATION_STATUSES.includes(status) || status === 'offered') return Promise.reject(new DomainError('registration.bad_status', { status: String(status) }));
  if (status === 'cancelled') return cancelRegistration(db, actor, registrationId);
  return db.write(async (manager) => {
    const { registration, competition } = await loadForChange(db, manager, actor, registrationId);
    if (actor.kind === 'user') throw new DomainError('error.forbidden');
    return transition(db, manager, actor, registration, competition, status);
  });
}

/** Frees the places of registrations about to disappear with their user, then moves the waiting lists. */
export async function competitionsHeldBy(manager: EntityManager, userId: number): Promise<number[]> {
  const held = await manager.find(Registration, { where: { userId, role: 'participant', status: In(PLACE_HOLDING) } });
  return [...new Set(held.map((r) => r.competitionId))];
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT';
}
