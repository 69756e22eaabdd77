import { describe, expect, it } from 'vitest';
import { In } from 'typeorm';
import { Answer, Competition, OutboxMessage, Question, Registration, Team, User } from '../../entities/index.js';
import { adminActor } from '../../domain/actor.js';
import { scanTicket, ticketForUser } from '../../domain/checkin.js';
import { approveTeam } from '../../domain/teams.js';
import { TEST_DB } from '../../devkit/database.js';
import { eventually } from '../../devkit/eventually.js';
import type { TestUser } from '../../devkit/conversation.js';
import { translate, type Language, type MessageKey } from '../../i18n/index.js';
import { makeAdmin, makeCompetition } from '../domain/fixtures.js';
import { deliverOutbox, people, useBotService, waitForMessage } from './helpers.js';

// Teams in the chat (issue 26): a captain creates a team and invites four friends by a link; the roster changes
// (remove, hand over the captaincy, leave) until the deadline freezes it; the organizer approves the team, each member
// gets their own ticket and is checked in at the door. Each test makes its own competition and people, in ru and en.
const svc = useBotService();
const db = () => svc.h.service.db;
const { person, known } = people(() => svc.h);
const BOT = 'competition_test_bot';

for (const lang of ['ru', 'en'] as const satisfies readonly Language[]) {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);

  /** A team competition of this test (titles differ per test and language, so nothing is shared). */
  const teamCompetition = (title: string, values: Partial<Competition> = {}) =>
    makeCompetition(db(), { title: `${title} ${lang}`, teamMode: 'optional', teamMin: 2, teamMax: 5, ...values });

  const userRow = (user: TestUser) => db().manager.findOneByOrFail(User, { telegramId: user.id });
  const registrationOf = async (user: TestUser, competition: Competition) =>
    db().manager.findOneByOrFail(Registration, { userId: (await userRow(user)).id, competitionId: competition.id });
  const teamNamed = (competition: Competition, name: string) => db().manager.findOneByOrFail(Team, { competitionId: competition.id, name });
  const codeOf = async (team: Team) => (await db().manager.findOneByOrFail(Team, { id: team.id })).inviteCode;

  /**
   * Every notification to these people is out — sent here or by the service's own sender — so that none arrives in
   * the middle of what the test reads next.
   */
  async function notified(...users: TestUser[]): Promise<void> {
    await deliverOutbox(svc.h);
    const ids = await Promise.all(users.map(async (u) => (await userRow(u)).id));
    const waiting = () => db().manager.count(OutboxMessage, { where: { userId: In(ids), status: In(['pending', 'sending']) } });
    await eventually(async () => (await waiting()) === 0, { what: 'the notifications sent' });
  }

  /** Registers alone through the bot (a known person: the form is the consent only). */
  async function registerAlone(user: TestUser, competition: Competition): Promise<void> {
    await user.send(`/start c_${competition.id}`);
    await user.press(t('competition.register_participant'));
    await user.press(t('reg.consent_yes'));
  }

  /** A known person who registers and creates a team by the bot, answering its team questions. */
  async function captainOf(competition: Competition, first: string, name: string, answers: string[] = []): Promise<{ captain: TestUser; team: Team }> {
    const captain = await known(first, lang);
    await registerAlone(captain, competition);
    await captain.press(t('team.create'));
    await captain.send(name);
    for (const answer of answers) await captain.send(answer);
    return { captain, team: await teamNamed(competition, name) };
  }

  /** A known person who opens the invite link, presses Join and consents. */
  async function memberOf(team: Team, first: string): Promise<TestUser> {
    const member = await known(first, lang);
    await member.send(`/start j_${await codeOf(team)}`);
    await member.press(t('team.join'));
    await member.press(t('reg.consent_yes'));
    return member;
  }

  /** "My registrations" → the competition → "👥 Team". */
  async function openTeam(user: TestUser, competition: Competition): Promise<void> {
    await user.press(t('menu.my'));
    await user.press(competition.title);
    await user.press(t('team.open'));
  }

  const rosterLine = (name: string, captain = false, status = 'approved') =>
    t('team.member', { mark: t(captain ? 'team.captain_mark' : 'team.member_mark'), name, status: t(`status.${status}` as MessageKey) });

  describe(`teams in the bot, ${lang} (${TEST_DB})`, () => {
    it('creates a team: the name checked as typed (nonsense, too long, taken), the team question, then the invite link and its QR', async () => {
      const competition = await teamCompetition('Кубок команд');
      await db().write((m) =>
        m.insert(Question, {
          competitionId: competition.id,
          role: 'participant',
          kind: 'text',
          titleRu: 'Школа команды',
          titleEn: 'Team school',
          required: true,
          position: 1,
          forTeam: true,
        }),
      );
      await captainOf(competition, 'Rita', 'Орлы', ['Гимназия 2']);
      const captain = await known('Kate', lang);
      await registerAlone(captain, competition);
      expect(captain.lastReply()?.text).toContain(t('team.hint_optional'));
      await captain.press(t('team.create'));
      expect(captain.lastReply()?.text).toBe(t('team.ask_name'));

      // Not text, too long, nonsense, taken (in other letters' case and spacing): the reason, and the question again.
      await captain.sendSticker();
      expect(captain.lastReply()?.text).toBe(`${t('team.name_expected')}\n\n${t('team.ask_name')}`);
      await captain.send('Соколы'.repeat(30));
      const tooLong = captain.lastReply()!.text;
      expect(tooLong).toBe(`${t('team.name_invalid', { max: 60 })}\n\n${t('team.ask_name')}`);
      await captain.send('?');
      expect(captain.lastReply()?.text).toBe(tooLong);
      await captain.send('  орлы ');
      expect(captain.lastReply()?.text).toBe(`${t('team.name_taken', { name: 'орлы' })}\n\n${t('team.ask_name')}`);
      expect(await db().manager.countBy(Team, { competitionId: competition.id })).toBe(1);

      // A good name: settled, and the team question comes.
      await captain.send('Соколы');
      expect(captain.replies().map((r) => r.text)).toContain(t('team.name_answered', { team: 'Соколы' }));
      expect(captain.lastReply()?.text).toContain(lang === 'ru' ? 'Школа команды' : 'Team school');
      await captain.send('Лицей 1');

      const team = await teamNamed(competition, 'Соколы');
      const link = `https://t.me/${BOT}?start=j_${team.inviteCode}`;
      const created = captain.replies().find((r) => r.text.includes(link))!;
      expect(created.text).toBe(t('team.created', { team: 'Соколы', link, min: 2, max: 5 }));
      expect(created.buttons.flat()).toContain(t('team.open'));
      // The QR of the same link, as a photo, to show friends.
      const photo = captain.screen().messages.at(-1)!;
      expect(photo.text).toBe(t('team.qr_caption', { team: 'Соколы', competition: competition.title, link }));
      expect(svc.h.api.callsOf('sendPhoto').filter((c) => Number(c.params.chat_id) === captain.id)).toHaveLength(1);

      const registration = await registrationOf(captain, competition);
      expect([registration.teamId, team.captainRegistrationId]).toEqual([team.id, registration.id]);
      expect((await db().manager.findBy(Answer, { teamId: team.id })).map((a) => a.value)).toEqual(['Лицей 1']);

      // The team's screen shows its answer; "My registrations" names the team, and the registration says who leads it.
      await captain.press(t('team.open'));
      expect(captain.lastReply()?.text).toContain(t('team.answer', { question: lang === 'ru' ? 'Школа команды' : 'Team school', answer: 'Лицей 1' }));
      await captain.send('/menu');
      await captain.press(t('menu.my'));
      expect(captain.lastReply()?.text).toContain(t('my.line_team', { team: 'Соколы' }));
      await captain.press(competition.title);
      expect(captain.lastReply()?.text).toContain(t('my.team_captain', { team: 'Соколы' }));
    });

    it('four friends join by the link: the preview with its size, their own form and consent; the captain is told; a full team and an old link say so', async () => {
      const competition = await teamCompetition('Кубок приглашений');
      const { captain, team } = await captainOf(competition, 'Kate', 'Соколы');
      const params = { team: 'Соколы', competition: competition.title, captain: 'Kate Smith', max: 5 };

      // Someone new: the preview, then the usual form — name, phone, consent — their own.
      const lev = person({ first_name: 'Lev', language_code: lang });
      await lev.send(`/start j_${team.inviteCode}`);
      expect(lev.lastReply()?.text).toBe(t('team.preview', { ...params, members: 1 }));
      await lev.press(t('team.join'));
      expect(lev.lastReply()?.text).toContain(t('reg.ask_name'));
      await lev.send('Lev Tolstoy');
      await lev.sendContact('+7 912 345-67-89');
      expect(lev.lastReply()?.text).toContain('Lev Tolstoy');
      await lev.press(t('reg.consent_yes'));
      expect(lev.lastReply()?.text).toContain(t('team.joined', { team: 'Соколы' }));
      expect(lev.lastReply()?.buttons.flat()).toContain(t('team.open'));
      await deliverOutbox(svc.h);
      const told = t('notify.team_joined', { team: 'Соколы', competition: competition.title, count: 2, max: 5 });
      await waitForMessage(svc.h, captain, told);
      // The notification opens the team (and the menu, like every notification).
      expect(captain.replies().find((r) => r.text === told)?.buttons).toEqual([[t('team.open')], [t('menu.back')]]);

      // Someone registered alone joins with one button.
      const olga = await known('Olga', lang);
      await registerAlone(olga, competition);
      await olga.send(`/start j_${team.inviteCode}`);
      expect(olga.lastReply()?.text).toBe(t('team.preview_registered', { ...params, members: 2 }));
      await olga.press(t('team.join'));
      expect(olga.lastReply()?.text).toContain(t('team.joined', { team: 'Соколы' }));
      expect(olga.lastReply()?.text).toContain(rosterLine('Olga Smith'));

      await memberOf(team, 'Max');
      const nina = await known('Nina', lang);
      await nina.send(`/start j_${team.inviteCode}`);
      expect(nina.lastReply()?.text).toBe(t('team.preview', { ...params, members: 4 }));
      await nina.press(t('team.join'));
      await nina.press(t('reg.consent_yes'));

      // Five of five: the next one is told the team is full; a code nobody has is an old link.
      const late = await known('Oleg', lang);
      await late.send(`/start j_${team.inviteCode}`);
      expect(late.lastReply()?.text).toBe(t('team.link_full', params));
      await late.send('/start j_NoSuchCode1');
      expect(late.lastReply()?.text).toBe(t('team.link_unknown'));
      expect(await db().manager.countBy(Registration, { teamId: team.id })).toBe(5);
      // The captain sees all five.
      await notified(captain);
      await openTeam(captain, competition);
      const roster = captain.lastReply()!.text;
      for (const name of ['Lev Tolstoy', 'Olga Smith', 'Max Smith', 'Nina Smith']) expect(roster).toContain(rosterLine(name));
      expect(roster).toContain(rosterLine('Kate Smith', true));
      // The count in its plural form.
      expect(roster).toContain(lang === 'ru' ? 'Состав: 5 участников из 5' : 'Roster: 5 members of 5');
    });

    it('a member is asked their own questions in their form, the team questions never; the answers go where they belong', async () => {
      const competition = await teamCompetition('Кубок вопросов');
      const question = (forTeam: boolean, titleRu: string, titleEn: string, position: number) =>
        db().write(async (m) => {
          const { identifiers } = await m.insert(Question, {
            competitionId: competition.id,
            role: 'participant',
            kind: 'text',
            titleRu,
            titleEn,
            required: true,
            position,
            forTeam,
          });
          return Number(identifiers[0].id);
        });
      const school = await question(true, 'Школа команды', 'Team school', 1);
      const shirt = await question(false, 'Размер футболки', 'T-shirt size', 2);
      const shirtTitle = lang === 'ru' ? 'Размер футболки' : 'T-shirt size';

      const captain = await known('Kate', lang);
      await captain.send(`/start c_${competition.id}`);
      await captain.press(t('competition.register_participant'));
      expect(captain.lastReply()?.text).toContain(shirtTitle);
      await captain.send('L');
      await captain.press(t('reg.consent_yes'));
      await captain.press(t('team.create'));
      await captain.send('Соколы');
      expect(captain.lastReply()?.text).toContain(lang === 'ru' ? 'Школа команды' : 'Team school');
      await captain.send('Лицей 1');
      const team = await teamNamed(competition, 'Соколы');

      const max = await known('Max', lang);
      await max.send(`/start j_${team.inviteCode}`);
      await max.press(t('team.join'));
      expect(max.lastReply()?.text).toContain(shirtTitle);
      await max.send('M');
      expect(max.lastReply()?.text).toContain(t('reg.answer_line', { question: shirtTitle, answer: 'M' }));
      expect(max.replies().some((r) => r.text.includes(lang === 'ru' ? 'Школа команды' : 'Team school'))).toBe(false);
      await max.press(t('reg.consent_yes'));
      expect(max.lastReply()?.text).toContain(t('team.joined', { team: 'Соколы' }));

      const own = await registrationOf(max, competition);
      expect(own.teamId).toBe(team.id);
      expect((await db().manager.findBy(Answer, { registrationId: own.id })).map((a) => [a.questionId, a.value])).toEqual([[shirt, 'M']]);
      expect((await db().manager.findBy(Answer, { teamId: team.id })).map((a) => [a.questionId, a.value])).toEqual([[school, 'Лицей 1']]);
    });

    it('the captain removes a member and hands over the captaincy; a member leaves; each told', async () => {
      const competition = await teamCompetition('Кубок состава');
      const { captain, team } = await captainOf(competition, 'Kate', 'Соколы');
      const [max, nina, olga] = [await memberOf(team, 'Max'), await memberOf(team, 'Nina'), await memberOf(team, 'Olga')];
      await notified(captain);

      await openTeam(captain, competition);
      expect(captain.lastReply()?.text).toContain(rosterLine('Kate Smith', true));
      expect(captain.lastReply()?.text).toContain(lang === 'ru' ? 'Состав: 4 участника из 5' : 'Roster: 4 members of 5');
      await captain.press(t('team.remove'));
      expect(captain.lastReply()?.buttons.flat()).toEqual(['Max Smith', 'Nina Smith', 'Olga Smith', t('team.back')]);
      await captain.press('Nina Smith');
      expect(captain.lastReply()?.text).toBe(t('team.confirm_remove', { name: 'Nina Smith', team: 'Соколы' }));
      await captain.press(t('team.yes_remove'));
      expect(captain.lastReply()?.text).toContain(t('team.done_remove', { name: 'Nina Smith' }));
      expect(captain.lastReply()?.text).not.toContain(rosterLine('Nina Smith'));
      // The spent confirmation, pressed again: a toast.
      await captain.pressData(`td:${team.id}:${(await registrationOf(nina, competition)).id}:remove`);
      expect(captain.callbackAnswers()).toContain(t('action.spent'));
      await deliverOutbox(svc.h);
      await waitForMessage(svc.h, nina, t('notify.team_removed', { team: 'Соколы', competition: competition.title }));
      expect((await registrationOf(nina, competition)).teamId).toBeNull();

      await openTeam(captain, competition);
      await captain.press(t('team.hand_over'));
      await captain.press('Max Smith');
      expect(captain.lastReply()?.text).toBe(t('team.confirm_captain', { name: 'Max Smith', team: 'Соколы' }));
      await captain.press(t('team.yes_captain'));
      expect(captain.lastReply()?.text).toContain(t('team.done_captain', { name: 'Max Smith' }));
      expect(captain.lastReply()?.text).toContain(rosterLine('Max Smith', true));
      // No longer the captain: a member's buttons only.
      expect(captain.lastReply()?.buttons.flat()).not.toContain(t('team.remove'));
      expect(captain.lastReply()?.buttons.flat()).toContain(t('team.leave'));
      await deliverOutbox(svc.h);
      await waitForMessage(svc.h, max, t('notify.team_captain', { team: 'Соколы', competition: competition.title }));

      await openTeam(olga, competition);
      await olga.press(t('team.leave'));
      expect(olga.lastReply()?.text).toBe(t('team.confirm_leave', { team: 'Соколы' }));
      await olga.press(t('team.yes_leave'));
      expect(olga.lastReply()?.text).toBe(t('team.done_leave', { team: 'Соколы', competition: competition.title }));
      await deliverOutbox(svc.h);
      await waitForMessage(svc.h, max, t('notify.team_left', { team: 'Соколы', competition: competition.title, count: 2, max: 5 }));
      expect((await db().manager.findBy(Registration, { teamId: team.id })).length).toBe(2);
      expect((await db().manager.findOneByOrFail(Team, { id: team.id })).captainRegistrationId).toBe((await registrationOf(max, competition)).id);
    });

    it('the deadline freezes the roster: the buttons go, an old one answers "frozen", the link says so', async () => {
      const competition = await teamCompetition('Кубок дедлайна');
      const { captain, team } = await captainOf(competition, 'Kate', 'Соколы');
      const max = await memberOf(team, 'Max');
      await notified(captain);
      await openTeam(max, competition);
      await openTeam(captain, competition);
      await captain.press(t('team.remove'));
      await captain.press('Max Smith');

      await db().write((m) => m.update(Competition, { id: competition.id }, { registrationClosesAt: new Date(Date.now() - 60_000) }));
      await captain.press(t('team.yes_remove'));
      expect(captain.callbackAnswers()).toContain(t('team.frozen_toast'));
      expect(captain.lastReply()?.text).toContain(t('team.roster_frozen'));
      expect(captain.lastReply()?.buttons.flat()).not.toContain(t('team.remove'));
      expect(captain.lastReply()?.buttons.flat()).not.toContain(t('team.rename'));
      await max.press(t('team.leave'));
      expect(max.callbackAnswers()).toContain(t('team.frozen_toast'));
      expect(max.lastReply()?.buttons.flat()).not.toContain(t('team.leave'));
      const late = await known('Oleg', lang);
      await late.send(`/start j_${team.inviteCode}`);
      expect(late.lastReply()?.text).toBe(t('team.link_frozen', { team: 'Соколы', competition: competition.title }));
      expect(await db().manager.countBy(Registration, { teamId: team.id })).toBe(2);
    });

    it('the captain renames (a taken name refused), renews the link (the old one stops) and dissolves the team (each member told)', async () => {
      const competition = await teamCompetition('Кубок перемен');
      await captainOf(competition, 'Rita', 'Орлы');
      const { captain, team } = await captainOf(competition, 'Kate', 'Соколы');
      const max = await memberOf(team, 'Max');
      await notified(captain);

      await openTeam(captain, competition);
      await captain.press(t('team.rename'));
      expect(captain.lastReply()?.text).toBe(t('team.ask_rename', { team: 'Соколы' }));
      await captain.send('ОРЛЫ');
      expect(captain.lastReply()?.text).toBe(`${t('team.name_taken', { name: 'ОРЛЫ' })}\n\n${t('team.ask_rename', { team: 'Соколы' })}`);
      await captain.send('Ястребы');
      expect(captain.lastReply()?.text).toContain(t('team.renamed', { team: 'Ястребы' }));
      expect(captain.lastReply()?.text).toContain(t('team.heading', { team: 'Ястребы', competition: competition.title }));

      const old = team.inviteCode;
      await captain.press(t('team.renew'));
      expect(captain.lastReply()?.text).toBe(t('team.confirm_renew', { team: 'Ястребы' }));
      await captain.press(t('team.yes_renew'));
      const renewed = await codeOf(team);
      expect(renewed).not.toBe(old);
      expect(captain.lastReply()?.text).toContain(t('team.done_renew'));
      expect(captain.lastReply()?.text).toContain(`https://t.me/${BOT}?start=j_${renewed}`);
      const late = await known('Oleg', lang);
      await late.send(`/start j_${old}`);
      expect(late.lastReply()?.text).toBe(t('team.link_unknown'));
      await late.send(`/start j_${renewed}`);
      expect(late.lastReply()?.buttons.flat()).toContain(t('team.join'));

      await captain.press(t('team.dissolve'));
      expect(captain.lastReply()?.text).toBe(t('team.confirm_dissolve', { team: 'Ястребы' }));
      await captain.press(t('team.yes_dissolve'));
      expect(captain.lastReply()?.text).toBe(t('team.done_dissolve', { team: 'Ястребы', competition: competition.title }));
      await deliverOutbox(svc.h);
      await waitForMessage(svc.h, max, t('notify.team_dissolved', { team: 'Ястребы', competition: competition.title }));
      expect((await db().manager.findOneByOrFail(Team, { id: team.id })).status).toBe('dissolved');
      expect((await registrationOf(max, competition)).status).toBe('approved');
      // The team's old buttons: gone; the link: says so.
      await max.press(t('team.open'));
      expect(max.lastReply()?.text).toBe(t('team.gone'));
      await late.press(t('team.join'));
      expect(late.lastReply()?.text).toBe(t('team.link_dissolved', { team: 'Ястребы' }));
    });

    it('teams only: the answer says a team is needed; a voter gets no team button, and a link says teams are for participants', async () => {
      const competition = await teamCompetition('Кубок команд без одиночек', { teamMode: 'required' });
      const { captain, team } = await captainOf(competition, 'Kate', 'Соколы');
      expect(captain.replies().some((r) => r.text.includes(t('team.hint_required', { competition: competition.title })))).toBe(true);
      const voter = await known('Vera', lang);
      await voter.send(`/start c_${competition.id}`);
      await voter.press(t('competition.register_voter'));
      await voter.press(t('reg.consent_yes'));
      expect(voter.lastReply()?.buttons.flat()).not.toContain(t('team.create'));
      await voter.press(t('menu.my'));
      await voter.press(competition.title);
      expect(voter.lastReply()?.buttons.flat()).not.toContain(t('team.create'));
      await voter.send(`/start j_${team.inviteCode}`);
      expect(voter.lastReply()?.text).toBe(t('team.link_voter', { competition: competition.title }));
    });

    it('a double tap on Join opens one form; the team name step is asked again in the new language after /language', async () => {
      const competition = await teamCompetition('Кубок двойного нажатия');
      const { team } = await captainOf(competition, 'Kate', 'Соколы');
      const lev = person({ first_name: 'Lev', language_code: lang });
      await lev.send(`/start j_${team.inviteCode}`);
      await lev.tap(t('team.join'));
      expect(lev.replies().filter((r) => r.text.includes(t('reg.ask_name')))).toHaveLength(1);
      expect(lev.callbackAnswers()).toContain(t('reg.form_open'));

      const other = lang === 'ru' ? 'en' : 'ru';
      const rita = await known('Rita', lang);
      await registerAlone(rita, competition);
      await rita.press(t('team.create'));
      await rita.send('/language');
      await rita.press(other === 'ru' ? 'Русский' : 'English');
      expect(rita.lastReply()?.text).toContain(translate(other, 'team.ask_name'));
      await rita.send('Ястребы');
      expect(await db().manager.countBy(Team, { competitionId: competition.id, name: 'Ястребы' })).toBe(1);
    });

    it('the organizer approves the team: each member told, each with a ticket of their own, each checked in', async () => {
      const competition = await teamCompetition('Кубок допуска', { requiresApproval: true });
      const { captain, team } = await captainOf(competition, 'Kate', 'Соколы');
      const members = [captain, await memberOf(team, 'Max'), await memberOf(team, 'Nina'), await memberOf(team, 'Olga'), await memberOf(team, 'Lev')];
      expect(members[4].lastReply()?.text).toContain(t('reg.done_pending', { competition: competition.title }));

      const admin = await makeAdmin(db());
      await approveTeam(db(), adminActor(admin.id), team.id);
      await deliverOutbox(svc.h);
      const door = { ticketSecret: svc.h.config.ticketSecret, timeZone: svc.h.config.tzDisplay };
      const codes = new Set<string>();
      for (const member of members) {
        await waitForMessage(svc.h, member, t('notify.status_approved', { competition: competition.title }));
        await member.press(t('ticket.button'));
        const registration = await registrationOf(member, competition);
        const { code } = await ticketForUser(db(), door.ticketSecret, registration.userId, registration.id);
        expect(member.screen().messages.at(-1)?.text).toContain(code);
        codes.add(code);
        const scanned = await scanTicket(db(), adminActor(admin.id, 'scan'), door, { code, competitionId: competition.id });
        expect(scanned.result).toBe('checked_in');
      }
      expect(codes.size).toBe(5);
      await notified(...members);
      await openTeam(captain, competition);
      expect(captain.lastReply()?.text).toContain(rosterLine('Kate Smith', true) + t('team.checked_in'));
      expect(captain.lastReply()?.text).toContain(rosterLine('Lev Smith') + t('team.checked_in'));
    });
  });
}
