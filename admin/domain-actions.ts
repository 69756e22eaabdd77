import type { Action as AdminAction, ActionContext, BaseRecord, ActionRequest, ActionResponse, RecordActionResponse, ResourceOptions } from 'adminjs';
import { reissueTicket } from '../domain/checkin.js';
import {
  approveRegistration, assignJuryPanel, checkInRegistration, chooseVoterSlots, DomainError, rejectRegistration,
  setRegistrationStatus, updateCompetition, updateTimeSlot, type Actor,
  createCompetition, createJuryPanel, createTimeSlot, deleteCompetition, deleteJuryPanel, deleteTimeSlot, updateJuryPanel,
} from '../domain/index.js';
import type { RegistrationStatus } from '../entities/index.js';
import { createAdminUser, deleteAdminUser, setAdminPassword, updateAdminUser } from '../domain/admin-accounts.js';
import type { AdminComponents } from './components.js';
import { broadcastBindings } from './broadcasts.js';
import { adminLanguage, translateDomainError } from './locale.js';
import { actorOf, asValidationError, type ResourceBehaviour, type ResourceContext } from './resource.js';
import { isAdmin, isStaff } from './resources.js';
import { lastRegistrationEventId, promotedSince, registrationChoices } from '../domain/read-models/admin-views.js';
import { translate } from '../i18n/index.js';

/** A registration an action works on, named as the organizer knows it. */
interface Target { id: number; name: string; competitionId?: number }
const targetOf = (record: BaseRecord): Target => ({ id: Number(record.id()), name: nameOf(record), competitionId: Number(record.params.competitionId) || undefined });
/**
 * The record as people know it: its resource's title property (a registration's person). BaseRecord.title()
 * would ask the TypeORM columns, which have no title, and answer the id.
 */
const nameOf = (record: BaseRecord): string => String(record.resource.decorate().titleOf(record) ?? record.id());

/** What the confirmation asks besides "sure?": a reason to send along; a destructive action's red button. */
interface Ask { reason?: boolean; danger?: boolean }
const reasonOf = (payload: Record<string, unknown>) => (typeof payload.reason === 'string' && payload.reason.trim() ? payload.reason : undefined);

/** An action as a resource's options take it (AdminJS fills in the name). */
type Action = Partial<AdminAction<ActionResponse>>;

interface BindingDeps {
  ctx: ResourceContext;
  components: AdminComponents;
  rootPath: string;
}

/** A notice the browser translates (message key + values), see admin/locale.ts. */
export function notice(message: string, type: 'success' | 'error' | 'info', options: Record<string, unknown> = {}) {
  return { message, type, options, resourceId: 'Registration' };
}

const statusIs = (...statuses: string[]) => ({ record, currentAdmin }: ActionContext) =>
  isStaff({ currentAdmin }) && statuses.includes(record?.params.status);

/**
 * Everything in the admin that changes registrations, competitions, slots or broadcasts goes through the
 * domain (capacity, waiting list, notifications through the outbox, audit in the same transaction).
 * Actions stay thin: find the records, call the domain, report.
 */
export function domainBindings({ ctx, components, rootPath }: BindingDeps) {
  const { db } = ctx;
  const language = adminLanguage;

  const writes: Partial<Record<string, Pick<ResourceBehaviour, 'update' | 'create' | 'delete'>>> = {
    Registration: {
      update: async ({ id, changes, actor }) => {
        const handled: string[] = [];
        if ('status' in changes) {
          await setRegistrationStatus(db, actor, id, changes.status as RegistrationStatus);
          handled.push('status');
        }
        if ('checkedIn' in changes) {
          await checkInRegistration(db, actor, id, Boolean(changes.checkedIn));
          handled.push('checkedIn');
        }
        return handled;
      },
    },
    Competition: {
      create: ({ changes, actor }) => createCompetition(db, actor, changes),
      update: async ({ id, changes, actor }) => {
        if (Object.keys(changes).length > 0) await updateCompetition(db, actor, id, changes);
        return Object.keys(changes);
      },
      delete: ({ id, actor }) => deleteCompetition(db, actor, id),
    },
    TimeSlot: {
      create: ({ changes, actor }) => createTimeSlot(db, actor, {
        competitionId: Number(changes.competitionId), startsAt: changes.startsAt, endsAt: changes.endsAt, capacity: Number(changes.capacity),
      }),
      update: async ({ id, changes, actor }) => {
        if (Object.keys(changes).length > 0) await updateTimeSlot(db, actor, id, changes);
        return Object.keys(changes);
      },
      delete: ({ id, actor }) => deleteTimeSlot(db, actor, id),
    },
    JuryPanel: {
      create: ({ changes, actor }) => createJuryPanel(db, actor, { competitionId: Number(changes.competitionId), name: changes.name, capacity: changes.capacity ?? null }),
      update: async ({ id, changes, actor }) => {
        if (Object.keys(changes).length > 0) await updateJuryPanel(db, actor, id, changes);
        return Object.keys(changes);
      },
      delete: ({ id, actor }) => deleteJuryPanel(db, actor, id),
    },
    AdminUser: {
      create: async ({ changes, extra, actor }) =>
        createAdminUser(db, actor, {
          email: String(changes.email ?? ''), role: String(changes.role ?? ''), password: String(extra.newPassword ?? ''), displayName: changes.displayName ?? null,
        }),
      update: async ({ id, changes, extra, actor }) => {
        const account: { email?: string; role?: string; displayName?: string | null } = {};
        if ('email' in changes) account.email = String(changes.email);
        if ('role' in changes) account.role = String(changes.role);
        if ('displayName' in changes) account.displayName = changes.displayName === null ? null : String(changes.displayName);
        if (Object.keys(account).length > 0) await updateAdminUser(db, actor, id, account);
        if (extra.newPassword) await setAdminPassword(db, actor, id, String(extra.newPassword), 'admin_users.password_reset');
        return Object.keys(changes);
      },
      delete: ({ id, actor }) => deleteAdminUser(db, actor, id),
    },
  };

  /**
   * Runs a domain call per selected registration; one failing (full, busy) does not stop the others. The
   * notice names people, not ids, and says who moved up from the waiting list meanwhile.
   */
  async function eachRegistration(context: ActionContext, targets: Target[], run: (actor: Actor, id: number) => Promise<unknown>, done: string) {
    const actor = actorOf(context);
    const mark = await lastRegistrationEventId(db);
    let ok = 0;
    const failures: string[] = [];
    for (const { id, name } of targets) {
      try {
        await run(actor, id);
        ok++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        failures.push(`${name}: ${translateDomainError(error, language(context))}`);
      }
    }
    const competitions = [...new Set(targets.map((t) => t.competitionId).filter((c): c is number => typeof c === 'number'))];
    const promoted = await promotedSince(db, mark, competitions);
    const also = promoted.length ? { promoted: promoted.join(', '), promotedCount: promoted.length } : {};
    // Notices carry a message key and its values: the browser translates them (a translated text would be
    // taken as a key, and i18next splits keys at ':' and '.').
    if (failures.length === 0) return notice(promoted.length ? `${done}_promoted` : done, 'success', { count: ok, ...also });
    return notice('doneWithErrors', ok ? 'info' : 'error', { count: ok, failed: failures.length, reason: failures.slice(0, 3).join('; '), ...also });
  }

  /**
   * Actions that change data run on POST only, after the ConfirmAction dialog: a GET — the admin's own page
   * opening, or a link from anywhere — answers what would be done and changes nothing.
   */
  const recordAction = (run: (actor: Actor, id: number, payload: Record<string, unknown>) => Promise<unknown>, done: string, confirm: string, isAccessible: (context: ActionContext) => boolean, extra: Action = {}, ask: Ask = {}): Action => ({
    actionType: 'record',
    component: components.ConfirmAction,
    isAccessible,
    ...extra,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
      const { record, resource, h, currentAdmin } = context;
      if (request.method !== 'post') {
        return { record: record!.toJSON(currentAdmin), confirm: { messageKey: confirm, names: [nameOf(record!)], count: 1, ...ask } };
      }
      const payload = (request.payload ?? {}) as Record<string, unknown>;
      const result = await eachRegistration(context, [targetOf(record!)], (actor, id) => run(actor, id, payload), done);
      const fresh = await resource.findOne(record!.id(), context);
      return {
        record: (fresh ?? record!).toJSON(currentAdmin),
        notice: result,
        redirectUrl: h.recordActionUrl({ resourceId: resource.id(), recordId: record!.id(), actionName: 'show' }),
      };
    },
  });

  const bulkAction = (run: (actor: Actor, id: number, payload: Record<string, unknown>) => Promise<unknown>, done: string, confirm: string, extra: Action = {}, ask: Ask = {}): Action => ({
    actionType: 'bulk',
    component: components.ConfirmAction,
    isAccessible: isStaff,
    // Over the list, keeping its filters: after the change the list comes back refreshed (rows, count, selection).
    showInDrawer: true,
    ...extra,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { records = [], resource, h, currentAdmin } = context;
      if (request.method !== 'post') {
        return { records: records.map((r) => r.toJSON(currentAdmin)), confirm: { messageKey: confirm, names: records.map(nameOf), count: records.length, ...ask } };
      }
      const payload = (request.payload ?? {}) as Record<string, unknown>;
      const result = await eachRegistration(context, records.map(targetOf), (actor, id) => run(actor, id, payload), done);
      return { records: records.map((r) => r.toJSON(currentAdmin)), notice: result, redirectUrl: h.resourceUrl({ resourceId: resource.id() }) };
    },
  });

  /** The choices for the panel/slots form, a domain error key translated for the organizer. */
  async function choicesFor(context: ActionContext, registrationIds: number[], withSlots: boolean) {
    const choices = await registrationChoices(db, registrationIds, withSlots, ctx.timeZone);
    return 'error' in choices ? { error: translate(language(context), choices.error) } : choices;
  }

  const panelOf = (request: ActionRequest) => {
    const raw = (request.payload ?? {}).juryPanelId;
    return raw === undefined || raw === null || raw === '' ? null : Number(raw);
  };

  const actions: Partial<Record<string, ResourceOptions['actions']>> = {
    Registration: {
      approve: recordAction((actor, id) => approveRegistration(db, actor, id), 'doneApproved', 'confirmApprove', statusIs('pending', 'waitlisted'), { icon: 'Check' }),
      reject: recordAction((actor, id, payload) => rejectRegistration(db, actor, id, reasonOf(payload)), 'doneRejected', 'confirmReject', statusIs('pending', 'approved', 'waitlisted'), { icon: 'X' }, { reason: true, danger: true }),
      checkIn: recordAction((actor, id) => checkInRegistration(db, actor, id, true), 'doneCheckedIn', 'confirmCheckIn',
        (c: ActionContext) => isStaff(c) && !c.record?.params.checkedIn && c.record?.params.status === 'approved', { icon: 'UserCheck' }),
      undoCheckIn: recordAction((actor, id) => checkInRegistration(db, actor, id, false), 'doneCheckedIn', 'confirmUndoCheckIn',
        (c: ActionContext) => isStaff(c) && Boolean(c.record?.params.checkedIn), { icon: 'UserX' }),
      // Door check-in: a new ticket code; the old one (lost, forwarded) is refused at the door from now on.
      reissueTicket: recordAction((actor, id) => reissueTicket(db, actor, id), 'doneReissued', 'confirmReissueTicket',
        (c: ActionContext) => isStaff(c) && c.record?.params.status === 'approved', { icon: 'RefreshCw' }),
      assignPanel: {
        actionType: 'record',
        icon: 'Users',
        component: components.RegistrationChoice,
        isAccessible: isStaff,
        handler: async (request, _response, context) => {
          const { record, resource, h, currentAdmin } = context;
          const id = Number(record!.id());
          if (request.method !== 'post') return { record: record!.toJSON(currentAdmin), ...(await choicesFor(context, [id], true)) };
          const actor = actorOf(context);
          try {
            const slotsRaw = (request.payload ?? {}).timeSlotIds;
            if (slotsRaw !== undefined && record!.params.role === 'voter') {
              const ids = String(slotsRaw).split(',').filter(Boolean).map(Number);
              await chooseVoterSlots(db, actor, id, ids);
            }
            await assignJuryPanel(db, actor, id, panelOf(request));
          } catch (error) {
            const failure = asValidationError(error, language(context)) as Error & { baseError?: { message: string } };
            if (failure instanceof Error && failure.baseError) return { record: record!.toJSON(currentAdmin), notice: notice('domainError', 'error', { reason: failure.baseError.message }) };
            throw error;
          }
          return {
            record: record!.toJSON(currentAdmin),
            notice: notice('donePanel', 'success', { count: 1 }),
            redirectUrl: h.recordActionUrl({ resourceId: resource.id(), recordId: record!.id(), actionName: 'show' }),
          };
        },
      },
      bulkApprove: bulkAction((actor, id) => approveRegistration(db, actor, id), 'doneApproved', 'confirmBulkApprove', { icon: 'Check' }),
      bulkReject: bulkAction((actor, id, payload) => rejectRegistration(db, actor, id, reasonOf(payload)), 'doneRejected', 'confirmBulkReject', { icon: 'X' }, { reason: true, danger: true }),
      bulkCheckIn: bulkAction((actor, id) => checkInRegistration(db, actor, id, true), 'doneCheckedIn', 'confirmBulkCheckIn', { icon: 'UserCheck' }),
      bulkAssignPanel: {
        actionType: 'bulk',
        icon: 'Users',
        component: components.RegistrationChoice,
        isAccessible: isStaff,
        handler: async (request, _response, context) => {
          const { records = [], resource, h, currentAdmin } = context;
          const ids = records.map((r) => Number(r.id()));
          if (request.method !== 'post') return { records: records.map((r) => r.toJSON(currentAdmin)), ...(await choicesFor(context, ids, false)) };
          const panelId = panelOf(request);
          const result = await eachRegistration(context, records.map(targetOf), (actor, id) => assignJuryPanel(db, actor, id, panelId), 'donePanel');
          return { records: records.map((r) => r.toJSON(currentAdmin)), notice: result, redirectUrl: h.resourceUrl({ resourceId: resource.id() }) };
        },
      },
    },
    Competition: {
      exportCsv: {
        actionType: 'record',
        icon: 'Download',
        component: components.ExportCsv,
        isAccessible: isStaff,
        handler: async (_request, _response, { record, currentAdmin }) => ({ record: record!.toJSON(currentAdmin) }),
      },
    },
    AdminUser: {
      delete: { isAccessible: ({ currentAdmin, record }: ActionContext) => isAdmin({ currentAdmin }) && String(record?.id()) !== String((currentAdmin as { id?: string })?.id) },
    },
  };

  // The broadcast pages and the outbox's resend (admin/broadcasts.ts).
  const broadcasts = broadcastBindings(ctx, components);
  return { writes: { ...writes, ...broadcasts.writes }, actions: { ...actions, ...broadcasts.actions }, rootPath };
}
