import type { EntityManager } from 'typeorm';
import { User } from '../../entities/index.js';
import type { Database } from './database.js';
import type { TelegramProfile } from '../users.js';
import type { HeldTurn, SessionChange, TurnStore } from './turn-store.js';

/**
 * SQLite: one process, so the in-process queue (turn-store.ts) is the chat's turn, and a lease found not done
 * under it was left by a process that is gone. The claim is one write transaction (lease, user, session), the finish
 * another (session and done mark); the same steps as PostgreSQL's functions in db/functions/turn.sql.ts.
 */
export function openSqliteTurnStore(db: Database, owner: string): TurnStore {
  return {
    async claim(turn) {
      const takeOver = turn.orderKey !== null ? 'WHERE processed_updates.lease_owner IS NOT NULL' : 'WHERE false';
      // One transaction: a claim that fails leaves nothing behind (the redelivery is processed).
      const claimed = await db.write(async (manager) => {
        const taken = await db.execute(
          `INSERT INTO processed_updates (update_id, processed_at, lease_owner, lease_taken_at) VALUES ($1, $2, $3, $2)
             ON CONFLICT (update_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_taken_at = excluded.lease_taken_at ${takeOver}`,
          [turn.updateId, db.date(new Date()), owner],
          manager,
        );
        if (taken === 0) return null;
        const user = turn.profile ? await refreshUser(manager, turn.profile) : null;
        const [row] = turn.sessionKey ? await db.query<{ value: string }>('SELECT value FROM bot_sessions WHERE key = $1', [turn.sessionKey], manager) : [];
        return { user, session: row?.value ?? null };
      });
      return claimed && held(db, owner, turn.updateId, claimed);
    },
  };
}

function held(db: Database, owner: string, updateId: number, claimed: HeldTurn['claimed']): HeldTurn {
  return {
    claimed,
    run: (work) => work(),
    async finish(change) {
      await db.write(async (manager) => {
        if (change) await writeSession(db, change, manager);
        await db.execute('UPDATE processed_updates SET lease_owner = NULL WHERE update_id = $1 AND lease_owner = $2', [updateId, owner], manager);
      });
    },
    async fail(giveBack) {
      const sql = giveBack
        ? 'DELETE FROM processed_updates WHERE update_id = $1 AND lease_owner = $2'
        : 'UPDATE processed_updates SET lease_owner = NULL WHERE update_id = $1 AND lease_owner = $2';
      await db.writeStatement(sql, [updateId, owner]).catch(() => undefined);
    },
  };
}

async function writeSession(db: Database, change: SessionChange, manager: EntityManager): Promise<void> {
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

/**
 * The user behind the update, refreshed from what Telegram sent: written only when a field changed (or the user
 * had blocked the bot — writing to us means they unblocked it), so most updates only read it.
 */
async function refreshUser(manager: EntityManager, profile: TelegramProfile): Promise<User> {
  const values = {
    telegramId: profile.id,
    username: profile.username ?? null,
    firstName: profile.first_name ?? null,
    lastName: profile.last_name ?? null,
    languageCode: profile.language_code ?? null,
    isBlocked: false,
  };
  const found = await manager.findOneBy(User, { telegramId: profile.id });
  if (
    found &&
    found.username === values.username &&
    found.firstName === values.firstName &&
    found.lastName === values.lastName &&
    found.languageCode === values.languageCode &&
    !found.isBlocked
  ) {
    return found;
  }
  await manager
    .createQueryBuilder()
    .insert()
    .into(User)
    .values({ ...values, updatedAt: new Date() })
    .orUpdate(['username', 'first_name', 'last_name', 'language_code', 'is_blocked', 'updated_at'], ['telegram_id'])
    .updateEntity(false)
    .execute();
  return manager.findOneByOrFail(User, { telegramId: profile.id });
}
