import type { TeamDetails, TeamPreview } from '../../domain/teams.js';
import { inviteLink, teamDetails } from '../../domain/teams.js';
import { displayAnswer, questionTitle } from '../../domain/answer-rules.js';
import type { Competition, Registration, Team } from '../../entities/index.js';
import type { MessageKey } from '../../i18n/index.js';
import type { ArgsOf } from '../callback-data.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import type { FormSteps } from './form-steps.js';
import { button, inline, menuKeyboard, show } from '../ui.js';
import { qrPng } from './qr.js';
import { registrationSteps } from './registration-form.js';

/*
 * The screens of teams (bot/features/team.ts): the captain's name step, the invite, an invite's preview, the team's
 * roster with its actions and their confirmations. Teams are for participants only: a voter never sees a team button.
 */

export type TeamMember = TeamDetails['members'][number];
export type RosterChange = ArgsOf<'teamDo'>[2];

/** The bot's own invite link for a code (t.me/<bot>?start=j_<code>); the bot's username comes with the update. */
export function inviteLinkOf(ctx: BotContext, code: string): string {
  return inviteLink(ctx.botInfo?.username ?? '', code);
}

/** Whether a competition has teams for this registration: a participant's, in a competition with team mode on. */
export function teamsFor(competition: Pick<Competition, 'teamMode'>, registration: Pick<Registration, 'role'>): boolean {
  return competition.teamMode !== 'off' && registration.role === 'participant';
}

/** The team row of a registration's screen: its team, or "Create a team" while registration is open. */
export function teamRow(ctx: BotContext, competition: Competition, registration: Registration, open: boolean, active: boolean) {
  if (!teamsFor(competition, registration) || !active) return [];
  if (registration.teamId) return [button(ctx.t('team.open'), 'team', registration.teamId)];
  return open ? [button(ctx.t('team.create'), 'teamCreate', registration.id)] : [];
}

/** What a new participant's answer adds in a team competition: a team is needed (required) or possible (optional). */
export function teamHint(ctx: BotContext, competition: Competition): string {
  return ctx.t(competition.teamMode === 'required' ? 'team.hint_required' : 'team.hint_optional', { competition: competition.title });
}

/**
 * The answer to a participant's registration in a team competition: in a team (joined by its link) — says so, with
 * the team's button; alone — what teams are here, with "Create a team". The ticket first when approved at once.
 */
export async function registeredInTeams(ctx: BotContext, deps: BotDeps, registration: Registration, competition: Competition, said: string) {
  const ticket = registration.status === 'approved' ? [[button(ctx.t('ticket.button'), 'ticket', registration.id)]] : [];
  const menu = menuKeyboard(ctx).reply_markup.inline_keyboard;
  const details = registration.teamId ? await teamDetails(deps.db, registration.teamId) : null;
  if (details) {
    return {
      text: `${said}\n\n${ctx.t('team.joined', { team: details.team.name })}`,
      extra: inline([...ticket, [button(ctx.t('team.open'), 'team', details.team.id)], ...menu]),
    };
  }
  return { text: `${said}\n\n${teamHint(ctx, competition)}`, extra: inline([...ticket, [button(ctx.t('team.create'), 'teamCreate', registration.id)], ...menu]) };
}

export function memberName(member: Pick<TeamMember, 'fullName' | 'username'>): string {
  return member.fullName ?? (member.username ? `@${member.username}` : '—');
}

/** The viewer among the team's members (by their user), or undefined: not in it. */
export function viewerOf(ctx: BotContext, details: TeamDetails): TeamMember | undefined {
  return details.members.find((m) => m.userId === ctx.user?.id);
}

/**
 * The team's screen: the roster (the captain starred, each member's status, ✅ when checked in), the team's status,
 * how many are missing, the invite link; the captain's actions or a member's "Leave" — none once the roster is frozen.
 */
export function teamScreen(ctx: BotContext, details: TeamDetails, prefix = '') {
  const { team, competition, members, frozen } = details;
  const me = viewerOf(ctx, details);
  const lines = [
    ctx.t('team.heading', { team: team.name, competition: competition.title }),
    ctx.t('team.status', { status: ctx.t(`team.status_${team.status}` as MessageKey) }),
    ctx.t('team.roster', { count: members.length, max: competition.teamMax }),
    ...members.map(
      (m) =>
        ctx.t('team.member', {
          mark: ctx.t(m.isCaptain ? 'team.captain_mark' : 'team.member_mark'),
          name: memberName(m),
          status: ctx.t(`status.${m.status}` as MessageKey),
        }) + (m.checkedIn ? ctx.t('team.checked_in') : ''),
    ),
  ];
  const live = !frozen && team.status !== 'dissolved';
  if (live && members.length < competition.teamMin) lines.push(ctx.t('team.needs_more', { n: competition.teamMin - members.length, min: competition.teamMin }));
  // The team's answers to the team questions (given by the captain when the team was created).
  if (details.answers.length)
    lines.push('', ...details.answers.map((a) => ctx.t('team.answer', { question: questionTitle(a.question, ctx.lang), answer: displayAnswer(a.question, a.value, ctx.lang) })));
  if (frozen) lines.push('', ctx.t('team.roster_frozen'));
  else if (live) lines.push('', ctx.t('team.invite', { link: inviteLinkOf(ctx, team.inviteCode) }));
  const captain = live && me?.isCaptain === true;
  const others = members.length > 1;
  const id = team.id;
  return {
    text: prefix + lines.join('\n'),
    extra: inline([
      live ? [button(ctx.t('team.qr'), 'teamQr', id)] : [],
      captain && others ? [button(ctx.t('team.remove'), 'teamPick', id, 'remove')] : [],
      captain && others ? [button(ctx.t('team.hand_over'), 'teamPick', id, 'captain')] : [],
      captain ? [button(ctx.t('team.rename'), 'teamRename', id), button(ctx.t('team.renew'), 'teamAsk', id, 0, 'renew')] : [],
      captain ? [button(ctx.t('team.dissolve'), 'teamAsk', id, 0, 'dissolve')] : [],
      live && me && !me.isCaptain ? [button(ctx.t('team.leave'), 'teamAsk', id, me.registrationId, 'leave')] : [],
      [me ? button(ctx.t('my.back'), 'myRegistration', me.registrationId) : button(ctx.t('my.back'), 'myList'), button(ctx.t('menu.back'), 'menu')],
    ]),
  };
}

/** The captain picks a member (never themselves) to remove or to hand the captaincy to. */
export function pickScreen(ctx: BotContext, details: TeamDetails, what: ArgsOf<'teamPick'>[1]) {
  const id = details.team.id;
  const others = details.members.filter((m) => !m.isCaptain);
  return {
    text: ctx.t(what === 'remove' ? 'team.pick_remove' : 'team.pick_captain', { team: details.team.name }),
    extra: inline([...others.map((m) => [button(memberName(m), 'teamAsk', id, m.registrationId, what)]), [button(ctx.t('team.back'), 'team', id)]]),
  };
}

const CONFIRM: Record<RosterChange, { ask: MessageKey; yes: MessageKey }> = {
  remove: { ask: 'team.confirm_remove', yes: 'team.yes_remove' },
  captain: { ask: 'team.confirm_captain', yes: 'team.yes_captain' },
  renew: { ask: 'team.confirm_renew', yes: 'team.yes_renew' },
  dissolve: { ask: 'team.confirm_dissolve', yes: 'team.yes_dissolve' },
  leave: { ask: 'team.confirm_leave', yes: 'team.yes_leave' },
};

/** A roster change asked before it is done: what it does, "Yes" and back to the team. */
export function confirmScreen(ctx: BotContext, details: TeamDetails, registrationId: number, what: RosterChange) {
  const member = details.members.find((m) => m.registrationId === registrationId);
  const id = details.team.id;
  const { ask, yes } = CONFIRM[what];
  return {
    text: ctx.t(ask, { team: details.team.name, name: member ? memberName(member) : '' }),
    extra: inline([[button(ctx.t(yes), 'teamDo', id, registrationId, what)], [button(ctx.t('team.back'), 'team', id)]]),
  };
}

/** An invite's preview: the team, its competition, its captain and its size ("3 из 5"), with "Join". */
export function previewScreen(ctx: BotContext, preview: TeamPreview, registered: boolean) {
  const params = {
    team: preview.team.name,
    competition: preview.competition.title,
    captain: preview.captainName ?? '—',
    members: preview.members,
    max: preview.competition.teamMax,
  };
  return {
    text: ctx.t(registered ? 'team.preview_registered' : 'team.preview', params),
    extra: inline([[button(ctx.t('team.join'), 'teamJoin', preview.team.id)], [button(ctx.t('menu.back'), 'menu')]]),
  };
}

/** A team's screen with the team's and the menu's way on, for an answer that ends in a team (created, joined). */
export function toTeamKeyboard(ctx: BotContext, teamId: number) {
  return inline([[button(ctx.t('team.open'), 'team', teamId)], [button(ctx.t('menu.back'), 'menu')]]);
}

/** The team name step (creating or renaming): the question, with Cancel. `prefix`: why the last name was refused. */
export async function askTeamName(ctx: BotContext, deps: BotDeps, prefix = ''): Promise<void> {
  const draft = ctx.session.draft!;
  const renaming = draft.team?.teamId !== undefined;
  ctx.session.step = renaming ? 'team_rename' : 'team_name';
  const text = renaming ? ctx.t('team.ask_rename', { team: draft.team?.name ?? '' }) : ctx.t('team.ask_name');
  await registrationSteps(deps).formScreen(ctx, prefix + text, inline([[button(ctx.t('form.cancel'), 'formCancel')]]));
}

/** Shows a team's screen on the pressed message (or a new one), `prefix` on top. */
export async function showTeam(ctx: BotContext, details: TeamDetails, prefix = ''): Promise<void> {
  const screen = teamScreen(ctx, details, prefix);
  await show(ctx, screen.text, screen.extra);
}

/** The invite link as a QR code, to show friends: a photo with the link under it. */
export async function sendInviteQr(ctx: BotContext, team: Team, competition: string): Promise<void> {
  const link = inviteLinkOf(ctx, team.inviteCode);
  const caption = ctx.t('team.qr_caption', { team: team.name, competition, link });
  await ctx.replyWithPhoto({ source: await qrPng(link), filename: 'invite.png' }, { caption: caption.slice(0, 1024) });
}

/** The team form for the rest of the bot (views/form-steps.ts): its hint, Cancel's words, the step again after /language. */
export const teamForm: FormSteps<'team_name' | 'team_rename'> = {
  hints: { team_name: 'team.ask_name', team_rename: 'team.ask_name' },
  phoneSteps: [],
  cancelled: 'cancel.done',
  reshow: (ctx, deps, prefix) => askTeamName(ctx, deps, prefix),
};
