import { byIds, userDisplayName } from '../../domain/read-models/admin-views.js';
import { BroadcastDelivery, DELIVERY_STATUSES, User } from '../../entities/index.js';
import { defineResource } from './define.js';
import { access, isStaff, look, NAVIGATION, values, type ResourceDeps } from './shared.js';

/**
 * One broadcast's deliveries, a row per recipient: read only (retry is the broadcast's action). The broadcast is
 * named by one line of its text (its title), rows stay one line, and the failures are one tap away.
 */
export function broadcastDeliveryResource(deps: ResourceDeps) {
  const { components } = deps;
  const { badge, titleCell } = look(deps);
  return defineResource(BroadcastDelivery, deps, {
    table: 'broadcast_deliveries',
    writes: {},
    // The recipient by name: the row's title, which a phone shows with the status.
    virtuals: async (rows, c) => {
      const users = await byIds(
        c.db,
        User,
        rows.map((r) => r.userId),
      );
      return rows.map((r) => ({ recipient: users.has(r.userId) ? userDisplayName(users.get(r.userId)!) : `#${r.userId}` }));
    },
    options: {
      navigation: NAVIGATION.messages,
      titleProperty: 'recipient',
      listProperties: ['id', 'broadcastId', 'recipient', 'status', 'attempts', 'sentAt', 'error'],
      filterProperties: ['broadcastId', 'status'],
      properties: {
        status: { ...badge, availableValues: values(DELIVERY_STATUSES) },
        recipient: { type: 'string', isVisible: { list: true, show: false, edit: false, filter: false }, ...titleCell },
        sentAt: { type: 'string' },
        nextAttemptAt: { type: 'string' },
      },
    },
    actions: { ...access('staff-read'), list: { isAccessible: isStaff, component: components.DeliveryList } },
  });
}
