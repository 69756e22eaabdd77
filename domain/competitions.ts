import { enqueueNotification } from './outbox.js';
import { Competition, Registration } from '../entities/index.js';
import type { Actor } from './actor.js';
import { deletedChanges, diffChanges, logAdminAction } from './audit.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { PLACE_HOLDING, countTakenPlaces, isRegistrationOpen, lockCompetition, promoteWaitingList, sqlList } from './places.js';

export type CompetitionChanges = Partial<
  Pick<Competition, 'title' | 'description' | 'location' | 'startsAt' | 'registrationOpen' | 'registrationClosesAt' | 'requiresApproval' | 'maxParticipants'>
>;

const EDITABLE: Array<keyof CompetitionChanges> = [
  'title',
  'description',
  'location',
  'startsAt',
  'registrationOpen',
  'registrationClosesAt',
  'requiresApproval',
  'maxParticipants',
];

/** Checks and normalizes an organizer's values: a title, a whole non-negative number of places (or none). */
function checkCompetitionValues(values: CompetitionChanges): Record<string, unknown> {
  const next: Record<string, unknown> = {};
  for (const key of EDITABLE) if (values[key] !== undefined) next[key] = values[key];
  if ('title' in next && !String(next.title ?? '').trim()) throw new DomainError('competition.title_required');
  if ('maxParticipants' in next && next.maxParticipants !== null) {
    const max = Number(next.maxParticipants);
    if (!Number.isInteger(max) || max < 0) throw new DomainError('competition.bad_max');
    next.maxParticipants = max;
  }
  return next;
}

/** An organizer creates a competition; audited in the same transaction. */
export function createCompetition(db: Database, actor: Actor, values: CompetitionChanges): Promise<Competition> {
  const next = checkCompetitionValues(values);
  if (!('title' in next)) throw new DomainError('competition.title_required');
  return db.write(async (manager) => {
    const competition = await manager.save(manager.create(Competition, next));
    await logAdminAction(manager, actor, 'competitions.created', 'competitions', competition.id, diffChanges({}, next));
    return competition;
  });
}

/**
 * An organizer deletes a competition, and with it (foreign keys cascade) its registrations, slots and
 * panels: the admin asks for a confirmation that says so first.
 */
export function deleteCompetition(db: Database, actor: Actor, competitionId: number): Promise<void> {
  return db.write(async (manager) => {
    const competition = await lockCompetition(db, manager, competitionId);
    await manager.delete(Competition, { id: competitionId });
    await logAdminAction(manager, actor, 'competitions.deleted', 'competitions', competitionId, deletedChanges(competition));
  });
}

/**
 * An organizer edits a competition. Raising `max_participants` (or making it unlimited) promotes the waiting
 * list at once; lowering it below the places already taken is refused (`competition.max_below_taken`):
 * reject or cancel registrations first, so nobody loses a confirmed place silently.
 */
export function updateCompetition(db: Database, actor: Actor, competitionId: number, changes: CompetitionChanges): Promise<Competition> {
  return db.write(async (manager) => {
    const competition = await lockCompetition(db, manager, competitionId);
    const next = checkCompetitionValues(changes);
    if (typeof next.maxParticipants === 'number') {
      const taken = await countTakenPlaces(manager, competitionId);
      if (next.maxParticipants < taken) throw new DomainError('competition.max_below_taken', { taken, max: next.maxParticipants });
    }
    const diff = diffChanges(competition, next);
    if (Object.keys(diff).length === 0) return competition;
    await manager.update(Competition, { id: competitionId }, next);
    await logAdminAction(manager, actor, 'competition.updated', 'competitions', competitionId, diff);
    const updated = await manager.findOneByOrFail(Competition, { id: competitionId });
    if (diff.maxParticipants) await promoteWaitingList(manager, actor, updated);
    // Moved: its registrants are told the new time (reminders follow it by themselves: they are keyed by it).
    if (diff.startsAt && updated.startsAt) {
      const people = await db.query<{ user_id: number }>(
        `SELECT DISTINCT user_id FROM registrations WHERE competition_id = $1 AND status IN ('pending', 'approved', 'waitlisted')`,
        [competitionId],
        manager,
      );
      for (const { user_id } of people) {
        await enqueueNotification(manager, Number(user_id), 'notify.competition_moved', {
          competition: updated.title,
          competitionId,
          startsAt: updated.startsAt.toISOString(),
        });
      }
    }
    return updated;
  });
}

export interface CompetitionPage {
  items: Competition[];
  total: number;
}

/** Competitions open for registration now, soonest first, a page at a time. */
export async function listOpenCompetitions(db: Database, offset: number, limit: number, now = new Date()): Promise<CompetitionPage> {
  const query = db.manager
    .createQueryBuilder(Competition, 'c')
    .where('c.registration_open = :open', { open: true })
    .andWhere('(c.registration_closes_at IS NULL OR c.registration_closes_at > :now)', { now: db.date(now) })
    .orderBy('c.starts_at', 'ASC')
    .addOrderBy('c.id', 'ASC');
  const [items, total] = await query.skip(offset).take(limit).getManyAndCount();
  return { items, total };
}

export interface CompetitionDetails {
  competition: Competition;
  open: boolean;
  /** null = unlimited. */
  placesLeft: number | null;
  taken: number;
  /** The asking user's registration for it (any status), when a user was given and has one. */
  mine: Pick<Registration, 'id' | 'status' | 'role'> | null;
}

/**
 * A competition with its taken places and, given a user, that user's registration for it — in one query (the
 * bot shows this screen a lot, and the registration button needs to know whether the user is in already).
 */
export async function getCompetitionDetails(db: Database, competitionId: number, userId?: number): Promise<CompetitionDetails | null> {
  const query = db.manager
    .createQueryBuilder(Competition, 'c')
    .addSelect(
      (sub) =>
        sub
          .select('COUNT(*)')
          .from(Registration, 'r')
          .where(`r.competition_id = c.id AND r.role = 'participant' AND r.status IN ${sqlList(PLACE_HOLDING)}`),
      'taken',
    )
    .where('c.id = :id', { id: competitionId });
  if (userId !== undefined) {
    query.leftJoin(Registration, 'mine', 'mine.competition_id = c.id AND mine.user_id = :userId', { userId }).addSelect(['mine.id', 'mine.status', 'mine.role']);
  }
  const { entities, raw } = await query.getRawAndEntities();
  const competition = entities[0];
  if (!competition) return null;
  const row = raw[0] as { taken: string | number; mine_id?: number | null; mine_status?: Registration['status']; mine_role?: Registration['role'] };
  const taken = Number(row.taken);
  const placesLeft = competition.maxParticipants === null ? null : Math.max(0, competition.maxParticipants - taken);
  const mine = row.mine_id === null || row.mine_id === undefined ? null : { id: Number(row.mine_id), status: row.mine_status!, role: row.mine_role! };
  return { competition, open: isRegistrationOpen(competition), placesLeft, taken, mine };
}

export function competitionExists(db: Database, competitionId: number): Promise<boolean> {
  return db.manager.existsBy(Competition, { id: competitionId });
}
