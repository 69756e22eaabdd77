import { enqueueNotification } from './outbox.js';
import { Competition, PLACES_COUNTS, Registration, TEAM_MODES } from '../entities/index.js';
import type { Actor } from './actor.js';
import { deletedChanges, diffChanges, logAdminAction } from './audit.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { PLACE_HOLDING, countTakenPlaces, isRegistrationOpen, lockCompetition, offerFreedPlaces, ownPlaceSqlOf, sqlList } from './places.js';

export type CompetitionChanges = Partial<
  Pick<
    Competition,
    | 'title'
    | 'description'
    | 'location'
    | 'startsAt'
    | 'endsAt'
    | 'registrationOpen'
    | 'registrationClosesAt'
    | 'requiresApproval'
    | 'maxParticipants'
    | 'contact'
    | 'retentionDays'
    | 'teamMode'
    | 'teamMin'
    | 'teamMax'
    | 'placesCount'
  >
>;

const EDITABLE: Array<keyof CompetitionChanges> = [
  'title',
  'description',
  'location',
  'startsAt',
  'endsAt',
  'registrationOpen',
  'registrationClosesAt',
  'requiresApproval',
  'maxParticipants',
  'contact',
  'retentionDays',
  'teamMode',
  'teamMin',
  'teamMax',
  'placesCount',
];

/** The largest team an organizer may allow. */
export const MAX_TEAM_SIZE = 50;
/** The columns' defaults (entities/competition.ts), for a new competition's sizes left out of the form. */
const TEAM_SIZE_DEFAULTS = { teamMin: 2, teamMax: 5 };

/** The longest retention an organizer may set, in days (ten years). */
const MAX_RETENTION_DAYS = 3650;

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
  if ('retentionDays' in next && next.retentionDays !== null) {
    const days = Number(next.retentionDays);
    if (!Number.isInteger(days) || days < 0 || days > MAX_RETENTION_DAYS) throw new DomainError('competition.bad_retention', { max: MAX_RETENTION_DAYS }, 'retentionDays');
    next.retentionDays = days;
  }
  if ('contact' in next) next.contact = String(next.contact ?? '').trim() || null;
  if ('teamMode' in next && !(TEAM_MODES as readonly unknown[]).includes(next.teamMode)) throw new DomainError('competition.bad_team_mode', {}, 'teamMode');
  if ('placesCount' in next && !(PLACES_COUNTS as readonly unknown[]).includes(next.placesCount)) throw new DomainError('competition.bad_places_count', {}, 'placesCount');
  for (const key of ['teamMin', 'teamMax'] as const) {
    if (!(key in next)) continue;
    const size = Number(next[key]);
    if (next[key] === null || !Number.isInteger(size) || size < 1 || size > MAX_TEAM_SIZE) throw new DomainError('competition.bad_team_size', { max: MAX_TEAM_SIZE }, key);
    next[key] = size;
  }
  return next;
}

/** A team's sizes hold together (1 ≤ min ≤ max ≤ 50), on the values as they will be after the change. */
function checkTeamSizes(values: Pick<Competition, 'teamMin' | 'teamMax'>): void {
  if (values.teamMin > values.teamMax) throw new DomainError('competition.team_min_above_max', { min: values.teamMin, max: values.teamMax }, 'teamMin');
}

/**
 * The time line holds together: the deadline is not after the start (registration may end earlier, never
 * later), and the end comes after the start. Checked on the values as they will be after the change.
 */
function checkTimeLine(values: Pick<Competition, 'startsAt' | 'endsAt' | 'registrationClosesAt'>): void {
  const { startsAt, endsAt, registrationClosesAt } = values;
  if (startsAt && registrationClosesAt && registrationClosesAt.getTime() > startsAt.getTime())
    throw new DomainError('competition.deadline_after_start', {}, 'registrationClosesAt');
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) throw new DomainError('competition.end_before_start', {}, 'endsAt');
}

/** An organizer creates a competition; audited in the same transaction. */
export function createCompetition(db: Database, actor: Actor, values: CompetitionChanges): Promise<Competition> {
  const next = checkCompetitionValues(values);
  if (!('title' in next)) throw new DomainError('competition.title_required');
  checkTimeLine({ startsAt: null, endsAt: null, registrationClosesAt: null, ...(next as Partial<Competition>) });
  checkTeamSizes({ teamMin: TEAM_SIZE_DEFAULTS.teamMin, teamMax: TEAM_SIZE_DEFAULTS.teamMax, ...(next as Partial<Competition>) });
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
    checkTimeLine({ ...competition, ...(next as Partial<Competition>) });
    checkTeamSizes({ ...competition, ...(next as Partial<Competition>) });
    if (typeof next.maxParticipants === 'number') {
      const taken = await countTakenPlaces(manager, { ...competition, ...(next as Partial<Competition>) });
      if (next.maxParticipants < taken) throw new DomainError('competition.max_below_taken', { taken, max: next.maxParticipants });
    }
    const diff = diffChanges(competition, next);
    if (Object.keys(diff).length === 0) return competition;
    // Once purged, the period is history: changing it would change nothing and say otherwise.
    if (diff.retentionDays && competition.personalDataPurgedAt) throw new DomainError('competition.retention_after_purge', {}, 'retentionDays');
    await manager.update(Competition, { id: competitionId }, next);
    await logAdminAction(manager, actor, 'competition.updated', 'competitions', competitionId, diff);
    const updated = await manager.findOneByOrFail(Competition, { id: competitionId });
    // More places, or a later deadline: the waiting list may be offered what is free.
    if (diff.maxParticipants || diff.registrationClosesAt || diff.startsAt) await offerFreedPlaces(manager, actor, updated, db.settings);
    // Moved: its registrants are told the new time (reminders follow it by themselves: they are keyed by it).
    if (diff.startsAt && updated.startsAt) {
      const people = await db.query<{ user_id: number }>(
        `SELECT DISTINCT user_id FROM registrations WHERE competition_id = $1 AND status IN ('pending', 'approved', 'waitlisted', 'offered')`,
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

/**
 * The competitions people can look forward to: published (`registration_open`) and not started, soonest first,
 * those without a date last — the same order on both databases. A page at a time.
 */
export async function listUpcomingCompetitions(db: Database, offset: number, limit: number, now = new Date()): Promise<CompetitionPage> {
  const query = db.manager
    .createQueryBuilder(Competition, 'c')
    .addSelect('CASE WHEN c.starts_at IS NULL THEN 1 ELSE 0 END', 'undated')
    .where('c.registration_open = :open', { open: true })
    .andWhere('(c.starts_at IS NULL OR c.starts_at > :now)', { now: db.date(now) })
    .orderBy('undated', 'ASC')
    .addOrderBy('c.starts_at', 'ASC')
    .addOrderBy('c.id', 'ASC');
  const [items, total] = await query.skip(offset).take(limit).getManyAndCount();
  return { items, total };
}

/** Words of a request that say what the person wants to do, not which competition (their stems). */
const REQUEST_WORDS = [
  ...['хоч', 'хоте', 'зарег', 'регист', 'запис', 'участв', 'пожал', 'можн', 'соревн', 'подскаж', 'как', 'что', 'где', 'когда', 'для', 'это', 'или'],
  ...['want', 'regist', 'sign', 'join', 'pleas', 'compet', 'the', 'and', 'for', 'how', 'what', 'where', 'when'],
];
/** How many upcoming competitions a search reads (small events; titles are compared in code: SQLite lowercases ASCII only). */
const SEARCH_SCAN = 200;

/** A word's stem for matching a title: "шахматы" and "шахматам" both start with "шахма". */
function stem(word: string): string {
  return word.length <= 5 ? word : word.slice(0, Math.max(5, word.length - 2));
}

/** The stems of a text's words worth searching by (three letters and more, not the words of the request itself). */
export function searchStems(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .replace(/ё/g, 'е')
      .match(/\p{L}{3,}/gu) ?? [];
  return [...new Set(words.map(stem))].filter((s) => !REQUEST_WORDS.some((request) => s.startsWith(request)));
}

/**
 * Upcoming competitions whose title has a word starting with one of the text's stems ("хочу на шахматы" finds
 * "Кубок по шахматам"), the best matches first, at most `limit`.
 */
export async function findUpcomingCompetitions(db: Database, text: string, limit: number, now = new Date()): Promise<Competition[]> {
  const stems = searchStems(text);
  if (stems.length === 0) return [];
  const { items } = await listUpcomingCompetitions(db, 0, SEARCH_SCAN, now);
  const scored = items.map((competition) => {
    const words =
      competition.title
        .toLowerCase()
        .replace(/ё/g, 'е')
        .match(/[\p{L}\p{N}]+/gu) ?? [];
    return { competition, score: stems.filter((s) => words.some((w) => w.startsWith(s))).length };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((s) => s.competition);
}

/**
 * Competitions that have started (running or over), latest first: published ones, and unpublished ones that had
 * registrations — for "Прошедшие", where nobody registers any more.
 */
export async function listPastCompetitions(db: Database, offset: number, limit: number, now = new Date()): Promise<CompetitionPage> {
  const query = db.manager
    .createQueryBuilder(Competition, 'c')
    .where('c.starts_at <= :now', { now: db.date(now) })
    .andWhere('(c.registration_open = :open OR EXISTS (SELECT 1 FROM registrations r WHERE r.competition_id = c.id))', { open: true })
    .orderBy('c.starts_at', 'DESC')
    .addOrderBy('c.id', 'DESC');
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
          .where(`r.competition_id = c.id AND r.role = 'participant' AND r.status IN ${sqlList(PLACE_HOLDING)} AND ${ownPlaceSqlOf('c')}`),
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
