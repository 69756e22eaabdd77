import type { Action as AdminAction, ActionContext, ActionRequest, ActionResponse, RecordActionResponse } from 'adminjs';
import {
  DomainError, broadcastProgress, cancelBroadcast, countBroadcastRecipients, createBroadcast, resendInterruptedNotifications,
  retryFailedDeliveries, scheduleBroadcast, startBroadcast, telegramHtmlPreview, updateBroadcast, type Actor, type BroadcastChanges,
} from '../domain/index.js';
import { formatInZone } from '../domain/time.js';
import { Broadcast } from '../entities/index.js';
import type { ResourceBehaviour, ResourceContext } from './resource.js';
import { actorOf } from './resource.js';
import type { AdminComponents } from './components.js';
import { adminLanguage, translateDomainError } from './locale.js';
import { isStaff } from './resources.js';

type Action = Partial<AdminAction<ActionResponse>>;

const notice = (message: string, type: 'success' | 'error' | 'info', options: Record<string, unknown> = {}) => ({ message, type, options, resourceId: 'Broadcast' });

const stateIs = (...states: string[]) => ({ record, currentAdmin }: ActionContext) => isStaff({ currentAdmin }) && states.includes(record?.params.state);

/**
 * The broadcast pages' behaviour: drafts checked against Telegram's HTML when saved; send now (the recipient
 * count in the confirmation), schedule, cancel and retry failed — each POST-only after ConfirmAction (a GET
 * only answers what would be done); a progress page that refreshes itself, with the preview. Notifications
 * interrupted by a dead sender can be resent from their list.
 */
export function broadcastBindings(ctx: ResourceContext, components: AdminComponents) {
  const { db } = ctx;

  const writes: Partial<Record<string, Pick<ResourceBehaviour, 'update' | 'create' | 'delete'>>> = {
    Broadcast: {
      create: ({ changes, actor }) => createBroadcast(db, actor, changes as BroadcastChanges),
      update: async ({ id, changes, actor }) => {
        if (Object.keys(changes).length > 0) await updateBroadcast(db, actor, id, changes as BroadcastChanges);
        return Object.keys(changes);
      },
    },
  };

  /** A confirmed record action: GET answers the confirmation (with `count`), POST runs `run`. */
  const confirmed = (
    confirm: string,
    count: (id: number, context: ActionContext) => Promise<number>,
    run: (actor: Actor, id: number, context: ActionContext) => Promise<unknown>,
    done: string,
    isAccessible: (context: ActionContext) => boolean,
    icon: string,
    landOn = 'show',
  ): Action => ({
    actionType: 'record',
    icon,
    component: components.ConfirmAction,
    isAccessible,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
      const { record, resource, h, currentAdmin } = context;
      const id = Number(record!.id());
      if (request.method !== 'post') {
        return { record: record!.toJSON(currentAdmin), confirm: { messageKey: confirm, names: [], count: await count(id, context) } } as RecordActionResponse;
      }
      try {
        await run(actorOf(context), id, context);
      } catch (error) {
        if (error instanceof DomainError) return { record: record!.toJSON(currentAdmin), notice: notice('domainError', 'error', { reason: translateDomainError(error, adminLanguage(context)) }) };
        throw error;
      }
      const fresh = await resource.findOne(record!.id(), context);
      return {
        record: (fresh ?? record!).toJSON(currentAdmin),
        notice: notice(done, 'success'),
        redirectUrl: h.recordActionUrl({ resourceId: resource.id(), recordId: record!.id(), actionName: landOn }),
      };
    },
  });

  const recipients = (id: number) => countBroadcastRecipients(db, id);
  const failedOf = async (id: number) => {
    const p = await broadcastProgress(db, id);
    return p.failed + p.interrupted;
  };

  const actions: Record<string, Record<string, Action>> = {
    Broadcast: {
      // The existing action's name is kept: "send" = send now.
      send: confirmed('confirmSend', recipients, (actor, id) => startBroadcast(db, actor, id), 'broadcastStarted', stateIs('draft', 'scheduled'), 'Send', 'progress'),
      schedule: confirmed(
        'confirmSchedule',
        recipients,
        async (actor, id) => {
          const broadcast = await db.manager.findOneByOrFail(Broadcast, { id });
          if (!broadcast.scheduledAt) throw new DomainError('broadcast.schedule_in_past');
          return scheduleBroadcast(db, actor, id, broadcast.scheduledAt);
        },
        'broadcastScheduled',
        ({ record, currentAdmin }) => isStaff({ currentAdmin }) && record?.params.state === 'draft' && Boolean(record?.params.scheduledAt),
        'Clock',
      ),
      cancelBroadcast: confirmed('confirmCancelBroadcast', async (id) => (await broadcastProgress(db, id)).pending || 1, (actor, id) => cancelBroadcast(db, actor, id), 'broadcastCancelled', stateIs('scheduled', 'sending'), 'XCircle', 'progress'),
      retryFailed: confirmed('confirmRetryFailed', failedOf, (actor, id) => retryFailedDeliveries(db, actor, id), 'broadcastRetried', stateIs('sending', 'done', 'cancelled'), 'RotateCcw', 'progress'),
      progress: {
        actionType: 'record',
        icon: 'Activity',
        component: components.BroadcastProgress,
        isAccessible: isStaff,
        // Read only: the page polls this GET every few seconds.
        handler: async (_request, _response, context) => {
          const { record, currentAdmin } = context;
          const id = Number(record!.id());
          const progress = await broadcastProgress(db, id);
          const estimatedEnd = progress.estimatedEnd ? formatInZone(progress.estimatedEnd, ctx.timeZone) : null;
          return {
            record: record!.toJSON(currentAdmin),
            progress: { ...progress, estimatedEnd },
            preview: telegramHtmlPreview(String(record!.params.text ?? '')),
            scheduledAt: record!.params.scheduledAt ?? null,
          };
        },
      },
    },
    OutboxMessage: {
      resend: {
        actionType: 'record',
        icon: 'RotateCcw',
        component: components.ConfirmAction,
        isAccessible: ({ record, currentAdmin }: ActionContext) => isStaff({ currentAdmin }) && record?.params.status === 'interrupted',
        handler: async (request, _response, context) => {
          const { record, resource, h, currentAdmin } = context;
          if (request.method !== 'post') return { record: record!.toJSON(currentAdmin), confirm: { messageKey: 'confirmResend', names: [], count: 1 } };
          await resendInterruptedNotifications(db, actorOf(context), [Number(record!.id())]);
          return { record: record!.toJSON(currentAdmin), notice: notice('resent', 'success', { count: 1 }), redirectUrl: h.resourceUrl({ resourceId: resource.id() }) };
        },
      },
      bulkResend: {
        actionType: 'bulk',
        icon: 'RotateCcw',
        component: components.ConfirmAction,
        isAccessible: isStaff,
        handler: async (request, _response, context) => {
          const { records = [], resource, h, currentAdmin } = context;
          const ids = records.filter((r) => r.params.status === 'interrupted').map((r) => Number(r.id()));
          if (request.method !== 'post') return { records: records.map((r) => r.toJSON(currentAdmin)), confirm: { messageKey: 'confirmResend', names: [], count: ids.length } };
          const n = ids.length ? await resendInterruptedNotifications(db, actorOf(context), ids) : 0;
          return { records: records.map((r) => r.toJSON(currentAdmin)), notice: notice('resent', 'success', { count: n }), redirectUrl: h.resourceUrl({ resourceId: resource.id() }) };
        },
      },
    },
  };
  return { writes, actions };
}
