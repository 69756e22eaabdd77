import type { ActionContext, ResourceOptions, ResourceWithOptions } from 'adminjs';
import type { BaseEntity, SelectQueryBuilder } from 'typeorm';
import {
  AdminAudit, AdminUser, Broadcast, BroadcastDelivery, Competition, JuryPanel, OutboxMessage, Registration, TimeSlot, User,
  VoterJuryPanel, VoterTimeSlot, REGISTRATION_ROLES, REGISTRATION_STATUSES, DELIVERY_STATUSES, BROADCAST_STATES, ADMIN_ROLES, ATTENDANCE_FILTERS,
} from '../entities/index.js';
import { adminNames, registrationSummaries, slotSummaries, userDisplayName } from '../domain/read-models/admin-views.js';
import { whereRegistrationUserMatches, whereUserMatches } from '../domain/read-models/search.js';
import { registrationHistories } from '../domain/history.js';
import { auditSentences } from '../domain/read-models/audit-sentences.js';
import QRCode from 'qrcode';
import { AppResource, type ResourceBehaviour, type ResourceContext } from './resource.js';
import type { CurrentAdmin } from './auth.js';
import type { AdminComponents } from './components.js';

export const isAdmin = ({ currentAdmin }: { currentAdmin?: unknown }) => (currentAdmin as CurrentAdmin | undefined)?.role === 'admin';
export const isStaff = ({ currentAdmin }: { currentAdmin?: unknown }) => ['admin', 'organizer'].includes((currentAdmin as CurrentAdmin | undefined)?.role ?? '');
const never = () => false;

/** Actions every resource of organizers has; read-only resources refuse writes at the action level. */
function access(mode: 'staff-crud' | 'staff-read' | 'admin-crud' | 'staff-edit'): ResourceOptions['actions'] {
  const read = mode === 'admin-crud' ? isAdmin : isStaff;
  const write = mode === 'staff-crud' ? isStaff : mode === 'admin-crud' ? isAdmin : never;
  return {
    list: { isAccessible: read },
    show: { isAccessible: read },
    search: { isAccessible: read },
    new: { isAccessible: write },
    edit: { isAccessible: mode === 'staff-edit' ? isStaff : write },
    delete: { isAccessible: write },
    bulkDelete: { isAccessible: never, isVisible: false },
  };
}

const values = (list: readonly string[]) => list.map((value) => ({ value, label: value }));

/** Drops the typed new password from an action's answer (AdminJS echoes the submitted params). */
async function withoutNewPassword<T extends { record?: { params?: Record<string, unknown> } }>(response: T): Promise<T> {
  if (response.record?.params) delete response.record.params.newPassword;
  return response;
}

export interface ResourceDeps {
  ctx: ResourceContext;
  components: AdminComponents;
  botUsername: () => string | null;
  /** Where the admin is mounted (/admin). */
  rootPath: string;
  /** Behaviour of writes with domain rules (registrations, competitions, slots, broadcasts, admin users). */
  writes: Partial<Record<string, Pick<ResourceBehaviour, 'update' | 'create' | 'delete'>>>;
  /** Extra actions per resource (registration actions, broadcast send, CSV export, password reset). */
  actions: Partial<Record<string, ResourceOptions['actions']>>;
}

export function buildResources({ ctx, components, botUsername, rootPath, writes, actions }: ResourceDeps): ResourceWithOptions[] {
  const make = <T extends BaseEntity>(model: (new () => T) & typeof BaseEntity, behaviour: ResourceBehaviour<T>, options: ResourceOptions): ResourceWithOptions => ({
    resource: new AppResource(model, ctx, { ...behaviour, ...writes[model.name] }),
    options: { ...options, actions: { ...options.actions, ...actions[model.name] } },
  });
  const event = { name: 'event', icon: 'Calendar' };
  const people = { name: 'people', icon: 'Users' };
  const messages = { name: 'messages', icon: 'Send' };
  const accessNav = { name: 'access', icon: 'Lock' };
  const dateString = { type: 'string' as const, description: ctx.timeZone, components: { edit: components.DateTimeInput } };
  // The look every page follows (docs/admin.md, "How admin pages are built"): statuses as coloured badges,
  // lists of people with a search box, computed fields shown read-only.
  const badge = { components: { list: components.StatusBadge, show: components.StatusBadge } };
  const readOnly = (where: { list?: boolean; show?: boolean } = { show: true }) => ({ isVisible: { list: Boolean(where.list), show: Boolean(where.show), edit: false, filter: false } });
  const peopleList = { list: { isAccessible: isStaff, component: components.PeopleList } };
  // The column a phone shows (AdminJS hides the others below 768 px): who or what, its status, its main action.
  const titleCell = { isTitle: true, components: { list: components.PersonCell } };

  return [
    make(Competition, {
      table: 'competitions',
      virtuals: async (rows) => {
        const username = botUsername();
        return Promise.all(rows.map(async (c) => {
          const deepLink = username ? `https://t.me/${username}?start=c_${c.id}` : '';
          return {
            deepLink,
            // Printable on a poster; a PNG data URL (the CSP allows data: images), only for one record's page.
            deepLinkQr: deepLink && rows.length === 1 ? await QRCode.toDataURL(deepLink, { margin: 2, width: 400 }) : '',
            registrationsLink: `${rootPath}/resources/Registration?filters.competitionId=${c.id}`,
            waitlistLink: `${rootPath}/resources/Registration?filters.competitionId=${c.id}&filters.status=waitlisted&filters.role=participant&sortBy=createdAt&direction=asc`,
            exportLink: `${rootPath}/export/competitions/${c.id}/registrations.csv`,
          };
        }));
      },
    }, {
      navigation: event,
      titleProperty: 'title',
      sort: { sortBy: 'startsAt', direction: 'desc' },
      listProperties: ['title', 'startsAt', 'registrationOpen', 'maxParticipants', 'requiresApproval'],
      showProperties: ['title', 'deepLink', 'registrationsLink', 'waitlistLink', 'exportLink', 'description', 'location', 'startsAt', 'registrationOpen', 'registrationClosesAt', 'requiresApproval', 'maxParticipants', 'id', 'createdAt'],
      editProperties: ['title', 'description', 'location', 'startsAt', 'registrationOpen', 'registrationClosesAt', 'requiresApproval', 'maxParticipants'],
      filterProperties: ['title', 'registrationOpen', 'startsAt'],
      properties: {
        title: { isRequired: true, isTitle: true },
        description: { type: 'textarea' },
        startsAt: dateString,
        registrationClosesAt: dateString,
        createdAt: { type: 'string' },
        registrationOpen: { components: { edit: components.DefaultOn } },
        deepLink: { type: 'string', ...readOnly(), components: { show: components.ShareLink } },
        deepLinkQr: { type: 'string', isVisible: false },
        registrationsLink: { type: 'string', ...readOnly(), components: { show: components.DeepLink } },
        waitlistLink: { type: 'string', ...readOnly(), components: { show: components.DeepLink } },
        exportLink: { type: 'string', ...readOnly(), components: { show: components.DeepLink } },
      },
      actions: {
        ...access('staff-crud'),
        delete: { isAccessible: isStaff, guard: 'confirmCompetitionDelete' },
      },
    }),
    make(TimeSlot, {
      table: 'time_slots',
      virtuals: (rows, c) => slotSummaries(c.db, rows, c.timeZone),
    }, {
      navigation: event,
      titleProperty: 'label',
      sort: { sortBy: 'startsAt', direction: 'asc' },
      listProperties: ['label', 'fill', 'capacity', 'startsAt', 'endsAt'],
      showProperties: ['id', 'competitionId', 'startsAt', 'endsAt', 'capacity', 'fill'],
      editProperties: ['competitionId', 'startsAt', 'endsAt', 'capacity'],
      filterProperties: ['competitionId', 'startsAt'],
      properties: {
        label: { type: 'string', ...readOnly({ list: true }), isTitle: true },
        fill: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        competitionId: { isRequired: true },
        startsAt: { ...dateString, isRequired: true },
        endsAt: { ...dateString, isRequired: true },
        capacity: { isRequired: true },
      },
      actions: { ...access('staff-crud'), delete: { isAccessible: isStaff, guard: 'confirmSlotDelete' } },
    }),
    make(JuryPanel, { table: 'jury_panels' }, {
      navigation: event,
      titleProperty: 'name',
      listProperties: ['name', 'competitionId', 'capacity'],
      editProperties: ['competitionId', 'name', 'capacity'],
      filterProperties: ['competitionId', 'name'],
      properties: { competitionId: { isRequired: true }, name: { isRequired: true, isTitle: true } },
      actions: { ...access('staff-crud'), delete: { isAccessible: isStaff, guard: 'confirmPanelDelete' } },
    }),
    make(Registration, {
      table: 'registrations',
      search: (qb, text) => whereRegistrationUserMatches(qb, ctx.db.isPostgres, text),
      // The answer to the reminder: confirmed / declined / approved without an answer.
      virtualFilters: {
        attendance: (qb, value) => {
          if (value === 'confirmed') qb.andWhere('t.attendanceConfirmedAt IS NOT NULL');
          else if (value === 'declined') qb.andWhere('t.attendanceDeclinedAt IS NOT NULL');
          else if (value === 'unanswered') qb.andWhere("t.status = 'approved' AND t.attendanceConfirmedAt IS NULL AND t.attendanceDeclinedAt IS NULL");
        },
      },
      virtuals: async (rows, c, language) => {
        const summaries = await registrationSummaries(c.db, rows, c.timeZone);
        const histories = await registrationHistories(c.db, rows.map((r) => r.id), c.timeZone, language);
        // Who checked the person in, by display name: the key itself is a plain number (admin_users is private).
        const checkers = await adminNames(c.db, rows.map((r) => r.checkedInByAdminId));
        return summaries.map((summary, i) => ({
          ...summary,
          history: histories.get(rows[i].id)?.join('\n') ?? '',
          checkedInBy: rows[i].checkedInByAdminId ? checkers.get(rows[i].checkedInByAdminId) ?? '' : '',
        }));
      },
    }, {
      navigation: event,
      titleProperty: 'label',
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['label', 'status', 'competitionName', 'role', 'checkedIn', 'juryPanel', 'createdAt'],
      showProperties: ['label', 'status', 'queuePosition', 'phone', 'competitionId', 'role', 'statusChangedAt', 'consentGiven', 'checkedIn', 'checkedInBy', 'attendanceConfirmedAt', 'attendanceDeclinedAt', 'timeSlots', 'juryPanel', 'createdAt', 'userId', 'id', 'history'],
      editProperties: ['status', 'checkedIn'],
      filterProperties: ['search', 'competitionId', 'role', 'status', 'checkedIn', 'attendance', 'userId'],
      properties: {
        label: { type: 'string', ...readOnly({ list: true, show: false }), ...titleCell },
        competitionName: { type: 'string', ...readOnly({ list: true }) },
        queuePosition: { type: 'number', ...readOnly({ show: true }) },
        status: { ...badge, availableValues: values(REGISTRATION_STATUSES) },
        attendance: { availableValues: values(ATTENDANCE_FILTERS), isVisible: { list: false, show: false, edit: false, filter: true } },
        attendanceConfirmedAt: { type: 'string' },
        attendanceDeclinedAt: { type: 'string' },
        search: { type: 'string', isVisible: { list: false, show: false, edit: false, filter: true } },
        phone: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        timeSlots: { type: 'string', isVisible: { list: false, show: true, edit: false, filter: false } },
        juryPanel: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        checkedInBy: { type: 'string', ...readOnly({ show: true }) },
        history: { type: 'string', isVisible: { list: false, show: true, edit: false, filter: false }, components: { show: components.HistoryView } },
        role: { availableValues: values(REGISTRATION_ROLES) },
        statusChangedAt: { type: 'string' },
        createdAt: { type: 'string' },
      },
      actions: { ...access('staff-edit'), ...peopleList, new: { isAccessible: never, isVisible: false }, delete: { isAccessible: never, isVisible: false } },
    }),
    make(User, {
      table: 'users',
      search: (qb, text) => whereUserMatches(qb, ctx.db.isPostgres, 't', text),
      virtuals: (rows) => rows.map((u) => ({
        displayName: userDisplayName(u),
        registrationsLink: `${rootPath}/resources/Registration?filters.userId=${u.id}`,
      })),
    }, {
      navigation: people,
      titleProperty: 'displayName',
      listProperties: ['displayName', 'phone', 'isBlocked', 'languageCode', 'createdAt', 'telegramId'],
      showProperties: ['id', 'displayName', 'telegramId', 'username', 'firstName', 'lastName', 'fullName', 'phone', 'languageCode', 'preferredLanguage', 'isBlocked', 'remindersEnabled', 'registrationsLink', 'createdAt', 'updatedAt'],
      editProperties: ['fullName', 'phone'],
      filterProperties: ['search', 'isBlocked'],
      properties: {
        displayName: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false }, ...titleCell },
        registrationsLink: { type: 'string', isVisible: { list: false, filter: false, show: true, edit: false }, components: { show: components.DeepLink } },
        search: { type: 'string', isVisible: { list: false, show: false, edit: false, filter: true } },
        createdAt: { type: 'string' },
        updatedAt: { type: 'string' },
      },
      actions: { ...access('staff-edit'), ...peopleList, new: { isAccessible: never, isVisible: false }, delete: { isAccessible: never, isVisible: false } },
    }),
    // Link tables, reached from a registration's page: not in the menu.
    make(VoterTimeSlot, { table: 'voter_time_slots' }, {
      navigation: false,
      listProperties: ['id', 'registrationId', 'timeSlotId'],
      filterProperties: ['registrationId', 'timeSlotId'],
      actions: access('staff-read'),
    }),
    make(VoterJuryPanel, { table: 'voter_jury_panels' }, {
      navigation: false,
      listProperties: ['id', 'registrationId', 'juryPanelId'],
      filterProperties: ['registrationId', 'juryPanelId'],
      actions: access('staff-read'),
    }),
    make(Broadcast, { table: 'broadcasts' }, {
      navigation: messages,
      titleProperty: 'text',
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['text', 'state', 'scheduledAt', 'competitionId', 'sentCount', 'totalCount', 'failedCount'],
      showProperties: ['id', 'text', 'competitionId', 'role', 'status', 'checkedIn', 'attendance', 'disableLinkPreview', 'state', 'scheduledAt', 'totalCount', 'sentCount', 'failedCount', 'blockedCount', 'createdAt', 'startedAt', 'finishedAt'],
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
        createdAt: { type: 'string' }, startedAt: { type: 'string' }, finishedAt: { type: 'string' },
      },
      actions: {
        ...access('staff-crud'),
        edit: { isAccessible: (c: ActionContext) => isStaff(c) && ['draft', 'scheduled'].includes(c.record?.params.state) },
      },
    }),
    make(BroadcastDelivery, { table: 'broadcast_deliveries' }, {
      navigation: messages,
      listProperties: ['id', 'broadcastId', 'userId', 'status', 'attempts', 'sentAt', 'error'],
      filterProperties: ['broadcastId', 'status'],
      properties: { status: { ...badge, availableValues: values(DELIVERY_STATUSES) }, sentAt: { type: 'string' } },
      actions: access('staff-read'),
    }),
    make(OutboxMessage, { table: 'outbox_messages' }, {
      navigation: messages,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['id', 'userId', 'kind', 'status', 'attempts', 'createdAt', 'sentAt', 'error'],
      filterProperties: ['userId', 'kind', 'status'],
      properties: {
        status: { ...badge, availableValues: values(DELIVERY_STATUSES) },
        payload: { type: 'mixed', isVisible: { list: false, show: true, edit: false, filter: false }, components: { show: components.JsonView } },
        createdAt: { type: 'string' }, sentAt: { type: 'string' }, nextAttemptAt: { type: 'string' },
      },
      actions: access('staff-read'),
    }),
    make(AdminUser, { table: 'admin_users', secret: ['passwordHash'] }, {
      navigation: accessNav,
      titleProperty: 'email',
      listProperties: ['id', 'email', 'displayName', 'role', 'createdAt'],
      showProperties: ['id', 'email', 'displayName', 'role', 'createdAt'],
      editProperties: ['email', 'displayName', 'role', 'newPassword'],
      filterProperties: ['email', 'role'],
      properties: {
        passwordHash: { isVisible: false },
        email: { isRequired: true },
        newPassword: { type: 'password', isVisible: { list: false, show: false, edit: true, filter: false } },
        role: { availableValues: values(ADMIN_ROLES), isRequired: true },
        createdAt: { type: 'string' },
      },
      actions: {
        ...access('admin-crud'),
        // The form's new password must never travel back to the browser in the answer.
        new: { isAccessible: isAdmin, after: withoutNewPassword },
        edit: { isAccessible: isAdmin, after: withoutNewPassword },
      },
    }),
    make(AdminAudit, {
      table: 'admin_audit',
      plainKeys: ['adminUserId'],
      // Organizers do not see the admin accounts, so neither what was done to them (their e-mails are in those rows).
      hide: (qb, currentAdmin) => {
        if (currentAdmin?.role !== 'admin') qb.andWhere("t.resource <> 'admin_users'");
      },
      virtuals: async (rows, c, language) => {
        const names = await adminNames(c.db, rows.map((r) => r.adminUserId));
        const sentences = await auditSentences(c.db, rows, c.timeZone, language);
        return rows.map((r, i) => ({ adminName: r.adminUserId ? names.get(r.adminUserId) ?? '' : '', sentence: sentences[i] }));
      },
    }, {
      navigation: accessNav,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      titleProperty: 'sentence',
      listProperties: ['createdAt', 'sentence'],
      showProperties: ['createdAt', 'sentence', 'adminName', 'action', 'resource', 'recordId', 'changes', 'id'],
      filterProperties: ['adminUserId', 'action', 'resource', 'recordId', 'createdAt'],
      properties: {
        // A plain number, not a reference: a reference would make AdminJS send the whole admin account
        // (e-mail, role) along with every audit row, to organizers too.
        adminUserId: { type: 'number', isVisible: { list: false, show: false, edit: false, filter: true } },
        adminName: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        sentence: { type: 'string', ...readOnly({ list: true, show: true }), ...titleCell },
        changes: { type: 'mixed', components: { show: components.JsonView } },
        createdAt: { type: 'string' },
      },
      actions: access('staff-read'),
    }),
  ];
}

export type { SelectQueryBuilder };
