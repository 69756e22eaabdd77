import type { EntityManager } from 'typeorm';
import { User } from '../entities/index.js';
import type { Database } from './infrastructure/database.js';

/** What Telegram tells us about a user on every update. */
export interface TelegramProfile {
  id: number;
  username?: string;
  first_name?: string;
  last_name?: string;
  language_code?: string;
}

/**
 * Creates or refreshes the user behind an update: Telegram fields and language_code are refreshed every
 * time, and a user who writes to us has evidently unblocked the bot.
 */
export async function upsertTelegramUser(db: Database, profile: TelegramProfile): Promise<User> {
  if (db.isPostgres) {
    const user = await upsertPostgres(db, profile);
    if (user) return user;
  }
  return db.write(async (manager) => {
    await upsertInTransaction(manager, profile);
    return manager.findOneByOrFail(User, { telegramId: profile.id });
  });
}

/**
 * PostgreSQL: the upsert and the read in one statement, one round trip (this runs for every update). The row
 * is only written when something Telegram told us changed (or the user had blocked the bot), so most updates
 * write nothing. Returns null in the rare race where a concurrent first insert is not visible yet.
 */
async function upsertPostgres(db: Database, profile: TelegramProfile): Promise<User | null> {
  const rows = await db.query<Record<string, unknown>>(
    `WITH up AS (
       INSERT INTO users (telegram_id, username, first_name, last_name, language_code, is_blocked, updated_at)
       VALUES ($1, $2, $3, $4, $5, false, now())
       ON CONFLICT (telegram_id) DO UPDATE SET username = excluded.username, first_name = excluded.first_name,
         last_name = excluded.last_name, language_code = excluded.language_code, is_blocked = false, updated_at = now()
       WHERE (users.username, users.first_name, users.last_name, users.language_code, users.is_blocked)
         IS DISTINCT FROM (excluded.username, excluded.first_name, excluded.last_name, excluded.language_code, false)
       RETURNING *)
     SELECT * FROM up UNION ALL SELECT * FROM users WHERE telegram_id = $1 AND NOT EXISTS (SELECT 1 FROM up)`,
    [profile.id, profile.username ?? null, profile.first_name ?? null, profile.last_name ?? null, profile.language_code ?? null],
  );
  return rows.length ? db.entityFromRow(User, rows[0]) : null;
}

async function upsertInTransaction(manager: EntityManager, profile: TelegramProfile): Promise<void> {
  const values = {
    telegramId: profile.id,
    username: profile.username ?? null,
    firstName: profile.first_name ?? null,
    lastName: profile.last_name ?? null,
    languageCode: profile.language_code ?? null,
    isBlocked: false,
    updatedAt: new Date(),
  };
  await manager
    .createQueryBuilder()
    .insert()
    .into(User)
    .values(values)
    .orUpdate(['username', 'first_name', 'last_name', 'language_code', 'is_blocked', 'updated_at'], ['telegram_id'])
    .updateEntity(false)
    .execute();
}

/** The language the bot speaks to this user: their choice, else Telegram's, else Russian. */
export function userLanguage(user: Pick<User, 'preferredLanguage' | 'languageCode'> | null | undefined): 'ru' | 'en' {
  const lang = user?.preferredLanguage ?? user?.languageCode ?? 'ru';
  return lang.toLowerCase().startsWith('en') ? 'en' : 'ru';
}
