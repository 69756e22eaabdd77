import type { Database } from '../domain/database.js';
import type { RegistrationRole } from '../entities/index.js';

/** Where the user is in a multi-step form. Business state lives in the domain tables, not here. */
export type Step = 'reg_name' | 'reg_phone' | 'reg_consent' | 'reg_waitlist' | 'edit_name' | 'edit_phone';

export interface SessionData {
  step?: Step;
  /** The registration being filled in. */
  draft?: { competitionId: number; role: RegistrationRole };
}

/**
 * Telegraf session store over `bot_sessions` (key → JSON): conversation state survives restarts and is
 * shared by every process behind the webhook. An empty session is no row at all; an unchanged session is
 * not written again (most updates only read it).
 */
export class DatabaseSessionStore {
  /** JSON as read by `get`, to skip writing it back unchanged. Entries live only during one update. */
  private readonly loaded = new Map<string, string>();

  constructor(private readonly db: Database) {}

  async get(key: string): Promise<SessionData | undefined> {
    const [row] = await this.db.query<{ value: string }>('SELECT value FROM bot_sessions WHERE key = $1', [key]);
    this.loaded.set(key, row?.value ?? '{}');
    return row ? (JSON.parse(row.value) as SessionData) : undefined;
  }

  async set(key: string, session: SessionData): Promise<void> {
    const value = JSON.stringify(session);
    const before = this.loaded.get(key);
    this.loaded.delete(key);
    if (value === before) return;
    if (value === '{}') return this.delete(key);
    await this.db.writeStatement(
      `INSERT INTO bot_sessions (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, value, this.db.date(new Date())],
    );
  }

  async delete(key: string): Promise<void> {
    this.loaded.delete(key);
    await this.db.writeStatement('DELETE FROM bot_sessions WHERE key = $1', [key]);
  }
}
