import type { ActionContext, ResourceOptions, ResourceWithOptions } from 'adminjs';
import type { BaseEntity, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  AdminAudit, AdminUser, Broadcast, BroadcastDelivery, Competition, JuryPanel, OutboxMessage, Registration, TimeSlot, User,
  VoterJuryPanel, VoterTimeSlot, REGISTRATION_ROLES, REGISTRATION_STATUSES, DELIVERY_STATUSES, BROADCAST_STATES, ADMIN_ROLES,
} from '../entities/index.js';
import { slotFill } from '../domain/index.js';
import { AppResource, whereContains, type ResourceBehaviour, type ResourceContext } from './resource.js';
import { formatInZone, toDate } from '../domain/time.js';
import type { CurrentAdmin } from './auth.js';
import type { AdminComponents } from './components.js';

type Row = Record<string, any>;

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

/**
 * SQL for "name, username or phone contains": one expression; on PostgreSQL its LOWER(…) has a trigram
 * index (migration 1700000000201, which spells the same expression), so the search stays fast with
 * hundreds of thousands of users.
 */
export const USER_SEARCH_SQL =
  "COALESCE(u.full_name, '') || ' ' || COALESCE(u.first_name, '') || ' ' || COALESCE(u.last_name, '') || ' ' || COALESCE(u.username, '') || ' ' || COALESCE(u.phone, '')";

function searchUsers(alias: string) {
  return USER_SEARCH_SQL.replace(/\bu\./g, `${alias}.`);
}

export function userDisplayName(u: { fullName?: string | null; firstName?: string | null; lastName?: string | null; username?: string | null; telegramId?: number | string }): string {
  const name = u.fullName || [u.firstName, u.lastName].filter(Boolean).join(' ');
  if (name && u.username) return `${name} (@${u.username})`;
  return name || (u.username ? `@${u.username}` : `#${u.telegramId}`);
}

async function byIds<T extends ObjectLiteral>(ctx: ResourceContext, entity: new () => T, ids: number[]): Promise<Map<number, T>> {
  const unique = [...new Set(ids.filter((id) => id !== null && id !== undefined))];
  if (unique.length === 0) return new Map();
  const rows = await ctx.db.dataSource.getRepository(entity).createQueryBuilder('t').where('t.id IN (:...ids)', { ids: unique }).getMany();
  return new Map(rows.map((r: any) => [r.id, r]));
}

/** Drops the typed new password from an action's answer (AdminJS echoes the submitted params). */
async function withoutNewPassword<T extends { record?: { params?: Row } }>(response: T): Promise<T> {
  if (response.record?.params) delete response.record.params.newPassword;
  return response;
}

/** How an admin is named to others: the display name, or the role and number — never the e-mail. */
export function adminDisplayName(admin: { displayName?: string | null; role?: string } | undefined, id: number): string {
  return admin?.displayName || `#${id}${admin?.role ? ` (${admin.role})` : ''}`;
}

export function slotLabel(slot: { startsAt: Date; endsAt: Date }, timeZone: string, competitionTitle?: string): string {
  const from = formatInZone(slot.startsAt, timeZone);
  const to = formatInZone(slot.endsAt, timeZone);
  const end = from.slice(0, 10) === to.slice(0, 10) ? to.slice(11) : to;
  return `${from}–${end}${competitionTitle ? ` · ${competitionTitle}` : ''}`;
}

export interface ResourceDeps {
  ctx: ResourceContext;
  components: AdminComponents;
  botUsername: () => string | null;
  /** Where the admin is mounted (/admin). */
  rootPath: string;
  /** Behaviour of writes with domain rules (registrations, competitions, slots, broadcasts, admin users). */
  writes: Partial<Record<string, Pick<ResourceBehaviour, 'update' | 'create'>>>;
  /** Extra actions per resource (registration actions, broadcast send, CSV export, password reset). */
  actions: Partial<Record<string, ResourceOptions['actions']>>;
}

export function buildResources({ ctx, components, botUsername, rootPath, writes, actions }: ResourceDeps): ResourceWithOptions[] {
  const make = (model: typeof BaseEntity, behaviour: ResourceBehaviour, options: ResourceOptions): ResourceWithOptions => ({
    resource: new AppResource(model, ctx, { ...behaviour, ...writes[model.name] }),
    options: { ...options, actions: { ...options.actions, ...actions[model.name] } },
  });
  const event = { name: 'event', icon: 'Calendar' };
  const people = { name: 'people', icon: 'Users' };
  const messages = { name: 'messages', icon: 'Send' };
  const accessNav = { name: 'access', icon: 'Lock' };
  const dateString = { type: 'string' as const, description: ctx.timeZone, components: { edit: components.DateTimeInput } };
  const ref = (reference: string) => ({ type: 'reference' as const, reference });

  return [
    make(Competition, {
      table: 'competitions',
      virtuals: (rows) => {
        const username = botUsername();
        return rows.map((c) => ({
          deepLink: username ? `https://t.me/${username}?start=c_${c.id}` : '',
          registrationsLink: `${rootPath}/resources/Registration?filters.competitionId=${c.id}`,
        }));
      },
    }, {
      navigation: event,
      titleProperty: 'title',
      sort: { sortBy: 'startsAt', direction: 'desc' },
      listProperties: ['id', 'title', 'startsAt', 'registrationOpen', 'maxParticipants', 'requiresApproval'],
      showProperties: ['id', 'title', 'description', 'location', 'startsAt', 'registrationOpen', 'registrationClosesAt', 'requiresApproval', 'maxParticipants', 'deepLink', 'registrationsLink', 'createdAt'],
      editProperties: ['title', 'description', 'location', 'startsAt', 'registrationOpen', 'registrationClosesAt', 'requiresApproval', 'maxParticipants'],
      filterProperties: ['title', 'registrationOpen', 'startsAt'],
      properties: {
        title: { isRequired: true },
        description: { type: 'textarea' },
        startsAt: dateString,
        registrationClosesAt: dateString,
        createdAt: { type: 'string' },
        deepLink: { type: 'string', isVisible: { list: false, filter: false, show: true, edit: false }, components: { show: components.DeepLink } },
        registrationsLink: { type: 'string', isVisible: { list: false, filter: false, show: true, edit: false }, components: { show: components.DeepLink } },
      },
      actions: {
        ...access('staff-crud'),
        delete: { isAccessible: isStaff, guard: 'confirmCompetitionDelete' },
      },
    }),
    make(TimeSlot, {
      table: 'time_slots',
      virtuals: async (rows, c) => {
        const competitions = await byIds(c, Competition, rows.map((r) => r.competitionId));
        const fill = await slotFill(c.db, c.db.manager, rows.map((r) => r.id));
        return rows.map((r) => ({ label: slotLabel(r as any, c.timeZone, competitions.get(r.competitionId)?.title), fill: `${fill.get(r.id) ?? 0} / ${r.capacity}` }));
      },
    }, {
      navigation: event,
      titleProperty: 'label',
      sort: { sortBy: 'startsAt', direction: 'asc' },
      listProperties: ['id', 'competitionId', 'startsAt', 'endsAt', 'capacity', 'fill'],
      showProperties: ['id', 'competitionId', 'startsAt', 'endsAt', 'capacity', 'fill'],
      editProperties: ['competitionId', 'startsAt', 'endsAt', 'capacity'],
      filterProperties: ['competitionId', 'startsAt'],
      properties: {
        label: { type: 'string', isVisible: false },
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
      listProperties: ['id', 'competitionId', 'name', 'capacity'],
      editProperties: ['competitionId', 'name', 'capacity'],
      filterProperties: ['competitionId', 'name'],
      properties: { competitionId: { isRequired: true }, name: { isRequired: true } },
      actions: { ...access('staff-crud'), delete: { isAccessible: isStaff, guard: 'confirmPanelDelete' } },
    }),
    make(Registration, {
      table: 'registrations',
      search: (qb, text) => {
        qb.innerJoin(User, 'su', 'su.id = t.userId');
        whereContains(qb, ctx.db.isPostgres, searchUsers('su'), text, 'search');
      },
      virtuals: async (rows, c) => {
        const users = await byIds(c, User, rows.map((r) => r.userId));
        const competitions = await byIds(c, Competition, rows.map((r) => r.competitionId));
        const extra = await registrationExtras(c, rows.map((r) => r.id));
        return rows.map((r) => {
          const user = users.get(r.userId);
          return {
            label: `${user ? userDisplayName(user) : `#${r.userId}`} — ${competitions.get(r.competitionId)?.title ?? r.competitionId}`,
            phone: user?.phone ?? '',
            timeSlots: extra.slots.get(r.id)?.join('; ') ?? '',
            juryPanel: extra.panels.get(r.id) ?? '',
          };
        });
      },
    }, {
      navigation: event,
      titleProperty: 'label',
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['id', 'userId', 'phone', 'competitionId', 'role', 'status', 'checkedIn', 'juryPanel', 'createdAt'],
      showProperties: ['id', 'userId', 'phone', 'competitionId', 'role', 'status', 'statusChangedAt', 'consentGiven', 'checkedIn', 'timeSlots', 'juryPanel', 'createdAt'],
      editProperties: ['status', 'checkedIn'],
      filterProperties: ['search', 'competitionId', 'role', 'status', 'checkedIn', 'userId'],
      properties: {
        label: { type: 'string', isVisible: false },
        search: { type: 'string', isVisible: { list: false, show: false, edit: false, filter: true } },
        phone: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        timeSlots: { type: 'string', isVisible: { list: false, show: true, edit: false, filter: false } },
        juryPanel: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        role: { availableValues: values(REGISTRATION_ROLES) },
        status: { availableValues: values(REGISTRATION_STATUSES) },
        statusChangedAt: { type: 'string' },
        createdAt: { type: 'string' },
      },
      actions: { ...access('staff-edit'), new: { isAccessible: never, isVisible: false }, delete: { isAccessible: never, isVisible: false } },
    }),
    make(User, {
      table: 'users',
      search: (qb, text) => whereContains(qb, ctx.db.isPostgres, searchUsers('t'), text, 'search'),
      virtuals: (rows) => rows.map((u) => ({
        displayName: userDisplayName(u as any),
        registrationsLink: `${rootPath}/resources/Registration?filters.userId=${u.id}`,
      })),
    }, {
      navigation: people,
      titleProperty: 'displayName',
      listProperties: ['id', 'displayName', 'phone', 'telegramId', 'languageCode', 'isBlocked', 'createdAt'],
      showProperties: ['id', 'displayName', 'telegramId', 'username', 'firstName', 'lastName', 'fullName', 'phone', 'languageCode', 'preferredLanguage', 'isBlocked', 'remindersEnabled', 'registrationsLink', 'createdAt', 'updatedAt'],
      editProperties: ['fullName', 'phone'],
      filterProperties: ['search', 'isBlocked'],
      properties: {
        displayName: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        registrationsLink: { type: 'string', isVisible: { list: false, filter: false, show: true, edit: false }, components: { show: components.DeepLink } },
        search: { type: 'string', isVisible: { list: false, show: false, edit: false, filter: true } },
        createdAt: { type: 'string' },
        updatedAt: { type: 'string' },
      },
      actions: { ...access('staff-edit'), new: { isAccessible: never, isVisible: false }, delete: { isAccessible: never, isVisible: false } },
    }),
    make(VoterTimeSlot, { table: 'voter_time_slots' }, {
      navigation: event,
      listProperties: ['id', 'registrationId', 'timeSlotId'],
      filterProperties: ['registrationId', 'timeSlotId'],
      actions: access('staff-read'),
    }),
    make(VoterJuryPanel, { table: 'voter_jury_panels' }, {
      navigation: event,
      listProperties: ['id', 'registrationId', 'juryPanelId'],
      filterProperties: ['registrationId', 'juryPanelId'],
      actions: access('staff-read'),
    }),
    make(Broadcast, { table: 'broadcasts' }, {
      navigation: messages,
      titleProperty: 'text',
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['id', 'text', 'competitionId', 'role', 'status', 'state', 'totalCount', 'sentCount', 'failedCount', 'blockedCount'],
      showProperties: ['id', 'text', 'competitionId', 'role', 'status', 'state', 'totalCount', 'sentCount', 'failedCount', 'blockedCount', 'createdAt', 'startedAt', 'finishedAt'],
      editProperties: ['text', 'competitionId', 'role', 'status'],
      filterProperties: ['competitionId', 'state'],
      properties: {
        text: { type: 'textarea', isRequired: true },
        role: { availableValues: values(REGISTRATION_ROLES) },
        status: { availableValues: values(REGISTRATION_STATUSES) },
        state: { availableValues: values(BROADCAST_STATES) },
        createdAt: { type: 'string' }, startedAt: { type: 'string' }, finishedAt: { type: 'string' },
      },
      actions: {
        ...access('staff-crud'),
        edit: { isAccessible: (c: ActionContext) => isStaff(c) && c.record?.params.state === 'draft' },
      },
    }),
    make(BroadcastDelivery, { table: 'broadcast_deliveries' }, {
      navigation: messages,
      listProperties: ['id', 'broadcastId', 'userId', 'status', 'sentAt', 'error'],
      filterProperties: ['broadcastId', 'status'],
      properties: { status: { availableValues: values(DELIVERY_STATUSES) }, sentAt: { type: 'string' } },
      actions: access('staff-read'),
    }),
    make(OutboxMessage, { table: 'outbox_messages' }, {
      navigation: messages,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['id', 'userId', 'kind', 'status', 'attempts', 'createdAt', 'sentAt'],
      filterProperties: ['userId', 'kind', 'status'],
      properties: {
        status: { availableValues: values(DELIVERY_STATUSES) },
        payload: { type: 'mixed' as any, isVisible: { list: false, show: true, edit: false, filter: false }, components: { show: components.JsonView } },
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
      virtuals: async (rows, c) => {
        const admins = await byIds(c, AdminUser, rows.map((r) => r.adminUserId));
        return rows.map((r) => ({ adminName: r.adminUserId ? adminDisplayName(admins.get(r.adminUserId), r.adminUserId) : '' }));
      },
    }, {
      navigation: accessNav,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['id', 'createdAt', 'adminName', 'action', 'resource', 'recordId'],
      showProperties: ['id', 'createdAt', 'adminName', 'action', 'resource', 'recordId', 'changes'],
      filterProperties: ['adminUserId', 'action', 'resource', 'recordId', 'createdAt'],
      properties: {
        // A plain number, not a reference: a reference would make AdminJS send the whole admin account
        // (e-mail, role) along with every audit row, to organizers too.
        adminUserId: { type: 'number', isVisible: { list: false, show: false, edit: false, filter: true } },
        adminName: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        changes: { type: 'mixed' as any, components: { show: components.JsonView } },
        createdAt: { type: 'string' },
      },
      actions: access('staff-read'),
    }),
  ];
}

async function registrationExtras(ctx: ResourceContext, ids: number[]) {
  const slots = new Map<number, string[]>();
  const panels = new Map<number, string>();
  if (ids.length === 0) return { slots, panels };
  const placeholders = ids.map((_, i) => `$${i + 1}`).join(', ');
  const slotRows = await ctx.db.query<{ registration_id: number; starts_at: Date | string; ends_at: Date | string }>(
    `SELECT vts.registration_id, s.starts_at, s.ends_at FROM voter_time_slots vts JOIN time_slots s ON s.id = vts.time_slot_id
     WHERE vts.registration_id IN (${placeholders}) ORDER BY s.starts_at`,
    ids,
  );
  for (const r of slotRows) {
    const list = slots.get(Number(r.registration_id)) ?? [];
    list.push(slotLabel({ startsAt: toDate(r.starts_at), endsAt: toDate(r.ends_at) }, ctx.timeZone));
    slots.set(Number(r.registration_id), list);
  }
  const panelRows = await ctx.db.query<{ registration_id: number; name: string }>(
    `SELECT vjp.registration_id, p.name FROM voter_jury_panels vjp JOIN jury_panels p ON p.id = vjp.jury_panel_id WHERE vjp.registration_id IN (${placeholders})`,
    ids,
  );
  for (const r of panelRows) panels.set(Number(r.registration_id), r.name);
  return { slots, panels };
}

export type { SelectQueryBuilder };
