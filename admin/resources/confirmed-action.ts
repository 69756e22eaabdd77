import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import { DomainError } from '../../domain/errors.js';
import { adminLanguage, translateDomainError, type AdminMessageKey } from '../locale.js';

/** A notice the browser shows in the organizer's language: a message key of the admin's catalogue and its values. */
export interface Notice {
  message: AdminMessageKey;
  type: 'success' | 'error' | 'info';
  options?: Record<string, string | number>;
}

/**
 * The question admin/components/confirm-action.tsx asks: names or a count, a reason to send along, a red button;
 * `values` fill the question's text, and `payload` goes back with the POST — what the organizer was told (the
 * maximum grows by one) is what is done, even if things changed in between.
 */
export function question(
  messageKey: AdminMessageKey,
  details: { names?: string[]; count?: number; reason?: boolean; danger?: boolean; values?: Record<string, string | number>; payload?: Record<string, string> } = {},
) {
  return { confirm: { messageKey, names: [], count: 1, ...details } };
}

export interface ConfirmedActionSpec {
  icon: string;
  isAccessible: (context: ActionContext) => boolean;
  /** The page that asks first: ConfirmAction, or a form of choices (RegistrationChoice). */
  component: string;
  /** GET: what the page shows before anything is done (a question, the choices); changes nothing. */
  preview(context: ActionContext): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** POST: does it and says how it went; a DomainError it throws refuses the whole action, shown as an error notice. */
  act(context: ActionContext, payload: Record<string, unknown>): Promise<Notice>;
  /** Where the browser goes once done: a record action (`show`, the default; `progress`), or the list. */
  landOn?: string | 'list';
  /** Over the list, keeping its filters (bulk actions): the list comes back refreshed. */
  showInDrawer?: boolean;
}

/**
 * Every admin action that changes something: a GET only previews (the confirmation, the choices), the POST the
 * page sends after the organizer confirms does the change — cross-site POSTs are refused before it
 * (admin/cross-site.ts). One shape for record and bulk actions.
 */
export function confirmedAction(actionType: 'record' | 'bulk', spec: ConfirmedActionSpec): Partial<Action<ActionResponse>> {
  return {
    actionType,
    icon: spec.icon,
    component: spec.component,
    isAccessible: spec.isAccessible,
    ...(spec.showInDrawer ? { showInDrawer: true } : {}),
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, records = [], resource, h, currentAdmin } = context;
      const shown = actionType === 'record' ? { record: record!.toJSON(currentAdmin) } : { records: records.map((r) => r.toJSON(currentAdmin)) };
      if (request.method !== 'post') return { ...shown, ...(await spec.preview(context)) };
      const noticeOf = (notice: Notice) => ({ ...notice, options: notice.options ?? {}, resourceId: resource.id() });
      let notice: Notice;
      try {
        notice = await spec.act(context, (request.payload ?? {}) as Record<string, unknown>);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Refused as a whole (a schedule in the past): the page stays, with the reason.
        return { ...shown, notice: noticeOf({ message: 'domainError', type: 'error', options: { reason: translateDomainError(error, adminLanguage(context)) } }) };
      }
      // Done, perhaps in part (some of the selected could not be approved): the notice says which.
      const answer = { ...shown, notice: noticeOf(notice) };
      if (actionType === 'bulk' || spec.landOn === 'list') return { ...answer, redirectUrl: h.resourceUrl({ resourceId: resource.id() }) };
      const fresh = await resource.findOne(record!.id(), context);
      return {
        ...answer,
        record: (fresh ?? record!).toJSON(currentAdmin),
        redirectUrl: h.recordActionUrl({ resourceId: resource.id(), recordId: record!.id(), actionName: spec.landOn ?? 'show' }),
      };
    },
  };
}
