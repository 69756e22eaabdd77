import type { Session } from 'fastify';
import type { Database } from '../domain/database.js';
import './session-types.js';
import { toDate } from '../domain/time.js';

type Callback<T = void> = (error?: unknown, value?: T) => void;

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * @fastify/session store over the `admin_sessions` table, so logins survive restarts and work across several
 * processes. The session is kept as JSON with its expiry; expired rows are ignored and pruned now and then.
 * Writes go through `db.write` (the one place that serializes write transactions on SQLite).
 */
export class DatabaseSessionStore {
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly defaultTtlMs: number,
  ) {}

  get(sid: string, callback: Callback<Session | null>): void {
    this.db
      .query<{ data: string; expires_at: Date | string }>('SELECT data, expires_at FROM admin_sessions WHERE sid = $1', [sid])
      .then((rows) => {
        const row = rows[0];
        if (!row || toDate(row.expires_at).getTime() <= Date.now()) return callback(null, null);
        callback(null, JSON.parse(row.data));
      }, callback);
  }

  set(sid: string, session: Session & { cookie?: { expires?: Date | string | null } }, callback: Callback): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + this.defaultTtlMs);
    const data = JSON.stringify(session);
    // Whose session it is: a password change ends the others, deleting the account ends all (cascade).
    const adminUserId = session.adminUser?.id ? Number(session.adminUser.id) : null;
    this.db
      .write(async (manager) => {
        await this.db.execute(
          `INSERT INTO admin_sessions (sid, data, expires_at, admin_user_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at, admin_user_id = excluded.admin_user_id`,
          [sid, data, this.db.date(expires), adminUserId],
          manager,
        );
        if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
          this.lastPrune = Date.now();
          await this.db.execute('DELETE FROM admin_sessions WHERE expires_at < $1', [this.db.date(new Date())], manager);
        }
      })
      .then(() => callback(), callback);
  }

  destroy(sid: string, callback: Callback): void {
    this.db
      .write((manager) => this.db.execute('DELETE FROM admin_sessions WHERE sid = $1', [sid], manager))
      .then(() => callback(), callback);
  }
}

