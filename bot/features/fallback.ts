import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';

/** Mounted last: anything no feature handled gets a helpful answer instead of silence. */
export function fallbackFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('callback_query', async (ctx) => {
    await ctx.answerCbQuery(ctx.t('fallback.unknown'));
  });
  composer.use(async (ctx) => {
    if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('fallback.unknown'));
  });
  return composer;
}
