import type { QueryRunner } from 'typeorm';
import type { Database } from './database.js';

/** The advisory lock key of "the sender" (an arbitrary constant of this application). */
const SENDER_LOCK_KEY = 730_013_001;

/**
 * Which process sends: one at a time, chosen through the database, so that Telegram's budget (≈30/s for the
 * whole bot) is spent by one rate limiter however many processes run, and no two senders ever hold the same
 * row in flight.
 *
 * - PostgreSQL: a session-level advisory lock held on a connection of its own. When the process dies (even
 *   `kill -9`), its connection closes and PostgreSQL releases the lock at once; the others try every second,
 *   so one of them takes over within seconds. The holder checks its connection before each batch and steps
 *   down the moment it is gone.
 * - SQLite serves one process: that process is the sender.
 *
 * `hold()` answers "am I the sender now?", trying to become it when not; `tookOver` is true on the call that
 * won the lock, when the new sender must settle what a dead one left in flight.
 */
export class SenderLock {
  private runner: QueryRunner | null = null;

  constructor(private readonly db: Database) {}

  async hold(): Promise<{ held: boolean; tookOver: boolean }> {
    if (!this.db.isPostgres) {
      const tookOver = this.runner === null && !this.sqliteHeld;
      this.sqliteHeld = true;
      return { held: true, tookOver };
    }
    if (this.runner) {
      try {
        await this.runner.query('SELECT 1');
        return { held: true, tookOver: false };
      } catch {
        await this.drop();
      }
    }
    const runner = this.db.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const [row] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [SENDER_LOCK_KEY]);
      if (row?.locked === true) {
        this.runner = runner;
        return { held: true, tookOver: true };
      }
    } catch {
      // The database is unreachable: not the sender this time; the next tick tries again.
    }
    await runner.release().catch(() => undefined);
    return { held: false, tookOver: false };
  }

  private sqliteHeld = false;

  /** Steps down (shutdown): the lock is released so another process takes over at once. */
  async release(): Promise<void> {
    if (!this.runner) return;
    await this.runner.query('SELECT pg_advisory_unlock($1)', [SENDER_LOCK_KEY]).catch(() => undefined);
    await this.drop();
  }

  private async drop(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    await runner?.release().catch(() => undefined);
  }
}
