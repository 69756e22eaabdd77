import { resendInterruptedNotifications } from '../../domain/index.js';
import { notificationExcerpt } from '../../domain/read-models/message-excerpts.js';
import { DELIVERY_STATUSES, OutboxMessage } from '../../entities/index.js';
import { actorOf } from './app-resource.js';
import { confirmedAction, question } from './confirmed-action.js';
import { defineResource } from './define.js';
import { access, isStaff, look, NAVIGATION, staffWhen, values, type ResourceDeps } from './shared.js';

/**
 * The bot's notifications as they were queued and sent, each as one line of its text in the admin's language;
 * the failures one tap away; those a dead sender interrupted can be resent.
 */
export function outboxMessageResource(deps: ResourceDeps) {
  const { ctx, components } = deps;
  const { badge, titleCell } = look(deps);
  const resend = (actionType: 'record' | 'bulk') =>
    confirmedAction(actionType, {
      icon: 'RotateCcw',
      component: components.ConfirmAction,
      isAccessible: actionType === 'record' ? staffWhen('status', 'interrupted') : isStaff,
      landOn: 'list',
      preview: (context) => question('confirmResend', { count: interruptedOf(context).length }),
      act: async (context) => {
        const ids = interruptedOf(context);
        const count = ids.length ? await resendInterruptedNotifications(ctx.db, actorOf(context), ids) : 0;
        return { message: 'resent', type: 'success', options: { count } };
      },
    });
  return defineResource(OutboxMessage, deps, {
    table: 'outbox_messages',
    writes: {},
    virtuals: (rows, c, language) => rows.map((r) => ({ message: notificationExcerpt(r, language, c.timeZone) })),
    options: {
      navigation: NAVIGATION.messages,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      titleProperty: 'message',
      listProperties: ['id', 'userId', 'message', 'status', 'attempts', 'createdAt', 'sentAt', 'error'],
      showProperties: ['id', 'userId', 'message', 'kind', 'status', 'attempts', 'nextAttemptAt', 'createdAt', 'sentAt', 'error', 'payload'],
      filterProperties: ['userId', 'kind', 'status'],
      properties: {
        status: { ...badge, availableValues: values(DELIVERY_STATUSES) },
        message: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false }, ...titleCell },
        payload: { type: 'mixed', isVisible: { list: false, show: true, edit: false, filter: false }, components: { show: components.JsonView } },
        createdAt: { type: 'string' },
        sentAt: { type: 'string' },
        nextAttemptAt: { type: 'string' },
      },
    },
    actions: {
      ...access('staff-read'),
      list: { isAccessible: isStaff, component: components.DeliveryList },
      resend: resend('record'),
      bulkResend: resend('bulk'),
    },
  });
}

/** The selected notifications that were interrupted (only those may go again). */
function interruptedOf({
  record,
  records = [],
}: {
  record?: { params: Record<string, unknown>; id(): string | number };
  records?: Array<{ params: Record<string, unknown>; id(): string | number }>;
}): number[] {
  return (record ? [record] : records).filter((r) => r.params.status === 'interrupted').map((r) => Number(r.id()));
}
