import { Composer } from 'telegraf';
import { setBlockedByTelegramId } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';

/**
 * Telegram reports when a user blocks the bot (`my_chat_member`, status "kicked") and unblocks it: the flag
 * of their row, if there is one, is put right so the senders skip them until they come back. The update
 * creates no row (bot/pipeline.ts): someone who deleted their data stays deleted.
 */
export function chatMemberFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('my_chat_member', async (ctx) => {
    const update = ctx.myChatMember;
    if (update.chat.type !== 'private') return;
    await setBlockedByTelegramId(deps.db, update.from.id, update.new_chat_member.status === 'kicked');
  });
  return composer;
}
