import type pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { User } from '../../entities/index.js';
import type { Database } from './database.js';
import { isDatabaseUnavailable } from '../errors.js';
import type { HeldTurn, TurnStore } from './turn-store.js';

/**
 * PostgreSQL: the chat's advisory lock across processes, and the turn in two round trips — the server-side
 * functions of db/functions/turn.sql.ts, called through statements node-postgres prepares once per pooled
 * connection, so the server neither parses nor plans them per update.
 *
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
const CLAIM = {
  name: 'bot_claim_update',
  text: 'SELECT taken, user_row, session FROM bot_claim_update($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
};
const FINISH = { name: 'bot_finish_update', text: 'SELECT bot_finish_update($1, $2, $3, $4, $5, $6)' };

/** The chat id as the two int4 keys of pg_advisory_lock(int, int) (a space apart from the bigint-keyed locks). */
function lockKeys(orderKey: number): [number, number] {
  const key = BigInt(int(orderKey));
  return [Number(BigInt.asIntN(32, key >> 32n)), Number(BigInt.asIntN(32, key))];
}

function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

export function openPostgresTurnStore(db: Database, owner: string): TurnStore {
  return {
    async claim(turn) {
      // Everything that can throw on a mistyped update (a chat id that is not an integer) runs before a connection
      // is taken: a throw after it would leave the connection checked out for good.
      const id = int(turn.updateId);
      const [lockHi, lockLo] = turn.orderKey !== null ? lockKeys(turn.orderKey) : [null, null];
      const profile = turn.profile;
      const telegramId = profile ? int(profile.id) : null;
      // Waits at most the pool's connection timeout (PG_POOL_TIMEOUT_MS): exhaustion is a 503, not a queue. The
      // handler's own queries run on this connection too (run → db.bindConnection), so an update holds exactly one.
      const runner = db.dataSource.createQueryRunner();
      // TypeORM's postgres runner hands out the node-postgres client it holds; its type says `any`.
      const client = (await runner.connect()) as pg.PoolClient;
      const unlock = lockHi !== null ? `SELECT pg_advisory_unlock(${lockHi}, ${lockLo})` : '';
      try {
        // One statement: the lock is taken inside it before the next of its steps reads, so the lease, the user and
        // the session are read as the previous holder of the chat left them.
        const claimed = await client.query<{ taken: boolean; user_row: Record<string, unknown> | null; session: string | null }>({
          ...CLAIM,
          values: [
            id,
            owner,
            lockHi,
            lockLo,
            telegramId,
            profile?.username ?? null,
            profile?.first_name ?? null,
            profile?.last_name ?? null,
            profile?.language_code ?? null,
            turn.sessionKey,
          ],
        });
        const row = claimed.rows[0];
        if (!row.taken) {
          await release(runner); // the claim released the lock itself
          return null;
        }
        // With a profile the claim returns its user row, always (its upsert returns the row it wrote or kept).
        const user = row.user_row ? db.entityFromJsonRow(User, row.user_row) : null;
        return held(db, runner, client, { id, owner, unlock, lockHi, lockLo }, { user, session: row.session });
      } catch (error) {
        const broken = isDatabaseUnavailable(error)
          ? (error as Error)
          : await client.query(`ROLLBACK; ${unlock}`).then(
              () => undefined,
              (e: Error) => e,
            );
        await release(runner, broken);
        throw error;
      }
    },
  };
}

interface Keys {
  id: string;
  owner: string;
  unlock: string;
  lockHi: number | null;
  lockLo: number | null;
}

function held(db: Database, runner: QueryRunner, client: pg.PoolClient, keys: Keys, claimed: HeldTurn['claimed']): HeldTurn {
  return {
    claimed,
    run: (work) => db.bindConnection(runner, work),
    async finish(change) {
      // The done mark commits with the session, and the lock is released only at that commit. Flushed to disk
      // before the 200 when it carries a session; a done mark alone need not be (see DURABILITY).
      let broken: Error | undefined;
      try {
        await client.query({ ...FINISH, values: [keys.id, keys.owner, keys.lockHi, keys.lockLo, change?.key ?? null, change?.value ?? null] });
      } catch (error) {
        broken = isDatabaseUnavailable(error)
          ? (error as Error)
          : await client.query(`ROLLBACK; ${keys.unlock}`).then(
              () => undefined,
              (e: Error) => e,
            );
        throw error;
      } finally {
        await release(runner, broken);
      }
    },
    async fail(giveBack) {
      const settle = giveBack ? 'DELETE FROM processed_updates' : 'UPDATE processed_updates SET lease_owner = NULL';
      const broken = await client.query(`${settle} WHERE update_id = ${keys.id} AND lease_owner = ${db.literal(keys.owner)}; ${keys.unlock}`).then(
        () => undefined,
        (error: Error) => error,
      );
      await release(runner, broken);
    },
  };
}

/** A broken connection is closed, which releases any lock it held; a sound one goes back to the pool. */
async function release(runner: QueryRunner, broken?: Error): Promise<void> {
  // TypeORM closes (rather than pools) a broken connection only through this internal method of its runner.
  if (broken) await (runner as unknown as { releasePostgresConnection(error: Error): Promise<void> }).releasePostgresConnection(broken);
  else await runner.release();
}
