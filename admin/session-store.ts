import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Database } from '../domain/database.js';
import type { CurrentAdmin } from './auth.js';
import { destroyAdminSession, readAdminSession, saveAdminSession } from '../domain/admin-sessions.js';

declare module 'fastify' {
  /** What the admin keeps in its session: who logged in (set by @adminjs/fastify at login). */
  interface Session {
    adminUser?: CurrentAdmin;
  }
}

type Callback<T = void> = (error?: unknown, value?: T) => void;

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** The @fastify/session store: the callback interface over domain/admin-sessions.ts. */
export class DatabaseSessionStore implements SessionStore {
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly defaultTtlMs: number,
  ) {}

  get(sid: string, callback: Callback<Session | null>): void {
    readAdminSession<Session>(this.db, sid).then((session) => callback(null, session), callback);
  }

  set<S extends { cookie?: { expires?: Date | string | null } }>(sid: string, session: S, callback: Callback): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + this.defaultTtlMs);
    const prune = Date.now() - this.lastPrune > PRUNE_EVERY_MS;
    if (prune) this.lastPrune = Date.now();
    saveAdminSession(this.db, sid, session, expires, prune).then(() => callback(), callback);
  }

  destroy(sid: string, callback: Callback): void {
    destroyAdminSession(this.db, sid).then(() => callback(), callback);
  }
}
