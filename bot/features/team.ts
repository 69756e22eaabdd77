import { Composer } from 'telegraf';
import { userActor } from '../../domain/actor.js';
import { getCompetitionDetails } from '../../domain/competitions.js';
import { currentVersion } from '../../domain/consents.js';
import { DomainError } from '../../domain/errors.js';
import { isRegistrationOpen } from '../../domain/places.js';
import { getUserRegistration } from '../../domain/read-models/queries.js';
import {
  checkTeamName,
  dissolveTeam,
  handOverCaptaincy,
  joinTeamAsRegistered,
  leaveTeam,
  removeMember,
  renameTeam,
  renewInviteCode,
  teamByInviteCode,
  teamDetails,
  type TeamDetails,
  type TeamPreview,
} from '../../domain/teams.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { leaveForm, loadQuestions } from '../forms.js';
import { TEAM_NAME_ERRORS, continueTeamForm } from '../team-form.js';
import { answer, button, inline, menuKeyboard, onAction, replyLast, settleStep, show, stripKeyboard } from '../ui.js';
import { registrationSteps } from '../views/registration-form.js';
import { ACTIVE } from '../views/registrations.js';
import { askTeamName, confirmScreen, memberName, pickScreen, previewScreen, sendInviteQr, showTeam, teamsFor, toTeamKeyboard, viewerOf, type RosterChange } from '../views/team.js';

/** Deep link payload of a team's invite: `j_<code>` (t.me/<bot>?start=j_…). */
const JOIN_LINK = /^j_([A-Za-z0-9_-]{4,40})$/;

/** Where an invite leads this person: a refusal to show, or the preview — with their own solo registration, when they have one. */
type InviteState = { refusal: { text: string; extra: ReturnType<typeof inline> } } | { preview: TeamPreview; solo: number | null };

/**
 * Teams in the bot: a participant creates a team from their registration (a name checked as typed, the team
 * questions, then the invite link and its QR code); a friend opens the link, sees the team and joins with their own
 * form and consent (or at once, when already registered alone); the team's screen shows the roster, and the captain
 * removes members, hands over the captaincy, renames, renews the link or dissolves the team, a member leaves — each
 * destructive change confirmed first, none after the deadline (the domain refuses them: `team.frozen`).
 */
export function teamFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();
  const actor = (ctx: BotContext) => userActor(ctx.user!.id, 'bot');

  // --- creating a team ------------------------------------------------------------------------------------------
  onAction(composer, 'teamCreate', async (ctx, registrationId) => {
    const view = await getUserRegistration(db, ctx.user!.id, registrationId);
    if (!view) throw new DomainError('registration.not_found');
    const { registration, competition } = view;
    if (registration.teamId) return openTeam(ctx, registration.teamId);
    if (!teamsFor(competition, registration) || !ACTIVE.has(registration.status)) return answer(ctx, ctx.t('action.spent'));
    if (!isRegistrationOpen(competition)) return show(ctx, ctx.t('registration.closed', { competition: competition.title }), menuKeyboard(ctx));
    // Pressed again while its form is open (a double tap): one form, one question.
    if (ctx.session.step && ctx.session.draft?.team?.registrationId === registrationId) return answer(ctx, ctx.t('reg.form_open'));
    await stripKeyboard(ctx, ctx.session.screen);
    const q = await loadQuestions(db, ctx.user!.id, competition.id, 'team');
    const team = { registrationId, min: competition.teamMin, max: competition.teamMax };
    ctx.session = { draft: { competitionId: competition.id, role: 'participant', title: competition.title, team, ...(q ? { q } : {}) } };
    await answer(ctx);
    return askTeamName(ctx, deps);
  });

  /** The name, checked as it is typed (taken, invalid: the reason and the question again); then on, or renamed. */
  composer.on('message', async (ctx, next) => {
    const step = ctx.session?.step;
    const draft = ctx.session?.draft;
    if ((step !== 'team_name' && step !== 'team_rename') || !draft?.team) return next();
    if (!('text' in ctx.message)) return askTeamName(ctx, deps, `${ctx.t('team.name_expected')}\n\n`);
    const teamId = draft.team.teamId;
    let name: string;
    try {
      // Renaming: the domain checks the name against the other teams (the team's own name in other letters is fine).
      name = teamId === undefined ? await checkTeamName(db, draft.competitionId, ctx.message.text) : (await renameTeam(db, actor(ctx), { teamId, name: ctx.message.text })).name;
    } catch (error) {
      if (error instanceof DomainError && TEAM_NAME_ERRORS.has(error.key)) return askTeamName(ctx, deps, `${ctx.t(error.key, error.params)}\n\n`);
      // Anything else ends the rename (the deadline passed meanwhile, the team is gone): the error says why.
      await stripKeyboard(ctx, ctx.session.screen);
      ctx.session = {};
      throw error;
    }
    await settleStep(ctx, ctx.session.screen, ctx.t('team.name_answered', { team: name }));
    ctx.session.screen = undefined;
    if (teamId === undefined) {
      draft.team.name = name;
      return continueTeamForm(ctx, deps);
    }
    ctx.session = {};
    return refresh(ctx, teamId, ctx.t('team.renamed', { team: name }));
  });

  onAction(composer, 'teamRename', async (ctx, teamId) => {
    const details = await captainsTeam(ctx, teamId);
    if (!details) return;
    const me = viewerOf(ctx, details)!;
    const { team, competition } = details;
    ctx.session = { draft: { competitionId: competition.id, role: 'participant', title: competition.title, team: { registrationId: me.registrationId, teamId, name: team.name } } };
    await answer(ctx);
    return askTeamName(ctx, deps);
  });

  // --- the team's screen and its roster changes -----------------------------------------------------------------
  /** The team as its member sees it; a team that is gone, or someone not in it, gets a short answer and the menu. */
  async function memberTeam(ctx: BotContext, teamId: number): Promise<TeamDetails | null> {
    const details = await teamDetails(db, teamId);
    if (!details || details.team.status === 'dissolved') {
      await show(ctx, ctx.t('team.gone'), menuKeyboard(ctx));
      return null;
    }
    if (!viewerOf(ctx, details)) {
      await show(ctx, ctx.t('team.not_yours'), menuKeyboard(ctx));
      return null;
    }
    return details;
  }

  /**
   * The team when the viewer may change its roster now: the captain's, not frozen. A frozen roster answers so
   * (an old button after the deadline) and shows the team without its buttons; a member's press is spent.
   */
  async function captainsTeam(ctx: BotContext, teamId: number, captainOnly = true): Promise<TeamDetails | null> {
    const details = await memberTeam(ctx, teamId);
    if (!details) return null;
    if (details.frozen) {
      await frozen(ctx, details);
      return null;
    }
    if (captainOnly && !viewerOf(ctx, details)?.isCaptain) {
      await answer(ctx, ctx.t('action.spent'));
      await showTeam(ctx, details);
      return null;
    }
    return details;
  }

  async function frozen(ctx: BotContext, details: TeamDetails): Promise<void> {
    await answer(ctx, ctx.t('team.frozen_toast'));
    await showTeam(ctx, details);
  }

  async function openTeam(ctx: BotContext, teamId: number, prefix = ''): Promise<void> {
    const details = await memberTeam(ctx, teamId);
    if (details) await showTeam(ctx, details, prefix);
  }

  /** The team's screen again after a change, the change said on top. */
  async function refresh(ctx: BotContext, teamId: number, said: string): Promise<void> {
    await openTeam(ctx, teamId, `${said}\n\n`);
  }

  onAction(composer, 'team', (ctx, teamId) => openTeam(ctx, teamId));

  onAction(composer, 'teamQr', async (ctx, teamId) => {
    const details = await memberTeam(ctx, teamId);
    if (!details) return;
    await answer(ctx);
    await sendInviteQr(ctx, details.team, details.competition.title);
  });

  onAction(composer, 'teamPick', async (ctx, teamId, what) => {
    const details = await captainsTeam(ctx, teamId);
    if (!details) return;
    const screen = pickScreen(ctx, details, what);
    await show(ctx, screen.text, screen.extra);
  });

  /** Whether the change fits the team as it is now: the member still in it, the viewer the one who may do it. */
  function applies(ctx: BotContext, details: TeamDetails, registrationId: number, what: RosterChange): boolean {
    const me = viewerOf(ctx, details)!;
    const member = details.members.find((m) => m.registrationId === registrationId);
    if (what === 'leave') return registrationId === me.registrationId && !me.isCaptain;
    if (!me.isCaptain) return false;
    if (what === 'remove' || what === 'captain') return member !== undefined && !member.isCaptain;
    return registrationId === 0;
  }

  /** A roster change as it stands now, or null when its button is spent (a toast, and the team as it is). */
  async function changeable(ctx: BotContext, teamId: number, registrationId: number, what: RosterChange): Promise<TeamDetails | null> {
    const details = await captainsTeam(ctx, teamId, false);
    if (!details) return null;
    if (applies(ctx, details, registrationId, what)) return details;
    await answer(ctx, ctx.t('action.spent'));
    await showTeam(ctx, details);
    return null;
  }

  onAction(composer, 'teamAsk', async (ctx, teamId, registrationId, what) => {
    const details = await changeable(ctx, teamId, registrationId, what);
    if (!details) return;
    const screen = confirmScreen(ctx, details, registrationId, what);
    await show(ctx, screen.text, screen.extra);
  });

  onAction(composer, 'teamDo', async (ctx, teamId, registrationId, what) => {
    const details = await changeable(ctx, teamId, registrationId, what);
    if (!details) return;
    const member = details.members.find((m) => m.registrationId === registrationId);
    const name = member ? memberName(member) : '';
    const params = { team: details.team.name, competition: details.competition.title, name };
    try {
      if (what === 'remove') await removeMember(db, actor(ctx), { teamId, registrationId });
      if (what === 'captain') await handOverCaptaincy(db, actor(ctx), { teamId, registrationId });
      if (what === 'renew') await renewInviteCode(db, actor(ctx), teamId);
      if (what === 'dissolve') await dissolveTeam(db, actor(ctx), teamId);
      if (what === 'leave') await leaveTeam(db, actor(ctx), registrationId);
    } catch (error) {
      // The deadline passed between the screen and the press.
      if (error instanceof DomainError && error.key === 'team.frozen') return frozen(ctx, (await teamDetails(db, teamId)) ?? details);
      throw error;
    }
    if (what === 'dissolve' || what === 'leave') {
      const back = inline([[button(ctx.t('my.back'), 'myRegistration', viewerOf(ctx, details)!.registrationId)], [button(ctx.t('menu.back'), 'menu')]]);
      return show(ctx, ctx.t(what === 'dissolve' ? 'team.done_dissolve' : 'team.done_leave', params), back);
    }
    return refresh(ctx, teamId, ctx.t(`team.done_${what}`, params));
  });

  return composer;
}

/**
 * A team's invite link, `/start j_<code>`: the preview (team, competition, captain, size) and "Join". Mounted before
 * /start's own handler; the rest of the team feature comes after the forms.
 */
export function teamLinkFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();
  const actor = (ctx: BotContext) => userActor(ctx.user!.id, 'bot');

  // --- joining by an invite link --------------------------------------------------------------------------------
  /** What an invite code leads to for this person, checked afresh (on the link, and again on "Join"). */
  async function inviteState(ctx: BotContext, code: string): Promise<InviteState> {
    const refuse = (text: string, extra = menuKeyboard(ctx)) => ({ refusal: { text, extra } });
    const preview = await teamByInviteCode(db, code);
    if (!preview) return refuse(ctx.t('team.link_unknown'));
    const { team, competition } = preview;
    const params = { team: team.name, competition: competition.title, max: competition.teamMax };
    if (team.status === 'dissolved') return refuse(ctx.t('team.link_dissolved', params));
    if (!preview.open || !isRegistrationOpen(competition)) return refuse(ctx.t('team.link_frozen', params));
    const mine = (await getCompetitionDetails(db, competition.id, ctx.user!.id))?.mine;
    let solo: number | null = null;
    if (mine?.status === 'rejected') return refuse(ctx.t('registration.rejected_before', params));
    if (mine && ACTIVE.has(mine.status)) {
      if (mine.role === 'voter') return refuse(ctx.t('team.link_voter', params));
      const own = (await getUserRegistration(db, ctx.user!.id, mine.id))!.registration;
      if (own.teamId === team.id) return refuse(ctx.t('team.link_member', params), toTeamKeyboard(ctx, team.id));
      if (own.teamId) {
        const other = await teamDetails(db, own.teamId);
        return refuse(ctx.t('team.link_other', { ...params, team: other?.team.name ?? '' }), toTeamKeyboard(ctx, own.teamId));
      }
      solo = own.id;
    }
    if (preview.full) return refuse(ctx.t('team.link_full', params));
    return { preview, solo };
  }

  composer.start(async (ctx, next) => {
    const match = JOIN_LINK.exec(ctx.payload?.trim() ?? '');
    if (!match) return next();
    await leaveForm(ctx, 'left');
    const state = await inviteState(ctx, match[1]);
    if ('refusal' in state) return replyLast(ctx, state.refusal.text, state.refusal.extra);
    // The code waits for "Join" here: callback data carries no codes.
    ctx.session.joinCode = match[1];
    const screen = previewScreen(ctx, state.preview, state.solo !== null);
    return replyLast(ctx, screen.text, screen.extra);
  });

  /** "Join": someone registered alone joins at once; anyone else fills in the usual form, the code riding in its draft. */
  onAction(composer, 'teamJoin', async (ctx, teamId) => {
    // Pressed again while its form is open (a double tap): the form goes on.
    if (ctx.session.step && ctx.session.draft?.teamCode) return answer(ctx, ctx.t('reg.form_open'));
    const code = ctx.session.joinCode;
    if (!code) return show(ctx, ctx.t('team.link_again'), menuKeyboard(ctx));
    const state = await inviteState(ctx, code);
    if ('refusal' in state) return show(ctx, state.refusal.text, state.refusal.extra);
    const { preview, solo } = state;
    if (preview.team.id !== teamId) return show(ctx, ctx.t('team.link_unknown'), menuKeyboard(ctx));
    await answer(ctx);
    if (solo !== null) {
      await joinTeamAsRegistered(db, actor(ctx), { registrationId: solo, code });
      ctx.session = {};
      const details = await teamDetails(db, teamId);
      return details ? showTeam(ctx, details, `${ctx.t('team.joined', { team: preview.team.name })}\n\n`) : show(ctx, ctx.t('team.gone'), menuKeyboard(ctx));
    }
    const { competition } = preview;
    const q = await loadQuestions(db, ctx.user!.id, competition.id, 'participant');
    ctx.session = {
      draft: { competitionId: competition.id, role: 'participant', title: competition.title, teamCode: code, ...(q ? { q, version: await currentVersion(db.manager) } : {}) },
    };
    return registrationSteps(deps).nextStep(ctx);
  });
  return composer;
}
