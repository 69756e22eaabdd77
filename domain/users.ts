import type { User } from '../entities/index.js';

/** What Telegram tells us about a user on every update (the turn refreshes the user's row from it: turn-store.ts). */
export interface TelegramProfile {
  id: number;
  username?: string;
  first_name?: string;
  last_name?: string;
  language_code?: string;
}

/**
 * Telegram language codes (the primary subtag, lower case) of people who read Russian more readily than English:
 * Russian itself; the other languages of Russia (Tatar, Bashkir, Chuvash, Chechen, Ossetian, Yakut); and the
 * former Soviet republics outside the EU where Russian is still widely read — Belarusian, Ukrainian, Kazakh, Kyrgyz,
 * Uzbek, Tajik, Turkmen, Azerbaijani, Armenian, Georgian. Not Romanian (`ro`: Telegram cannot tell Moldova from
 * Romania) nor the Baltic languages: there English is the better guess. Every other code gets English; no code
 * at all gets Russian (the bot's audience). docs/decisions.md keeps the reasoning.
 */
export const RUSSIAN_READING_LANGUAGES: ReadonlySet<string> = new Set(['ru', 'tt', 'ba', 'cv', 'ce', 'os', 'sah', 'be', 'uk', 'kk', 'ky', 'uz', 'tg', 'tk', 'az', 'hy', 'ka']);

/** The language the bot speaks to this user: their choice (`/language`), else Telegram's by the list above, else Russian. */
export function userLanguage(user: Pick<User, 'preferredLanguage' | 'languageCode'> | null | undefined): 'ru' | 'en' {
  const code = (user?.preferredLanguage ?? user?.languageCode ?? '').trim().toLowerCase();
  if (!code) return 'ru';
  return RUSSIAN_READING_LANGUAGES.has(code.split(/[-_]/)[0]) ? 'ru' : 'en';
}
