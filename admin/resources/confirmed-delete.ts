import type { Action, RecordActionResponse } from 'adminjs';
import { deletionImpact } from '../../domain/read-models/admin-views.js';
import type { AdminMessageKey } from '../locale.js';
import { actorOf } from './app-resource.js';
import { confirmedAction, question } from './confirmed-action.js';
import { isStaff, type ResourceDeps } from './shared.js';

/**
 * Deleting a competition, a slot or a panel: the confirmation names the record and says what goes with it
 * ("… и 111 регистраций"), in the organizer's language (AdminJS's own dialog is titled "Confirm" and counts
 * nothing); then back to the list.
 */
export function confirmedDelete(
  deps: ResourceDeps,
  table: 'competitions' | 'time_slots' | 'jury_panels',
  confirm: AdminMessageKey,
  remove: (actor: ReturnType<typeof actorOf>, id: number) => Promise<unknown>,
): Partial<Action<RecordActionResponse>> {
  const { db } = deps.ctx;
  // A record action: AdminJS's `delete` slot is typed for one record's answer.
  return confirmedAction('record', {
    icon: 'Trash2',
    component: deps.components.ConfirmAction,
    isAccessible: isStaff,
    landOn: 'list',
    preview: async ({ record }) => {
      const impact = await deletionImpact(db, table, Number(record!.id()));
      const name = String(record!.resource.decorate().titleOf(record!) ?? record!.id());
      return question(confirm, { names: [name], count: 1, danger: true, values: impact });
    },
    act: async (context) => {
      await remove(actorOf(context), Number(context.record!.id()));
      return { message: 'successfullyDeleted', type: 'success' };
    },
  }) as Partial<Action<RecordActionResponse>>;
}
