import { BroadcastDelivery, DELIVERY_STATUSES } from '../../entities/index.js';
import { defineResource } from './define.js';
import { access, look, NAVIGATION, values, type ResourceDeps } from './shared.js';

/** One broadcast's deliveries, a row per recipient: read only (retry is the broadcast's action). */
export function broadcastDeliveryResource(deps: ResourceDeps) {
  const { badge } = look(deps);
  return defineResource(BroadcastDelivery, deps, {
    table: 'broadcast_deliveries',
    writes: {},
    options: {
      navigation: NAVIGATION.messages,
      listProperties: ['id', 'broadcastId', 'userId', 'status', 'attempts', 'sentAt', 'error'],
      filterProperties: ['broadcastId', 'status'],
      properties: { status: { ...badge, availableValues: values(DELIVERY_STATUSES) }, sentAt: { type: 'string' } },
    },
    actions: access('staff-read'),
  });
}
