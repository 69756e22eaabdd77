import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';

/** /start: greet the user by name. */
export function startFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.start(async (ctx) => {
    const name = ctx.user?.firstName;
    await ctx.reply(name ? ctx.t('start.greeting', { name }) : ctx.t('start.greeting_anonymous'));
  });
  return composer;
}
