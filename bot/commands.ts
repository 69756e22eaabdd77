import type { BotCommand } from 'telegraf/types';
import { translate, type Language, type MessageKey } from '../i18n/index.js';

/** The commands everyone has in Telegram's "/" menu (private chats). */
export const BOT_COMMANDS = ['start', 'menu', 'help', 'cancel', 'language'] as const;

/** The "/" menu in `language`; door staff also get /scan (set for their own chat when they link Telegram). */
export function commandMenu(language: Language, staff = false): BotCommand[] {
  const commands: string[] = [...BOT_COMMANDS, ...(staff ? ['scan'] : [])];
  return commands.map((command) => ({ command, description: translate(language, `commands.${command}` as MessageKey) }));
}
