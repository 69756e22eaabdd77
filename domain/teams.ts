import { randomBytes } from 'node:crypto';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { Answer, Competition, Question, Registration, Team, type RegistrationEventKind, type RegistrationStatus, type TeamStatus } from '../entities/index.js';
import { SYSTEM, type Actor } from './actor.js';
import { logAdminAction } from './audit.js';
import { registrationDeadline } from './calendar.js';
import { formQuestion, settleAnswers } from './answers.js';
import { valueKey } from './answer-rules.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { enqueueNotification } from './outbox.js';
import { INACTIVE, admittedStatus, countTakenPlaces, countsTeams, holdsPlace, isRegistrationOpen, lockCompetition, offerFreedPlaces, takesOwnPlace } from './places.js';
import { loadForChange, transition } from './registrations.js';
import { runOnce } from './infrastructure/run-lock.js';

/*
 * Teams (issue 26; DESIGN.md, Teams). A team is a row in `teams`; its members are the participant registrations whose
 * `team_id` names it, one of them the captain. One team per person per competition holds by construction (a person
 * has one registration per competition and it names one team). Every roster change runs in one transaction under
 * the competition's exclusive lock (domain/places.ts): the size limit and the places are counted after the lock, so
 * racing joins never overfill a team, and racing teams never overfill the places.
 *
 * Places (places_count): counting people, each member takes a place of their own as today. Counting teams, the team's
 * place is held by its captain's registration — a team takes its place when it is created — and the members follow
 * the captain: they wait on the list with the team, and are admitted with it (`followCaptain`). A freed place is
 * offered to the first waiting captain for the whole team; a captain who declines it (or lets it expire) gives up the
 * team's waiting: its waiting members are cancelled with it and the team is dissolved.
 *
 * People change rosters until the registration deadline (then they are frozen: team.frozen); organizers any time. A
 * team below `team_min` at the deadline becomes `incomplete` — its members were told a day before — and organizers
 * decide (its status), nothing is dropped silently.
 */

export const TEAM_NAME_MAX = 60;
/** Statuses of a registration that is in the team (not cancelled or rejected). */
const ACTIVE: RegistrationStatus[] = ['pending', 'approved', 'waitlisted', 'offered'];

function tidyTeamName(name: string): string {
  return String(name ?? '')
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ');
}

/** An unguessable invite code (96 random bits, URL-safe): the `j_<code>` of the invite link. */
export function newInviteCode(): string {
  return randomBytes(12).toString('base64url');
}

/** The invite link a captain shares (`/start j_<code>` in the bot). */
export function inviteLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=j_${code}`;
}

/** The name tidied, or team.name_invalid (2–60 characters, no control characters or angle brackets). */
function checkedName(name: string): string {
  const tidy = tidyTeamName(name);
  if (tidy.length < 2 || tidy.length > TEAM_NAME_MAX || /[\p{Cc}<>]/u.test(tidy)) throw new DomainError('team.name_invalid', { max: TEAM_NAME_MAX }, 'name');
  return tidy;
}

async function assertNameFree(manager: EntityManager, competitionId: number, name: string, except?: number): Promise<void> {
  const taken = await manager.findOneBy(Team, { competitionId, nameKey: name.toLowerCase(), ...(except ? { id: Not(except) } : {}) });
  if (taken) throw new DomainError('team.name_taken', { name }, 'name');
}

/** The bot checks the name as the captain types it: the tidied name, or team.name_invalid / team.name_taken. */
export async function checkTeamName(db: Database, competitionId: number, name: string): Promise<string> {
  const tidy = checkedName(name);
  await assertNameFree(db.manager, competitionId, tidy);
  return tidy;
}

/** The team questions of a competition (asked once of the captain), in order. */
export function teamQuestionsFor(manager: EntityManager, competitionId: number): Promise<Question[]> {
  return manager.find(Question, { where: { competitionId, forTeam: true }, order: { position: 'ASC', id: 'ASC' } });
}

/** The active members of a team, the earliest first (the captaincy passes in this order). */
export function activeMembers(manager: EntityManager, teamId: number): Promise<Registration[]> {
  return manager.find(Registration, { where: { teamId, status: In(ACTIVE) }, order: { id: 'ASC' } });
}

function notifyMembers(
  manager: EntityManager,
  members: readonly Pick<Registration, 'userId'>[],
  kind: string,
  team: Team,
  competition: Competition,
  extra: Record<string, string | number> = {},
) {
  return Promise.all(
    members.map((m) => enqueueNotification(manager, m.userId, kind, { competition: competition.title, competitionId: competition.id, team: team.name, teamId: team.id, ...extra })),
  );
}

function refuseFrozen(actor: Actor, competition: Competition): void {
  if (actor.kind === 'user' && !isRegistrationOpen(competition)) throw new DomainError('team.frozen', { competition: competition.title });
}

/** A team loaded for a change: its competition locked, the team re-read after the lock; a dissolved one refused. */
async function loadTeamForChange(db: Database, manager: EntityManager, actor: Actor, teamId: number, options: { captainOnly?: boolean } = {}) {
  const found = await manager.findOneBy(Team, { id: teamId });
  if (!found) throw new DomainError('team.not_found');
  const competition = await lockCompetition(db, manager, found.competitionId);
  const team = await manager.findOneBy(Team, { id: teamId });
  if (!team || team.status === 'dissolved') throw new DomainError('team.dissolved');
  if (actor.kind === 'user') {
    const mine = await manager.findOneBy(Registration, { userId: actor.userId, competitionId: competition.id, teamId });
    if (!mine || !ACTIVE.includes(mine.status)) throw new DomainError('team.not_found');
    if (options.captainOnly && team.captainRegistrationId !== mine.id) throw new DomainError('team.captain_only');
    refuseFrozen(actor, competition);
  }
  return { team, competition };
}

/** forming ↔ complete by the count of active members (incomplete and dissolved are decided elsewhere). */
async function settleTeamStatus(manager: EntityManager, team: Team, competition: Competition): Promise<void> {
  if (team.status !== 'forming' && team.status !== 'complete') return;
  const count = await manager.count(Registration, { where: { teamId: team.id, status: In(ACTIVE) } });
  const status: TeamStatus = count >= competition.teamMin ? 'complete' : 'forming';
  if (status !== team.status) {
    await manager.update(Team, { id: team.id }, { status });
    team.status = status;
  }
}

export interface CreateTeamInput {
  registrationId: number;
  name: string;
  /** Answers to the team questions (question id → stored value, checked by domain/answer-rules.ts). */
  answers?: Record<number, string>;
  lang?: 'ru' | 'en';
}

/**
 * A registered participant creates a team and becomes its captain. Counting teams, the team takes its place now: when
 * none is free the captain's registration (and so the team) goes on the waiting list.
 */
export function createTeam(db: Database, actor: Actor, input: CreateTeamInput): Promise<{ team: Team; registration: Registration }> {
  return db.write(async (manager) => {
    const { registration, competition } = await loadForChange(db, manager, actor, input.registrationId);
    if (competition.teamMode === 'off') throw new DomainError('team.mode_off', { competition: competition.title });
    if (registration.role !== 'participant') throw new DomainError('team.not_participant');
    if (!ACTIVE.includes(registration.status)) throw new DomainError('registration.not_found');
    refuseFrozen(actor, competition);
    if (registration.teamId !== null) throw new DomainError('team.already_in_team', { competition: competition.title });
    const name = checkedName(input.name);
    await assertNameFree(manager, competition.id, name);
    const questions = (await teamQuestionsFor(manager, competition.id)).map(formQuestion);
    const answers = questions.length ? settleAnswers(questions, input.answers ?? {}, input.lang ?? 'ru') : {};

    // Counting teams, a captain whose registration held no place of its own (required mode) takes the team's now.
    const hadOwnPlace = await takesOwnPlace(manager, competition, registration);
    const full = countsTeams(competition) && !hadOwnPlace && competition.maxParticipants !== null && (await countTakenPlaces(manager, competition)) >= competition.maxParticipants;
    const inserted = await manager.insert(Team, {
      competitionId: competition.id,
      name,
      nameKey: name.toLowerCase(),
      captainRegistrationId: registration.id,
      inviteCode: newInviteCode(),
      status: competition.teamMin <= 1 ? 'complete' : 'forming',
    });
    const teamId = Number(inserted.identifiers[0].id);
    await manager.update(Registration, { id: registration.id }, { teamId });
    registration.teamId = teamId;
    const rows = questions
      .filter((q) => answers[q.id] !== undefined)
      .map((q) => ({ teamId, registrationId: null, questionId: q.id, value: answers[q.id], valueKey: valueKey(q.kind, answers[q.id]) }));
    if (rows.length) await manager.insert(Answer, rows);
    await logAdminAction(manager, actor, 'team.created', 'teams', teamId, { name: { before: null, after: name } });
    let captain = registration;
    if (full && holdsPlace('participant', registration.status)) {
      captain = await transition(db, manager, actor, registration, competition, 'waitlisted', { teamHooks: false });
    }
    return { team: await manager.findOneByOrFail(Team, { id: teamId }), registration: captain };
  });
}

export interface TeamPreview {
  team: Team;
  competition: Competition;
  captainName: string | null;
  members: number;
  full: boolean;
  /** People may join (registration open, the team not dissolved). */
  open: boolean;
}

/** What the invite link shows before joining: the team, its captain and its size. Null for an unknown (or renewed) code. */
export async function teamByInviteCode(db: Database, code: string): Promise<TeamPreview | null> {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(code)) return null;
  const team = await db.manager.findOneBy(Team, { inviteCode: code });
  if (!team) return null;
  const competition = await db.manager.findOneByOrFail(Competition, { id: team.competitionId });
  const members = await db.manager.count(Registration, { where: { teamId: team.id, status: In(ACTIVE) } });
  const captain = team.captainRegistrationId ? await db.manager.findOne(Registration, { where: { id: team.captainRegistrationId }, relations: { user: true } }) : null;
  const captainName = captain ? (captain.user.fullName ?? ([captain.user.firstName, captain.user.lastName].filter(Boolean).join(' ') || null)) : null;
  const open = team.status !== 'dissolved' && competition.teamMode !== 'off' && isRegistrationOpen(competition);
  return { team, competition, captainName, members, full: members >= competition.teamMax, open };
}

/**
 * The team a sign-up joins (inside registerInTransaction, the competition locked exclusively): refused when the code
 * is unknown (or renewed), the team is of another competition, dissolved, or full.
 */
export async function teamForJoining(manager: EntityManager, competition: Competition, code: string): Promise<Team> {
  const team = await manager.findOneBy(Team, { inviteCode: String(code) });
  if (!team || team.competitionId !== competition.id) throw new DomainError('team.not_found');
  if (team.status === 'dissolved' || competition.teamMode === 'off') throw new DomainError('team.dissolved', { team: team.name });
  const members = await manager.count(Registration, { where: { teamId: team.id, status: In(ACTIVE) } });
  if (members >= competition.teamMax) throw new DomainError('team.full', { team: team.name, max: competition.teamMax });
  return team;
}

/** The status a member joining takes, counting teams: the captain's — admitted with a team holding its place, else waiting. */
export async function joiningStatus(manager: EntityManager, competition: Competition, team: Team): Promise<RegistrationStatus> {
  const captain = team.captainRegistrationId ? await manager.findOneBy(Registration, { id: team.captainRegistrationId }) : null;
  return captain && holdsPlace('participant', captain.status) ? admittedStatus(competition) : 'waitlisted';
}

/** After a member joined (in the joining transaction): the team's status, and the captain told. */
export async function memberJoined(manager: EntityManager, competition: Competition, team: Team, registrationId: number): Promise<void> {
  await settleTeamStatus(manager, team, competition);
  const members = await manager.count(Registration, { where: { teamId: team.id, status: In(ACTIVE) } });
  const captain = team.captainRegistrationId ? await manager.findOneBy(Registration, { id: team.captainRegistrationId }) : null;
  // The message names no member (no personal data in the outbox): the captain sees who in the roster.
  if (captain && captain.id !== registrationId) await notifyMembers(manager, [captain], 'notify.team_joined', team, competition, { count: members, max: competition.teamMax });
}

/** Someone already registered (alone) joins a team by its link. */
export function joinTeamAsRegistered(db: Database, actor: Actor, input: { registrationId: number; code: string }): Promise<{ team: Team; registration: Registration }> {
  return db.write(async (manager) => {
    const { registration, competition } = await loadForChange(db, manager, actor, input.registrationId);
    if (registration.role !== 'participant') throw new DomainError('team.not_participant');
    if (!ACTIVE.includes(registration.status)) throw new DomainError('registration.not_found');
    refuseFrozen(actor, competition);
    if (registration.teamId !== null) throw new DomainError('team.already_in_team', { competition: competition.title });
    const team = await teamForJoining(manager, competition, input.code);
    const hadOwnPlace = await takesOwnPlace(manager, competition, registration);
    await manager.update(Registration, { id: registration.id }, { teamId: team.id });
    registration.teamId = team.id;
    let updated = registration;
    if (countsTeams(competition)) {
      // A member holds the team's place: their status follows the captain's, and a solo's own place is freed.
      const status = await joiningStatus(manager, competition, team);
      if (holdsPlace('participant', status) !== holdsPlace('participant', registration.status)) {
        updated = await transition(db, manager, actor, registration, competition, status, { teamHooks: false, placeChecked: true });
      }
      if (hadOwnPlace && holdsPlace('participant', registration.status)) await offerFreedPlaces(manager, actor, competition, db.settings);
    }
    await memberJoined(manager, competition, team, registration.id);
    await logAdminAction(manager, actor, 'team.joined', 'registrations', registration.id, { teamId: { before: null, after: team.id } });
    return { team: await manager.findOneByOrFail(Team, { id: team.id }), registration: updated };
  });
}

/**
 * A registration leaves its team (left, removed, or its team dissolved): no team any more. Counting teams in optional
 * mode it becomes a solo who needs a place of their own: admitted when one is free, else on the waiting list.
 */
async function takeOutOfTeam(db: Database, manager: EntityManager, actor: Actor, registration: Registration, competition: Competition): Promise<void> {
  await manager.update(Registration, { id: registration.id }, { teamId: null });
  registration.teamId = null;
  if (!countsTeams(competition) || competition.teamMode !== 'optional' || !holdsPlace('participant', registration.status)) return;
  if (competition.maxParticipants !== null && (await countTakenPlaces(manager, competition)) > competition.maxParticipants) {
    await transition(db, manager, actor, registration, competition, 'waitlisted', { teamHooks: false });
  }
}

/** A member leaves. A captain hands over first; a captain alone dissolves the team by leaving. */
export function leaveTeam(db: Database, actor: Actor, registrationId: number): Promise<void> {
  return db.write(async (manager) => {
    const { registration, competition } = await loadForChange(db, manager, actor, registrationId);
    if (registration.teamId === null) throw new DomainError('team.not_found');
    refuseFrozen(actor, competition);
    const team = await manager.findOneByOrFail(Team, { id: registration.teamId });
    if (team.captainRegistrationId === registration.id) {
      const others = (await activeMembers(manager, team.id)).filter((m) => m.id !== registration.id);
      if (others.length) throw new DomainError('team.captain_must_hand_over');
      await dissolve(db, manager, actor, team, competition);
      return;
    }
    await takeOutOfTeam(db, manager, actor, registration, competition);
    await settleTeamStatus(manager, team, competition);
    await memberGone(manager, team, competition, 'notify.team_left');
    await logAdminAction(manager, actor, 'team.left', 'registrations', registration.id, { teamId: { before: team.id, after: null } });
  });
}

async function memberGone(manager: EntityManager, team: Team, competition: Competition, kind: string): Promise<void> {
  const captain = team.captainRegistrationId ? await manager.findOneBy(Registration, { id: team.captainRegistrationId }) : null;
  const count = await manager.count(Registration, { where: { teamId: team.id, status: In(ACTIVE) } });
  if (captain && ACTIVE.includes(captain.status)) await notifyMembers(manager, [captain], kind, team, competition, { count, max: competition.teamMax });
}

/** The captain (or an organizer) removes a member; the member is told. */
export function removeMember(db: Database, actor: Actor, input: { teamId: number; registrationId: number }): Promise<void> {
  return db.write(async (manager) => {
    const { team, competition } = await loadTeamForChange(db, manager, actor, input.teamId, { captainOnly: true });
    const member = await manager.findOneBy(Registration, { id: input.registrationId, teamId: team.id });
    if (!member) throw new DomainError('team.not_member');
    if (member.id === team.captainRegistrationId) throw new DomainError('team.captain_must_hand_over');
    await takeOutOfTeam(db, manager, actor, member, competition);
    await settleTeamStatus(manager, team, competition);
    await notifyMembers(manager, [member], 'notify.team_removed', team, competition);
    await logAdminAction(manager, actor, 'team.member_removed', 'registrations', member.id, { teamId: { before: team.id, after: null } });
  });
}

/** The captaincy goes to another active member (by the captain, or an organizer); the new captain is told. */
export function handOverCaptaincy(db: Database, actor: Actor, input: { teamId: number; registrationId: number }): Promise<Team> {
  return db.write(async (manager) => {
    const { team, competition } = await loadTeamForChange(db, manager, actor, input.teamId, { captainOnly: true });
    const member = await manager.findOneBy(Registration, { id: input.registrationId, teamId: team.id });
    if (!member || !ACTIVE.includes(member.status)) throw new DomainError('team.not_member');
    if (member.id === team.captainRegistrationId) return team;
    await setCaptain(manager, actor, team, competition, member);
    return manager.findOneByOrFail(Team, { id: team.id });
  });
}

async function setCaptain(manager: EntityManager, actor: Actor, team: Team, competition: Competition, member: Registration): Promise<void> {
  await manager.update(Team, { id: team.id }, { captainRegistrationId: member.id });
  await logAdminAction(manager, actor, 'team.captain_changed', 'teams', team.id, { captainRegistrationId: { before: team.captainRegistrationId, after: member.id } });
  team.captainRegistrationId = member.id;
  await notifyMembers(manager, [member], 'notify.team_captain', team, competition);
}

/** A new name, unique in the competition (by the captain or an organizer). */
export function renameTeam(db: Database, actor: Actor, input: { teamId: number; name: string }): Promise<Team> {
  return db.write(async (manager) => {
    const { team } = await loadTeamForChange(db, manager, actor, input.teamId, { captainOnly: true });
    const name = checkedName(input.name);
    await assertNameFree(manager, team.competitionId, name, team.id);
    await manager.update(Team, { id: team.id }, { name, nameKey: name.toLowerCase() });
    await logAdminAction(manager, actor, 'team.renamed', 'teams', team.id, { name: { before: team.name, after: name } });
    return manager.findOneByOrFail(Team, { id: team.id });
  });
}

/** A new invite code: the old link stops working at once. */
export function renewInviteCode(db: Database, actor: Actor, teamId: number): Promise<string> {
  return db.write(async (manager) => {
    const { team } = await loadTeamForChange(db, manager, actor, teamId, { captainOnly: true });
    const code = newInviteCode();
    await manager.update(Team, { id: team.id }, { inviteCode: code });
    // The code itself is a key to the team: the audit says it changed, not what it is.
    await logAdminAction(manager, actor, 'team.invite_renewed', 'teams', team.id, {});
    return code;
  });
}

/**
 * The team is dissolved: its members stay registered without a team (counting teams, waiting members of a waiting
 * team are cancelled with it when `cancelWaiting`), and everyone is told.
 */
async function dissolve(db: Database, manager: EntityManager, actor: Actor, team: Team, competition: Competition, options: { cancelWaiting?: boolean } = {}): Promise<void> {
  const members = await activeMembers(manager, team.id);
  await manager.update(Team, { id: team.id }, { status: 'dissolved' });
  await logAdminAction(manager, actor, 'team.dissolved', 'teams', team.id, { status: { before: team.status, after: 'dissolved' } });
  team.status = 'dissolved';
  for (const member of members) {
    if (options.cancelWaiting && !holdsPlace('participant', member.status)) {
      await manager.update(Registration, { id: member.id }, { teamId: null });
      if (member.status !== 'cancelled')
        await transition(db, manager, actor, { ...member, teamId: null } as Registration, competition, 'cancelled', { teamHooks: false, quiet: true });
    } else {
      await takeOutOfTeam(db, manager, actor, member, competition);
    }
  }
  await notifyMembers(manager, members, 'notify.team_dissolved', team, competition);
  // Counting teams, its place is free now.
  if (countsTeams(competition)) await offerFreedPlaces(manager, actor, competition, db.settings);
}

/** The captain (or an organizer) dissolves the team. */
export function dissolveTeam(db: Database, actor: Actor, teamId: number): Promise<void> {
  return db.write(async (manager) => {
    const { team, competition } = await loadTeamForChange(db, manager, actor, teamId, { captainOnly: true });
    await dissolve(db, manager, actor, team, competition);
  });
}

/** A team action of organizers only, as a rejected promise for anyone else. */
function organizerOnly<T>(actor: Actor, action: () => Promise<T>): Promise<T> {
  return actor.kind === 'user' ? Promise.reject(new DomainError('error.forbidden')) : action();
}

/** Approval acts on the team: the captain first (counting teams, the team's place is checked then), then every member. */
export function approveTeam(db: Database, actor: Actor, teamId: number): Promise<number> {
  return organizerOnly(actor, () =>
    db.write(async (manager) => {
      const { team, competition } = await loadTeamForChange(db, manager, actor, teamId);
      const members = await activeMembers(manager, team.id);
      members.sort((a, b) => Number(b.id === team.captainRegistrationId) - Number(a.id === team.captainRegistrationId));
      let approved = 0;
      for (const member of members) {
        if (member.status === 'approved') continue;
        const current = await manager.findOneByOrFail(Registration, { id: member.id });
        if (current.status === 'approved') continue;
        await transition(db, manager, actor, current, competition, 'approved', { teamHooks: member.id === team.captainRegistrationId });
        approved++;
      }
      return approved;
    }),
  );
}

/** Rejection acts on the team: every active member rejected (each told, with the reason), the team dissolved. */
export function rejectTeam(db: Database, actor: Actor, teamId: number, reason?: string): Promise<number> {
  const why = reason?.trim().slice(0, 500) || undefined;
  return organizerOnly(actor, () =>
    db.write(async (manager) => {
      const { team, competition } = await loadTeamForChange(db, manager, actor, teamId);
      const members = await activeMembers(manager, team.id);
      await manager.update(Team, { id: team.id }, { status: 'dissolved' });
      await logAdminAction(manager, actor, 'team.rejected', 'teams', team.id, { status: { before: team.status, after: 'dissolved' } });
      for (const member of members) await transition(db, manager, actor, member, competition, 'rejected', { reason: why, teamHooks: false });
      if (countsTeams(competition)) await offerFreedPlaces(manager, actor, competition, db.settings);
      return members.length;
    }),
  );
}

/** Organizers decide a team's status (an incomplete team: let it compete as it is, or dissolve it). */
export function setTeamStatus(db: Database, actor: Actor, teamId: number, status: TeamStatus): Promise<Team> {
  return organizerOnly(actor, () =>
    db.write(async (manager) => {
      const { team, competition } = await loadTeamForChange(db, manager, actor, teamId);
      if (!['forming', 'complete', 'incomplete', 'dissolved'].includes(status)) throw new DomainError('team.bad_status', {}, 'status');
      if (status === 'dissolved') await dissolve(db, manager, actor, team, competition);
      else if (status !== team.status) {
        await manager.update(Team, { id: team.id }, { status });
        await logAdminAction(manager, actor, 'team.status_changed', 'teams', team.id, { status: { before: team.status, after: status } });
      }
      return manager.findOneByOrFail(Team, { id: team.id });
    }),
  );
}

/**
 * Called by `transition` (domain/registrations.ts) after a team member's status changed, in its transaction:
 * - cancelled or rejected: the member is out of the team; a captain's team passes to the next active member (the
 *   earliest), or is dissolved when nobody is left — and a captain who declined (or let expire) the offer of the
 *   team's place gives up the team's waiting: the team is dissolved, its waiting members cancelled;
 * - counting teams, a captain admitted (or put on the waiting list) takes the team's members along.
 */
export async function afterMemberMoved(
  db: Database,
  manager: EntityManager,
  actor: Actor,
  registration: Registration,
  competition: Competition,
  from: RegistrationStatus,
  event: RegistrationEventKind,
): Promise<void> {
  if (registration.teamId === null) return;
  const team = await manager.findOneBy(Team, { id: registration.teamId });
  if (!team || team.status === 'dissolved') return;
  const to = registration.status;
  const isCaptain = team.captainRegistrationId === registration.id;
  if (INACTIVE.includes(to)) {
    if (isCaptain) {
      if (countsTeams(competition) && (event === 'offer_declined' || event === 'offer_expired')) {
        await manager.update(Registration, { id: registration.id }, { teamId: null });
        await dissolve(db, manager, actor, team, competition, { cancelWaiting: true });
        return;
      }
      await captainLeaving(db, manager, actor, team, competition, registration.id);
    } else {
      await manager.update(Registration, { id: registration.id }, { teamId: null });
      await settleTeamStatus(manager, team, competition);
      await memberGone(manager, team, competition, 'notify.team_left');
    }
    return;
  }
  if (isCaptain && countsTeams(competition) && (isAdmitted(to) || to === 'waitlisted') && isAdmitted(to) !== isAdmitted(from)) {
    await followCaptain(db, manager, actor, team, competition, registration);
  }
}

/** Admitted (pending or approved), as opposed to waiting for a place (waitlisted, or offered one). */
const isAdmitted = (status: RegistrationStatus) => status === 'pending' || status === 'approved';

/** Counting teams: the members move with their captain — admitted with the team, or back to the waiting list with it. */
async function followCaptain(db: Database, manager: EntityManager, actor: Actor, team: Team, competition: Competition, captain: Registration): Promise<void> {
  const admitted = isAdmitted(captain.status);
  const to: RegistrationStatus = admitted ? captain.status : 'waitlisted';
  for (const member of await activeMembers(manager, team.id)) {
    if (member.id === captain.id || isAdmitted(member.status) === admitted) continue;
    await transition(db, manager, actor, member, competition, to, { teamHooks: false, placeChecked: true });
  }
}

/**
 * The captain goes (cancelled, rejected, or their data deleted): the earliest other active member becomes captain and
 * is told, or — nobody left — the team is dissolved. Leaves the team's place with the team.
 */
export async function captainLeaving(db: Database, manager: EntityManager, actor: Actor, team: Team, competition: Competition, captainId: number): Promise<void> {
  await manager.update(Registration, { id: captainId }, { teamId: null });
  const next = (await activeMembers(manager, team.id)).find((m) => m.id !== captainId);
  if (!next) {
    await dissolve(db, manager, actor, team, competition);
    return;
  }
  await setCaptain(manager, actor, team, competition, next);
  // Counting teams, the new captain holds the team's place: a member who was not admitted yet is now with the place.
  if (countsTeams(competition)) {
    const old = await manager.findOneBy(Registration, { id: captainId });
    if (old && holdsPlace('participant', next.status) === false && holdsPlace('participant', old.status)) {
      await transition(db, manager, actor, next, competition, admittedStatus(competition), { teamHooks: false, placeChecked: true });
    }
  }
  await settleTeamStatus(manager, team, competition);
}

/** Before a person's data is deleted (domain/profile.ts): their teams go on without them, in the same transaction. */
export async function leaveTeamsOf(db: Database, manager: EntityManager, userId: number): Promise<void> {
  const inTeams = await manager.find(Registration, { where: { userId, teamId: Not(IsNull()) } });
  for (const registration of inTeams) {
    const team = await manager.findOneBy(Team, { id: registration.teamId! });
    if (!team || team.status === 'dissolved') continue;
    const competition = await lockCompetition(db, manager, team.competitionId);
    if (team.captainRegistrationId === registration.id) await captainLeaving(db, manager, SYSTEM, team, competition, registration.id);
    else {
      await manager.update(Registration, { id: registration.id }, { teamId: null });
      await settleTeamStatus(manager, team, competition);
      await memberGone(manager, team, competition, 'notify.team_left');
    }
  }
}

export interface TeamMember {
  registrationId: number;
  userId: number;
  fullName: string | null;
  username: string | null;
  status: RegistrationStatus;
  isCaptain: boolean;
  checkedIn: boolean;
}

export interface TeamDetails {
  team: Team;
  competition: Competition;
  members: TeamMember[];
  /** The deadline passed: people can no longer change the roster. */
  frozen: boolean;
  full: boolean;
  /** The team's answers to the team questions, in the questions' order. */
  answers: Array<{ question: Question; value: string }>;
}

/** A team with its active members (the captain first), by its id or by a member's registration. */
export async function teamDetails(db: Database, of: number | { registrationId: number }): Promise<TeamDetails | null> {
  let teamId: number | null;
  if (typeof of === 'number') teamId = of;
  else teamId = (await db.manager.findOneBy(Registration, { id: of.registrationId }))?.teamId ?? null;
  if (teamId === null) return null;
  const team = await db.manager.findOneBy(Team, { id: teamId });
  if (!team) return null;
  const competition = await db.manager.findOneByOrFail(Competition, { id: team.competitionId });
  const rows = await db.manager.find(Registration, { where: { teamId, status: In(ACTIVE) }, relations: { user: true }, order: { id: 'ASC' } });
  const members = rows
    .map((r) => ({
      registrationId: r.id,
      userId: r.userId,
      fullName: r.user.fullName ?? ([r.user.firstName, r.user.lastName].filter(Boolean).join(' ') || null),
      username: r.user.username,
      status: r.status,
      isCaptain: r.id === team.captainRegistrationId,
      checkedIn: r.checkedIn,
    }))
    .sort((a, b) => Number(b.isCaptain) - Number(a.isCaptain));
  const answers = (await db.manager.find(Answer, { where: { teamId }, relations: { question: true } }))
    .sort((a, b) => a.question.position - b.question.position || a.questionId - b.questionId)
    .map((a) => ({ question: a.question, value: a.value }));
  return { team, competition, members, frozen: !isRegistrationOpen(competition), full: members.length >= competition.teamMax, answers };
}

const DAY = 24 * 60 * 60 * 1000;
/** The advisory lock key of the incomplete-teams job (an arbitrary constant of this application). */
const TEAMS_LOCK_KEY = 730_013_026;

/**
 * The deadline's team rules, every minute, once across processes:
 * - a day before the deadline, the members of each team still below the minimum are told, once each (reminders_sent);
 * - at the deadline, each team still below the minimum becomes `incomplete`, its members told; organizers decide.
 * Returns how many teams became incomplete.
 */
export async function markIncompleteTeams(db: Database, now = new Date()): Promise<number> {
  const competitions = await db.manager.find(Competition, { where: { teamMode: In(['optional', 'required']) } });
  let marked = 0;
  for (const competition of competitions) {
    const deadline = registrationDeadline(competition);
    if (!deadline) continue;
    const left = deadline.getTime() - now.getTime();
    if (left > DAY || left < -7 * DAY) continue;
    const forming = await db.manager.find(Team, { where: { competitionId: competition.id, status: 'forming' } });
    if (left > 0 && forming.length) await tellOrganizers(db, competition, forming.length, deadline);
    for (const { id } of forming) {
      marked += await db.write(async (manager) => {
        const locked = await lockCompetition(db, manager, competition.id);
        const team = await manager.findOneBy(Team, { id });
        if (!team || team.status !== 'forming') return 0;
        const members = await activeMembers(manager, team.id);
        if (left > 0) {
          for (const member of members) {
            const sent = await db.execute(
              `INSERT INTO reminders_sent (registration_id, target, target_id, target_at, offset_minutes) VALUES ($1, 'team', $2, $3, 1440) ON CONFLICT DO NOTHING`,
              [member.id, team.id, db.date(deadline)],
              manager,
            );
            if (sent > 0) await notifyMembers(manager, [member], 'notify.team_incomplete_soon', team, locked, { count: members.length, min: locked.teamMin });
          }
          return 0;
        }
        await manager.update(Team, { id: team.id }, { status: 'incomplete' });
        await logAdminAction(manager, SYSTEM, 'team.status_changed', 'teams', team.id, { status: { before: 'forming', after: 'incomplete' } });
        await notifyMembers(manager, members, 'notify.team_incomplete', team, locked, { count: members.length, min: locked.teamMin });
        return 1;
      });
    }
  }
  return marked;
}

/**
 * A day before the deadline the organizers who linked their Telegram to their admin account (and talked to the bot)
 * are told how many teams are still below the minimum, once per competition and deadline. The dashboard shows it too.
 */
async function tellOrganizers(db: Database, competition: Competition, teams: number, deadline: Date): Promise<void> {
  const payload = { competition: competition.title, competitionId: competition.id, count: teams, min: competition.teamMin, deadline: deadline.toISOString() };
  const marker = `%"competitionId":${competition.id},%"deadline":"${payload.deadline}"%`;
  await db.write(async (manager) => {
    const staff = await db.query<{ id: number }>(
      `SELECT u.id FROM users u JOIN admin_users a ON a.telegram_id = u.telegram_id
        WHERE a.role IN ('admin', 'organizer') AND NOT EXISTS (
          SELECT 1 FROM outbox_messages o WHERE o.user_id = u.id AND o.kind = 'notify.teams_below_minimum' AND o.payload LIKE $1)`,
      [marker],
      manager,
    );
    for (const { id } of staff) await enqueueNotification(manager, Number(id), 'notify.teams_below_minimum', payload);
  });
}

/** markIncompleteTeams in one process at a time (the job of server/service.ts). */
export function markIncompleteTeamsOnce(db: Database, now = new Date()): Promise<number | null> {
  return runOnce(db, TEAMS_LOCK_KEY, () => markIncompleteTeams(db, now));
}
