import type { Logger } from 'pino';
import type { Database } from '../domain/infrastructure/database.js';

/** The slice of the configuration the bot reads; the composition root (server/) hands in the whole config. */
export interface BotConfig {
  botToken: string;
  telegramApiRoot: string;
  tzDisplay: string;
  /** Door check-in: the Mini App button needs an https PUBLIC_URL; tickets are signed with ticketSecret. */
  publicUrl: string;
  ticketSecret: string;
  /** The country a phone number typed without + belongs to (PHONE_REGION). */
  phoneRegion: string;
}

/** What the bot needs from the outside world; handed in, never reached for. */
export interface BotDeps {
  config: BotConfig;
  logger: Logger;
  db: Database;
}
