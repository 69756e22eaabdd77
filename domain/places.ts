import { In, type EntityManager } from 'typeorm';
import { Competition, Registration, Team, type RegistrationRole, type RegistrationStatus } from '../entities/index.js';
import { SYSTEM, type Actor } from './actor.js';
import { logAdminAction } from './audit.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { recordEvent } from './history.js';
import { enqueueNotification } from './outbox.js';
import { hasStarted, registrationDeadline } from './calendar.js';
import type { DomainSettings } from './settings.js';

/*
 * How capacity stays exact when hundreds of requests race (competition places, slot and panel capacity):
 * every rule runs in ONE `db.write` transaction that first locks the row whose capacity it checks
 * (`db.lockForUpdate` → `SELECT … FOR UPDATE` on the competition / time slot / jury panel on PostgreSQL),
 * then RECOUNTS what is taken from the registrations themselves (never a running total that could drift),
 * then writes. A second transaction for the same competition waits on the lock and recounts after the
 * first committed, so it sees the place taken. On SQLite `db.write` serializes all write transactions
 * in-process (and BEGIN IMMEDIATE across processes), which gives the same guarantee without row locks.
 * Lock waits are bounded by a lock timeout and retried by `db.write`, then answered "busy, try again".
 */

/** Statuses in which a participant holds one of `max_participants` (an open offer holds its place). */
export const PLACE_HOLDING: RegistrationStatus[] = ['pending', 'approved', 'offered'];
/** Statuses that no longer count for anything (slots, panels). */
export const INACTIVE: RegistrationStatus[] = ['cancelled', 'rejected'];

/**
 * A list of our own constants as an SQL list, for raw SQL: `r.status NOT IN ${sqlList(INACTIVE)}`, so a
 * status list is written once. Never for input: the values are quoted, not escaped.
 */
export function sqlList(values: readonly RegistrationStatus[]): string {
  return `(${values.map((v) => `'${v}'`).join(', ')})`;
}

export function holdsPlace(role: RegistrationRole, status: RegistrationStatus): boolean {
  return role === 'participant' && PLACE_HOLDING.includes(status);
}

export { isRegistrationOpen } from './calendar.js';

/**
 * Locks the competition row (see the comment above) and loads it, in one round trip. `share` is for a
 * sign-up that takes no counted place (a voter, or no limit on places): such sign-ups do not queue behind
 * each other, but still wait for — and are waited for by — anything that changes the competition or
 * counts its places under the exclusive lock.
 */
export async function lockCompetition(db: Database, manager: EntityManager, competitionId: number, mode: 'update' | 'share' = 'update'): Promise<Competition> {
  const query = manager.createQueryBuilder(Competition, 'c').where('c.id = :id', { id: competitionId });
  if (db.isPostgres) query.setLock(mode === 'update' ? 'pessimistic_write' : 'pessimistic_read');
  const competition = await query.getOne();
  if (!competition) throw new DomainError('competition.not_found');
  return competition;
}

/**
 * The lock a sign-up needs, in one round trip for the common cases: a voter, or any sign-up for unlimited
 * places, takes the shared lock; a participant for limited places takes the exclusive one (it counts the places
 * taken). On PostgreSQL the shared lock is asked only while `max_participants IS NULL`, a condition the server
 * re-checks on the row's latest version once the lock is granted: a limit set meanwhile makes it return nothing,
 * and the exclusive lock is taken instead (a second round trip, only for limited competitions).
 */
export async function lockCompetitionForSignUp(db: Database, manager: EntityManager, competitionId: number, role: RegistrationRole): Promise<Competition> {
  if (!db.isPostgres || role === 'voter') return lockCompetition(db, manager, competitionId, 'share');
  const unlimited = await manager
    .createQueryBuilder(Competition, 'c')
    .where('c.id = :id AND c.max_participants IS NULL', { id: competitionId })
    .setLock('pessimistic_read')
    .getOne();
  return unlimited ?? lockCompetition(db, manager, competitionId, 'update');
}

type PlaceRules = Pick<Competition, 'id' | 'teamMode' | 'placesCount'>;

/** Whether the competition's places count teams (a team takes one place, held by its captain's registration). */
export function countsTeams(competition: Pick<Competition, 'teamMode' | 'placesCount'>): boolean {
  return competition.teamMode !== 'off' && competition.placesCount === 'teams';
}

/**
 * SQL condition on the registration `alias` (a participant's): it takes a place of its own. Counting people: every
 * participant. Counting teams: a team's captain (the team's place), and in optional mode a person in no team (a solo
 * is a team of one); a member holds the team's place through the captain, and waits on the list with the team.
 */
export function ownPlaceSql(competition: Pick<Competition, 'teamMode' | 'placesCount'>, alias = 'r'): string {
  if (!countsTeams(competition)) return '1 = 1';
  const solo = competition.teamMode === 'optional' ? `${alias}.team_id IS NULL OR ` : '';
  return `(${solo}EXISTS (SELECT 1 FROM teams t WHERE t.id = ${alias}.team_id AND t.captain_registration_id = ${alias}.id AND t.status <> 'dissolved'))`;
}

/** ownPlaceSql with the competition's settings read from its row `competition` (for a query over several competitions). */
export function ownPlaceSqlOf(competition: string, alias = 'r'): string {
  return `(${competition}.team_mode = 'off' OR ${competition}.places_count = 'people' OR (${competition}.team_mode = 'optional' AND ${alias}.team_id IS NULL)
    OR EXISTS (SELECT 1 FROM teams t WHERE t.id = ${alias}.team_id AND t.captain_registration_id = ${alias}.id AND t.status <> 'dissolved'))`;
}

/** Whether this registration takes a place of its own (see ownPlaceSql). */
export async function takesOwnPlace(manager: EntityManager, competition: PlaceRules, registration: Pick<Registration, 'id' | 'role' | 'teamId'>): Promise<boolean> {
  if (registration.role !== 'participant') return false;
  if (!countsTeams(competition)) return true;
  if (registration.teamId === null) return competition.teamMode === 'optional';
  const team = await manager.findOneBy(Team, { id: registration.teamId });
  return team !== null && team.status !== 'dissolved' && team.captainRegistrationId === registration.id;
}

/** Places taken: participants (or teams, see ownPlaceSql) holding one — pending, approved or offered. */
export async function countTakenPlaces(manager: EntityManager, competition: PlaceRules): Promise<number> {
  if (!countsTeams(competition)) return manager.count(Registration, { where: { competitionId: competition.id, role: 'participant', status: In(PLACE_HOLDING) } });
  return manager
    .createQueryBuilder(Registration, 'r')
    .where(`r.competition_id = :id AND r.role = 'participant' AND r.status IN ${sqlList(PLACE_HOLDING)} AND ${ownPlaceSql(competition)}`, { id: competition.id })
    .getCount();
}

export async function placesLeft(manager: EntityManager, competition: Competition): Promise<number | null> {
  if (competition.maxParticipants === null) return null;
  return Math.max(0, competition.maxParticipants - (await countTakenPlaces(manager, competition)));
}

/** The status a new (or promoted) holder of a place gets. */
export function admittedStatus(competition: Competition): RegistrationStatus {
  return competition.requiresApproval ? 'pending' : 'approved';
}

/**
 * Offers the free places to the waiting list, first come first served (created_at, then id): each of the first
 * in line gets `offered` until the offer window ends (WAITLIST_OFFER, cut short by the deadline) and a message
 * to accept or decline (domain/offers.ts). Nothing is offered once the deadline has passed. Call with the
 * competition locked, after the change that freed places. Returns the ids offered a place.
 */
export async function offerFreedPlaces(manager: EntityManager, actor: Actor, competition: Competition, settings: DomainSettings, now = new Date()): Promise<number[]> {
  const deadline = registrationDeadline(competition);
  // Past the deadline, or started (a deadline from before it was checked against the start), nothing is offered.
  if ((deadline && deadline.getTime() <= now.getTime()) || hasStarted(competition, now)) return [];
  const free = await placesLeft(manager, competition);
  if (free === 0) return [];
  // The first in line that take a place of their own: people, or captains of waiting teams (the team follows them).
  const line = manager
    .createQueryBuilder(Registration, 'r')
    .where(`r.competition_id = :id AND r.role = 'participant' AND r.status = 'waitlisted' AND ${ownPlaceSql(competition)}`, { id: competition.id })
    .orderBy('r.created_at', 'ASC')
    .addOrderBy('r.id', 'ASC');
  const waiting = await (free === null ? line : line.take(free)).getMany();
  const window = now.getTime() + settings.waitlistOfferMs;
  const expiresAt = new Date(deadline ? Math.min(window, deadline.getTime()) : window);
  for (const registration of waiting) {
    await manager.update(Registration, { id: registration.id }, { status: 'offered', statusChangedAt: now, offerExpiresAt: expiresAt });
    // The "✅ Беру" / "✖️ Не нужно" buttons come with the message (bot/delivery.ts renders offerRegistrationId).
    await enqueueNotification(manager, registration.userId, 'notify.place_offered', {
      competition: competition.title,
      competitionId: competition.id,
      offerRegistrationId: registration.id,
      expiresAt: expiresAt.toISOString(),
    });
    await logAdminAction(manager, actor, 'registration.offered', 'registrations', registration.id, { status: { before: 'waitlisted', after: 'offered' } });
    // Whoever freed the place, the waiting list moves by itself: the history says the system did it.
    await recordEvent(manager, SYSTEM, registration.id, 'offered', { from: 'waitlisted', to: 'offered' });
  }
  return waiting.map((r) => r.id);
}

/** 1-based place in the waiting list, or null when not waitlisted. Compared in SQL (timestamp precision differs by database). */
export async function waitingListPosition(db: Database, manager: EntityManager, registration: Registration): Promise<number | null> {
  if (registration.status !== 'waitlisted') return null;
  // The competition when the caller loaded it with the registration ("My registrations"), else read.
  const competition = registration.competition ?? (await manager.findOneByOrFail(Competition, { id: registration.competitionId }));
  // A member of a waiting team (counting teams) stands where the team's captain stands.
  let standing = registration.id;
  if (countsTeams(competition) && registration.teamId !== null) {
    const team = await manager.findOneBy(Team, { id: registration.teamId });
    if (team?.captainRegistrationId) standing = team.captainRegistrationId;
  }
  const [row] = await db.query<{ ahead: string | number }>(
    `SELECT COUNT(*) AS ahead FROM registrations r JOIN registrations me ON me.id = $1
      WHERE r.competition_id = me.competition_id AND r.role = 'participant' AND r.status = 'waitlisted' AND ${ownPlaceSql(competition)}
        AND (r.created_at < me.created_at OR (r.created_at = me.created_at AND r.id < me.id))`,
    [standing],
    manager,
  );
  return Number(row.ahead) + 1;
}

/** Where voters' choices are kept: of a time slot, or of a jury panel. */
const CHOICES = {
  slot: { table: 'voter_time_slots', column: 'time_slot_id' },
  panel: { table: 'voter_jury_panels', column: 'jury_panel_id' },
} as const;

/** Users whose active registration (not cancelled or rejected) chose the slot, or sits on the panel. */
export async function activeVoters(db: Database, manager: EntityManager, of: keyof typeof CHOICES, id: number): Promise<number[]> {
  const { table, column } = CHOICES[of];
  const rows = await db.query<{ user_id: number }>(
    `SELECT DISTINCT r.user_id FROM ${table} v JOIN registrations r ON r.id = v.registration_id
      WHERE v.${column} = $1 AND r.status NOT IN ${sqlList(INACTIVE)}`,
    [id],
    manager,
  );
  return rows.map((r) => Number(r.user_id));
}
