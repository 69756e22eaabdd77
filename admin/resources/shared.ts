import type { ActionContext, ResourceOptions } from 'adminjs';
import type { CurrentAdmin } from '../auth.js';
import type { AdminComponents } from '../components.js';
import type { ResourceContext } from './app-resource.js';

/** What every resource file is built from. */
export interface ResourceDeps {
  ctx: ResourceContext;
  components: AdminComponents;
  /** The bot's username for deep links (known once getMe answered), or null. */
  botUsername: () => string | null;
  /** Where the admin is mounted (/admin). */
  rootPath: string;
}

type WithAdmin = { currentAdmin?: unknown };
export const isAdmin = ({ currentAdmin }: WithAdmin) => (currentAdmin as CurrentAdmin | undefined)?.role === 'admin';
export const isStaff = ({ currentAdmin }: WithAdmin) => ['admin', 'organizer'].includes((currentAdmin as CurrentAdmin | undefined)?.role ?? '');
export const never = () => false;

/** A record action open to staff while the record's `column` has one of `values` (a registration's status). */
export const staffWhen =
  (column: string, ...values: string[]) =>
  ({ record, currentAdmin }: ActionContext) =>
    isStaff({ currentAdmin }) && values.includes(record?.params[column]);

/**
 * Who may do AdminJS's own actions: staff read and write (`staff-crud`), staff read and edit but never create or
 * delete (`staff-edit`), staff read only (`staff-read`), admins only (`admin-crud`). Bulk delete is nobody's.
 */
export function access(mode: 'staff-crud' | 'staff-read' | 'admin-crud' | 'staff-edit'): NonNullable<ResourceOptions['actions']> {
  const read = mode === 'admin-crud' ? isAdmin : isStaff;
  const write = mode === 'staff-crud' ? isStaff : mode === 'admin-crud' ? isAdmin : never;
  return {
    list: { isAccessible: read },
    show: { isAccessible: read },
    search: { isAccessible: read },
    new: { isAccessible: write, ...(write === never ? { isVisible: false } : {}) },
    edit: { isAccessible: mode === 'staff-edit' ? isStaff : write },
    delete: { isAccessible: write, ...(write === never ? { isVisible: false } : {}) },
    bulkDelete: { isAccessible: never, isVisible: false },
  };
}

/** An enumeration's values for a select; the browser shows them translated (`labels.status.pending`). */
export const values = (list: readonly string[]) => list.map((value) => ({ value, label: value }));

export const NAVIGATION = {
  event: { name: 'event', icon: 'Calendar' },
  people: { name: 'people', icon: 'Users' },
  messages: { name: 'messages', icon: 'Send' },
  access: { name: 'access', icon: 'Lock' },
};

/**
 * The look every page follows (docs/admin.md, "How admin pages are built"): dates typed in TZ_DISPLAY,
 * statuses as coloured badges, lists of people with a search box, computed fields shown read-only.
 */
export function look({ ctx, components }: ResourceDeps) {
  return {
    dateString: { type: 'string' as const, description: ctx.timeZone, components: { edit: components.DateTimeInput } },
    badge: { components: { list: components.StatusBadge, show: components.StatusBadge } },
    readOnly: (where: { list?: boolean; show?: boolean } = { show: true }) => ({ isVisible: { list: Boolean(where.list), show: Boolean(where.show), edit: false, filter: false } }),
    filterOnly: { isVisible: { list: false, show: false, edit: false, filter: true } },
    peopleList: { list: { isAccessible: isStaff, component: components.PeopleList } },
    // The column a phone shows (AdminJS hides the others below 768 px): who or what, its status, its main action.
    titleCell: { isTitle: true, components: { list: components.PersonCell } },
  };
}
