import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import { DomainError } from '../../domain/errors.js';
import { addWalkIn } from '../../domain/walk-ins.js';
import type { Database } from '../../domain/infrastructure/database.js';
import { adminLanguage, translateDomainError, valueLabel } from '../locale.js';
import { actorOf } from './app-resource.js';
import { isStaff } from './shared.js';

/**
 * "Добавить участника" on a competition's page: a walk-in at the door or a phone call (domain/walk-ins.ts). The GET
 * shows the form; its POST (cross-site POSTs are refused before it: admin/cross-site.ts) adds the person and lands
 * on the new registration's page, where the ticket is printed. A refusal about one field comes back on that field.
 */
export function walkInAction(db: Database, component: string): Partial<Action<ActionResponse>> {
  return {
    actionType: 'record',
    icon: 'UserPlus',
    component,
    isAccessible: isStaff,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, h, currentAdmin } = context;
      const shown = { record: record!.toJSON(currentAdmin) };
      if (request.method !== 'post') return shown;
      const payload = (request.payload ?? {}) as Record<string, unknown>;
      const lang = adminLanguage(context);
      try {
        const result = await addWalkIn(db, actorOf(context), {
          competitionId: Number(record!.id()),
          fullName: payload.fullName,
          phone: payload.phone,
          role: payload.role,
          joinWaitlist: payload.joinWaitlist === true || payload.joinWaitlist === 'true',
        });
        const options = { name: result.user.fullName ?? '', status: valueLabel(lang, `status.${result.registration.status}`) };
        return {
          ...shown,
          notice: { message: result.userCreated ? 'doneWalkIn' : 'doneWalkIn_existing', type: 'success', options, resourceId: 'Registration' },
          redirectUrl: h.recordActionUrl({ resourceId: 'Registration', recordId: String(result.registration.id), actionName: 'show' }),
        };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const message = translateDomainError(error, lang);
        // The form keeps what was typed and shows the reason under the field (or above the form).
        return { ...shown, errors: { [error.field ?? 'form']: message } };
      }
    },
  };
}
