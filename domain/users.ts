import type { EntityManager } from 'typeorm';
import { User } from '../entities/index.js';
import type { Database } from './database.js';

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
  return db.write(async (manager) => {
    await upsertInTransaction(manager, profile);
    return manager.findOneByOrFail(User, { telegramId: profile.id });
  });
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
