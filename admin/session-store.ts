import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Database } from '../domain/infrastructure/database.js';
import './session-types.js';
import { destroyAdminSession, readAdminSession, saveAdminSession } from '../domain/infrastructure/admin-sessions.js';

type Callback<T = void> = (error?: unknown, value?: T) => void;

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** The @fastify/session store: the callback interface over domain/infrastructure/admin-sessions.ts. */
export class DatabaseSessionStore implements SessionStore {
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly defaultTtlMs: number,
  ) {}

  get(sid: string, callback: Callback<Session | null>): void {
    readAdminSession<Session>(this.db, sid).then((session) => callback(null, session), callback);
  }

  set<S extends { cookie?: { expires?: Date | string | null }; adminUser?: { id?: string | number } }>(sid: string, session: S, callback: Callback): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + this.defaultTtlMs);
    const prune = Date.now() - this.lastPrune > PRUNE_EVERY_MS;
    if (prune) this.lastPrune = Date.now();
    const adminUserId = session.adminUser?.id ? Number(session.adminUser.id) : null;
    saveAdminSession(this.db, sid, session, expires, adminUserId, prune).then(() => callback(), callback);
  }

  destroy(sid: string, callback: Callback): void {
    destroyAdminSession(this.db, sid).then(() => callback(), callback);
  }
}
