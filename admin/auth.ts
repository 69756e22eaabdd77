import argon2 from 'argon2';
import type { Logger } from 'pino';
import { AdminUser, ADMIN_ROLES, type AdminRole } from '../entities/index.js';
import type { Database } from '../domain/database.js';
import { adminActor, logAdminAction } from '../domain/index.js';
import { endAdminSessions } from '../domain/admin-sessions.js';
import type { Actor } from '../domain/index.js';

/** What the admin session keeps about the person logged in (AdminJS's CurrentAdmin). */
export interface CurrentAdmin {
  id: string;
  email: string;
  role: AdminRole;
  title: string;
}

export const MIN_PASSWORD_LENGTH = 10;

/** argon2id with the library's defaults (64 MiB, t=3), the OWASP-recommended family. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// A hash of a password nobody has: verifying against it costs the same time as a real check, so a wrong
// e-mail answers no faster than a wrong password (the answer says nothing about whether the e-mail exists).
let dummyHash: Promise<string> | null = null;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkPasswordStrength(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  return null;
}

export function toCurrentAdmin(user: AdminUser): CurrentAdmin {
  return { id: String(user.id), email: user.email, role: user.role, title: user.role };
}

/** The admin user for an e-mail and password, or null (same answer and about the same time either way). */
export async function authenticate(db: Database, email: string, password: string): Promise<CurrentAdmin | null> {
  if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) return null;
  const user = await db.manager.findOneBy(AdminUser, { email: normalizeEmail(email) });
  if (!user) {
    dummyHash ??= hashPassword('no-such-user-' + Math.random());
    await argon2.verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const ok = await argon2.verify(user.passwordHash, password).catch(() => false);
  return ok ? toCurrentAdmin(user) : null;
}

export class AdminUserError extends Error {}

/** Creates an admin user (CLI, first boot, the admin itself); the audit row is written when an admin did it. */
export async function createAdminUser(
  db: Database,
  actor: Actor,
  input: { email: string; password: string; role: AdminRole; displayName?: string | null },
): Promise<AdminUser> {
  const email = normalizeEmail(input.email);
  if (!email.includes('@')) throw new AdminUserError('The e-mail address is not valid');
  if (!ADMIN_ROLES.includes(input.role)) throw new AdminUserError(`The role must be one of ${ADMIN_ROLES.join(', ')}`);
  const weak = checkPasswordStrength(input.password);
  if (weak) throw new AdminUserError(weak);
  const passwordHash = await hashPassword(input.password);
  return db.write(async (manager) => {
    if (await manager.findOneBy(AdminUser, { email })) throw new AdminUserError(`An admin user with the e-mail ${email} already exists`);
    const displayName = input.displayName?.trim() || null;
    const user = await manager.save(manager.create(AdminUser, { email, passwordHash, role: input.role, displayName }));
    await logAdminAction(manager, actor, 'admin_users.created', 'admin_users', user.id, { email: { before: null, after: email }, role: { before: null, after: input.role } });
    return user;
  });
}

/**
 * Sets a new password (own change, or an admin's reset of someone else's); audited without the secret.
 * Every other login session of that account ends with it (`keepSid`: the session that made the change).
 */
export async function setAdminPassword(
  db: Database, actor: Actor, adminUserId: number, password: string, action = 'admin_users.password_changed', keepSid: string | null = null,
): Promise<void> {
  const weak = checkPasswordStrength(password);
  if (weak) throw new AdminUserError(weak);
  const passwordHash = await hashPassword(password);
  await db.write(async (manager) => {
    const affected = await manager.update(AdminUser, { id: adminUserId }, { passwordHash });
    if (!affected.affected) throw new AdminUserError('No such admin user');
    await endAdminSessions(db, manager, adminUserId, keepSid);
    await logAdminAction(manager, actor, action, 'admin_users', adminUserId, { passwordHash: { before: '***', after: '***' } });
  });
}

/** The logged-in admin changes their own password; false when the current one is wrong. Other sessions end. */
export async function changeOwnPassword(db: Database, adminUserId: number, current: string, password: string, currentSid: string | null): Promise<boolean> {
  const user = await db.manager.findOneBy(AdminUser, { id: adminUserId });
  if (!user || !(await argon2.verify(user.passwordHash, current).catch(() => false))) return false;
  await setAdminPassword(db, adminActor(adminUserId), adminUserId, password, 'admin_users.password_changed', currentSid);
  return true;
}

/**
 * On boot: with no admin at all, create the one ADMIN_EMAIL/ADMIN_PASSWORD name; with neither, say how to
 * create one. Several processes booting at once: the unique e-mail makes the second insert fail harmlessly.
 */
export async function ensureFirstAdmin(db: Database, config: { adminEmail: string; adminPassword: string }, logger: Logger): Promise<void> {
  const admins = await db.manager.countBy(AdminUser, { role: 'admin' });
  if (admins > 0) return;
  if (!config.adminEmail || !config.adminPassword) {
    logger.warn(
      'No admin user exists yet: set ADMIN_EMAIL and ADMIN_PASSWORD and restart, or run `npm run admin -- create --email you@example.org --role admin`',
    );
    return;
  }
  try {
    await createAdminUser(db, { kind: 'system' }, { email: config.adminEmail, password: config.adminPassword, role: 'admin' });
    logger.info({ email: normalizeEmail(config.adminEmail) }, 'created the first admin user from ADMIN_EMAIL');
  } catch (error) {
    if (error instanceof AdminUserError) {
      logger.error(`ADMIN_EMAIL/ADMIN_PASSWORD: ${error.message}`);
      return;
    }
    if ((await db.manager.countBy(AdminUser, { role: 'admin' })) > 0) return; // another process won the race
    throw error;
  }
}
