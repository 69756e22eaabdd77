import { BroadcastDelivery, DELIVERY_STATUSES } from '../../entities/index.js';
import { defineResource } from './define.js';
import { access, isStaff, look, NAVIGATION, values, type ResourceDeps } from './shared.js';

/**
 * One broadcast's deliveries, a row per recipient: read only (retry is the broadcast's action). The broadcast is
 * named by one line of its text (its title), rows stay one line, and the failures are one tap away.
 */
export function broadcastDeliveryResource(deps: ResourceDeps) {
  const { components } = deps;
  const { badge } = look(deps);
  return defineResource(BroadcastDelivery, deps, {
    table: 'broadcast_deliveries',
    writes: {},
    options: {
      navigation: NAVIGATION.messages,
      listProperties: ['id', 'broadcastId', 'userId', 'status', 'attempts', 'sentAt', 'error'],
      filterProperties: ['broadcastId', 'status'],
      properties: {
        status: { ...badge, availableValues: values(DELIVERY_STATUSES) },
        sentAt: { type: 'string' },
        nextAttemptAt: { type: 'string' },
      },
    },
    actions: { ...access('staff-read'), list: { isAccessible: isStaff, component: components.DeliveryList } },
  });
}
