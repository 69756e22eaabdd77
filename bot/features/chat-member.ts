import { Composer } from 'telegraf';
import { setBlocked } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';

/**
 * Telegram reports when a user blocks the bot (`my_chat_member`, status "kicked") and unblocks it. The user
 * middleware has just marked them as not blocked (they "wrote"); this puts the flag right, so the senders
 * skip them until they come back.
 */
export function chatMemberFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('my_chat_member', async (ctx) => {
    const update = ctx.myChatMember;
    if (update.chat.type !== 'private' || !ctx.user) return;
    await setBlocked(deps.db, ctx.user.id, update.new_chat_member.status === 'kicked');
  });
  return composer;
}
