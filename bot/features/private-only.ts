import { Composer, Markup } from 'telegraf';
import { answer } from '../ui.js';
import type { BotContext } from '../context.js';

/** A deep link payload we pass on from a group's `/start c_12` to the private chat. */
const PASSABLE_PAYLOAD = /^c_\d{1,9}$/;

/**
 * The bot works with a person only in a private chat: what it shows a person (their registrations, their profile,
 * a form with their phone) is theirs, and a group would see it all. In groups, supergroups and channels it shows
 * no personal data and opens no form: a command gets one short reply with a button that opens the private
 * chat (`t.me/<bot>?start=…`), a press on an old button gets a toast, anything else is ignored. No user row is
 * written for a group message (bot/pipeline.ts `personOf`), so a group member who never opened the bot is not
 * "everyone" for broadcasts, and a user who blocked the bot stays blocked.
 * Mounted before every feature.
 */
export function privateOnlyFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(async (ctx, next) => {
    // An inline-mode button (no message, no chat): nothing to show it on — a toast, never an error.
    if (ctx.callbackQuery && !ctx.callbackQuery.message) {
      await answer(ctx, ctx.t('group.private_only'));
      return;
    }
    if (!ctx.chat || ctx.chat.type === 'private') return next();
    if (ctx.callbackQuery) {
      await answer(ctx, ctx.t('group.private_only'));
      return;
    }
    const text = ctx.message && 'text' in ctx.message ? ctx.message.text : '';
    if (!text.startsWith('/') || ctx.chat.type === 'channel') return;
    // A command meant for another bot in the group (/start@other_bot) is not ours to answer.
    const [command, payload] = text.split(/\s+/, 2);
    const addressed = command.split('@')[1];
    if (addressed && ctx.botInfo?.username && addressed.toLowerCase() !== ctx.botInfo.username.toLowerCase()) return;
    const username = ctx.botInfo?.username;
    if (!username) return;
    const link = payload && PASSABLE_PAYLOAD.test(payload) ? `https://t.me/${username}?start=${payload}` : `https://t.me/${username}`;
    await ctx.reply(ctx.t('group.open_private'), {
      ...Markup.inlineKeyboard([[Markup.button.url(ctx.t('group.open_button'), link)]]),
      reply_parameters: ctx.message ? { message_id: ctx.message.message_id, allow_sending_without_reply: true } : undefined,
    });
  });
  return composer;
}
