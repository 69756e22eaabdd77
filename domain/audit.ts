import type { EntityManager } from 'typeorm';
import { AdminAudit } from '../entities/index.js';
import type { Actor } from './actor.js';

const SECRET_FIELD = /password|secret|token|hash/i;

/** `{ field: { before, after } }` for the fields that changed, secrets masked. */
export function diffChanges(before: object, after: object): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const old = new Map(Object.entries(before));
  for (const [key, value] of Object.entries(after)) {
    const a = normalize(old.get(key));
    const b = normalize(value);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = { before: a, after: b };
  }
  return changes;
}

/** `{ field: { before, after: null } }` for every column of a row about to be deleted (secrets masked on write). */
export function deletedChanges(before: object): Record<string, { before: unknown; after: null }> {
  return Object.fromEntries(Object.entries(before).map(([key, value]) => [key, { before: normalize(value), after: null }]));
}

function normalize(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : (value ?? null);
}

function mask(changes: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!changes) return null;
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '***' : v]));
}

/** What the audit of a user record may hold that identifies the person: scrubbed when they delete their data. */
const PERSONAL_FIELDS = ['fullName', 'phone', 'username', 'firstName', 'lastName'];
const SCRUBBED = '[deleted]';

/**
 * The user deleted their data: the audit rows about their record keep what was done and when, but not
 * their name, phone or Telegram names (before and after). Call in the deletion's transaction.
 */
export async function scrubUserFromAudit(manager: EntityManager, userId: number): Promise<void> {
  const rows = await manager.find(AdminAudit, { where: { resource: 'users', recordId: String(userId) } });
  for (const row of rows) {
    if (!row.changes) continue;
    row.changes = Object.fromEntries(Object.entries(row.changes).map(([key, value]) => [key, PERSONAL_FIELDS.includes(key) ? { before: SCRUBBED, after: SCRUBBED } : value]));
    await manager.save(row);
  }
}

/**
 * Writes the audit row of an admin action, in the SAME transaction as the change (pass the transaction's
 * manager): the change and its record commit or roll back together. Actions by users or the system are not
 * admin actions and write nothing.
 */
export async function logAdminAction(
  manager: EntityManager,
  actor: Actor,
  action: string,
  resource: string,
  recordId: string | number | null,
  changes: Record<string, unknown> | null,
): Promise<void> {
  if (actor.kind !== 'admin') return;
  await manager.insert(AdminAudit, {
    adminUserId: actor.adminUserId,
    action,
    resource,
    recordId: recordId === null ? null : String(recordId),
    changes: mask(changes) as never,
  });
}
