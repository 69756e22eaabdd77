import type { ActionContext } from 'adminjs';
import { approveTeam, dissolveTeam, handOverCaptaincy, rejectTeam, removeMember, renewInviteCode, setTeamStatus } from '../../domain/teams.js';
import { teamRoster } from '../../domain/read-models/team-views.js';
import { DomainError } from '../../domain/errors.js';
import type { Actor } from '../../domain/actor.js';
import type { AdminMessageKey } from '../locale.js';
import { actorOf } from './app-resource.js';
import { confirmedAction, question, type Notice } from './confirmed-action.js';
import { isStaff, type ResourceDeps } from './shared.js';

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
export function teamActions(deps: ResourceDeps) {
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
