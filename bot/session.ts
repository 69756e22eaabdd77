import type { Context, MiddlewareFn } from 'telegraf';
import type { Database } from '../domain/infrastructure/database.js';
import type { Update } from 'telegraf/types';
import type { RegistrationRole } from '../entities/index.js';

/** Where the user is in a multi-step form. Business state lives in the domain tables, not here. */
export type Step = 'reg_name' | 'reg_phone' | 'reg_consent' | 'reg_waitlist' | 'edit_name' | 'edit_phone';

export interface SessionData {
  step?: Step;
  /**
   * The registration being filled in. Name and phone typed in the form wait here and reach the profile
   * only when the user consents: a declined form leaves no personal data behind.
   */
  draft?: { competitionId: number; role: RegistrationRole; title?: string; fullName?: string; phone?: string };
  /**
   * The message that shows the form's current step with inline buttons: a typed answer takes its buttons
   * away (a pressed one edits it into the next step), so no spent form keyboard stays live in the chat.
   */
  screen?: number;
}

/** The JSON a session was read as, kept on the session object itself (symbols are not serialized). */
const LOADED = Symbol('loaded as');
type Loaded = SessionData & { [LOADED]?: string };

function markLoaded(session: SessionData, json: string): SessionData {
  Object.defineProperty(session, LOADED, { value: json, enumerable: false, configurable: true, writable: true });
  return session;
}

/**
 * Telegraf session store over `bot_sessions` (key → JSON): conversation state survives restarts and is
 * shared by every process behind the webhook. An empty session is no row at all; a session written back
 * unchanged costs nothing (most updates only read it).
 */
export class DatabaseSessionStore {
  constructor(private readonly db: Database) {}

  async get(key: string): Promise<SessionData> {
    const [row] = await this.db.query<{ value: string }>('SELECT value FROM bot_sessions WHERE key = $1', [key]);
    const json = row?.value ?? '{}';
    return markLoaded(JSON.parse(json) as SessionData, json);
  }

  async set(key: string, session: SessionData): Promise<void> {
    const value = JSON.stringify(session);
    if (value === (session as Loaded)[LOADED]) return;
    if (value === '{}') {
      await this.db.writeStatement('DELETE FROM bot_sessions WHERE key = $1', [key]);
    } else {
      await this.db.writeStatement(
        `INSERT INTO bot_sessions (key, value, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [key, value, this.db.date(new Date())],
      );
    }
    markLoaded(session, value);
  }

  async delete(key: string): Promise<void> {
    await this.db.writeStatement('DELETE FROM bot_sessions WHERE key = $1', [key]);
  }
}

/**
 * `ctx.session` for every update of a person in a private chat (key `from:chat`, as Telegraf's own session
 * keyed it; groups have none). Behind the webhook the session was read with the update's lease and is written back with its done mark
 * (bot/pipeline.ts), only when it changed; polling uses the store. Updates of one chat run one at a time (the
 * pipeline's turn), so no two handlers share a session at once — Telegraf's "last write wins" race is gone.
 */
export function sessionMiddleware<C extends Context & { session: SessionData }>(
  store: DatabaseSessionStore,
  loadedFor: (update: Update) => { session: string | null; change: { key: string; value: string | null } | null } | undefined,
): MiddlewareFn<C> {
  return async (ctx, next) => {
    const key = ctx.from && ctx.chat?.type === 'private' ? `${ctx.from.id}:${ctx.chat.id}` : null;
    const loaded = loadedFor(ctx.update);
    if (!key) {
      ctx.session = {};
      return next();
    }
    const json = loaded ? (loaded.session ?? '{}') : null;
    ctx.session = json !== null ? (JSON.parse(json) as SessionData) : await store.get(key);
    try {
      await next();
    } finally {
      const value = JSON.stringify(ctx.session ?? {});
      if (loaded) {
        if (value !== json) loaded.change = { key, value: value === '{}' ? null : value };
      } else {
        await store.set(key, ctx.session ?? {});
      }
    }
  };
}
