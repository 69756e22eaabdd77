import type { ActionContext } from 'adminjs';
import {
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
  type BroadcastChanges,
} from '../../domain/index.js';
import { formatForPeople } from '../../domain/time.js';
import { ATTENDANCE_FILTERS, BROADCAST_STATES, Broadcast, REGISTRATION_ROLES, REGISTRATION_STATUSES } from '../../entities/index.js';
import type { AdminMessageKey } from '../locale.js';
import { actorOf } from './app-resource.js';
import { confirmedAction, question } from './confirmed-action.js';
import { defineResource, plainWrites } from './define.js';
import { access, isStaff, look, NAVIGATION, staffWhen, values, type ResourceDeps } from './shared.js';

/**
 * Broadcasts: drafts checked against Telegram's HTML when saved; send now (the recipient count in the
 * confirmation), schedule, cancel and retry failed — each confirmed first; a progress page that refreshes
 * itself, with the preview.
 */
export function broadcastResource(deps: ResourceDeps) {
  const { ctx, components } = deps;
  const { db } = ctx;
  const { badge, dateString, titleCell } = look(deps);

  /** A confirmed change of one broadcast: the confirmation counts whom it concerns. */
  const change = (
    spec: { icon: string; confirm: AdminMessageKey; done: AdminMessageKey; landOn?: string; isAccessible: (context: ActionContext) => boolean },
    count: (id: number) => Promise<number>,
    run: (actor: Actor, id: number) => Promise<unknown>,
  ) =>
    confirmedAction('record', {
      icon: spec.icon,
      component: components.ConfirmAction,
      isAccessible: spec.isAccessible,
      landOn: spec.landOn,
      preview: async ({ record }) => question(spec.confirm, { count: await count(Number(record!.id())) }),
      act: async (context) => {
        await run(actorOf(context), Number(context.record!.id()));
        return { message: spec.done, type: 'success' };
      },
    });
  const recipients = (id: number) => countBroadcastRecipients(db, id);

  return defineResource(Broadcast, deps, {
    table: 'broadcasts',
    writes: {
      create: ({ changes, actor }) => createBroadcast(db, actor, changes as BroadcastChanges),
      update: ({ id, changes, actor }) => updateBroadcast(db, actor, id, changes as BroadcastChanges),
      // A draft or a finished broadcast carries no rule when it goes: the plain audited delete.
      delete: plainWrites(Broadcast, 'broadcasts', deps).delete,
    },
    options: {
      navigation: NAVIGATION.messages,
      titleProperty: 'text',
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['text', 'state', 'scheduledAt', 'competitionId', 'sentCount', 'totalCount', 'failedCount'],
      showProperties: [
        'id',
        'text',
        'competitionId',
        'role',
        'status',
        'checkedIn',
        'attendance',
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
      editProperties: ['text', 'disableLinkPreview', 'competitionId', 'role', 'status', 'checkedIn', 'attendance', 'scheduledAt'],
      filterProperties: ['competitionId', 'state'],
      properties: {
        text: { type: 'textarea', isRequired: true, ...titleCell },
        role: { availableValues: values(REGISTRATION_ROLES) },
        status: { availableValues: values(REGISTRATION_STATUSES) },
        state: { ...badge, availableValues: values(BROADCAST_STATES) },
        attendance: { availableValues: values(ATTENDANCE_FILTERS) },
        checkedIn: { type: 'boolean' },
        disableLinkPreview: { type: 'boolean' },
        scheduledAt: dateString,
        createdAt: { type: 'string' },
        startedAt: { type: 'string' },
        finishedAt: { type: 'string' },
      },
    },
    actions: {
      ...access('staff-crud'),
      edit: { isAccessible: staffWhen('state', 'draft', 'scheduled') },
      // The existing action's name is kept: "send" = send now.
      send: change(
        { icon: 'Send', confirm: 'confirmSend', done: 'broadcastStarted', landOn: 'progress', isAccessible: staffWhen('state', 'draft', 'scheduled') },
        recipients,
        (actor, id) => startBroadcast(db, actor, id),
      ),
      schedule: change(
        { icon: 'Clock', confirm: 'confirmSchedule', done: 'broadcastScheduled', isAccessible: (c) => staffWhen('state', 'draft')(c) && Boolean(c.record?.params.scheduledAt) },
        recipients,
        async (actor, id) => {
          const broadcast = await db.manager.findOneByOrFail(Broadcast, { id });
          if (!broadcast.scheduledAt) throw new DomainError('broadcast.schedule_in_past');
          return scheduleBroadcast(db, actor, id, broadcast.scheduledAt);
        },
      ),
      cancelBroadcast: change(
        { icon: 'XCircle', confirm: 'confirmCancelBroadcast', done: 'broadcastCancelled', landOn: 'progress', isAccessible: staffWhen('state', 'scheduled', 'sending') },
        async (id) => (await broadcastProgress(db, id)).pending || 1,
        (actor, id) => cancelBroadcast(db, actor, id),
      ),
      retryFailed: change(
        { icon: 'RotateCcw', confirm: 'confirmRetryFailed', done: 'broadcastRetried', landOn: 'progress', isAccessible: staffWhen('state', 'sending', 'done', 'cancelled') },
        async (id) => {
          const progress = await broadcastProgress(db, id);
          return progress.failed + progress.interrupted;
        },
        (actor, id) => retryFailedDeliveries(db, actor, id),
      ),
      progress: {
        actionType: 'record',
        icon: 'Activity',
        component: components.BroadcastProgress,
        isAccessible: isStaff,
        // Read only: the page polls this GET every few seconds.
        handler: async (_request, _response, { record, currentAdmin }) => {
          const progress = await broadcastProgress(db, Number(record!.id()));
          const estimatedEnd = progress.estimatedEnd ? formatForPeople(progress.estimatedEnd, ctx.timeZone) : null;
          return {
            record: record!.toJSON(currentAdmin),
            progress: { ...progress, estimatedEnd },
            preview: telegramHtmlPreview(String(record!.params.text ?? '')),
            scheduledAt: record!.params.scheduledAt ?? null,
          };
        },
      },
    },
  });
}
