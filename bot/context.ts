import type { Context } from 'telegraf';
import type { User } from '../entities/index.js';
import type { Language, Translate } from './i18n/index.js';

/** Telegraf's context with what our middleware adds: the user row and their language. */
export interface BotContext extends Context {
  user: User | null;
  lang: Language;
  t: Translate;
}
