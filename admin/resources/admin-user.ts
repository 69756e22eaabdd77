import type { ActionContext } from 'adminjs';
import { createAdminUser, deleteAdminUser, setAdminPassword, updateAdminUser } from '../../domain/admin-accounts.js';
import { ADMIN_ROLES, AdminUser } from '../../entities/index.js';
import { defineResource } from './define.js';
import { access, isAdmin, NAVIGATION, values, type ResourceDeps } from './shared.js';

/** Drops the typed new password from an action's answer (AdminJS echoes the submitted params). */
async function withoutNewPassword<T extends { record?: { params?: Record<string, unknown> } }>(response: T): Promise<T> {
  if (response.record?.params) delete response.record.params.newPassword;
  return response;
}

/** The admin accounts (admins only): e-mail, role, a new password set by an admin; nobody deletes themselves. */
export function adminUserResource(deps: ResourceDeps) {
  const { db } = deps.ctx;
  return defineResource(AdminUser, deps, {
    table: 'admin_users',
    secret: ['passwordHash'],
    writes: {
      create: async ({ changes, extra, actor }) =>
        createAdminUser(db, actor, {
          email: String(changes.email ?? ''),
          role: String(changes.role ?? ''),
          password: String(extra.newPassword ?? ''),
          displayName: changes.displayName ?? null,
        }),
      update: async ({ id, changes, extra, actor }) => {
        const account: { email?: string; role?: string; displayName?: string | null } = {};
        if ('email' in changes) account.email = String(changes.email);
        if ('role' in changes) account.role = String(changes.role);
        if ('displayName' in changes) account.displayName = changes.displayName === null ? null : String(changes.displayName);
        if (Object.keys(account).length > 0) await updateAdminUser(db, actor, id, account);
        if (extra.newPassword) await setAdminPassword(db, actor, id, String(extra.newPassword), 'admin_users.password_reset');
      },
      delete: ({ id, actor }) => deleteAdminUser(db, actor, id),
    },
    options: {
      navigation: NAVIGATION.access,
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
    },
    actions: {
      ...access('admin-crud'),
      // The form's new password must never travel back to the browser in the answer.
      new: { isAccessible: isAdmin, after: withoutNewPassword },
      edit: { isAccessible: isAdmin, after: withoutNewPassword },
      delete: { isAccessible: ({ currentAdmin, record }: ActionContext) => isAdmin({ currentAdmin }) && String(record?.id()) !== String((currentAdmin as { id?: string })?.id) },
    },
  });
}
