import type { Telegram } from 'telegraf';
import { commandMenu } from '../bot/commands.js';
import { RUSSIAN_READING_LANGUAGES } from '../domain/users.js';
import type { Config } from './config.js';
import { WEBHOOK_PATH } from './routes/webhook.js';

/** The update kinds the bot handles; Telegram sends only these. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;
export const WEBHOOK_MAX_CONNECTIONS = 40;

export function webhookUrl(config: Pick<Config, 'publicUrl'>): string {
  return `${config.publicUrl}${WEBHOOK_PATH}`;
}

/** Points Telegram at PUBLIC_URL/telegram/webhook with our secret. Returns the URL set. */
export async function setWebhook(telegram: Telegram, config: Pick<Config, 'publicUrl' | 'webhookSecret'>): Promise<string> {
  if (!config.publicUrl) throw new Error('PUBLIC_URL is not set: it must be the HTTPS address Telegram calls');
  if (!config.publicUrl.startsWith('https://')) throw new Error('PUBLIC_URL must start with https:// — Telegram calls webhooks only over HTTPS');
  if (!config.webhookSecret) throw new Error('WEBHOOK_SECRET is not set: the webhook would refuse every update');
  const url = webhookUrl(config);
  await telegram.setWebhook(url, {
    secret_token: config.webhookSecret,
    allowed_updates: [...ALLOWED_UPDATES],
    max_connections: WEBHOOK_MAX_CONNECTIONS,
  });
  await setCommandMenu(telegram);
  return url;
}

/**
 * Telegram's "/" menu, per language, for private chats (the bot works with people only there): English by default
 * (no language_code), Russian for each two-letter code the bot answers in Russian (domain/users.ts; Telegram takes
 * ISO 639-1 codes only), so the menu speaks the language the bot's messages do.
 */
export async function setCommandMenu(telegram: Telegram): Promise<void> {
  const scope = { type: 'all_private_chats' as const };
  await telegram.setMyCommands(commandMenu('en'), { scope });
  for (const code of RUSSIAN_READING_LANGUAGES) {
    if (code.length === 2) await telegram.setMyCommands(commandMenu('ru'), { scope, language_code: code });
  }
}
