import type { ActionContext } from 'adminjs';
import type { Actor } from '../../domain/actor.js';
import { DomainError } from '../../domain/errors.js';
import { teamAnswers } from '../../domain/read-models/answers.js';
import { teamListColumns, teamRoster } from '../../domain/read-models/team-views.js';
import { approveTeam, dissolveTeam, handOverCaptaincy, inviteLink, rejectTeam, removeMember, renewInviteCode, setTeamStatus } from '../../domain/teams.js';
import { Team, TEAM_STATUSES } from '../../entities/index.js';
import type { AdminMessageKey } from '../locale.js';
import { actorOf } from './app-resource.js';
import { confirmedAction, question, type Notice } from './confirmed-action.js';
import { defineResource } from './define.js';
import { access, isStaff, look, NAVIGATION, values, type ResourceDeps } from './shared.js';

/**
 * Teams (issue 26): the list — filtered by competition, status and name, each page's computed columns read by three
 * small grouped queries (domain/read-models/team-views.ts) — and a team's page: its roster (each member a link to the
 * registration, the captain marked), its answers to the team questions, the invite link. Teams are made in the chat;
 * the organizers' changes are the confirmed actions below, each through domain/teams.ts. Door staff do
 * not see teams.
 */
export function teamResource(deps: ResourceDeps) {
  const { components, botUsername } = deps;
  const { badge, readOnly, titleCell } = look(deps);
  return defineResource(Team, deps, {
    table: 'teams',
    writes: {},
    // The captain is shown by name; AdminJS would otherwise carry the whole registration along.
    plainKeys: ['captainRegistrationId'],
    // The name as compared for uniqueness: the domain's, of no use on a page.
    secret: ['nameKey'],
    virtuals: async (rows, c, language) => {
      const columns = await teamListColumns(c.db, rows);
      // One team's page: its roster and answers too.
      const one = rows.length === 1 ? rows[0] : null;
      const roster = one ? await teamRoster(c.db, one.id, one.captainRegistrationId) : [];
      const shown = one ? ((await teamAnswers(c.db, [one.id], language)).get(one.id) ?? []) : [];
      const answers = shown.map(({ questionId, title, text }) => ({ questionId, title, text }));
      const username = botUsername();
      return rows.map((t, i) => ({
        ...columns[i],
        ...(one
          ? {
              roster: JSON.stringify({ members: roster, answers, actions: t.status !== 'dissolved' }),
              inviteLink: username ? inviteLink(username, t.inviteCode) : '',
            }
          : {}),
        registrationsLink: `${deps.rootPath}/resources/Registration?filters.teamId=${t.id}`,
      }));
    },
    options: {
      navigation: NAVIGATION.event,
      titleProperty: 'name',
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['name', 'competitionId', 'captainName', 'members', 'status', 'createdAt'],
      showProperties: ['name', 'status', 'competitionId', 'captainName', 'members', 'roster', 'inviteLink', 'inviteCode', 'registrationsLink', 'createdAt', 'id'],
      filterProperties: ['competitionId', 'status', 'name'],
      properties: {
        name: { ...titleCell },
        status: { ...badge, availableValues: values(TEAM_STATUSES) },
        captainName: { type: 'string', ...readOnly({ list: true, show: true }) },
        members: { type: 'number', ...readOnly({ list: true, show: true }) },
        roster: { type: 'string', ...readOnly({ show: true }), components: { show: components.TeamRoster } },
        inviteLink: { type: 'string', ...readOnly({ show: true }), components: { show: components.ShareLink } },
        inviteCode: { isVisible: { list: false, show: true, edit: false, filter: false } },
        registrationsLink: { type: 'string', ...readOnly({ show: true }), components: { show: components.DeepLink } },
        captainRegistrationId: { isVisible: false },
        createdAt: { type: 'string' },
      },
    },
    actions: {
      ...access('staff-read'),
      ...teamActions(deps),
    },
  });
}

/** Open to staff while the team has one of these statuses. */
const teamWhen =
  (...statuses: string[]) =>
  (context: ActionContext) =>
    isStaff(context) && statuses.includes(String(context.record?.params.status));
const LIVE = ['forming', 'complete', 'incomplete'];

const teamIdOf = (context: ActionContext) => Number(context.record!.id());
const teamNameOf = (context: ActionContext) => String(context.record!.params.name ?? '');

/**
 * The organizers' actions on a team, each a GET that asks (ConfirmAction, or TeamMemberAction for one member) and
 * the POST sent after the confirmation — cross-site POSTs refused before it (admin/cross-site.ts) — that calls
 * domain/teams.ts, which checks, writes, audits and tells the members.
 */
function teamActions(deps: ResourceDeps) {
  const { ctx, components } = deps;
  const { db } = ctx;

  /** A confirmed change of the whole team. */
  const teamChange = (
    spec: { icon: string; confirm: AdminMessageKey; done: AdminMessageKey; statuses: string[]; reason?: boolean; danger?: boolean },
    run: (actor: Actor, teamId: number, payload: Record<string, unknown>) => Promise<unknown>,
  ) =>
    confirmedAction('record', {
      icon: spec.icon,
      component: components.ConfirmAction,
      isAccessible: teamWhen(...spec.statuses),
      preview: (context) => question(spec.confirm, { names: [teamNameOf(context)], count: 1, ...(spec.reason ? { reason: true } : {}), danger: spec.danger || spec.reason }),
      act: async (context, payload): Promise<Notice> => {
        await run(actorOf(context), teamIdOf(context), payload);
        return { message: spec.done, type: 'success', options: { name: teamNameOf(context) } };
      },
    });

  /** A confirmed change of one member (picked on the page, or by the roster's button): remove, make captain. */
  const memberChange = (
    spec: { icon: string; confirm: AdminMessageKey; done: AdminMessageKey },
    run: (actor: Actor, input: { teamId: number; registrationId: number }) => Promise<unknown>,
  ) =>
    confirmedAction('record', {
      icon: spec.icon,
      component: components.TeamMemberAction,
      isAccessible: teamWhen(...LIVE),
      preview: async (context) => {
        const roster = await teamRoster(db, teamIdOf(context), Number(context.record!.params.captainRegistrationId) || null);
        const members = roster.filter((m) => !m.isCaptain && !['cancelled', 'rejected'].includes(m.status)).map((m) => ({ id: m.registrationId, label: m.name }));
        return { choice: { messageKey: spec.confirm, members } };
      },
      act: async (context, payload): Promise<Notice> => {
        const registrationId = Number(payload.registrationId);
        const roster = await teamRoster(db, teamIdOf(context), Number(context.record!.params.captainRegistrationId) || null);
        const member = roster.find((m) => m.registrationId === registrationId);
        if (!member) throw new DomainError('registration.not_found');
        await run(actorOf(context), { teamId: teamIdOf(context), registrationId });
        return { message: spec.done, type: 'success', options: { name: member.name } };
      },
    });

  return {
    approveTeam: teamChange({ icon: 'Check', confirm: 'confirmTeamApprove', done: 'doneTeamApproved', statuses: LIVE }, (actor, id) => approveTeam(db, actor, id)),
    rejectTeam: teamChange({ icon: 'X', confirm: 'confirmTeamReject', done: 'doneTeamRejected', statuses: LIVE, reason: true }, (actor, id, payload) =>
      rejectTeam(db, actor, id, typeof payload.reason === 'string' && payload.reason.trim() ? payload.reason : undefined),
    ),
    markComplete: teamChange({ icon: 'CheckCircle', confirm: 'confirmTeamComplete', done: 'doneTeamStatus', statuses: ['forming', 'incomplete'] }, (actor, id) =>
      setTeamStatus(db, actor, id, 'complete'),
    ),
    markIncomplete: teamChange({ icon: 'AlertCircle', confirm: 'confirmTeamIncomplete', done: 'doneTeamStatus', statuses: ['forming', 'complete'] }, (actor, id) =>
      setTeamStatus(db, actor, id, 'incomplete'),
    ),
    renewInvite: teamChange({ icon: 'RefreshCw', confirm: 'confirmTeamRenewInvite', done: 'doneTeamInviteRenewed', statuses: LIVE }, (actor, id) => renewInviteCode(db, actor, id)),
    dissolveTeam: teamChange({ icon: 'Trash2', confirm: 'confirmTeamDissolve', done: 'doneTeamDissolved', statuses: LIVE, danger: true }, (actor, id) =>
      dissolveTeam(db, actor, id),
    ),
    removeMember: memberChange({ icon: 'UserMinus', confirm: 'confirmTeamRemoveMember', done: 'doneTeamMemberRemoved' }, (actor, input) => removeMember(db, actor, input)),
    handOverCaptaincy: memberChange({ icon: 'Award', confirm: 'confirmTeamHandOver', done: 'doneTeamHandedOver' }, (actor, input) => handOverCaptaincy(db, actor, input)),
  };
}
