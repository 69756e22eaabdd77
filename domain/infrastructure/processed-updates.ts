import crypto from 'node:crypto';
import os from 'node:os';
import type pg from 'pg';
import { User } from '../../entities/index.js';
import type { Database } from './database.js';
import { isDatabaseUnavailable } from '../errors.js';
import { upsertTelegramUser, type TelegramProfile } from '../users.js';

/** Telegram keeps undelivered updates for 24 h but may reuse ids after a quiet week: keep marks 7 days. */
export const PROCESSED_UPDATE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * One update's turn, as the webhook runs it (issue 15; the design's webhook row):
 *
 * 1. **Its chat's turn.** Updates of one chat (or one user, for updates without a chat) run strictly one after
 *    another. In-process, a queue per chat — so a process holds at most one database connection per chat, however
 *    many of its updates arrive together. On PostgreSQL, across processes, a session advisory lock keyed by the
 *    chat, on one pooled connection held for the update's duration (the cost: one connection per chat being
 *    handled; the pool's bounded wait turns exhaustion into a 503, never a queue up to Telegram's timeout).
 * 2. **A lease on the update** in `processed_updates` (owner, taken_at), taken inside the turn. It is "done"
 *    (owner null) only in the same commit as the handler's session write, after the handler's own work
 *    committed. A copy of the update waits for the chat's turn, so it is answered only once the original is
 *    done, and then as a duplicate. A lease found not done inside the turn belongs to a process that died (its
 *    lock went with its connection) or gave up: it is taken over, so Telegram's redelivery is processed — a reply
 *    may be sent twice, a registration never happens twice (the domain's rules hold).
 * 3. **The hot path in one round trip** on PostgreSQL: lock, lease, user upsert and session read in one statement;
 *    the session write, the done mark and the unlock in one more (the write skipped when the session is
 *    unchanged). Both are server-side functions called through prepared statements, so the server does not plan
 *    them per update. SQLite serves one process, so the in-process queue is the whole lock there.
 */
export interface UpdateTurn {
  updateId: number;
  /** The chat (or user) whose updates are ordered; null: no order needed (e.g. a poll update). */
  orderKey: number | null;
  /** The person behind the update whose row is upserted; null: none (a group chat, a channel, a bot). */
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

/** Who holds a lease: this process. Hex and dashes only (it is written into SQL as a literal). */
export function newLeaseOwner(): string {
  const host = os.hostname().replace(/[^A-Za-z0-9-]/g, '').slice(0, 30);
  return `${host}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
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
export async function runUpdateTurn(
  db: Database,
  owner: string,
  turn: UpdateTurn,
  work: (claimed: ClaimedUpdate) => Promise<SessionChange | null>,
): Promise<TurnResult> {
  const run = () => (db.isPostgres ? runPostgres(db, owner, turn, work) : runSqlite(db, owner, turn, work));
  return turn.orderKey === null ? run() : inLocalTurn(db, turn.orderKey, run);
}

// ---------------------------------------------------------------------------------------------------------
// SQLite: one process; the in-process queue is the chat's turn.

async function runSqlite(db: Database, owner: string, turn: UpdateTurn, work: (claimed: ClaimedUpdate) => Promise<SessionChange | null>): Promise<TurnResult> {
  const takeOver = turn.orderKey !== null ? 'WHERE processed_updates.lease_owner IS NOT NULL' : 'WHERE false';
  const taken = await db.writeStatement(
    `INSERT INTO processed_updates (update_id, processed_at, lease_owner, lease_taken_at) VALUES ($1, $2, $3, $2)
       ON CONFLICT (update_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_taken_at = excluded.lease_taken_at ${takeOver}`,
    [turn.updateId, db.date(new Date()), owner],
  );
  if (taken === 0) return 'duplicate';
  let change: SessionChange | null;
  try {
    const user = turn.profile ? await upsertTelegramUser(db, turn.profile) : null;
    const [row] = turn.sessionKey ? await db.query<{ value: string }>('SELECT value FROM bot_sessions WHERE key = $1', [turn.sessionKey]) : [];
    change = await work({ user, session: row?.value ?? null });
  } catch (error) {
    await settleAfterFailure(db, owner, turn.updateId, error);
    throw error;
  }
  await db.write(async (manager) => {
    if (change) await writeSession(db, change, manager);
    await db.execute('UPDATE processed_updates SET lease_owner = NULL WHERE update_id = $1 AND lease_owner = $2', [turn.updateId, owner], manager);
  });
  return 'done';
}

async function writeSession(db: Database, change: SessionChange, manager: Parameters<Database['execute']>[2]): Promise<void> {
  if (change.value === null) {
    await db.execute('DELETE FROM bot_sessions WHERE key = $1', [change.key], manager);
  } else {
    await db.execute(
      `INSERT INTO bot_sessions (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [change.key, change.value, db.date(new Date())],
      manager,
    );
  }
}

/** After a failed handler: give the lease back when the database was unreachable, else mark it done. */
async function settleAfterFailure(db: Database, owner: string, updateId: number, error: unknown): Promise<void> {
  const sql = isDatabaseUnavailable(error)
    ? 'DELETE FROM processed_updates WHERE update_id = $1 AND lease_owner = $2'
    : 'UPDATE processed_updates SET lease_owner = NULL WHERE update_id = $1 AND lease_owner = $2';
  // Best effort: if this fails too, the lease stays and is taken over by the redelivery.
  await db.writeStatement(sql, [updateId, owner]).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL: the advisory lock across processes, the hot path in one round trip.

/**
 * DURABILITY. A commit normally waits for its WAL to reach the disk (a flush costs this machine ~0.3 ms of an
 * update's CPU). Two of the turn's commits skip that wait (`synchronous_commit = off`), because losing them in a
 * server crash loses nothing the update's sender was promised:
 * - the claim (the lease and the user upsert): WAL is flushed in order, so every later flushed commit — the
 *   handler's own transactions, the done mark with a session — flushes the claim first. Lost alone, the update
 *   was not answered 200 yet, and Telegram's redelivery is processed afresh, as after a takeover;
 * - a done mark without a session change: the 200 that follows is what stops Telegram's redelivery. Lost, it could
 *   only let a redelivery be processed again — the takeover case: a reply may go out twice, a registration never
 *   happens twice. The handler's own writes committed (and were flushed) in their own transactions before it.
 * A done mark that carries a session change is flushed before the 200: that session is the user's accepted work.
 */

/** The chat id as the two int4 keys of pg_advisory_lock(int, int) (a space apart from the bigint-keyed locks). */
function lockKeys(orderKey: number): [number, number] {
  const key = BigInt(int(orderKey));
  return [Number(BigInt.asIntN(32, key >> 32n)), Number(BigInt.asIntN(32, key))];
}

function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

/**
 * The turn's two statements, server-side functions (migrations/1700000000801-update-turn-functions.ts) called
 * through statements prepared once per pooled connection: the server neither parses nor plans them per update.
 */
const CLAIM = {
  name: 'bot_claim_update',
  text: 'SELECT taken, user_row, session FROM bot_claim_update($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
};
const FINISH = { name: 'bot_finish_update', text: 'SELECT bot_finish_update($1, $2, $3, $4, $5, $6)' };

async function runPostgres(db: Database, owner: string, turn: UpdateTurn, work: (claimed: ClaimedUpdate) => Promise<SessionChange | null>): Promise<TurnResult> {
  // Waits at most the pool's connection timeout (PG_POOL_TIMEOUT_MS): exhaustion is a 503, not a queue. The
  // handler's own queries run on this connection too (db.bindConnection), so an update holds exactly one.
  // Everything that can throw on a mistyped update (a chat id that is not an integer) runs before a connection
  // is taken: a throw after it would leave the connection checked out for good.
  const id = int(turn.updateId);
  const [lockHi, lockLo] = turn.orderKey !== null ? lockKeys(turn.orderKey) : [null, null];
  const unlock = lockHi !== null ? `SELECT pg_advisory_unlock(${lockHi}, ${lockLo})` : '';
  const profile = turn.profile;
  const telegramId = profile ? int(profile.id) : null;
  const runner = db.dataSource.createQueryRunner();
  // TypeORM's postgres runner hands out the node-postgres client it holds; its type says `any`.
  const client = (await runner.connect()) as pg.PoolClient;
  let broken: Error | undefined;
  let settled = false;
  try {
    // One statement: the lock is taken inside it before the next of its steps reads, so the lease, the user and
    // the session are read as the previous holder of the chat left them.
    const claimed = await client.query<{ taken: boolean; user_row: Record<string, unknown> | null; session: string | null }>({
      ...CLAIM,
      values: [id, owner, lockHi, lockLo, telegramId, profile?.username ?? null, profile?.first_name ?? null,
        profile?.last_name ?? null, profile?.language_code ?? null, turn.sessionKey],
    });
    const row = claimed.rows[0];
    if (!row.taken) {
      settled = true; // the claim released the lock itself
      return 'duplicate';
    }

    let change: SessionChange | null;
    try {
      // With a profile the claim returns its user row, always (its upsert returns the row it wrote or kept).
      const user = row.user_row ? db.entityFromJsonRow(User, row.user_row) : null;
      change = await db.bindConnection(runner, () => work({ user, session: row.session }));
    } catch (error) {
      settled = true;
      const giveBack = isDatabaseUnavailable(error);
      await client
        .query(`${giveBack ? 'DELETE FROM processed_updates' : 'UPDATE processed_updates SET lease_owner = NULL'} WHERE update_id = ${id} AND lease_owner = ${db.literal(owner)}; ${unlock}`)
        .catch((settleError: Error) => (broken = settleError));
      throw error;
    }
    // The done mark commits with the session, and the lock is released only at that commit. Flushed to disk
    // before the 200 when it carries a session; a done mark alone need not be (see DURABILITY).
    await client.query({ ...FINISH, values: [id, owner, lockHi, lockLo, change?.key ?? null, change?.value ?? null] });
    return 'done';
  } catch (error) {
    if (isDatabaseUnavailable(error)) broken = error as Error;
    else if (!settled) await client.query(`ROLLBACK; ${unlock}`).catch((e: Error) => (broken = e));
    throw error;
  } finally {
    // A broken connection is closed, which releases any lock it held.
    // TypeORM closes (rather than pools) a broken connection only through this internal method of its runner.
    if (broken) await (runner as unknown as { releasePostgresConnection(error: Error): Promise<void> }).releasePostgresConnection(broken);
    else await runner.release();
  }
}

export async function pruneProcessedUpdates(db: Database, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - PROCESSED_UPDATE_RETENTION_MS);
  await db.write((manager) => db.execute('DELETE FROM processed_updates WHERE processed_at < $1 AND lease_owner IS NULL', [db.date(cutoff)], manager));
}

/** The bench's "minimal pipeline": a bare dedupe mark, the floor under any bot on this stack. */
export async function claimUpdate(db: Database, updateId: number): Promise<boolean> {
  const inserted = await db.writeStatement(
    'INSERT INTO processed_updates (update_id, processed_at) VALUES ($1, $2) ON CONFLICT (update_id) DO NOTHING',
    [updateId, db.date(new Date())],
  );
  return inserted > 0;
}
