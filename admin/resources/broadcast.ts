import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import {
  broadcastActionsNow,
  broadcastProgress,
  cancelBroadcast,
  countBroadcastRecipients,
  createBroadcast,
  DomainError,
  retryFailedDeliveries,
  scheduleBroadcast,
  startBroadcast,
  telegramHtmlPreview,
  updateBroadcast,
  type Actor,
  type BroadcastAction,
  type BroadcastChanges,
} from '../../domain/index.js';
import { plainExcerpt } from '../../domain/read-models/message-excerpts.js';
import { formatForPeople } from '../../domain/time.js';
import { ATTENDANCE_FILTERS, BROADCAST_STATES, Broadcast, REGISTRATION_ROLES, REGISTRATION_STATUSES, TEAM_AUDIENCES } from '../../entities/index.js';
import { adminLanguage, valueLabel, type AdminMessageKey } from '../locale.js';
import { actorOf } from './app-resource.js';
import { confirmedAction, question } from './confirmed-action.js';
import { defineResource, plainWrites } from './define.js';
import { access, isStaff, look, NAVIGATION, staffWhen, values, type ResourceDeps } from './shared.js';

/** The audience's "came": any (null), checked in (true), not checked in (false) — one choice of three in the form. */
const CAME = { any: null, yes: true, no: false } as const;
type Came = keyof typeof CAME;
const cameOf = (checkedIn: boolean | null): Came => (checkedIn === null ? 'any' : checkedIn ? 'yes' : 'no');
/** The form's choice as the column; a choice not sent leaves the column as it is. */
function withCame(changes: Record<string, unknown>, extra: Record<string, unknown>): BroadcastChanges {
  const came = String(extra.came ?? '');
  return (came in CAME ? { ...changes, checkedIn: CAME[came as Came] } : changes) as BroadcastChanges;
}

type Params = Record<string, unknown>;
/** What applies to the broadcast as the record shows it (its failures as counted so far). */
const actionsOf = (params: Params) =>
  broadcastActionsNow({ state: params.state as Broadcast['state'], scheduledAt: params.scheduledAt ? new Date(0) : null }, Number(params.failedCount ?? 0));

/**
 * Broadcasts: drafts checked against Telegram's HTML when saved; a send time typed in the form is a schedule once
 * the organizer confirms it (the save lands on that confirmation, which names the count); send now, stop and retry
 * failed — each confirmed first; a progress page that refreshes itself, with the preview and the actions that
 * apply at that moment.
 */
export function broadcastResource(deps: ResourceDeps) {
  const { ctx, components } = deps;
  const { db } = ctx;
  const { badge, dateString, readOnly, titleCell } = look(deps);

  /**
   * A confirmed change of one broadcast: the confirmation counts whom it concerns. The header offers it only when
   * it applies; a page opened before the state moved on (or a bookmark) says plainly that it no longer applies.
   */
  const change = (
    name: BroadcastAction,
    spec: { icon: string; landOn?: string; question: (id: number, context: ActionContext) => Promise<ReturnType<typeof question>> },
    run: (actor: Actor, id: number) => Promise<unknown>,
    done: AdminMessageKey | ((result: unknown) => AdminMessageKey),
  ) => {
    const action = confirmedAction('record', {
      icon: spec.icon,
      component: components.ConfirmAction,
      isAccessible: isStaff,
      landOn: spec.landOn,
      preview: async (context) => {
        const params = context.record!.params;
        if (!actionsOf(params).includes(name)) {
          // The state moved on: nothing to confirm, and the page says why (never a 403 or a spinner).
          const state = valueLabel(adminLanguage(context), `state.${String(params.state)}`);
          return question('broadcastActionStale', { count: 0, names: [state] });
        }
        return spec.question(Number(context.record!.id()), context);
      },
      act: async (context) => {
        const result = await run(actorOf(context), Number(context.record!.id()));
        return { message: typeof done === 'function' ? done(result) : done, type: 'success' };
      },
    });
    const handler = action.handler as (request: ActionRequest, response: unknown, context: ActionContext) => Promise<ActionResponse>;
    return {
      ...action,
      isVisible: (context: ActionContext) => isStaff(context) && actionsOf(context.record?.params ?? {}).includes(name),
      // The page of an action the record no longer offers still opens (AdminJS looks for it among the record's actions).
      handler: async (request: ActionRequest, response: unknown, context: ActionContext) => {
        const answer = await handler(request, response, context);
        const record = answer.record as { recordActions: Array<{ name: string }> } | undefined;
        if (record && !record.recordActions.some((a) => a.name === name)) record.recordActions.push(context.action.toJSON(context.currentAdmin));
        return answer;
      },
    };
  };
  const recipients = (id: number) => countBroadcastRecipients(db, id);

  /** After a save: a send time still to confirm → the schedule's confirmation; else the broadcast's page (preview, send). */
  const landAfterSave = async <R extends ActionResponse>(response: R, _request: ActionRequest, context: ActionContext): Promise<R> => {
    const record = response.record as { id?: string | number; params?: Params; errors?: Record<string, unknown> } | undefined;
    if (!record?.id || (record.errors && Object.keys(record.errors).length > 0) || !response.redirectUrl) return response;
    const next = record.params?.state === 'draft' && record.params?.scheduledAt ? 'schedule' : 'progress';
    return { ...response, redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: String(record.id), actionName: next }) };
  };

  return defineResource(Broadcast, deps, {
    table: 'broadcasts',
    writes: {
      create: ({ changes, extra, actor }) => createBroadcast(db, actor, withCame(changes, extra)),
      update: ({ id, changes, extra, actor }) => updateBroadcast(db, actor, id, withCame(changes, extra)),
      // A draft or a finished broadcast carries no rule when it goes: the plain audited delete.
      delete: plainWrites(Broadcast, 'broadcasts', deps).delete,
    },
    // The title in lists and references (deliveries): one line of plain text, not the whole HTML.
    virtuals: (rows) => rows.map((r) => ({ excerpt: plainExcerpt(r.text), came: cameOf(r.checkedIn) })),
    options: {
      navigation: NAVIGATION.messages,
      titleProperty: 'excerpt',
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['excerpt', 'state', 'scheduledAt', 'competitionId', 'sentCount', 'totalCount', 'failedCount'],
      showProperties: [
        'id',
        'text',
        'competitionId',
        'role',
        'status',
        'came',
        'attendance',
        'teamAudience',
        'disableLinkPreview',
        'state',
        'scheduledAt',
        'totalCount',
        'sentCount',
        'failedCount',
        'blockedCount',
        'createdAt',
        'startedAt',
        'finishedAt',
      ],
      editProperties: ['text', 'disableLinkPreview', 'competitionId', 'role', 'status', 'came', 'attendance', 'teamAudience', 'scheduledAt'],
      filterProperties: ['competitionId', 'state'],
      properties: {
        text: { type: 'textarea', isRequired: true },
        excerpt: { type: 'string', ...readOnly({ list: true }), ...titleCell },
        role: { availableValues: values(REGISTRATION_ROLES) },
        status: { availableValues: values(REGISTRATION_STATUSES) },
        state: { ...badge, availableValues: values(BROADCAST_STATES) },
        attendance: { availableValues: values(ATTENDANCE_FILTERS) },
        teamAudience: { availableValues: values(TEAM_AUDIENCES) },
        came: { type: 'string', availableValues: values(Object.keys(CAME)), isVisible: { list: false, show: true, edit: true, filter: false } },
        disableLinkPreview: { type: 'boolean' },
        scheduledAt: dateString,
        createdAt: { type: 'string' },
        startedAt: { type: 'string' },
        finishedAt: { type: 'string' },
      },
    },
    actions: {
      ...access('staff-crud'),
      new: { isAccessible: isStaff, after: landAfterSave },
      edit: { isAccessible: staffWhen('state', 'draft', 'scheduled'), after: landAfterSave },
      // The existing action's name is kept: "send" = send now.
      send: change(
        'send',
        { icon: 'Send', landOn: 'progress', question: async (id) => question('confirmSend', { count: await recipients(id) }) },
        (actor, id) => startBroadcast(db, actor, id),
        'broadcastStarted',
      ),
      schedule: change(
        'schedule',
        {
          icon: 'Clock',
          landOn: 'progress',
          question: async (id, context) => question('confirmSchedule', { count: await recipients(id), names: [String(context.record!.params.scheduledAt)] }),
        },
        async (actor, id) => {
          const broadcast = await db.manager.findOneByOrFail(Broadcast, { id });
          if (!broadcast.scheduledAt) throw new DomainError('broadcast.schedule_in_past');
          return scheduleBroadcast(db, actor, id, broadcast.scheduledAt);
        },
        'broadcastScheduled',
      ),
      // "Остановить рассылку" (never beside a dialog's "Отмена" under the same word): a scheduled one is taken off
      // the schedule, a sending one stops.
      cancelBroadcast: change(
        'cancelBroadcast',
        {
          icon: 'XCircle',
          landOn: 'progress',
          question: async (id, context) =>
            context.record!.params.state === 'scheduled'
              ? question('confirmUnschedule')
              : question('confirmCancelBroadcast', { count: (await broadcastProgress(db, id)).pending || 1, danger: true }),
        },
        (actor, id) => cancelBroadcast(db, actor, id),
        (result) => ((result as Broadcast).state === 'draft' ? 'broadcastUnscheduled' : 'broadcastCancelled'),
      ),
      retryFailed: change(
        'retryFailed',
        {
          icon: 'RotateCcw',
          landOn: 'progress',
          question: async (id) => {
            const progress = await broadcastProgress(db, id);
            return question('confirmRetryFailed', { count: progress.failed + progress.interrupted });
          },
        },
        (actor, id) => retryFailedDeliveries(db, actor, id),
        'broadcastRetried',
      ),
      progress: {
        actionType: 'record',
        icon: 'Activity',
        component: components.BroadcastProgress,
        isAccessible: isStaff,
        // The page draws its own header: its actions follow the state as it refreshes (AdminJS's would stay as loaded).
        hideActionHeader: true,
        // Read only: the page polls this GET every few seconds.
        handler: async (_request, _response, { record, currentAdmin }) => {
          const progress = await broadcastProgress(db, Number(record!.id()));
          const estimatedEnd = progress.estimatedEnd ? formatForPeople(progress.estimatedEnd, ctx.timeZone) : null;
          const scheduledAt = record!.params.scheduledAt ?? null;
          return {
            record: record!.toJSON(currentAdmin),
            progress: { ...progress, estimatedEnd },
            preview: telegramHtmlPreview(String(record!.params.text ?? '')),
            scheduledAt,
            title: String(record!.params.excerpt ?? ''),
            actions: broadcastActionsNow({ state: progress.state as Broadcast['state'], scheduledAt: scheduledAt ? new Date(0) : null }, progress.failed + progress.interrupted),
          };
        },
      },
    },
  });
}
