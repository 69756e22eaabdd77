import type { EntityManager } from 'typeorm';
import { Competition, Registration, TimeSlot, type AttendanceFilter, type ReminderTarget } from '../entities/index.js';
import type { Actor } from './actor.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { isSameDay, phaseOf } from './calendar.js';
import { recordEvent } from './history.js';
import { enqueueNotification } from './outbox.js';
import { cancelRegistration } from './registrations.js';
import { dropVoterSlot } from './slots.js';
import { toDate } from './time.js';

/**
 * Reminders "are you coming?": to approved participants before their competition, to voters before each
 * slot they chose, at each offset of REMINDER_OFFSETS (largest first).
 *
 * Due rules, for one registration and one target (competition or slot) at time T, offset o's moment is T − o:
 * - it may be sent once its moment has come, if the registration was approved before that moment and T has
 *   not come (never after the start);
 * - when several offsets are due at once (a late approval, a service that was down) only the nearest one to
 *   T goes; the others are passed over for good;
 * - each goes once per (registration, target, T, o): the row in `reminders_sent` is written in the same
 *   transaction as the notification (the outbox delivers it), under a unique key — also across restarts and
 *   processes. A moved target has a new T: its reminders follow the new time.
 * Only to users with reminders on who have not blocked the bot. The first reminder of a target carries the
 * "✅ Буду" / "❌ Не смогу" buttons (while unanswered).
 */

/**
 * The answer to the reminder as a condition on a registrations row (`alias.` before the columns, or none):
 * "✅ Буду" sets attendance_confirmed_at, "❌ Не смогу" attendance_declined_at, and a registration with neither
 * has not answered. The dashboard, the broadcasts' audience and the admin's filter all read it from here.
 */
export function attendanceCondition(answer: AttendanceFilter, alias?: string): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  if (answer === 'confirmed') return `${column('attendance_confirmed_at')} IS NOT NULL`;
  if (answer === 'declined') return `${column('attendance_declined_at')} IS NOT NULL`;
  return `${column('attendance_confirmed_at')} IS NULL AND ${column('attendance_declined_at')} IS NULL`;
}

interface Candidate {
  registration_id: number;
  user_id: number;
  target_id: number;
  target_at: Date | string;
  ends_at: Date | string | null;
  approved_at: Date | string | null;
  created_at: Date | string;
  title: string;
  competition_id: number;
  location: string | null;
  confirmed_at: Date | string | null;
}

export interface DueReminder {
  registrationId: number;
  userId: number;
  target: ReminderTarget;
  targetId: number;
  targetAt: Date;
  endsAt: Date | null;
  offsetMs: number;
  competition: string;
  competitionId: number;
  location: string | null;
  answered: boolean;
}

/** The nearest offset whose moment has come and that the registration was approved before, or null. */
export function nearestDueOffset(targetAt: Date, approvedAt: Date, offsetsMs: number[], now: Date): number | null {
  if (now.getTime() >= targetAt.getTime()) return null;
  let nearest: number | null = null;
  for (const offset of offsetsMs) {
    const moment = targetAt.getTime() - offset;
    if (now.getTime() >= moment && approvedAt.getTime() < moment && (nearest === null || offset < nearest)) nearest = offset;
  }
  return nearest;
}

/** Reminders due at `now` and not yet sent. */
export async function dueReminders(db: Database, offsetsMs: number[], now: Date): Promise<DueReminder[]> {
  if (offsetsMs.length === 0) return [];
  const horizon = new Date(now.getTime() + Math.max(...offsetsMs));
  // Someone already checked in is not asked whether they are coming.
  const common = `r.status = 'approved' AND r.checked_in = $2 AND u.reminders_enabled = $1 AND u.is_blocked = $2`;
  const params = [true, false, db.date(now), db.date(horizon)];
  const participants = await db.query<Candidate>(
    `SELECT r.id AS registration_id, r.user_id, c.id AS target_id, c.starts_at AS target_at, NULL AS ends_at, r.status_changed_at AS approved_at,
            r.created_at, c.title, c.id AS competition_id, c.location, r.attendance_confirmed_at AS confirmed_at
       FROM registrations r JOIN users u ON u.id = r.user_id JOIN competitions c ON c.id = r.competition_id
      WHERE ${common} AND r.role = 'participant' AND c.starts_at > $3 AND c.starts_at <= $4`,
    params,
  );
  const voters = await db.query<Candidate>(
    `SELECT r.id AS registration_id, r.user_id, s.id AS target_id, s.starts_at AS target_at, s.ends_at, r.status_changed_at AS approved_at,
            r.created_at, c.title, c.id AS competition_id, c.location, r.attendance_confirmed_at AS confirmed_at
       FROM registrations r JOIN users u ON u.id = r.user_id JOIN competitions c ON c.id = r.competition_id
       JOIN voter_time_slots v ON v.registration_id = r.id JOIN time_slots s ON s.id = v.time_slot_id
      WHERE ${common} AND r.role = 'voter' AND s.starts_at > $3 AND s.starts_at <= $4`,
    params,
  );
  const due: DueReminder[] = [];
  for (const [target, rows] of [
    ['competition', participants],
    ['slot', voters],
  ] as const) {
    for (const row of rows) {
      const targetAt = toDate(row.target_at);
      const offset = nearestDueOffset(targetAt, toDate(row.approved_at ?? row.created_at), offsetsMs, now);
      if (offset === null) continue;
      due.push({
        registrationId: Number(row.registration_id),
        userId: Number(row.user_id),
        target,
        targetId: Number(row.target_id),
        targetAt,
        endsAt: row.ends_at ? toDate(row.ends_at) : null,
        offsetMs: offset,
        competition: row.title,
        competitionId: Number(row.competition_id),
        location: row.location,
        answered: row.confirmed_at !== null,
      });
    }
  }
  return due;
}

/**
 * Sends what is due: each reminder's row and its notification in one transaction; a reminder already sent
 * (by this or another process) is skipped by the unique key. Returns how many were queued.
 */
export async function enqueueDueReminders(db: Database, offsetsMs: number[], now: Date): Promise<number> {
  let queued = 0;
  for (const reminder of await dueReminders(db, offsetsMs, now)) {
    const done = await db.write(async (manager) => {
      const key = [reminder.registrationId, reminder.target, reminder.targetId, db.date(reminder.targetAt)];
      const earlier = await db.query<{ n: string | number }>(
        'SELECT COUNT(*) AS n FROM reminders_sent WHERE registration_id = $1 AND target = $2 AND target_id = $3 AND target_at = $4',
        key,
        manager,
      );
      const inserted = await db.execute(
        `INSERT INTO reminders_sent (registration_id, target, target_id, target_at, offset_minutes) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [...key, Math.round(reminder.offsetMs / 60_000)],
        manager,
      );
      if (inserted === 0) return false;
      const ask = Number(earlier[0]?.n ?? 0) === 0 && !reminder.answered;
      const kind = reminder.target === 'competition' ? (ask ? 'reminder.competition' : 'reminder.competition_again') : ask ? 'reminder.slot' : 'reminder.slot_again';
      // On the day itself the reminder says where (📍) and carries the ticket (🎫).
      const today = isSameDay(reminder.targetAt, now, db.settings.timeZone);
      await enqueueNotification(manager, reminder.userId, kind, {
        ...(today ? { place: reminder.location, ticketRegistrationId: reminder.registrationId } : {}),
        competition: reminder.competition,
        competitionId: reminder.competitionId,
        startsAt: reminder.targetAt.toISOString(),
        endsAt: reminder.endsAt?.toISOString() ?? null,
        registrationId: reminder.registrationId,
        slotId: reminder.target === 'slot' ? reminder.targetId : 0,
        ask: ask ? 1 : 0,
      });
      return true;
    });
    if (done) queued++;
  }
  return queued;
}

async function ownRegistration(manager: EntityManager, actor: Actor, registrationId: number): Promise<Registration> {
  const registration = await manager.findOneBy(Registration, { id: registrationId });
  if (!registration || actor.kind !== 'user' || registration.userId !== actor.userId) throw new DomainError('registration.not_found');
  return registration;
}

export interface AttendanceAnswer {
  competition: string;
  /** A voter's slot start (for the answer's text). */
  slotStartsAt: Date | null;
  /** The registration stays approved and the event is today: the answer keeps the ticket at hand. */
  ticketToday: boolean;
}

/** "✅ Буду": records the confirmation (once) in the registration and its history. Only the user's own. */
export function confirmAttendance(db: Database, actor: Actor, registrationId: number, now = new Date()): Promise<AttendanceAnswer> {
  return db.write(async (manager) => {
    await db.lockForUpdate(manager, 'registrations', [registrationId]);
    const registration = await ownRegistration(manager, actor, registrationId);
    if (registration.status !== 'approved') throw new DomainError('reminder.stale');
    const competition = await manager.findOneByOrFail(Competition, { id: registration.competitionId });
    if (registration.role === 'participant') refuseAfterStart(db, competition, now);
    if (!registration.attendanceConfirmedAt) {
      await manager.update(Registration, { id: registrationId }, { attendanceConfirmedAt: now, attendanceDeclinedAt: null });
      await recordEvent(manager, actor, registrationId, 'attendance_confirmed');
    }
    return { competition: competition.title, slotStartsAt: null, ticketToday: eventToday(db, competition, now) };
  });
}

/**
 * "❌ Не смогу", confirmed: a participant's registration is cancelled (the place is freed and the waiting list
 * promoted and told, in the same transaction); a voter drops that slot only. Both go into the history with
 * the actor's source (`reminder`).
 */
export async function declineAttendance(db: Database, actor: Actor, registrationId: number, slotId: number, now = new Date()): Promise<AttendanceAnswer> {
  const registration = await ownRegistration(db.manager, actor, registrationId);
  const competition = await db.manager.findOneByOrFail(Competition, { id: registration.competitionId });
  if (registration.role === 'participant') {
    if (registration.status !== 'approved') throw new DomainError('reminder.stale');
    refuseAfterStart(db, competition, now);
    await cancelRegistration(db, actor, registrationId, async (manager) => {
      // Re-read under the competition's lock: the door may have checked the person in meanwhile.
      const current = await manager.findOneByOrFail(Registration, { id: registrationId });
      if (current.checkedIn) throw new DomainError('attendance.checked_in', { competition: competition.title });
      await manager.update(Registration, { id: registrationId }, { attendanceDeclinedAt: now, attendanceConfirmedAt: null });
      await recordEvent(manager, actor, registrationId, 'attendance_declined');
    });
    return { competition: competition.title, slotStartsAt: null, ticketToday: false };
  }
  const slot = await db.manager.findOneBy(TimeSlot, { id: slotId });
  if (!slot || slot.competitionId !== registration.competitionId) throw new DomainError('reminder.stale');
  if (slot.startsAt.getTime() <= now.getTime()) throw new DomainError('competition.started', { competition: competition.title });
  await dropVoterSlot(db, actor, registrationId, slotId, (manager) => recordEvent(manager, actor, registrationId, 'attendance_declined'));
  return { competition: competition.title, slotStartsAt: slot.startsAt, ticketToday: eventToday(db, competition, now) };
}

/** The competition (or, without a date, nothing) takes place today in TZ_DISPLAY. */
function eventToday(db: Database, competition: Competition, now: Date): boolean {
  return competition.startsAt !== null && isSameDay(competition.startsAt, now, db.settings.timeZone);
}

/** After the start no reminder's answer acts: "уже началось", or "уже прошло" after the end. */
function refuseAfterStart(db: Database, competition: Competition, now: Date): void {
  const phase = phaseOf(competition, now, db.settings.timeZone);
  if (phase === 'started' || phase === 'ended') throw new DomainError(phase === 'ended' ? 'competition.ended' : 'competition.started', { competition: competition.title });
}

/**
 * Before "❌ Не смогу" is asked again ("точно?"): the answer would be refused anyway when the registration is no
 * longer approved, the competition has started, or the person is checked in — say so at once instead.
 */
export async function declinableRegistration(db: Database, userId: number, registrationId: number, now = new Date()): Promise<{ registration: Registration; competition: string }> {
  const { registration, competition } = await ownReminderRegistration(db, userId, registrationId);
  if (registration.role !== 'participant') return { registration, competition };
  if (registration.status !== 'approved') throw new DomainError('reminder.stale');
  refuseAfterStart(db, await db.manager.findOneByOrFail(Competition, { id: registration.competitionId }), now);
  if (registration.checkedIn) throw new DomainError('attendance.checked_in', { competition });
  return { registration, competition };
}

/** What a reminder's button refers to, for its own user only (forged data for someone else's answers "not found"). */
export async function ownReminderRegistration(db: Database, userId: number, registrationId: number): Promise<{ registration: Registration; competition: string }> {
  const registration = await db.manager.findOneBy(Registration, { id: registrationId });
  if (!registration || registration.userId !== userId) throw new DomainError('registration.not_found');
  const competition = await db.manager.findOneByOrFail(Competition, { id: registration.competitionId });
  return { registration, competition: competition.title };
}
