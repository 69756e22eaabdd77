import type { EntityManager } from 'typeorm';
import type { Database } from './database.js';

/**
 * Ends an admin user's login sessions — all of them, or all but the one given (the session that changed the
 * password stays logged in). Runs in the caller's transaction, so it commits with the password change.
 */
export function endAdminSessions(db: Database, manager: EntityManager, adminUserId: number, keepSid: string | null = null): Promise<number> {
  return keepSid
    ? db.execute('DELETE FROM admin_sessions WHERE admin_user_id = $1 AND sid <> $2', [adminUserId, keepSid], manager)
    : db.execute('DELETE FROM admin_sessions WHERE admin_user_id = $1', [adminUserId], manager);
}
