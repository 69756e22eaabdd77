import type { Logger } from 'pino';
import type { Config } from '../server/config.js';
import type { Database } from '../domain/database.js';

/** What the bot needs from the outside world; handed in, never reached for. */
export interface BotDeps {
  config: Pick<Config, 'botToken' | 'telegramApiRoot' | 'tzDisplay'>;
  logger: Logger;
  db: Database;
}
