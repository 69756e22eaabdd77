import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../db/data-source.js';
import { isDatabaseUnavailable } from '../../domain/errors.js';
import { Database } from '../../domain/infrastructure/database.js';
import { newLeaseOwner, openTurnStore, runUpdateTurn, type ClaimedUpdate, type SessionChange, type UpdateTurn } from '../../domain/infrastructure/turn-store.js';
import { newUpdateId } from '../../devkit/conversation.js';
import { adminQuery, createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { eventually } from '../../devkit/eventually.js';
import { TcpProxy } from '../../devkit/tcp-proxy.js';

/**
 * The turn's contract (domain/infrastructure/turn-store.ts), the same cases on the database of TEST_DB. The
 * database "goes away" as it does in production: PostgreSQL behind a proxy the test cuts (every connection
 * dropped, new ones refused), SQLite locked by another connection for longer than the busy timeout. "Another
 * process" is a second data source on PostgreSQL; SQLite serves one process, so there it is the same one.
 */

let database: TestDatabase;
/** The process under test: on PostgreSQL its connections go through `proxy`. */
let db: Database;
/** Another process on the same database (never cut). */
let other: Database;
let proxy: TcpProxy | null = null;
let sqliteBlocker: sqlite3.Database | null = null;

async function open(target: TestDatabase['target']): Promise<Database> {
  const dataSource = createDataSource({ database: target, migrationsRun: true, pgPoolSize: 2, pgMaxOverflow: 4, pgPoolTimeoutMs: 2_000 });
  await dataSource.initialize();
  return new Database(dataSource);
}

beforeAll(async () => {
  database = await createTestDatabase();
  if (database.target.kind === 'postgres') {
    const direct = new URL(database.url);
    proxy = await new TcpProxy(direct.hostname, Number(direct.port || 5432)).start();
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    db = await open({ kind: 'postgres', url: viaProxy.toString() });
    other = await open(database.target);
  } else {
    db = await open(database.target);
    // A lock held past this is "the database is unavailable" (SQLITE_BUSY), as it would be under a stuck writer.
    await db.query('PRAGMA busy_timeout = 300');
    other = db;
  }
});

afterAll(async () => {
  await restoreDatabase();
  await db?.dataSource.destroy();
  if (other !== db) await other?.dataSource.destroy();
  await proxy?.restore();
  await database?.drop();
});

async function loseDatabase(): Promise<void> {
  if (proxy) return proxy.cut();
  sqliteBlocker = await new Promise<sqlite3.Database>((resolve, reject) => {
    const blocker = new sqlite3.Database((database.target as { path: string }).path, (error) => (error ? reject(error) : resolve(blocker)));
  });
  await new Promise<void>((resolve, reject) => sqliteBlocker!.exec('BEGIN IMMEDIATE', (error) => (error ? reject(error) : resolve())));
}

async function restoreDatabase(): Promise<void> {
  if (proxy) return proxy.restore();
  const blocker = sqliteBlocker;
  sqliteBlocker = null;
  if (blocker) await new Promise<void>((resolve) => blocker.exec('ROLLBACK', () => blocker.close(() => resolve())));
}

let nextChat = 400_000_000 + Math.floor(Math.random() * 1_000_000) * 100;

/** A private chat's update, as the pipeline describes it. */
function privateUpdate(chat = ++nextChat, profile: Partial<UpdateTurn['profile']> = {}): UpdateTurn {
  return { updateId: newUpdateId(), orderKey: chat, profile: { id: chat, first_name: 'Olga', ...profile }, sessionKey: `${chat}:${chat}` };
}

async function lease(updateId: number): Promise<{ lease_owner: string | null } | undefined> {
  const [row] = await other.query<{ lease_owner: string | null }>('SELECT lease_owner FROM processed_updates WHERE update_id = $1', [updateId]);
  return row;
}

async function session(key: string): Promise<string | null> {
  const [row] = await other.query<{ value: string }>('SELECT value FROM bot_sessions WHERE key = $1', [key]);
  return row?.value ?? null;
}

/** Resolves once an update of `chat` waits for the chat's turn held by another (visible on PostgreSQL only). */
async function someoneWaitsFor(chat: number): Promise<void> {
  if (!proxy) return; // SQLite: the in-process queue, nothing to see from outside
  await eventually(
    async () => {
      const [row] = await other.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND classid = 0 AND objid = $1 AND NOT granted`,
        [chat],
      );
      return row.n > 0;
    },
    { what: `an update of chat ${chat} waiting for its turn`, everyMs: 10 },
  );
}

/** The original process dies holding the update: on PostgreSQL its connection goes, and the chat's lock with it. */
async function crashHolderOf(chat: number): Promise<void> {
  if (!proxy) return; // SQLite: the process and its in-process queue are gone; its lease stays
  await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND classid = 0 AND objid = ${chat} AND granted`);
}

function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe(`the webhook's turn (${TEST_DB})`, () => {
  it('runs an update once, writes its session with the done mark, and answers its copy as a duplicate', async () => {
    const store = openTurnStore(db, newLeaseOwner());
    const turn = privateUpdate();
    const seen: ClaimedUpdate[] = [];
    const work = async (claimed: ClaimedUpdate): Promise<SessionChange> => {
      seen.push(claimed);
      return { key: turn.sessionKey!, value: '{"step":"reg_name"}' };
    };
    expect(await runUpdateTurn(db, store, turn, work)).toBe('done');
    expect(await runUpdateTurn(db, store, turn, work)).toBe('duplicate');
    expect(seen).toHaveLength(1);
    expect(seen[0].session).toBeNull();
    expect(seen[0].user).toMatchObject({ telegramId: turn.profile!.id, firstName: 'Olga' });
    expect(await lease(turn.updateId)).toEqual({ lease_owner: null });
    expect(await session(turn.sessionKey!)).toBe('{"step":"reg_name"}');

    // The next update of the chat reads that session; a null change value deletes it.
    const next = { ...turn, updateId: newUpdateId() };
    let read: string | null = null;
    await runUpdateTurn(db, store, next, async (claimed) => ((read = claimed.session), { key: turn.sessionKey!, value: null }));
    expect(read).toBe('{"step":"reg_name"}');
    expect(await session(turn.sessionKey!)).toBeNull();
  });

  it('runs copies delivered at the same moment once, in two processes, with and without a chat', async () => {
    for (const turn of [privateUpdate(), { updateId: newUpdateId(), orderKey: null, profile: null, sessionKey: null }]) {
      let runs = 0;
      const work = async () => {
        runs++;
        return null;
      };
      const results = await Promise.all([
        runUpdateTurn(db, openTurnStore(db, newLeaseOwner()), turn, work),
        runUpdateTurn(other, openTurnStore(other, newLeaseOwner()), turn, work),
        runUpdateTurn(db, openTurnStore(db, newLeaseOwner()), turn, work),
      ]);
      expect(results.sort()).toEqual(['done', 'duplicate', 'duplicate']);
      expect(runs).toBe(1);
    }
  });

  it('takes over the lease of a process that died holding the update, and only under the chat’s order', async () => {
    const turn = privateUpdate();
    const original = (await openTurnStore(db, newLeaseOwner()).claim(turn))!;
    expect(original).not.toBeNull();
    await crashHolderOf(turn.orderKey!);

    let runs = 0;
    const redelivery = await runUpdateTurn(other, openTurnStore(other, newLeaseOwner()), turn, async () => (runs++, null));
    expect([redelivery, runs]).toEqual(['done', 1]);
    expect(await lease(turn.updateId)).toEqual({ lease_owner: null });
    // The dead holder's last words change nothing (its lease is no longer its own).
    await original.fail(true);
    expect(await lease(turn.updateId)).toEqual({ lease_owner: null });

    // Without a chat nothing says the holder is gone: its copy is a duplicate.
    const unordered: UpdateTurn = { updateId: newUpdateId(), orderKey: null, profile: null, sessionKey: null };
    const holder = (await openTurnStore(db, newLeaseOwner()).claim(unordered))!;
    expect(await runUpdateTurn(other, openTurnStore(other, newLeaseOwner()), unordered, async () => null)).toBe('duplicate');
    await holder.finish(null);
  });

  it('runs a chat’s updates one after another, each seeing the session the previous one left; other chats go on', async () => {
    const first = privateUpdate();
    const second = { ...privateUpdate(first.orderKey!), updateId: newUpdateId() };
    const elsewhere = privateUpdate();
    const firstMayEnd = gate();
    const firstStarted = gate();
    const events: string[] = [];

    const one = runUpdateTurn(db, openTurnStore(db, newLeaseOwner()), first, async () => {
      events.push('first starts');
      firstStarted.open();
      await firstMayEnd.promise;
      events.push('first ends');
      return { key: first.sessionKey!, value: '{"n":1}' };
    });
    await firstStarted.promise;
    let secondRead: string | null = null;
    const two = runUpdateTurn(other, openTurnStore(other, newLeaseOwner()), second, async (claimed) => {
      events.push('second starts');
      secondRead = claimed.session;
      return { key: second.sessionKey!, value: '{"n":2}' };
    });
    // Another chat is not held up by the first one's turn.
    expect(await runUpdateTurn(db, openTurnStore(db, newLeaseOwner()), elsewhere, async () => null)).toBe('done');
    await someoneWaitsFor(first.orderKey!);
    firstMayEnd.open();
    expect(await Promise.all([one, two])).toEqual(['done', 'done']);
    expect(events).toEqual(['first starts', 'first ends', 'second starts']);
    expect(secondRead).toBe('{"n":1}');
    expect(await session(first.sessionKey!)).toBe('{"n":2}');
  });

  it('refreshes the user from Telegram’s fields, writing the row only when one changed', async () => {
    const store = openTurnStore(db, newLeaseOwner());
    const turn = privateUpdate(undefined, { username: 'olga', language_code: 'ru' });
    const telegramId = turn.profile!.id;
    await runUpdateTurn(db, store, turn, async () => null);
    const stamp = db.date(new Date('2001-02-03T04:05:06Z'));
    await other.execute('UPDATE users SET updated_at = $1 WHERE telegram_id = $2', [stamp, telegramId]);
    const updatedAt = async () =>
      new Date(
        (await other.query<{ updated_at: string | Date }>('SELECT updated_at FROM users WHERE telegram_id = $1', [telegramId]))[0].updated_at + (proxy ? '' : 'Z'),
      ).toISOString();

    let user: ClaimedUpdate['user'] = null;
    await runUpdateTurn(db, store, { ...turn, updateId: newUpdateId() }, async (claimed) => ((user = claimed.user), null));
    expect(await updatedAt()).toBe('2001-02-03T04:05:06.000Z');
    expect(user).toMatchObject({ telegramId, username: 'olga', languageCode: 'ru', isBlocked: false });

    await other.execute('UPDATE users SET is_blocked = $1 WHERE telegram_id = $2', [true, telegramId]);
    await runUpdateTurn(db, store, { ...turn, updateId: newUpdateId(), profile: { ...turn.profile!, first_name: 'Olya' } }, async (claimed) => ((user = claimed.user), null));
    expect(await updatedAt()).not.toBe('2001-02-03T04:05:06.000Z');
    expect(user).toMatchObject({ telegramId, firstName: 'Olya', isBlocked: false });
    const [row] = await other.query<{ n: number }>('SELECT count(*) AS n FROM users WHERE telegram_id = $1', [telegramId]);
    expect(Number(row.n)).toBe(1);
  });

  it('marks a poison update done (its error rethrown), so its redelivery is a duplicate', async () => {
    const store = openTurnStore(db, newLeaseOwner());
    const turn = privateUpdate();
    await expect(
      runUpdateTurn(db, store, turn, async () => {
        throw new Error('a bug in a handler');
      }),
    ).rejects.toThrow('a bug in a handler');
    expect(await lease(turn.updateId)).toEqual({ lease_owner: null });
    expect(await runUpdateTurn(db, store, turn, async () => null)).toBe('duplicate');
  });

  it('gives the lease back when the handler found the database unavailable and the turn can still say so', async () => {
    // E.g. a handler's wait for a pool connection timed out while the turn's own connection is sound.
    const turn = privateUpdate();
    await expect(
      runUpdateTurn(db, openTurnStore(db, newLeaseOwner()), turn, async () => {
        throw new Error('timeout exceeded when trying to connect');
      }),
    ).rejects.toThrow('timeout exceeded');
    expect(await lease(turn.updateId)).toBeUndefined();
    expect(await runUpdateTurn(db, openTurnStore(db, newLeaseOwner()), turn, async () => null)).toBe('done');
  });

  describe('the database lost', () => {
    /** After the loss: not done, and the redelivery (once the database is back) is processed with its session. */
    async function expectRedeliveryProcessed(turn: UpdateTurn, failed: Promise<unknown>): Promise<void> {
      const error = await failed.then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(error)).toBe(true);
      await restoreDatabase();
      expect((await lease(turn.updateId))?.lease_owner ?? 'no mark').not.toBeNull();
      expect(await session(turn.sessionKey!)).toBeNull();

      let runs = 0;
      const redelivery = await runUpdateTurn(db, openTurnStore(db, newLeaseOwner()), turn, async () => {
        runs++;
        return { key: turn.sessionKey!, value: '{"step":"reg_phone"}' };
      });
      expect([redelivery, runs]).toEqual(['done', 1]);
      expect(await lease(turn.updateId)).toEqual({ lease_owner: null });
      expect(await session(turn.sessionKey!)).toBe('{"step":"reg_phone"}');
    }

    it('at the claim', async () => {
      const turn = privateUpdate();
      let runs = 0;
      await loseDatabase();
      await expectRedeliveryProcessed(
        turn,
        runUpdateTurn(db, openTurnStore(db, newLeaseOwner()), turn, async () => (runs++, null)),
      );
      expect(runs).toBe(0);
    });

    it('inside the handler', async () => {
      const turn = privateUpdate();
      const failed = runUpdateTurn(db, openTurnStore(db, newLeaseOwner()), turn, async () => {
        await loseDatabase();
        // The handler's own write, on the turn's connection.
        await db.writeStatement('UPDATE users SET phone = $1 WHERE telegram_id = $2', ['+70000000000', turn.profile!.id]);
        return { key: turn.sessionKey!, value: '{"lost":true}' };
      });
      await expectRedeliveryProcessed(turn, failed);
    });

    it('at the finish', async () => {
      const turn = privateUpdate();
      const failed = runUpdateTurn(db, openTurnStore(db, newLeaseOwner()), turn, async () => {
        await loseDatabase();
        return { key: turn.sessionKey!, value: '{"lost":true}' };
      });
      await expectRedeliveryProcessed(turn, failed);
    });
  });
});
