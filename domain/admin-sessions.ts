import type { Database } from './database.js';
import { toDate } from './time.js';

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

/** Saves (inserts or replaces) a session; `pruneExpired` also deletes every expired one in the same transaction. */
export function saveAdminSession(db: Database, sid: string, data: unknown, expiresAt: Date, pruneExpired = false): Promise<void> {
  return db.write(async (manager) => {
    await db.execute(
      `INSERT INTO admin_sessions (sid, data, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
      [sid, JSON.stringify(data), db.date(expiresAt)],
      manager,
    );
    if (pruneExpired) await db.execute('DELETE FROM admin_sessions WHERE expires_at < $1', [db.date(new Date())], manager);
  });
}

export async function destroyAdminSession(db: Database, sid: string): Promise<void> {
  await db.write((manager) => db.execute('DELETE FROM admin_sessions WHERE sid = $1', [sid], manager));
}
