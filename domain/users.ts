import type { User } from '../entities/index.js';

/** What Telegram tells us about a user on every update (the turn refreshes the user's row from it: turn-store.ts). */
export interface TelegramProfile {
  id: number;
  username?: string;
  first_name?: string;
  last_name?: string;
  language_code?: string;
}

/** The language the bot speaks to this user: their choice, else Telegram's, else Russian. */
export function userLanguage(user: Pick<User, 'preferredLanguage' | 'languageCode'> | null | undefined): 'ru' | 'en' {
  const lang = user?.preferredLanguage ?? user?.languageCode ?? 'ru';
  return lang.toLowerCase().startsWith('en') ? 'en' : 'ru';
}
