import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, userActor } from '../../domain/actor.js';
import { ticketForUser } from '../../domain/checkin.js';
import { registerForCompetition } from '../../domain/registrations.js';
import { AdminAudit, Competition, Question, Registration, Team } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { startAdminService } from './browser.js';
import { makeTeam } from './team-fixture.js';
import { loginCookie, SAME_ORIGIN } from './session.js';

const CROSS_SITE = { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };
const ORGANIZER = { email: 'teams-http@example.org', password: 'organizer-password-1' };
const DOOR = { email: 'teams-door@example.org', password: 'door-staff-password-1', displayName: 'Вахтёр Команд' };

/** What AdminJS's record form posts: every param as a multipart field. */
function form(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return body;
}

describe(`the teams' pages over HTTP (${TEST_DB}): list, page, confirmed actions, settings, exports, the door`, { timeout: 180_000 }, () => {
  let harness: TestService;
  let organizer: string;
  let door: string;

  const get = (path: string, cookie = organizer) => fetch(`${harness.baseUrl}${path}`, { headers: { cookie, ...SAME_ORIGIN }, redirect: 'manual' });
  const post = (path: string, body: unknown, headers: Record<string, string> = SAME_ORIGIN, cookie = organizer) =>
    fetch(`${harness.baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      redirect: 'manual',
    });
  const teamApi = (path: string) => `/admin/api/resources/Team${path}`;

  /** A team competition with a team question, a captain and `members` more who joined by the invite code. */
  async function teamOf(title: string, teamName: string, members: string[], values: Partial<Competition> = {}) {
    const { competition, team, school, people } = await makeTeam(harness.service.db, ORGANIZER.email, { title, teamName, members, competition: values });
    return { competition, team, school, captain: people[0], members: people.slice(1) };
  }

  beforeAll(async () => {
    harness = await startAdminService();
    const { db } = harness.service;
    await createAdminUser(db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    await createAdminUser(db, SYSTEM, { ...DOOR, role: 'checkin' });
    organizer = await loginCookie(harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
    door = await loginCookie(harness.baseUrl, DOOR.email, DOOR.password);
  });
  afterAll(async () => harness?.close());

  it('the list: filters by competition, status and name; name, competition, captain, members, status, created', async () => {
    const { competition, team } = await teamOf('Команды: список', 'Ракеты', ['Ракета Один', 'Ракета Два']);
    await teamOf('Команды: список', 'Кометы', []); // another competition's team
    const list = await (await get(teamApi(`/actions/list?filters.competitionId=${competition.id}`))).json();
    expect(list.records).toHaveLength(1);
    // Three of at least two: complete (domain/teams.ts).
    expect(list.records[0].params).toMatchObject({ name: 'Ракеты', competitionId: competition.id, captainName: 'Ракеты Капитан', members: 3, status: 'complete' });
    expect(list.records[0].params.createdAt).toMatch(/\d/);
    expect((await (await get(teamApi(`/actions/list?filters.competitionId=${competition.id}&filters.status=forming`))).json()).records).toHaveLength(0);
    expect((await (await get(teamApi(`/actions/list?filters.competitionId=${competition.id}&filters.status=complete`))).json()).records).toHaveLength(1);
    const byName = await (await get(teamApi(`/actions/list?filters.name=${encodeURIComponent('акет')}`))).json();
    expect(byName.records.map((r: { id: string }) => Number(r.id))).toContain(team.id);
    expect(byName.records.every((r: { params: { name: string } }) => r.params.name.toLowerCase().includes('акет'))).toBe(true);
  });

  it("the page: the roster (captain marked, each a registration), the team's answers, the invite link; registrations show the team", async () => {
    const { team, captain, members, school } = await teamOf('Команды: страница', 'Сокол', ['Сокол Участник'], { requiresApproval: true });
    const shown = (await (await get(teamApi(`/records/${team.id}/show`))).json()).record.params;
    const roster = JSON.parse(shown.roster);
    expect(roster.members.map((m: { name: string; isCaptain: boolean; status: string }) => [m.name, m.isCaptain, m.status])).toEqual([
      ['Сокол Капитан', true, 'pending'],
      ['Сокол Участник', false, 'pending'],
    ]);
    expect(roster.members[0].registrationId).toBe(captain.registration.id);
    expect(roster.answers).toEqual([{ questionId: school.id, title: 'Школа команды', text: 'Лицей 1' }]);
    expect(shown.inviteCode).toBe(team.inviteCode);
    expect(shown.registrationsLink).toContain(`filters.teamId=${team.id}`);

    // The registrations list: filtered by team, its team as a column (a reference), captain or member on the page.
    const regs = await (await get(`/admin/api/resources/Registration/actions/list?filters.teamId=${team.id}`)).json();
    expect(regs.records.map((r: { id: string }) => Number(r.id)).sort()).toEqual([captain.registration.id, members[0].registration.id].sort());
    expect(regs.records[0].params.teamId).toBe(team.id);
    const page = (await (await get(`/admin/api/resources/Registration/records/${members[0].registration.id}/show`)).json()).record;
    expect(page.params.teamRole).toBe('участник');
    expect(page.populated?.teamId?.title ?? page.populated?.teamId?.params?.name).toBe('Сокол');
    expect((await (await get(`/admin/api/resources/Registration/records/${captain.registration.id}/show`)).json()).record.params.teamRole).toBe('капитан');
  });

  it('each action: a GET only asks, a cross-site POST is refused, the POST does it through the domain (audited)', async () => {
    const { db } = harness.service;
    const { team, members } = await teamOf('Команды: действия', 'Ястреб', ['Ястреб Два', 'Ястреб Три', 'Ястреб Четыре'], { requiresApproval: true });
    const status = async () => (await db.manager.findOneByOrFail(Team, { id: team.id })).status;

    /** The GET, the cross-site POST, then the POST; `check` says what the POST changed. */
    const act = async (action: string, body: Record<string, unknown>, expectAsked: (answer: Record<string, unknown>) => void) => {
      const path = teamApi(`/records/${team.id}/${action}`);
      const before = await db.manager.countBy(AdminAudit, { resource: 'teams', recordId: String(team.id) });
      const asked = await get(path);
      expect(asked.status, action).toBe(200);
      expectAsked(await asked.json());
      expect(await db.manager.countBy(AdminAudit, { resource: 'teams', recordId: String(team.id) }), `${action}: the GET changed nothing`).toBe(before);
      expect((await post(path, body, CROSS_SITE)).status, `${action}: cross-site`).toBe(403);
      expect(await db.manager.countBy(AdminAudit, { resource: 'teams', recordId: String(team.id) }), `${action}: cross-site changed nothing`).toBe(before);
      const done = await post(path, body);
      expect(done.status, action).toBe(200);
      const answer = await done.json();
      expect(answer.notice?.type, `${action}: ${JSON.stringify(answer.notice)}`).toBe('success');
      return answer;
    };
    const confirms = (messageKey: string) => (answer: Record<string, unknown>) => expect(answer.confirm).toMatchObject({ messageKey, names: ['Ястреб'] });
    /** The member actions offer the members but the captain. */
    const picks = (messageKey: string, offered: string[]) => (answer: Record<string, unknown>) => {
      const choice = answer.choice as { messageKey: string; members: Array<{ id: number; label: string }> };
      expect(choice.messageKey).toBe(messageKey);
      expect(choice.members.map((m) => m.label)).toEqual(offered);
    };

    await act('markIncomplete', {}, confirms('confirmTeamIncomplete'));
    expect(await status()).toBe('incomplete');
    await act('markComplete', {}, confirms('confirmTeamComplete'));
    expect(await status()).toBe('complete');
    const oldCode = team.inviteCode;
    await act('renewInvite', {}, confirms('confirmTeamRenewInvite'));
    expect((await db.manager.findOneByOrFail(Team, { id: team.id })).inviteCode).not.toBe(oldCode);

    await act('handOverCaptaincy', { registrationId: members[0].registration.id }, picks('confirmTeamHandOver', ['Ястреб Два', 'Ястреб Три', 'Ястреб Четыре']));
    expect((await db.manager.findOneByOrFail(Team, { id: team.id })).captainRegistrationId).toBe(members[0].registration.id);
    await act('removeMember', { registrationId: members[1].registration.id }, picks('confirmTeamRemoveMember', ['Ястреб Капитан', 'Ястреб Три', 'Ястреб Четыре']));
    expect((await db.manager.findOneByOrFail(Registration, { id: members[1].registration.id })).teamId).toBeNull();
    // Someone not in the team is not removed from it through this page.
    const stranger = await post(teamApi(`/records/${team.id}/removeMember`), { registrationId: members[1].registration.id });
    expect((await stranger.json()).notice.type).toBe('error');

    await act('approveTeam', {}, confirms('confirmTeamApprove'));
    const approved = await db.manager.find(Registration, { where: { teamId: team.id } });
    expect(approved.map((r) => r.status)).toEqual(['approved', 'approved', 'approved']);

    await act('dissolveTeam', {}, (answer) => expect(answer.confirm).toMatchObject({ messageKey: 'confirmTeamDissolve', danger: true }));
    expect(await status()).toBe('dissolved');
    // A dissolved team has no actions left.
    expect((await get(teamApi(`/records/${team.id}/approveTeam`))).status).toBe(403);
    // The audit log says it in words, naming the team.
    const audit = await (await get(`/admin/api/resources/AdminAudit/actions/list?filters.resource=teams&filters.recordId=${team.id}&perPage=50`)).json();
    const sentences = audit.records.map((r: { params: { sentence: string } }) => r.params.sentence);
    expect(sentences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/распустил\(а\) команду «Ястреб» \(Команды: действия\)/),
        expect.stringMatching(/передал\(а\) капитанство в команде «Ястреб»/),
      ]),
    );
  });

  it('reject: the whole team, with the reason', async () => {
    const { db } = harness.service;
    const { team } = await teamOf('Команды: отказ', 'Орлы', ['Орёл Два'], { requiresApproval: true });
    const asked = await (await get(teamApi(`/records/${team.id}/rejectTeam`))).json();
    expect(asked.confirm).toMatchObject({ messageKey: 'confirmTeamReject', reason: true, danger: true });
    expect((await post(teamApi(`/records/${team.id}/rejectTeam`), { reason: 'Поздно' }, CROSS_SITE)).status).toBe(403);
    const done = await (await post(teamApi(`/records/${team.id}/rejectTeam`), { reason: 'Поздно' })).json();
    expect(done.notice.type).toBe('success');
    const members = await db.manager.find(Registration, { where: { competitionId: team.competitionId } });
    expect(members.map((r) => [r.status, r.rejectionReason])).toEqual([
      ['rejected', 'Поздно'],
      ['rejected', 'Поздно'],
    ]);
  });

  it('door staff reach no team page or action', async () => {
    const { team } = await teamOf('Команды: вахта', 'Вахта', []);
    for (const path of [teamApi('/actions/list'), teamApi(`/records/${team.id}/show`), teamApi(`/records/${team.id}/approveTeam`)]) {
      expect((await get(path, door)).status, path).toBe(403);
    }
    expect((await post(teamApi(`/records/${team.id}/dissolveTeam`), {}, SAME_ORIGIN, door)).status).toBe(403);
    expect((await harness.service.db.manager.findOneByOrFail(Team, { id: team.id })).status).toBe('forming');
  });

  it('the competition form: team mode, sizes and places saved; sizes out of 1..50 or min above max shown under the field', async () => {
    const { db } = harness.service;
    const competition = await makeCompetition(db, { title: 'Команды: настройки' });
    const edit = (fields: Record<string, string>) =>
      fetch(`${harness.baseUrl}/admin/api/resources/Competition/records/${competition.id}/edit`, {
        method: 'POST',
        headers: { cookie: organizer, ...SAME_ORIGIN },
        body: form({ title: competition.title, ...fields }),
      });
    const errorsOf = async (fields: Record<string, string>) => (await (await edit(fields)).json()).record.errors;
    expect((await errorsOf({ teamMode: 'required', teamMin: '0', teamMax: '5' })).teamMin.message).toContain('от 1 до 50');
    expect((await errorsOf({ teamMode: 'required', teamMin: '2', teamMax: '51' })).teamMax.message).toContain('от 1 до 50');
    expect((await errorsOf({ teamMode: 'required', teamMin: '6', teamMax: '5' })).teamMin.message).toContain('не может быть больше максимума');
    expect(await db.manager.findOneByOrFail(Competition, { id: competition.id })).toMatchObject({ teamMode: 'off', teamMin: 2, teamMax: 5 });

    const saved = await edit({ teamMode: 'required', teamMin: '3', teamMax: '4', placesCount: 'teams' });
    expect(saved.status).toBe(200);
    expect(await db.manager.findOneByOrFail(Competition, { id: competition.id })).toMatchObject({ teamMode: 'required', teamMin: 3, teamMax: 4, placesCount: 'teams' });
    const page = (await (await get(`/admin/api/resources/Competition/records/${competition.id}/show`)).json()).record.params;
    expect(page.teamsLink).toContain(`/resources/Team?filters.competitionId=${competition.id}`);
  });

  it('the question form: "вопрос команды" asks participants only; the competition\'s list marks it', async () => {
    const { db } = harness.service;
    const competition = await makeCompetition(db, { title: 'Команды: вопросы', teamMode: 'optional' });
    const create = (fields: Record<string, string>) =>
      fetch(`${harness.baseUrl}/admin/api/resources/Question/actions/new`, {
        method: 'POST',
        headers: { cookie: organizer, ...SAME_ORIGIN },
        body: form({ competitionId: String(competition.id), kind: 'text', titleRu: 'Название школы', required: 'false', listColumn: 'false', ...fields }),
      });
    const refused = await (await create({ role: 'voter', forTeam: 'true' })).json();
    expect(refused.record.errors.role.message).toContain('участникам');
    expect(await db.manager.countBy(Question, { competitionId: competition.id })).toBe(0);
    expect((await create({ role: 'both', forTeam: 'true' })).status).toBe(200);
    const [saved] = await db.manager.find(Question, { where: { competitionId: competition.id } });
    expect(saved).toMatchObject({ forTeam: true, role: 'participant' });
    const listed = await (await get(`/admin/api/resources/Competition/records/${competition.id}/questions`)).json();
    expect(listed.questions).toEqual([expect.objectContaining({ id: saved.id, forTeam: true })]);
  });

  it('exports: "Команда" and "Роль в команде" on every person\'s row, and the .xlsx\'s "Команды" sheet', async () => {
    const { competition } = await teamOf('Команды: выгрузка', 'Дельфины', ['Дельфин Два']);
    const { db } = harness.service;
    const solo = await makeUser(db, { fullName: 'Одиночка' });
    await registerForCompetition(db, userActor(solo.id), { userId: solo.id, competitionId: competition.id, role: 'participant', consentGiven: true, lang: 'ru' });

    const csv = await (await get(`/admin/export/competitions/${competition.id}/registrations.csv`)).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(';'));
    const headers = lines[0];
    const team = headers.indexOf('Команда');
    const role = headers.indexOf('Роль в команде');
    const name = headers.indexOf('ФИО');
    expect(team).toBeGreaterThan(-1);
    expect(role).toBeGreaterThan(-1);
    // The team question is the team's: no column of its own among the people's.
    expect(headers).not.toContain('Школа команды');
    const rows = Object.fromEntries(lines.slice(1).map((l) => [l[name], [l[team], l[role]]]));
    expect(rows).toEqual({ 'Дельфины Капитан': ['Дельфины', 'капитан'], 'Дельфин Два': ['Дельфины', 'участник'], Одиночка: ['', ''] });

    const response = await get(`/admin/export/competitions/${competition.id}/registrations.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Участники', 'Голосующие', 'Команды']);
    const participants = workbook.getWorksheet('Участники')!;
    const pHeaders = (participants.getRow(1).values as unknown[]).slice(1);
    expect(pHeaders).toEqual(expect.arrayContaining(['Команда', 'Роль в команде']));
    const teams = workbook.getWorksheet('Команды')!;
    expect((teams.getRow(1).values as unknown[]).slice(1)).toEqual(['Команда', 'Статус', 'Капитан', 'Участники', 'Участников', 'Школа команды']);
    expect((teams.getRow(2).values as unknown[]).slice(1)).toEqual(['Дельфины', 'собрана', 'Дельфины Капитан', 'Дельфины Капитан, Дельфин Два', 2, 'Лицей 1']);
    expect(teams.rowCount).toBe(2);
  });

  it('the door: the team\'s name beside the person, and "капитан" for the captain (scan and search)', async () => {
    const { db } = harness.service;
    const { competition, captain, members } = await teamOf('Команды: вход', 'Пингвины', ['Пингвин Два']);
    const ticket = async (who: { user: { id: number }; registration: { id: number } }) =>
      (await ticketForUser(db, harness.config.ticketSecret, who.user.id, who.registration.id)).code;
    const scan = async (code: string) => (await post('/admin/checkin/scan', { code, competitionId: competition.id }, SAME_ORIGIN, door)).json();
    const captainAnswer = await scan(await ticket(captain));
    expect(captainAnswer).toMatchObject({ result: 'checked_in', registration: { name: 'Пингвины Капитан', team: { name: 'Пингвины', captain: true } } });
    const memberAnswer = await scan(await ticket(members[0]));
    expect(memberAnswer.registration.team).toEqual({ name: 'Пингвины', captain: false });

    const found = await (await post('/admin/checkin/search', { competitionId: competition.id, q: 'Пингвин' }, SAME_ORIGIN, door)).json();
    expect(found.people.map((p: { name: string; team: unknown }) => [p.name, p.team])).toEqual([
      ['Пингвины Капитан', { name: 'Пингвины', captain: true }],
      ['Пингвин Два', { name: 'Пингвины', captain: false }],
    ]);
    // The door's page carries the words for it.
    const page = await (await get('/admin/checkin', door)).text();
    expect(page).toContain('капитан');
  });
});
