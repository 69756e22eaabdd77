import { Competition, Registration, type RegistrationRole, type RegistrationStatus } from '../../entities/index.js';
import type { Actor } from '../actor.js';
import { logAdminAction } from '../audit.js';
import { personName } from '../checkin.js';
import type { Database } from '../infrastructure/database.js';
import { INACTIVE, sqlList } from '../places.js';
import { formatPhone } from '../profile.js';
import { toDate } from '../time.js';

/*
 * What the admin prints: a competition's poster and its participant list for the door, and a person's
 * registrations (their history at a glance on the user's page).
 */

/** What a printout says about a competition: its title, start and place. */
export type CompetitionHeader = Pick<Competition, 'id' | 'title' | 'startsAt' | 'location'>;

export function competitionHeader(db: Database, competitionId: number): Promise<CompetitionHeader | null> {
  return db.manager.findOne(Competition, { select: { id: true, title: true, startsAt: true, location: true }, where: { id: competitionId } });
}

export interface ListRow {
  registrationId: number;
  name: string;
  /** As people read it (+7 912 345-67-89), '' when none. */
  phone: string;
  role: RegistrationRole;
  status: RegistrationStatus;
  checkedIn: boolean;
}

/**
 * Everyone expected at the door (cancelled and rejected are not): participants first, then voters, each by name
 * as the door reads it — a list is searched by eye.
 */
export async function participantList(db: Database, competitionId: number): Promise<ListRow[]> {
  const rows = await db.query<{
    id: number;
    role: RegistrationRole;
    status: RegistrationStatus;
    checked_in: boolean | number;
    user_id: number;
    full_name: string | null;
    first_name: string | null;
    last_name: string | null;
    username: string | null;
    phone: string | null;
  }>(
    `SELECT r.id, r.role, r.status, r.checked_in, u.id AS user_id, u.full_name, u.first_name, u.last_name, u.username, u.phone
       FROM registrations r JOIN users u ON u.id = r.user_id
      WHERE r.competition_id = $1 AND r.status NOT IN ${sqlList(INACTIVE)}`,
    [competitionId],
  );
  const list = rows.map((r) => ({
    registrationId: Number(r.id),
    name: personName({ id: Number(r.user_id), fullName: r.full_name, firstName: r.first_name, lastName: r.last_name, username: r.username }),
    phone: formatPhone(r.phone),
    role: r.role,
    status: r.status,
    checkedIn: r.checked_in === true || r.checked_in === 1,
  }));
  const roleOrder = (role: RegistrationRole) => (role === 'participant' ? 0 : 1);
  return list.sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || a.name.localeCompare(b.name, 'ru') || a.registrationId - b.registrationId);
}

/** A printed list holds names and phones: audited like the CSV export. */
export async function recordListPrinted(db: Database, actor: Actor, competitionId: number): Promise<void> {
  await db.write((manager) => logAdminAction(manager, actor, 'competitions.list_printed', 'competitions', competitionId, null));
}

export interface PersonRegistration {
  id: number;
  competitionId: number;
  competition: string;
  startsAt: Date | null;
  role: RegistrationRole;
  status: RegistrationStatus;
  checkedIn: boolean;
  createdAt: Date;
  statusChangedAt: Date | null;
}

/** All of a person's registrations, the latest competition first. */
export async function personRegistrations(db: Database, userIds: number[]): Promise<Map<number, PersonRegistration[]>> {
  const byUser = new Map<number, PersonRegistration[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db.manager
    .createQueryBuilder(Registration, 'r')
    .innerJoin(Competition, 'c', 'c.id = r.competitionId')
    .select(['r.id AS id', 'r.userId AS user_id', 'r.competitionId AS competition_id', 'c.title AS title', 'c.startsAt AS starts_at'])
    .addSelect(['r.role AS role', 'r.status AS status', 'r.checkedIn AS checked_in', 'r.createdAt AS created_at', 'r.statusChangedAt AS status_changed_at'])
    .where('r.userId IN (:...userIds)', { userIds })
    .orderBy('c.startsAt', 'DESC')
    .addOrderBy('r.id', 'DESC')
    .getRawMany<{
      id: number;
      user_id: number;
      competition_id: number;
      title: string;
      starts_at: Date | string | null;
      role: RegistrationRole;
      status: RegistrationStatus;
      checked_in: boolean | number;
      created_at: Date | string;
      status_changed_at: Date | string | null;
    }>();
  for (const r of rows) {
    const list = byUser.get(Number(r.user_id)) ?? [];
    list.push({
      id: Number(r.id),
      competitionId: Number(r.competition_id),
      competition: r.title,
      startsAt: r.starts_at ? toDate(r.starts_at) : null,
      role: r.role,
      status: r.status,
      checkedIn: r.checked_in === true || r.checked_in === 1,
      createdAt: toDate(r.created_at),
      statusChangedAt: r.status_changed_at ? toDate(r.status_changed_at) : null,
    });
    byUser.set(Number(r.user_id), list);
  }
  return byUser;
}
