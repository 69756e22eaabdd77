import type { Context } from 'telegraf';
import type { User } from '../entities/index.js';
import type { Language, Translate } from '../i18n/index.js';
import type { SessionData } from './session.js';

/** Telegraf's context with what our middleware adds: the user row, their language and the conversation state. */
export interface BotContext extends Context {
  user: User | null;
  lang: Language;
  t: Translate;
  session: SessionData;
  /** PHONE_REGION, for reading typed phone numbers. */
  phoneRegion: string;
}
