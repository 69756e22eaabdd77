import type { EntityManager } from 'typeorm';
import type { Database } from './database.js';
import { toDate } from '../time.js';

/*
 * Admin login sessions in the `admin_sessions` table, so logins survive restarts and work across several
 * processes. A session is kept as JSON with its expiry; expired rows read as absent and are pruned now and
 * then. Writes go through `db.write` (the one place that serializes write transactions on SQLite).
 */

/** The session's data, or null when there is none or it expired. */
export async function readAdminSession<T extends object>(db: Database, sid: string): Promise<T | null> {
  const [row] = await db.query<{ data: string; expires_at: Date | string }>('SELECT data, expires_at FROM admin_sessions WHERE sid = $1', [sid]);
  if (!row || toDate(row.expires_at).getTime() <= Date.now()) return null;
  return JSON.parse(row.data) as T; // the session as the store saved it
}

/**
 * Saves (inserts or replaces) a session with whose it is (`adminUserId`, null before login: a password change
 * ends the others, deleting the account ends all); `pruneExpired` also deletes every expired one.
 */
export function saveAdminSession(db: Database, sid: string, data: unknown, expiresAt: Date, adminUserId: number | null, pruneExpired = false): Promise<void> {
  return db.write(async (manager) => {
    await db.execute(
      `INSERT INTO admin_sessions (sid, data, expires_at, admin_user_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at, admin_user_id = excluded.admin_user_id`,
      [sid, JSON.stringify(data), db.date(expiresAt), adminUserId],
      manager,
    );
    if (pruneExpired) await db.execute('DELETE FROM admin_sessions WHERE expires_at < $1', [db.date(new Date())], manager);
  });
}

export async function destroyAdminSession(db: Database, sid: string): Promise<void> {
  await db.write((manager) => db.execute('DELETE FROM admin_sessions WHERE sid = $1', [sid], manager));
}

/**
 * Ends an admin user's login sessions — all of them, or all but the one given (the session that changed the
 * password stays logged in). Runs in the caller's transaction, so it commits with the password change.
 */
export function endAdminSessions(db: Database, manager: EntityManager, adminUserId: number, keepSid: string | null = null): Promise<number> {
  return keepSid
    ? db.execute('DELETE FROM admin_sessions WHERE admin_user_id = $1 AND sid <> $2', [adminUserId, keepSid], manager)
    : db.execute('DELETE FROM admin_sessions WHERE admin_user_id = $1', [adminUserId], manager);
}
