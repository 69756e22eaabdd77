import argon2 from 'argon2';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { AdminUser, ADMIN_ROLES, type AdminRole } from '../entities/index.js';
import { SYSTEM, adminActor, type Actor } from './actor.js';
import { diffChanges, logAdminAction } from './audit.js';
import type { Database } from './infrastructure/database.js';
import { DomainError, describeError } from './errors.js';
import { endAdminSessions } from './infrastructure/admin-sessions.js';
import { clearTelegramLink } from './staff-links.js';
import { isValidEmail, normalizeEmail } from './email.js';
import { checkTextLengths } from './field-lengths.js';

export { isValidEmail, normalizeEmail };

/*
 * The people who log into the admin: their accounts and the rules on them. Passwords are kept only as
 * argon2id hashes and never written to the audit; every change by an admin is audited in its transaction.
 */

export const MIN_PASSWORD_LENGTH = 10;

/** argon2id with the library's defaults (64 MiB, t=3), the OWASP-recommended family. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// A hash of a password nobody has: verifying against it costs the same time as a real check, so a wrong
// e-mail answers no faster than a wrong password (the answer says nothing about whether the e-mail exists).
let dummyHash: Promise<string> | null = null;

/** The password policy: refuses with `admin.password_too_short`. */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new DomainError('admin.password_too_short', { min: MIN_PASSWORD_LENGTH });
}

function checkEmail(email: string): void {
  if (!isValidEmail(email)) throw new DomainError('admin.bad_email', {}, 'email');
}

function checkRole(role: string): asserts role is AdminRole {
  if (!(ADMIN_ROLES as readonly string[]).includes(role)) throw new DomainError('admin.bad_role', { roles: ADMIN_ROLES.join(', ') });
}

async function checkEmailFree(manager: EntityManager, email: string, except?: number): Promise<void> {
  const other = await manager.findOneBy(AdminUser, { email });
  if (other && other.id !== except) throw new DomainError('admin.email_taken', { email }, 'email');
}

/** The admin user for an e-mail and password, or null (same answer and about the same time either way). */
export async function authenticateAdmin(db: Database, email: string, password: string): Promise<AdminUser | null> {
  if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) return null;
  const user = await db.manager.findOneBy(AdminUser, { email: normalizeEmail(email) });
  if (!user) {
    dummyHash ??= hashPassword('no-such-user-' + Math.random());
    await argon2.verify(await dummyHash, password).catch(() => false);
    return null;
  }
  return (await argon2.verify(user.passwordHash, password).catch(() => false)) ? user : null;
}

export function findAdminUser(db: Database, adminUserId: number): Promise<AdminUser | null> {
  return db.manager.findOneBy(AdminUser, { id: adminUserId });
}

export function findAdminUserByEmail(db: Database, email: string): Promise<AdminUser | null> {
  return db.manager.findOneBy(AdminUser, { email: normalizeEmail(email) });
}

/** Creates an admin user (CLI, first boot, an admin in the admin); audited when an admin did it. */
export async function createAdminUser(db: Database, actor: Actor, input: { email: string; password: string; role: string; displayName?: string | null }): Promise<AdminUser> {
  const email = normalizeEmail(input.email);
  const { role } = input;
  checkEmail(email);
  checkRole(role);
  checkPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.write(async (manager) => {
    await checkEmailFree(manager, email);
    const displayName = input.displayName?.trim() || null;
    checkTextLengths(db, AdminUser, { displayName });
    const user = await manager.save(manager.create(AdminUser, { email, passwordHash, role, displayName }));
    await logAdminAction(manager, actor, 'admin_users.created', 'admin_users', user.id, { email: { before: null, after: email }, role: { before: null, after: role } });
    return user;
  });
}

/** An admin edits an account's e-mail or role. Nobody locks themselves out: an admin keeps their own admin role. */
export function updateAdminUser(db: Database, actor: Actor, adminUserId: number, changes: { email?: string; role?: string; displayName?: string | null }): Promise<AdminUser> {
  return db.write(async (manager) => {
    const user = await manager.findOneBy(AdminUser, { id: adminUserId });
    if (!user) throw new DomainError('admin.not_found');
    const next: Partial<Pick<AdminUser, 'email' | 'role' | 'displayName'>> = {};
    if (changes.displayName !== undefined) next.displayName = changes.displayName?.trim() || null;
    checkTextLengths(db, AdminUser, next);
    if (changes.email !== undefined) {
      next.email = normalizeEmail(changes.email);
      checkEmail(next.email);
      await checkEmailFree(manager, next.email, adminUserId);
    }
    if (changes.role !== undefined) {
      const { role } = changes;
      checkRole(role);
      if (isSelfAdmin(actor, adminUserId) && user.role === 'admin' && role !== 'admin') throw new DomainError('admin.cannot_demote_self');
      next.role = role;
    }
    const diff = diffChanges({ email: user.email, role: user.role, displayName: user.displayName }, next);
    if (Object.keys(diff).length === 0) return user;
    await manager.update(AdminUser, { id: adminUserId }, next);
    if (next.role !== undefined) await clearTelegramLink(manager, adminUserId); // a role change unlinks Telegram
    await logAdminAction(manager, actor, 'admin_users.updated', 'admin_users', adminUserId, diff);
    return manager.findOneByOrFail(AdminUser, { id: adminUserId });
  });
}

/**
 * The signed-in person names themselves: the name colleagues and organizers see ("отметил(а) Анна, 18:03"),
 * spaces tidied; an empty one is refused (an organizer or admin may clear it). Audited as their own change.
 */
export function setOwnDisplayName(db: Database, adminUserId: number, name: string): Promise<AdminUser> {
  const displayName = String(name ?? '')
    .trim()
    .replace(/\s+/g, ' ');
  if (!displayName) throw new DomainError('admin.name_empty', {}, 'displayName');
  return updateAdminUser(db, adminActor(adminUserId), adminUserId, { displayName });
}

/** Deletes an account (its audit rows stay, their admin set to null); an admin cannot delete themselves. */
export function deleteAdminUser(db: Database, actor: Actor, adminUserId: number): Promise<void> {
  return db.write(async (manager) => {
    if (isSelfAdmin(actor, adminUserId)) throw new DomainError('admin.cannot_delete_self');
    const user = await manager.findOneBy(AdminUser, { id: adminUserId });
    if (!user) throw new DomainError('admin.not_found');
    await manager.delete(AdminUser, { id: adminUserId });
    await logAdminAction(manager, actor, 'admin_users.deleted', 'admin_users', adminUserId, {
      email: { before: user.email, after: null },
      role: { before: user.role, after: null },
    });
  });
}

/**
 * Sets a new password (own change, or an admin's reset of someone else's); audited without the secret.
 * Every other login session of that account ends with it (`keepSid`: the session that made the change).
 */
export async function setAdminPassword(
  db: Database,
  actor: Actor,
  adminUserId: number,
  password: string,
  action = 'admin_users.password_changed',
  keepSid: string | null = null,
): Promise<void> {
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  await db.write(async (manager) => {
    const affected = await manager.update(AdminUser, { id: adminUserId }, { passwordHash });
    if (!affected.affected) throw new DomainError('admin.not_found');
    await endAdminSessions(db, manager, adminUserId, keepSid);
    await clearTelegramLink(manager, adminUserId); // a new password unlinks Telegram and ends scanner tokens
    await logAdminAction(manager, actor, action, 'admin_users', adminUserId, { passwordHash: { before: '***', after: '***' } });
  });
}

/** The logged-in admin changes their own password; false when the current one is wrong. Their other sessions end. */
export async function changeOwnPassword(db: Database, adminUserId: number, current: string, password: string, currentSid: string | null = null): Promise<boolean> {
  const user = await findAdminUser(db, adminUserId);
  if (!user || !(await argon2.verify(user.passwordHash, current).catch(() => false))) return false;
  await setAdminPassword(db, adminActor(adminUserId), adminUserId, password, 'admin_users.password_changed', currentSid);
  return true;
}

function isSelfAdmin(actor: Actor, adminUserId: number): boolean {
  return actor.kind === 'admin' && actor.adminUserId === adminUserId;
}

/**
 * On boot: with no admin at all, create the one ADMIN_EMAIL/ADMIN_PASSWORD name; with neither, say how to
 * create one. Several processes booting at once: the unique e-mail makes the second insert fail harmlessly.
 */
export async function ensureFirstAdmin(db: Database, config: { adminEmail: string; adminPassword: string }, log: Pick<Logger, 'info' | 'warn' | 'error'>): Promise<void> {
  const admins = await db.manager.countBy(AdminUser, { role: 'admin' });
  if (admins > 0) return;
  if (!config.adminEmail || !config.adminPassword) {
    log.warn('No admin user exists yet: set ADMIN_EMAIL and ADMIN_PASSWORD and restart, or run `npm run admin -- create --email you@example.org --role admin`');
    return;
  }
  try {
    await createAdminUser(db, SYSTEM, { email: config.adminEmail, password: config.adminPassword, role: 'admin' });
    log.info({ email: normalizeEmail(config.adminEmail) }, 'created the first admin user from ADMIN_EMAIL');
  } catch (error) {
    if (error instanceof DomainError) {
      log.error(`ADMIN_EMAIL/ADMIN_PASSWORD: ${describeError(error)}`);
      return;
    }
    if ((await db.manager.countBy(AdminUser, { role: 'admin' })) > 0) return; // another process won the race
    throw error;
  }
}
