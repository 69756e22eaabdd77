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
  return value instanceof Date ? value.toISOString() : value ?? null;
}

function mask(changes: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!changes) return null;
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '***' : v]));
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
