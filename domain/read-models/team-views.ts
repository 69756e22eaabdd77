import type { RegistrationStatus, TeamStatus } from '../../entities/index.js';
import { personName } from '../checkin.js';
import type { Database } from '../infrastructure/database.js';
import { INACTIVE, sqlList } from '../places.js';

/*
 * What organizers read of teams (issue 26): the teams list's columns, a team's roster (its answers: answers.ts's
 * teamAnswers), the team beside a registration (its list, its page, the door), the dashboard's team counts, the
 * exports' team columns and their "Команды" sheet. Queries only; every rule about teams is domain/teams.ts's.
 */

/** A person's name columns as the queries below read them. */
interface NameColumns {
  user_id: number;
  full_name: string | null;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
}
const NAME_COLUMNS = 'u.id AS user_id, u.full_name, u.first_name, u.last_name, u.username';
const nameOf = (r: NameColumns) => personName({ id: Number(r.user_id), fullName: r.full_name, firstName: r.first_name, lastName: r.last_name, username: r.username });
const ids = (list: readonly number[]) => [...new Set(list.map(Number))].join(', '); // integers from the database

/** A member who counts: not cancelled or rejected. */
const ACTIVE_MEMBER = `r.status NOT IN ${sqlList(INACTIVE)}`;

export interface TeamListColumns {
  competitionName: string;
  captainName: string;
  /** Members not cancelled or rejected. */
  members: number;
}

/**
 * The teams list's computed columns for one page of teams: three small queries whatever the page (members grouped
 * by team on `registrations(team_id, status)`, the captains' names, the competitions' titles) — never one per team.
 */
export async function teamListColumns(db: Database, teams: ReadonlyArray<{ id: number; competitionId: number; captainRegistrationId: number | null }>): Promise<TeamListColumns[]> {
  if (teams.length === 0) return [];
  const counts = await db.query<{ team_id: number; n: number | string }>(
    `SELECT r.team_id, COUNT(*) AS n FROM registrations r WHERE r.team_id IN (${ids(teams.map((t) => t.id))}) AND ${ACTIVE_MEMBER} GROUP BY r.team_id`,
  );
  const captainIds = teams.map((t) => t.captainRegistrationId).filter((id): id is number => id !== null);
  const captains = captainIds.length
    ? await db.query<NameColumns & { id: number }>(`SELECT r.id, ${NAME_COLUMNS} FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.id IN (${ids(captainIds)})`)
    : [];
  const competitions = await db.query<{ id: number; title: string }>(`SELECT id, title FROM competitions WHERE id IN (${ids(teams.map((t) => t.competitionId))})`);
  const members = new Map(counts.map((c) => [Number(c.team_id), Number(c.n)]));
  const captainNames = new Map(captains.map((c) => [Number(c.id), nameOf(c)]));
  const titles = new Map(competitions.map((c) => [Number(c.id), c.title]));
  return teams.map((t) => ({
    competitionName: titles.get(t.competitionId) ?? '',
    captainName: t.captainRegistrationId === null ? '' : (captainNames.get(t.captainRegistrationId) ?? ''),
    members: members.get(t.id) ?? 0,
  }));
}

export interface TeamMemberLine {
  registrationId: number;
  name: string;
  username: string | null;
  status: RegistrationStatus;
  isCaptain: boolean;
  checkedIn: boolean;
}

/** A team's roster, the captain first, then by when each joined (registration id). */
export async function teamRoster(db: Database, teamId: number, captainRegistrationId: number | null): Promise<TeamMemberLine[]> {
  const rows = await db.query<NameColumns & { id: number; status: RegistrationStatus; checked_in: boolean | number }>(
    `SELECT r.id, r.status, r.checked_in, ${NAME_COLUMNS} FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.team_id = $1 ORDER BY r.id`,
    [teamId],
  );
  return rows
    .map((r) => ({
      registrationId: Number(r.id),
      name: nameOf(r),
      username: r.username,
      status: r.status,
      isCaptain: Number(r.id) === captainRegistrationId,
      checkedIn: Boolean(r.checked_in),
    }))
    .sort((a, b) => Number(b.isCaptain) - Number(a.isCaptain) || a.registrationId - b.registrationId);
}

/** The team a registration is in, as its list, its page and the door show it. */
export interface RegistrationTeam {
  teamId: number;
  name: string;
  status: TeamStatus;
  isCaptain: boolean;
}

/** The teams of these registrations (one query); a registration in no team is absent. */
export async function teamsOfRegistrations(db: Database, registrationIds: readonly number[]): Promise<Map<number, RegistrationTeam>> {
  const found = new Map<number, RegistrationTeam>();
  if (!registrationIds.length) return found;
  const rows = await db.query<{ id: number; team_id: number; name: string; status: TeamStatus; captain_registration_id: number | null }>(
    `SELECT r.id, r.team_id, t.name, t.status, t.captain_registration_id FROM registrations r JOIN teams t ON t.id = r.team_id WHERE r.id IN (${ids(registrationIds)})`,
  );
  for (const r of rows) found.set(Number(r.id), { teamId: Number(r.team_id), name: r.name, status: r.status, isCaptain: Number(r.captain_registration_id) === Number(r.id) });
  return found;
}

/** A team competition's counts on the dashboard. */
export interface TeamCounts {
  /** Teams not dissolved. */
  registered: number;
  complete: number;
  forming: number;
  incomplete: number;
  /** Active members of those teams, and how many of them are checked in. */
  people: number;
  arrived: number;
}

/**
 * Team counts of these competitions: two GROUPED queries — teams by competition and status (the index
 * `teams(competition_id, status, id)`), members by competition (a join on `registrations(team_id, status)`) —
 * whatever the number of teams; never a subquery per team.
 */
export async function teamCounts(db: Database, competitionIds: readonly number[]): Promise<Map<number, TeamCounts>> {
  const counts = new Map<number, TeamCounts>();
  if (!competitionIds.length) return counts;
  const list = ids(competitionIds);
  const teams = await db.query<{ competition_id: number; status: TeamStatus; n: number | string }>(
    `SELECT competition_id, status, COUNT(*) AS n FROM teams WHERE competition_id IN (${list}) GROUP BY competition_id, status`,
  );
  const people = await db.query<{ competition_id: number; n: number | string; arrived: number | string | null }>(
    `SELECT t.competition_id, COUNT(*) AS n, SUM(CASE WHEN r.checked_in = $1 THEN 1 ELSE 0 END) AS arrived
       FROM teams t JOIN registrations r ON r.team_id = t.id
      WHERE t.competition_id IN (${list}) AND t.status <> 'dissolved' AND ${ACTIVE_MEMBER}
      GROUP BY t.competition_id`,
    [true],
  );
  const entry = (id: number) => {
    if (!counts.has(id)) counts.set(id, { registered: 0, complete: 0, forming: 0, incomplete: 0, people: 0, arrived: 0 });
    return counts.get(id)!;
  };
  for (const row of teams) {
    const c = entry(Number(row.competition_id));
    const n = Number(row.n);
    if (row.status !== 'dissolved') {
      c.registered += n;
      c[row.status] += n;
    }
  }
  for (const row of people) {
    const c = entry(Number(row.competition_id));
    c.people = Number(row.n);
    c.arrived = Number(row.arrived ?? 0);
  }
  return counts;
}

/** One line of the export's "Команды" sheet. */
export interface TeamExportRow {
  id: number;
  name: string;
  status: TeamStatus;
  captain: string;
  members: string[];
  answers: Map<number, string>;
}

const TEAM_BATCH = 500;

/** Whether a competition has teams to list: its team mode is on, or teams were made while it was. */
export async function competitionHasTeams(db: Database, competitionId: number): Promise<boolean> {
  const [row] = await db.query<{ has_teams: number | string }>(
    `SELECT CASE WHEN team_mode <> 'off' OR EXISTS (SELECT 1 FROM teams WHERE competition_id = $1) THEN 1 ELSE 0 END AS has_teams FROM competitions WHERE id = $1`,
    [competitionId],
  );
  return Number(row?.has_teams) === 1;
}

/**
 * A competition's teams for the export's "Команды" sheet, in keyset batches by id (memory stays flat): the
 * captain's name, the members' names (active ones, the captain first) and the team's stored answers by question.
 */
export async function* teamExportBatches(db: Database, competitionId: number): AsyncGenerator<TeamExportRow[]> {
  let lastId = 0;
  for (;;) {
    const teams = await db.query<{ id: number; name: string; status: TeamStatus; captain_registration_id: number | null }>(
      `SELECT id, name, status, captain_registration_id FROM teams WHERE competition_id = $1 AND id > $2 ORDER BY id LIMIT ${TEAM_BATCH}`,
      [competitionId, lastId],
    );
    if (teams.length === 0) return;
    lastId = Number(teams[teams.length - 1].id);
    const list = ids(teams.map((t) => t.id));
    const members = await db.query<NameColumns & { id: number; team_id: number }>(
      `SELECT r.id, r.team_id, ${NAME_COLUMNS} FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.team_id IN (${list}) AND ${ACTIVE_MEMBER} ORDER BY r.id`,
    );
    const answers = await db.query<{ team_id: number; question_id: number; value: string }>(`SELECT team_id, question_id, value FROM answers WHERE team_id IN (${list})`);
    const byTeam = new Map<number, typeof members>();
    for (const m of members) byTeam.set(Number(m.team_id), [...(byTeam.get(Number(m.team_id)) ?? []), m]);
    const answersByTeam = new Map<number, Map<number, string>>();
    for (const a of answers) answersByTeam.set(Number(a.team_id), (answersByTeam.get(Number(a.team_id)) ?? new Map<number, string>()).set(Number(a.question_id), a.value));
    yield teams.map((t) => {
      const id = Number(t.id);
      const captainId = t.captain_registration_id === null ? null : Number(t.captain_registration_id);
      const mine = (byTeam.get(id) ?? []).sort((a, b) => Number(Number(b.id) === captainId) - Number(Number(a.id) === captainId));
      const captain = mine.find((m) => Number(m.id) === captainId);
      return { id, name: t.name, status: t.status, captain: captain ? nameOf(captain) : '', members: mine.map(nameOf), answers: answersByTeam.get(id) ?? new Map() };
    });
    if (teams.length < TEAM_BATCH) return;
  }
}

/** The role a registration has in its team, as the exports write it. */
export type TeamRole = 'captain' | 'member';
export const teamRoleOf = (team: RegistrationTeam | undefined): TeamRole | null => (team ? (team.isCaptain ? 'captain' : 'member') : null);
