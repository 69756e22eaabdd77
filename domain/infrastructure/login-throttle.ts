import type { Database } from './database.js';
import { toDate } from '../time.js';

export interface ThrottleLimit {
  /** Attempts allowed per key and window. */
  max: number;
  windowMs: number;
}

export interface ThrottleVerdict {
  allowed: boolean;
  /** When the window of the key that refused ends (for Retry-After). */
  retryAfterMs: number;
}

const PRUNE_EVERY_MS = 10 * 60 * 1000;

/**
 * Counts attempts per key (a client address; an e-mail with an address; an account's password form) in the
 * database, so every process shares one limit. An attempt is counted BEFORE the password is checked, in one
 * atomic statement per key: of 200 parallel wrong logins only `max` reach argon2, the rest are refused at
 * once. A success gives its attempt back (`forgive`), so successful logins never lock anybody out.
 */
export class LoginThrottle {
  private lastPrune = 0;
  /** The longest window a key was counted in: pruning keeps every row younger than that. */
  private longestWindowMs = 0;

  constructor(private readonly db: Database) {}

  /** Counts one attempt for each key; refused when any key is over its limit in its current window. */
  async attempt(keys: Array<{ key: string; limit: ThrottleLimit }>, now = new Date()): Promise<ThrottleVerdict> {
    let verdict: ThrottleVerdict = { allowed: true, retryAfterMs: 0 };
    for (const { key, limit } of keys) {
      const windowStart = new Date(now.getTime() - limit.windowMs);
      // A window that ended starts afresh at 1; otherwise one more. One statement: concurrent attempts serialize on the row.
      const rows = await this.db.writeStatementReturning<{ attempts: number | string; window_started_at: Date | string }>(
        `INSERT INTO admin_login_attempts (key, attempts, window_started_at) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           attempts = CASE WHEN admin_login_attempts.window_started_at <= $3 THEN 1 ELSE admin_login_attempts.attempts + 1 END,
           window_started_at = CASE WHEN admin_login_attempts.window_started_at <= $3 THEN $2 ELSE admin_login_attempts.window_started_at END
         RETURNING attempts, window_started_at`,
        [key, this.db.date(now), this.db.date(windowStart)],
      );
      const row = rows[0];
      if (row && Number(row.attempts) > limit.max) {
        const started = toDate(row.window_started_at).getTime();
        verdict = { allowed: false, retryAfterMs: Math.max(verdict.retryAfterMs, started + limit.windowMs - now.getTime()) };
      }
    }
    this.longestWindowMs = Math.max(this.longestWindowMs, ...keys.map((k) => k.limit.windowMs));
    await this.pruneNowAndThen(now, this.longestWindowMs);
    return verdict;
  }

  /** The attempts counted on a key in its current window (0 when its window has ended), without counting one. */
  async count(key: string, windowMs: number, now = new Date()): Promise<number> {
    const rows = await this.db.query<{ attempts: number | string; window_started_at: Date | string }>(
      'SELECT attempts, window_started_at FROM admin_login_attempts WHERE key = $1',
      [key],
    );
    const row = rows[0];
    if (!row || toDate(row.window_started_at).getTime() <= now.getTime() - windowMs) return 0;
    return Number(row.attempts);
  }

  /** A success: its attempt did not count. */
  async forgive(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.db.writeStatement('UPDATE admin_login_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0', [key]);
    }
  }

  /** Clears a key (e.g. the e-mail-and-address key after a successful login). */
  async reset(key: string): Promise<void> {
    await this.db.writeStatement('DELETE FROM admin_login_attempts WHERE key = $1', [key]);
  }

  private async pruneNowAndThen(now: Date, longestWindowMs: number): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await this.db.writeStatement('DELETE FROM admin_login_attempts WHERE window_started_at < $1', [this.db.date(new Date(now.getTime() - longestWindowMs))]);
  }
}
