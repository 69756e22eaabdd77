import crypto from 'node:crypto';
import os from 'node:os';
import type { User } from '../../entities/index.js';
import type { Database } from './database.js';
import { isDatabaseUnavailable } from '../errors.js';
import type { TelegramProfile } from '../users.js';
import { openPostgresTurnStore } from './turn-postgres.js';
import { openSqliteTurnStore } from './turn-sqlite.js';

/**
 * One update's turn, as every update runs it (webhook and polling alike; the design's webhook row):
 *
 * 1. **Its chat's turn.** Updates of one chat (or one user, for updates without a chat) run strictly one after
 *    another. In-process, a queue per chat — so a process holds at most one database connection per chat, however
 *    many of its updates arrive together. On PostgreSQL, across processes, a session advisory lock keyed by the
 *    chat, on one pooled connection held for the update's duration (the cost: one connection per chat being
 *    handled; the pool's bounded wait turns exhaustion into a 503, never a queue up to Telegram's timeout).
 *    SQLite serves one process, so the in-process queue is the whole lock there.
 * 2. **A lease on the update** in `processed_updates` (owner, taken_at), taken inside the turn. It is "done"
 *    (owner null) only in the same commit as the handler's session write, after the handler's own work
 *    committed. A copy of the update waits for the chat's turn, so it is answered only once the original is
 *    done, and then as a duplicate. A lease found not done inside the turn belongs to a process that died (its
 *    lock went with its connection) or gave up: it is taken over, so Telegram's redelivery is processed — a reply
 *    may be sent twice, a registration never happens twice (the domain's rules hold). Updates with no order key
 *    never take over (nothing says the original is gone).
 * 3. **The user and the session come with the claim**: the user's row is refreshed from what Telegram sent (written
 *    only when something changed), the session read; the session's change is written with the done mark.
 *
 * This file decides the order of the steps and what a failure means; a TurnStore does each step on its database
 * (turn-postgres.ts, turn-sqlite.ts), and test/domain/turn-store.test.ts is the contract both keep.
 */
export interface UpdateTurn {
  updateId: number;
  /** The chat (or user) whose updates are ordered; null: no order needed (e.g. a poll update). */
  orderKey: number | null;
  /** The person behind the update whose row is refreshed; null: none (a group chat, a channel, a bot). */
  profile: TelegramProfile | null;
  /** The `bot_sessions` key to read; null: no session for this update. */
  sessionKey: string | null;
}

export interface ClaimedUpdate {
  user: User | null;
  /** The session's JSON as stored (null: no row). */
  session: string | null;
}

/** What the handler wants written when its update is done: the session's new JSON, or null to delete it. */
export interface SessionChange {
  key: string;
  value: string | null;
}

export type TurnResult = 'done' | 'duplicate';

/** The turn's steps on one database. */
export interface TurnStore {
  /**
   * Takes the chat's turn (waiting for it), then the lease, the user and the session. null: the update was done
   * already (the chat's turn is let go again). Throws when the database cannot be reached (nothing is held then).
   */
  claim(turn: UpdateTurn): Promise<HeldTurn | null>;
}

/** A claimed update: exactly one of `finish` and `fail` ends it and lets the chat's turn go. */
export interface HeldTurn {
  readonly claimed: ClaimedUpdate;
  /** Runs the handler inside the turn (on PostgreSQL its queries run on the turn's connection). */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The session's change and the done mark in one commit. Throws when that commit fails (the lease stays). */
  finish(change: SessionChange | null): Promise<void>;
  /**
   * After a failed handler: the lease given back (`giveBack`, the database was unreachable: the redelivery is
   * processed) or marked done (a poison update must not come back). Best effort, never throws: a lease it could
   * not settle stays, and the redelivery takes it over.
   */
  fail(giveBack: boolean): Promise<void>;
}

/** Who holds a lease: this process. Hex and dashes only (it is written into SQL as a literal). */
export function newLeaseOwner(): string {
  const host = os
    .hostname()
    .replace(/[^A-Za-z0-9-]/g, '')
    .slice(0, 30);
  return `${host}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
}

export function openTurnStore(db: Database, owner: string): TurnStore {
  return db.isPostgres ? openPostgresTurnStore(db, owner) : openSqliteTurnStore(db, owner);
}

const localTurns = new WeakMap<Database, Map<number, Promise<void>>>();

/** Runs `work` after every earlier piece of work queued under `key` in this process. */
async function inLocalTurn<T>(db: Database, key: number, work: () => Promise<T>): Promise<T> {
  let chains = localTurns.get(db);
  if (!chains) localTurns.set(db, (chains = new Map()));
  const previous = chains.get(key) ?? Promise.resolve();
  let release!: () => void;
  const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
  chains.set(key, tail);
  await previous;
  try {
    return await work();
  } finally {
    release();
    if (chains.get(key) === tail) chains.delete(key);
  }
}

/**
 * Runs one update: its chat's turn, the lease, the user and the session, then `work` (the bot), then the
 * session write and the done mark. 'duplicate' when the update was already done (work not run). Errors from
 * `work`: the database unavailable → the lease is given back (Telegram's redelivery is processed) and the
 * error rethrown; anything else → the update is marked done (a poison update must not come back) and rethrown.
 */
export async function runUpdateTurn(db: Database, store: TurnStore, turn: UpdateTurn, work: (claimed: ClaimedUpdate) => Promise<SessionChange | null>): Promise<TurnResult> {
  const run = async (): Promise<TurnResult> => {
    const held = await store.claim(turn);
    if (!held) return 'duplicate';
    let change: SessionChange | null;
    try {
      change = await held.run(() => work(held.claimed));
    } catch (error) {
      await held.fail(isDatabaseUnavailable(error));
      throw error;
    }
    await held.finish(change);
    return 'done';
  };
  return turn.orderKey === null ? run() : inLocalTurn(db, turn.orderKey, run);
}
