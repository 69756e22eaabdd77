import { describe, expect, it } from 'vitest';
import { In } from 'typeorm';
import { Answer, OutboxMessage, Question, Registration, Team, type Competition } from '../../entities/index.js';
import {
  acceptOffer,
  adminActor,
  approveTeam,
  cancelRegistration,
  countAudience,
  createTeam,
  declineOffer,
  deleteUserData,
  dissolveTeam,
  handOverCaptaincy,
  joinTeamAsRegistered,
  leaveTeam,
  markIncompleteTeams,
  registerForCompetition,
  rejectTeam,
  removeMember,
  renameTeam,
  renewInviteCode,
  teamByInviteCode,
  teamDetails,
  userActor,
} from '../../domain/index.js';
import { waitingListPosition } from '../../domain/places.js';
import { expectDomainError, makeAdmin, makeCompetition, makeUser, makeUsers, useDomainFixture } from './fixtures.js';

const f = useDomainFixture();

async function participant(competitionId: number, extra: { teamCode?: string; joinWaitlist?: boolean } = {}) {
  const user = await makeUser(f.db, { fullName: `Участник ${Math.random().toString(36).slice(2, 7)}` });
  const { registration } = await registerForCompetition(f.db, userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true, ...extra });
  return { user, registration };
}

async function teamOf(competition: Competition, name: string) {
  const captain = await participant(competition.id);
  const { team } = await createTeam(f.db, userActor(captain.user.id), { registrationId: captain.registration.id, name });
  return { captain, team };
}

const statusOf = async (id: number) => (await f.db.manager.findOneByOrFail(Registration, { id })).status;
const kindsFor = async (userId: number) => (await f.db.manager.find(OutboxMessage, { where: { userId }, order: { id: 'ASC' } })).map((m) => m.kind);

describe('teams', () => {
  it('a captain creates a team, members join by the code, the captain is told; names are unique per competition', async () => {
    const c = await makeCompetition(f.db, { teamMode: 'optional', teamMin: 3, teamMax: 4 });
    const { captain, team } = await teamOf(c, '  Быстрые   Ракеты ');
    expect(team.name).toBe('Быстрые Ракеты');
    expect(team.status).toBe('forming');
    expect(team.inviteCode).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const other = await participant(c.id);
    await expectDomainError(createTeam(f.db, userActor(other.user.id), { registrationId: other.registration.id, name: 'быстрые ракеты' }), 'team.name_taken');
    await expectDomainError(createTeam(f.db, userActor(other.user.id), { registrationId: other.registration.id, name: 'x' }), 'team.name_invalid');

    const preview = await teamByInviteCode(f.db, team.inviteCode);
    expect(preview).toMatchObject({ members: 1, full: false, open: true, captainName: captain.user.fullName });
    expect(await teamByInviteCode(f.db, 'no-such-code')).toBeNull();

    const a = await participant(c.id, { teamCode: team.inviteCode });
    expect(a.registration.teamId).toBe(team.id);
    await participant(c.id, { teamCode: team.inviteCode });
    expect((await f.db.manager.findOneByOrFail(Team, { id: team.id })).status).toBe('complete');
    expect(await kindsFor(captain.user.id)).toEqual(['notify.team_joined', 'notify.team_joined']);
    // Joining by the link while registered alone.
    await joinTeamAsRegistered(f.db, userActor(other.user.id), { registrationId: other.registration.id, code: team.inviteCode });
    const late = await makeUser(f.db);
    await expectDomainError(
      registerForCompetition(f.db, userActor(late.id), { userId: late.id, competitionId: c.id, role: 'participant', consentGiven: true, teamCode: team.inviteCode }),
      'team.full',
    );
    // Voters stay individual.
    const voter = await makeUser(f.db);
    await expectDomainError(
      registerForCompetition(f.db, userActor(voter.id), { userId: voter.id, competitionId: c.id, role: 'voter', consentGiven: true, teamCode: team.inviteCode }),
      'team.not_participant',
    );
    // The team's answers live on the team, not on anyone's registration.
    const details = await teamDetails(f.db, team.id);
    expect(details!.members.map((m) => m.isCaptain)).toEqual([true, false, false, false]);
  });

  it('roster changes: remove, hand over, rename, renew the code, leave; only the captain; frozen after the deadline', async () => {
    const admin = adminActor((await makeAdmin(f.db)).id);
    const c = await makeCompetition(f.db, { teamMode: 'required', teamMin: 2, teamMax: 5 });
    const { captain, team } = await teamOf(c, 'Альфа');
    const a = await participant(c.id, { teamCode: team.inviteCode });
    const b = await participant(c.id, { teamCode: team.inviteCode });
    await expectDomainError(removeMember(f.db, userActor(a.user.id), { teamId: team.id, registrationId: b.registration.id }), 'team.captain_only');
    await removeMember(f.db, userActor(captain.user.id), { teamId: team.id, registrationId: b.registration.id });
    expect((await f.db.manager.findOneByOrFail(Registration, { id: b.registration.id })).teamId).toBeNull();
    expect(await kindsFor(b.user.id)).toContain('notify.team_removed');

    await expectDomainError(leaveTeam(f.db, userActor(captain.user.id), captain.registration.id), 'team.captain_must_hand_over');
    await handOverCaptaincy(f.db, userActor(captain.user.id), { teamId: team.id, registrationId: a.registration.id });
    expect((await f.db.manager.findOneByOrFail(Team, { id: team.id })).captainRegistrationId).toBe(a.registration.id);
    expect(await kindsFor(a.user.id)).toContain('notify.team_captain');
    await leaveTeam(f.db, userActor(captain.user.id), captain.registration.id);
    expect((await f.db.manager.findOneByOrFail(Team, { id: team.id })).status).toBe('forming');

    const renamed = await renameTeam(f.db, userActor(a.user.id), { teamId: team.id, name: 'Бета' });
    expect(renamed.name).toBe('Бета');
    const code = await renewInviteCode(f.db, userActor(a.user.id), team.id);
    expect(code).not.toBe(team.inviteCode);
    expect(await teamByInviteCode(f.db, team.inviteCode)).toBeNull();
    const late = await makeUser(f.db);
    await expectDomainError(
      registerForCompetition(f.db, userActor(late.id), { userId: late.id, competitionId: c.id, role: 'participant', consentGiven: true, teamCode: team.inviteCode }),
      'team.not_found',
    );

    // The deadline passes: people can no longer change the roster; organizers still can.
    await f.db.write((m) => m.update('competitions', { id: c.id }, { registrationClosesAt: new Date(Date.now() - 1000) }));
    const joined = await participant(c.id).catch((e: unknown) => e);
    expect(joined).toBeInstanceOf(Error);
    await expectDomainError(renameTeam(f.db, userActor(a.user.id), { teamId: team.id, name: 'Гамма' }), 'team.frozen');
    expect((await renameTeam(f.db, admin, { teamId: team.id, name: 'Гамма' })).name).toBe('Гамма');
  });

  it('a team below the minimum is told a day before the deadline (once) and becomes incomplete at it', async () => {
    const closes = new Date(Date.now() + 12 * 3600_000);
    const c = await makeCompetition(f.db, { teamMode: 'required', teamMin: 3, teamMax: 5, registrationClosesAt: closes });
    const organizer = await makeUser(f.db);
    await makeAdmin(f.db, { role: 'organizer', telegramId: organizer.telegramId });
    const { captain, team } = await teamOf(c, 'Одиночки');
    const full = await teamOf(c, 'Полные');
    await participant(c.id, { teamCode: full.team.inviteCode });
    await participant(c.id, { teamCode: full.team.inviteCode });
    // (Other tests' teams may be marked too: this one looks at its own.)
    await markIncompleteTeams(f.db);
    expect((await f.db.manager.findOneByOrFail(Team, { id: team.id })).status).toBe('forming');
    await markIncompleteTeams(f.db);
    expect((await kindsFor(captain.user.id)).filter((k) => k === 'notify.team_incomplete_soon')).toHaveLength(1);
    expect(await kindsFor(full.captain.user.id)).not.toContain('notify.team_incomplete_soon');
    // The organizer who linked their Telegram is told once, too.
    expect((await kindsFor(organizer.id)).filter((k) => k === 'notify.teams_below_minimum')).toHaveLength(1);
    expect(await markIncompleteTeams(f.db, new Date(closes.getTime() + 60_000))).toBeGreaterThanOrEqual(1);
    expect((await f.db.manager.findOneByOrFail(Team, { id: team.id })).status).toBe('incomplete');
    expect((await f.db.manager.findOneByOrFail(Team, { id: full.team.id })).status).toBe('complete');
    expect(await kindsFor(captain.user.id)).toContain('notify.team_incomplete');
    // Nothing is dropped: the members are still registered.
    expect(await statusOf(captain.registration.id)).toBe('approved');
  });

  it('approval and rejection act on the whole team, each member told', async () => {
    const admin = adminActor((await makeAdmin(f.db)).id);
    const c = await makeCompetition(f.db, { teamMode: 'required', teamMin: 2, teamMax: 3, requiresApproval: true });
    const one = await teamOf(c, 'Один');
    const m1 = await participant(c.id, { teamCode: one.team.inviteCode });
    expect(await approveTeam(f.db, admin, one.team.id)).toBe(2);
    expect([await statusOf(one.captain.registration.id), await statusOf(m1.registration.id)]).toEqual(['approved', 'approved']);
    expect(await kindsFor(m1.user.id)).toContain('notify.status_approved');
    await expectDomainError(approveTeam(f.db, userActor(m1.user.id), one.team.id), 'error.forbidden');

    const two = await teamOf(c, 'Два');
    const m2 = await participant(c.id, { teamCode: two.team.inviteCode });
    expect(await rejectTeam(f.db, admin, two.team.id, 'Не по регламенту')).toBe(2);
    expect(await statusOf(m2.registration.id)).toBe('rejected');
    expect((await f.db.manager.findOneByOrFail(Team, { id: two.team.id })).status).toBe('dissolved');
    expect(await kindsFor(m2.user.id)).toContain('notify.status_rejected_reason');
  });

  it('counting teams: a team takes its place when created, waits whole, and the freed place goes to the waiting captain for the team', async () => {
    const c = await makeCompetition(f.db, { teamMode: 'required', placesCount: 'teams', maxParticipants: 1, teamMin: 2, teamMax: 3 });
    const first = await teamOf(c, 'Первые');
    const second = await teamOf(c, 'Вторые');
    expect(await statusOf(first.captain.registration.id)).toBe('approved');
    expect(await statusOf(second.captain.registration.id)).toBe('waitlisted');
    const waiting = await participant(c.id, { teamCode: second.team.inviteCode });
    expect(waiting.registration.status).toBe('waitlisted');
    expect(await waitingListPosition(f.db, f.db.manager, waiting.registration)).toBe(1);
    // Members of a team holding its place are admitted without taking another.
    const member = await participant(c.id, { teamCode: first.team.inviteCode });
    expect(member.registration.status).toBe('approved');

    // The first team is dissolved: its place is offered to the waiting captain, who takes it for the team.
    await dissolveTeam(f.db, userActor(first.captain.user.id), first.team.id);
    expect(await statusOf(second.captain.registration.id)).toBe('offered');
    expect(await statusOf(waiting.registration.id)).toBe('waitlisted');
    await acceptOffer(f.db, userActor(second.captain.user.id), second.captain.registration.id);
    expect(await statusOf(waiting.registration.id)).toBe('approved');
    expect(await kindsFor(waiting.user.id)).toContain('notify.status_approved');

    // A third team waits; its captain declines the offer: the team's waiting ends with it.
    const third = await teamOf(c, 'Третьи');
    const thirdMember = await participant(c.id, { teamCode: third.team.inviteCode });
    await cancelRegistration(f.db, userActor(second.captain.user.id), second.captain.registration.id);
    // The captain left; the team goes on under the next member, keeping its place: nothing offered.
    expect((await f.db.manager.findOneByOrFail(Team, { id: second.team.id })).captainRegistrationId).toBe(waiting.registration.id);
    expect(await statusOf(third.captain.registration.id)).toBe('waitlisted');
    await dissolveTeam(f.db, userActor(waiting.user.id), second.team.id);
    expect(await statusOf(third.captain.registration.id)).toBe('offered');
    await declineOffer(f.db, userActor(third.captain.user.id), third.captain.registration.id);
    expect(await statusOf(thirdMember.registration.id)).toBe('cancelled');
    expect((await f.db.manager.findOneByOrFail(Team, { id: third.team.id })).status).toBe('dissolved');
  });

  it("deleting a member's data removes them from the team; a captain's hands the team over, or dissolves it with everyone told", async () => {
    const c = await makeCompetition(f.db, { teamMode: 'optional', teamMin: 2, teamMax: 5 });
    const q = await f.db.write(async (m) => {
      const { identifiers } = await m.insert(Question, {
        competitionId: c.id,
        role: 'participant',
        kind: 'text',
        titleRu: 'Школа',
        titleEn: 'School',
        required: true,
        forTeam: true,
      });
      return Number(identifiers[0].id);
    });
    const captain = await participant(c.id);
    await expectDomainError(createTeam(f.db, userActor(captain.user.id), { registrationId: captain.registration.id, name: 'Школа 57' }), 'answers.missing');
    const { team } = await createTeam(f.db, userActor(captain.user.id), { registrationId: captain.registration.id, name: 'Школа 57', answers: { [q]: 'Лицей 57' } });
    const a = await participant(c.id, { teamCode: team.inviteCode });
    const b = await participant(c.id, { teamCode: team.inviteCode });
    await deleteUserData(f.db, b.user.id);
    expect((await teamDetails(f.db, team.id))!.members).toHaveLength(2);
    await deleteUserData(f.db, captain.user.id);
    const after = await f.db.manager.findOneByOrFail(Team, { id: team.id });
    expect(after.captainRegistrationId).toBe(a.registration.id);
    // The team's answer survives the change of captain.
    expect((await f.db.manager.findBy(Answer, { teamId: team.id })).map((x) => x.value)).toEqual(['Лицей 57']);
    expect(await kindsFor(a.user.id)).toContain('notify.team_captain');
    await deleteUserData(f.db, a.user.id);
    expect((await f.db.manager.findOneByOrFail(Team, { id: team.id })).status).toBe('dissolved');
  });
});

describe('broadcasts to teams', () => {
  it('reach captains only, every member of a team, or the participants in no team', async () => {
    const c = await makeCompetition(f.db, { teamMode: 'optional', teamMin: 2, teamMax: 5 });
    const one = await teamOf(c, 'Раз');
    const two = await teamOf(c, 'Два');
    await participant(c.id, { teamCode: one.team.inviteCode });
    await participant(c.id, { teamCode: two.team.inviteCode });
    await participant(c.id, { teamCode: two.team.inviteCode });
    await participant(c.id);
    const gone = await teamOf(c, 'Три');
    await dissolveTeam(f.db, userActor(gone.captain.user.id), gone.team.id);
    const audience = { competitionId: c.id, role: null, status: null, checkedIn: null, attendance: null };
    expect(await countAudience(f.db, { ...audience, teamAudience: 'captains' })).toBe(2);
    expect(await countAudience(f.db, { ...audience, teamAudience: 'teams' })).toBe(5);
    // The one who never joined, and the captain of the dissolved team.
    expect(await countAudience(f.db, { ...audience, teamAudience: 'solo' })).toBe(2);
    expect(await countAudience(f.db, audience)).toBe(7);
  });
});

/** Concurrency (DESIGN.md, Atomicity): the same guarantees on both databases. */
describe('teams under races', () => {
  it('100 people joining a team of at most 5 at once → exactly 5 members', async () => {
    const c = await makeCompetition(f.db, { teamMode: 'required', teamMin: 2, teamMax: 5 });
    const { team } = await teamOf(c, 'Пятёрка');
    const users = await makeUsers(f.db, 100);
    const results = await Promise.allSettled(
      users.map((u) => registerForCompetition(f.db, userActor(u.id), { userId: u.id, competitionId: c.id, role: 'participant', consentGiven: true, teamCode: team.inviteCode })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.key === 'team.full')).toBe(true);
    expect(await f.db.manager.count(Registration, { where: { teamId: team.id } })).toBe(5);
  });

  it('the same person joining two teams at once → one team', async () => {
    const c = await makeCompetition(f.db, { teamMode: 'optional', teamMin: 2, teamMax: 20 });
    const one = await teamOf(c, 'Первая');
    const two = await teamOf(c, 'Вторая');
    for (let i = 0; i < 10; i++) {
      const solo = await participant(c.id);
      const results = await Promise.allSettled(
        [one, two].map((t) => joinTeamAsRegistered(f.db, userActor(solo.user.id), { registrationId: solo.registration.id, code: t.team.inviteCode })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const newcomer = await makeUser(f.db);
      const signUps = await Promise.allSettled(
        [one, two].map((t) =>
          registerForCompetition(f.db, userActor(newcomer.id), { userId: newcomer.id, competitionId: c.id, role: 'participant', consentGiven: true, teamCode: t.team.inviteCode }),
        ),
      );
      expect(signUps.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    }
    expect(await f.db.manager.count(Registration, { where: { teamId: In([one.team.id, two.team.id]) } })).toBe(22);
  });

  it('60 teams racing for 20 team places → exactly 20 in, 40 on the list in order', async () => {
    const c = await makeCompetition(f.db, { teamMode: 'required', placesCount: 'teams', maxParticipants: 20, teamMin: 2, teamMax: 4 });
    const captains = [];
    for (let i = 0; i < 60; i++) captains.push(await participant(c.id));
    const created = await Promise.all(captains.map((cap, i) => createTeam(f.db, userActor(cap.user.id), { registrationId: cap.registration.id, name: `Команда ${i + 1}` })));
    const statuses = created.map((r) => r.registration.status);
    expect(statuses.filter((s) => s === 'approved')).toHaveLength(20);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(40);
    // The list's order is the order the teams were created in (their ids), positions 1…40.
    const waiting = created.filter((r) => r.registration.status === 'waitlisted').sort((a, b) => a.team.id - b.team.id);
    const positions = [];
    for (const w of waiting) positions.push(await waitingListPosition(f.db, f.db.manager, await f.db.manager.findOneByOrFail(Registration, { id: w.registration.id })));
    expect(positions).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // The admitted ones are the first 20 created.
    const admittedIds = created.filter((r) => r.registration.status === 'approved').map((r) => r.team.id);
    expect(Math.max(...admittedIds)).toBeLessThan(Math.min(...waiting.map((w) => w.team.id)));
  });
});
