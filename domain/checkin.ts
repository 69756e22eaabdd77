import { In, type EntityManager } from 'typeorm';
import { AdminUser, Competition, Registration, Team, User, VoterJuryPanel, VoterTimeSlot, type RegistrationRole, type RegistrationStatus } from '../entities/index.js';
import { isSelf, type Actor } from './actor.js';
import { logAdminAction } from './audit.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { recordEvent } from './history.js';
import { enqueueNotification } from './outbox.js';
import { LoginThrottle, type ThrottleLimit, type ThrottleVerdict } from './infrastructure/login-throttle.js';
import { doorSearchCondition } from './read-models/search.js';
import { newTicketNonce, readTicketCode, ticketCode, verifyTicketCode } from './tickets.js';
import { formatClockInZone, slotLabel } from './time.js';
import { competitionEnd } from './calendar.js';
import { staffName } from './read-models/staff-names.js';

export const SCAN_RESULTS = ['checked_in', 'already_checked_in', 'not_approved', 'wrong_competition', 'invalid', 'unreadable'] as const;
export type ScanResult = (typeof SCAN_RESULTS)[number];

/** What door staff see of a registration: no phone, no e-mail; the admin who checked in by display name. */
export interface DoorRegistration {
  id: number;
  name: string;
  role: RegistrationRole;
  status: RegistrationStatus;
  competition: { id: number; title: string };
  panel: string | null;
  slots: string[];
  /** The person's team (issue 26) and whether they captain it; null: not in a team. */
  team: DoorTeam | null;
  checkedIn: boolean;
  /** ISO time, and the same in TZ_DISPLAY for the screen ("18:04" when it was today, else with the date). */
  checkedInAt: string | null;
  checkedInAtText: string | null;
  checkedInBy: string | null;
  /** The account asking checked this person in within DOOR_UNDO_WINDOW_MS: it may undo that (undoDoorCheckIn). */
  undoable: boolean;
}

/** The team beside a person at the door: its name, and "капитан" for its captain. */
export interface DoorTeam {
  name: string;
  captain: boolean;
}

/**
 * A door answer. `registration` only for `checked_in` and `already_checked_in` (the person is at the door
 * with their ticket); `wrong_competition` says which competition the ticket is for, and no more; `not_approved`
 * and `invalid` say nothing of anybody. A check-in by id must not read out the registrations of others.
 */
export interface ScanAnswer {
  result: ScanResult;
  registration: DoorRegistration | null;
  /** `wrong_competition` only: the competition the registration belongs to. */
  competition?: { id: number; title: string };
}

/**
 * A check-in repeated by the same staff account within this window answers as the first one did
 * (`checked_in`): a camera reads a ticket held up to it several times, and a door that says ✅ and then ⚠️ to
 * the same person contradicts itself. Past it, or from another account, it is `already_checked_in`.
 * docs/decisions.md, "The door repeats its answer".
 */
export const REPEAT_WINDOW_MS = 10_000;

/**
 * Door staff may undo their own check-in for this long (the wrong person picked in the search, a ticket read
 * for someone else): long enough to notice at the door, short enough that an old mark is the organizers' to
 * change (their admin undo has no limit). docs/decisions.md, "Undo at the door".
 */
export const DOOR_UNDO_WINDOW_MS = 10 * 60_000;

/** How a door call reached a registration: a scanned (or typed) ticket, or an id picked from the search. */
export type DoorVia = 'scan' | 'search';

/**
 * Every door call of one staff account (scans, check-ins by id, searches) spends one budget: plenty for a
 * queue at the door (one every two seconds), too few to walk the registrations by id or by name.
 */
export const DOOR_CALL_LIMIT: ThrottleLimit = { max: 30, windowMs: 60_000 };

/** The per-account budget of door calls, counted in the database (every process shares it). */
export class DoorBudget {
  private readonly throttle: LoginThrottle;

  constructor(db: Database) {
    this.throttle = new LoginThrottle(db);
  }

  /** Spends one call of the account's budget; refused (with when to retry) when it is spent. */
  take(adminUserId: number, now = new Date()): Promise<ThrottleVerdict> {
    return this.throttle.attempt([{ key: `door:${adminUserId}`, limit: DOOR_CALL_LIMIT }], now);
  }
}

/**
 * The audit row of a door call that checked nobody in (a check-in writes `registration.checked_in`; a repeat
 * within REPEAT_WINDOW_MS is an attempt whose result is `checked_in`): who,
 * how, which registration (when one was named), the competition at the door and the answer — no name, no code.
 */
async function auditAttempt(manager: EntityManager, actor: Actor, via: DoorVia, registrationId: number | null, competitionId: number | null, result: ScanResult): Promise<void> {
  await logAdminAction(manager, actor, 'checkin.attempt', 'registrations', registrationId, {
    via: { before: null, after: via },
    competitionId: { before: null, after: competitionId },
    result: { before: null, after: result },
  });
}

export interface ScanInput {
  code: string;
  competitionId?: number | null;
}

export interface DoorOptions {
  ticketSecret: string;
  timeZone: string;
}

/** The name the door reads: the name given at registration, else the Telegram names. */
export function personName(user: Pick<User, 'fullName' | 'firstName' | 'lastName' | 'username' | 'id'>): string {
  return user.fullName || [user.firstName, user.lastName].filter(Boolean).join(' ') || (user.username ? `@${user.username}` : `#${user.id}`);
}

/** Whether `actor` checked this registration in, within DOOR_UNDO_WINDOW_MS of `now`. */
function undoableBy(actor: Actor, registration: Registration, now: Date): boolean {
  const at = registration.checkedInAt?.getTime();
  return registration.checkedIn && actor.kind === 'admin' && registration.checkedInByAdminId === actor.adminUserId && at !== undefined && now.getTime() - at <= DOOR_UNDO_WINDOW_MS;
}

async function doorView(manager: EntityManager, registration: Registration, timeZone: string, viewer: Actor, now = new Date()): Promise<DoorRegistration> {
  // One after the other: these run on the transaction's single connection.
  const user = await manager.findOneByOrFail(User, { id: registration.userId });
  const competition = await manager.findOneByOrFail(Competition, { id: registration.competitionId });
  const panel = await manager.findOne(VoterJuryPanel, { where: { registrationId: registration.id }, relations: { juryPanel: true } });
  const slots = await manager.find(VoterTimeSlot, { where: { registrationId: registration.id }, relations: { timeSlot: true } });
  const by = registration.checkedInByAdminId ? await manager.findOneBy(AdminUser, { id: registration.checkedInByAdminId }) : null;
  const team = registration.teamId ? await manager.findOneBy(Team, { id: registration.teamId }) : null;
  return {
    id: registration.id,
    name: personName(user),
    role: registration.role,
    status: registration.status,
    competition: { id: competition.id, title: competition.title },
    panel: panel?.juryPanel?.name ?? null,
    slots: slots
      .filter((s) => s.timeSlot)
      .sort((a, b) => a.timeSlot.startsAt.getTime() - b.timeSlot.startsAt.getTime())
      .map((s) => slotLabel(s.timeSlot, timeZone)),
    team: team ? { name: team.name, captain: team.captainRegistrationId === registration.id } : null,
    checkedIn: registration.checkedIn,
    checkedInAt: registration.checkedInAt ? registration.checkedInAt.toISOString() : null,
    checkedInAtText: registration.checkedInAt ? formatClockInZone(registration.checkedInAt, timeZone) : null,
    // The door speaks Russian to its staff's names: a display name, else the role in words (never "checkin").
    checkedInBy: by ? staffName(by, 'ru') : null,
    undoable: undoableBy(viewer, registration, now),
  };
}

/**
 * A ticket scanned at the door. One transaction; idempotent: the check-in is one conditional UPDATE
 * (`… WHERE checked_in = false`), so of two staff scanning the same ticket at once exactly one gets
 * `checked_in` and the other `already_checked_in`, and it is counted once. Audited (admin audit and the
 * registration's history, with the actor and its source, "scan"); the user gets the check-in notification.
 * A valid signature is not enough: the nonce must be the registration's current one, and it must be approved.
 */
export function scanTicket(db: Database, actor: Actor, options: DoorOptions, input: ScanInput): Promise<ScanAnswer> {
  const readable = readTicketCode(input.code) !== null;
  const claim = verifyTicketCode(options.ticketSecret, input.code);
  const competitionId = input.competitionId ?? null;
  return db.write(async (manager) => {
    // Not even the shape of a ticket (a misread, a typo): say so, rather than "invalid", which reads as forgery.
    if (!readable) {
      await auditAttempt(manager, actor, 'scan', null, competitionId, 'unreadable');
      return { result: 'unreadable', registration: null };
    }
    if (!claim) {
      await auditAttempt(manager, actor, 'scan', null, competitionId, 'invalid');
      return { result: 'invalid', registration: null };
    }
    await db.lockForUpdate(manager, 'registrations', [claim.registrationId]);
    const registration = await manager.findOneBy(Registration, { id: claim.registrationId });
    if (!registration || registration.ticketNonce !== claim.nonce) {
      await auditAttempt(manager, actor, 'scan', claim.registrationId, competitionId, 'invalid');
      return { result: 'invalid', registration: null };
    }
    return checkIn(db, manager, actor, 'scan', registration, competitionId, options.timeZone);
  });
}

/**
 * Checks in a registration picked from the door's search, in the competition at the door (same rules and
 * answers as a scan). An id is easy to guess: the answers about anybody else say which competition at most.
 */
export function checkInFromSearch(db: Database, actor: Actor, options: DoorOptions, registrationId: number, competitionId: number): Promise<ScanAnswer> {
  return db.write(async (manager) => {
    await db.lockForUpdate(manager, 'registrations', [registrationId]);
    const registration = await manager.findOneBy(Registration, { id: registrationId });
    if (!registration) {
      await auditAttempt(manager, actor, 'search', registrationId, competitionId, 'invalid');
      return { result: 'invalid', registration: null };
    }
    return checkIn(db, manager, actor, 'search', registration, competitionId, options.timeZone);
  });
}

async function checkIn(
  db: Database,
  manager: EntityManager,
  actor: Actor,
  via: DoorVia,
  registration: Registration,
  competitionId: number | null,
  timeZone: string,
): Promise<ScanAnswer> {
  if (actor.kind === 'user') throw new DomainError('error.forbidden');
  const refuse = async (result: ScanResult, extra: Partial<ScanAnswer> = {}): Promise<ScanAnswer> => {
    await auditAttempt(manager, actor, via, registration.id, competitionId, result);
    return { result, registration: null, ...extra };
  };
  if (competitionId !== null && registration.competitionId !== competitionId) {
    const competition = await manager.findOneByOrFail(Competition, { id: registration.competitionId });
    return refuse('wrong_competition', { competition: { id: competition.id, title: competition.title } });
  }
  if (registration.status !== 'approved') return refuse('not_approved');
  const now = new Date();
  const call: DoorCall = { manager, actor, via, competitionId, timeZone };
  if (registration.checkedIn) return alreadyCheckedIn(call, registration, now);
  const changed = await db.execute(
    'UPDATE registrations SET checked_in = $1, checked_in_at = $2, checked_in_by_admin_id = $3 WHERE id = $4 AND checked_in = $5',
    [true, db.date(now), actor.kind === 'admin' ? actor.adminUserId : null, registration.id, false],
    manager,
  );
  const fresh = await manager.findOneByOrFail(Registration, { id: registration.id });
  if (changed === 0) return alreadyCheckedIn(call, fresh, now);
  await logAdminAction(manager, actor, 'registration.checked_in', 'registrations', registration.id, { checkedIn: { before: false, after: true } });
  await recordEvent(manager, actor, registration.id, 'checked_in');
  if (!isSelf(actor, registration.userId)) {
    const competition = await manager.findOneByOrFail(Competition, { id: registration.competitionId });
    await enqueueNotification(manager, registration.userId, 'notify.checked_in', { competition: competition.title, competitionId: competition.id });
  }
  return { result: 'checked_in', registration: await doorView(manager, fresh, timeZone, actor, now) };
}

/** One door call inside its transaction: who, how, at which competition's door. */
interface DoorCall {
  manager: EntityManager;
  actor: Actor;
  via: DoorVia;
  competitionId: number | null;
  timeZone: string;
}

/**
 * A registration found checked in: `already_checked_in`, unless this account did it within REPEAT_WINDOW_MS
 * — then the first answer again (`checked_in`), with nothing written but the attempt's audit row.
 */
async function alreadyCheckedIn(call: DoorCall, registration: Registration, now: Date): Promise<ScanAnswer> {
  const { manager, actor, via, competitionId, timeZone } = call;
  const at = registration.checkedInAt?.getTime();
  const repeat = actor.kind === 'admin' && registration.checkedInByAdminId === actor.adminUserId && at !== undefined && Math.abs(now.getTime() - at) <= REPEAT_WINDOW_MS;
  const result: ScanResult = repeat ? 'checked_in' : 'already_checked_in';
  await auditAttempt(manager, actor, via, registration.id, competitionId, result);
  return { result, registration: await doorView(manager, registration, timeZone, actor, now) };
}

/**
 * Door staff undo their own check-in of the last DOOR_UNDO_WINDOW_MS (organizers undo any in the admin,
 * domain/registrations.ts, checkInRegistration). Refused with a DomainError for a registration not checked in,
 * checked in by another account, or longer ago. Audited like the organizers' undo (admin audit and history,
 * the actor's source "scan"); the person is not told (the check-in message was a courtesy, not a promise).
 */
export function undoDoorCheckIn(db: Database, actor: Actor, options: DoorOptions, registrationId: number, now = new Date()): Promise<DoorRegistration> {
  return db.write(async (manager) => {
    if (actor.kind !== 'admin') throw new DomainError('error.forbidden');
    await db.lockForUpdate(manager, 'registrations', [registrationId]);
    const registration = await manager.findOneBy(Registration, { id: registrationId });
    if (!registration) throw new DomainError('registration.not_found');
    if (!registration.checkedIn) throw new DomainError('checkin.undo_not_checked_in');
    if (registration.checkedInByAdminId !== actor.adminUserId) throw new DomainError('checkin.undo_not_yours');
    if (!undoableBy(actor, registration, now)) throw new DomainError('checkin.undo_too_late', { minutes: DOOR_UNDO_WINDOW_MS / 60_000 });
    await manager.update(Registration, { id: registration.id }, { checkedIn: false, checkedInAt: null, checkedInByAdminId: null });
    await logAdminAction(manager, actor, 'registration.check_in_undone', 'registrations', registration.id, { checkedIn: { before: true, after: false } });
    await recordEvent(manager, actor, registration.id, 'check_in_undone');
    const fresh = await manager.findOneByOrFail(Registration, { id: registration.id });
    return doorView(manager, fresh, options.timeZone, actor, now);
  });
}

export interface Ticket {
  code: string;
  registrationId: number;
  competition: string;
  competitionId: number;
  name: string;
  role: RegistrationRole;
}

/**
 * The ticket of the user's own approved registration (a nonce is made the first time). Someone else's
 * registration is "not found", as if it did not exist: callback data can be forged.
 */
export function ticketForUser(db: Database, ticketSecret: string, userId: number, registrationId: number): Promise<Ticket> {
  return issueTicket(db, ticketSecret, registrationId, userId);
}

/** A ticket printed or shown from the admin by staff (the only one a person without Telegram gets: domain/walk-ins.ts). */
export function ticketForStaff(db: Database, ticketSecret: string, actor: Actor, registrationId: number): Promise<Ticket> {
  if (actor.kind === 'user') return Promise.reject(new DomainError('error.forbidden'));
  return issueTicket(db, ticketSecret, registrationId, null);
}

/** The ticket of an approved registration (of `userId`'s own, unless null), its nonce made the first time. */
function issueTicket(db: Database, ticketSecret: string, registrationId: number, userId: number | null): Promise<Ticket> {
  return db.write(async (manager) => {
    const registration = await manager.findOneBy(Registration, userId === null ? { id: registrationId } : { id: registrationId, userId });
    if (!registration) throw new DomainError('registration.not_found');
    // A cancelled or rejected registration will never have a ticket: say so, not "once approved".
    if (registration.status === 'cancelled' || registration.status === 'rejected')
      throw new DomainError(registration.status === 'cancelled' ? 'ticket.cancelled' : 'ticket.rejected');
    if (registration.status !== 'approved') throw new DomainError('ticket.not_approved');
    let nonce = registration.ticketNonce;
    if (!nonce) {
      nonce = newTicketNonce();
      await manager.update(Registration, { id: registration.id }, { ticketNonce: nonce });
    }
    const user = await manager.findOneByOrFail(User, { id: registration.userId });
    const competition = await manager.findOneByOrFail(Competition, { id: registration.competitionId });
    return {
      code: ticketCode(ticketSecret, registration.id, nonce),
      registrationId: registration.id,
      competition: competition.title,
      competitionId: competition.id,
      name: personName(user),
      role: registration.role,
    };
  });
}

/** An organizer reissues a ticket: a new nonce, so the old code (forwarded, lost) is refused from now on. */
export function reissueTicket(db: Database, actor: Actor, registrationId: number): Promise<void> {
  return db.write(async (manager) => {
    if (actor.kind === 'user') throw new DomainError('error.forbidden');
    const registration = await manager.findOneBy(Registration, { id: registrationId });
    if (!registration) throw new DomainError('registration.not_found');
    await manager.update(Registration, { id: registrationId }, { ticketNonce: newTicketNonce() });
    await logAdminAction(manager, actor, 'registration.ticket_reissued', 'registrations', registrationId, null);
  });
}

export interface DoorSearchRow {
  id: number;
  name: string;
  role: RegistrationRole;
  phone: string | null;
  team: DoorTeam | null;
  checkedIn: boolean;
}

/** "+7 999 123-45-67" → "•••••••45-67": enough to tell two namesakes apart at the door, no more. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return '••••';
  return `•••• ${digits.slice(-4, -2)}-${digits.slice(-2)}`;
}

export const DOOR_SEARCH_LIMIT = 20;

/**
 * The door's fallback when a ticket will not scan: a competition's approved people whose name or username
 * contains `text` (at least 2 characters), phones masked. Phone digits are matched against what the answer
 * shows and nothing more — the last four (domain/read-models/search.ts, doorSearchCondition): a longer number, or one with
 * its country code, finds nobody, so the search cannot be asked digit by digit for a whole number. Audited
 * (who searched in which competition, and which registrations were shown — not the text typed, which is a
 * name or a phone).
 */
export function searchDoor(db: Database, actor: Actor, competitionId: number, text: string): Promise<DoorSearchRow[]> {
  const query = text.trim().slice(0, 64);
  return db.write(async (manager) => {
    const condition = query.length < 2 ? null : doorSearchCondition(db.isPostgres, query);
    const rows =
      condition === null
        ? []
        : await manager
            .createQueryBuilder(Registration, 't')
            .innerJoin(User, 'u', 'u.id = t.userId')
            .leftJoin(Team, 'team', 'team.id = t.teamId')
            .select([
              'team.name AS team_name',
              'team.captain_registration_id AS team_captain',
              't.id AS id',
              't.role AS role',
              't.checked_in AS checked_in',
              'u.full_name AS full_name',
              'u.first_name AS first_name',
              'u.last_name AS last_name',
              'u.username AS username',
              'u.phone AS phone',
              'u.id AS user_id',
            ])
            .where('t.competitionId = :competitionId', { competitionId })
            .andWhere('t.status = :status', { status: 'approved' })
            .andWhere(condition.sql, condition.params)
            .orderBy('t.id')
            .limit(DOOR_SEARCH_LIMIT)
            .getRawMany<{
              id: number;
              role: RegistrationRole;
              checked_in: boolean | number;
              full_name: string | null;
              first_name: string | null;
              last_name: string | null;
              username: string | null;
              phone: string | null;
              user_id: number;
              team_name: string | null;
              team_captain: number | null;
            }>();
    await logAdminAction(manager, actor, 'checkin.search', 'registrations', null, {
      competitionId: { before: null, after: competitionId },
      shown: { before: null, after: rows.map((r) => Number(r.id)) },
    });
    return rows.map((r) => ({
      id: Number(r.id),
      name: personName({ id: Number(r.user_id), fullName: r.full_name, firstName: r.first_name, lastName: r.last_name, username: r.username }),
      role: r.role,
      phone: maskPhone(r.phone),
      team: r.team_name === null ? null : { name: r.team_name, captain: Number(r.team_captain) === Number(r.id) },
      checkedIn: Boolean(r.checked_in),
    }));
  });
}

/** How many competitions the door's picker lists. */
const DOOR_PICKER_SIZE = 50;

/**
 * Competitions the door may pick: those not over yet (competitionEnd, in `timeZone`), soonest first — today's
 * at the top, then the upcoming ones, those without a date last. Past ones are not offered: nobody arrives
 * at them, and a volunteer who picks one by mistake turns everyone away as "другое соревнование".
 */
export async function doorCompetitions(db: Database, timeZone: string, now = new Date()): Promise<Array<{ id: number; title: string; startsAt: Date | null }>> {
  // Ended ones are cut in code (an end is `ends_at`, or the start's day in the time zone); a start two days ago
  // is past any such day, so the query keeps the list short.
  const rows = await db.manager
    .createQueryBuilder(Competition, 'c')
    .addSelect('CASE WHEN c.starts_at IS NULL THEN 1 ELSE 0 END', 'undated')
    .where('(c.starts_at IS NULL OR c.starts_at > :since OR c.ends_at > :now)', { since: db.date(new Date(now.getTime() - 2 * 86_400_000)), now: db.date(now) })
    .orderBy('undated', 'ASC')
    .addOrderBy('c.starts_at', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .take(DOOR_PICKER_SIZE * 2)
    .getMany();
  return rows
    .filter((c) => (competitionEnd(c, timeZone)?.getTime() ?? Infinity) > now.getTime())
    .slice(0, DOOR_PICKER_SIZE)
    .map((c) => ({ id: c.id, title: c.title, startsAt: c.startsAt }));
}

/** Checked in / expected (approved) per competition, for the dashboard and the scanner's header. */
export async function checkInCounts(db: Database, competitionIds: number[]): Promise<Map<number, { checkedIn: number; expected: number }>> {
  const counts = new Map<number, { checkedIn: number; expected: number }>(competitionIds.map((id) => [id, { checkedIn: 0, expected: 0 }]));
  if (competitionIds.length === 0) return counts;
  const rows = await db.manager
    .createQueryBuilder(Registration, 't')
    .select('t.competitionId', 'competition_id')
    .addSelect('COUNT(*)', 'expected')
    .addSelect('SUM(CASE WHEN t.checkedIn = :yes THEN 1 ELSE 0 END)', 'checked_in')
    .where({ competitionId: In(competitionIds), status: 'approved' })
    .setParameter('yes', true)
    .groupBy('t.competitionId')
    .getRawMany<{ competition_id: number; expected: string | number; checked_in: string | number | null }>();
  for (const r of rows) counts.set(Number(r.competition_id), { checkedIn: Number(r.checked_in ?? 0), expected: Number(r.expected) });
  return counts;
}
