import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';
import type { MessageKey } from '../../i18n/index.js';
import { answer, menuKeyboard, show } from '../ui.js';
import { stepHint } from '../views/form-steps.js';

/** Mounted last: anything no feature handled gets a helpful answer and a way on, never silence. */
export function fallbackFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // A button from an old message, or one whose action no longer exists.
  // Its message becomes the menu, so the stale keyboard goes (a message that cannot be edited gets a new one).
  composer.on('callback_query', async (ctx) => {
    await answer(ctx, ctx.t('fallback.stale'));
    if (ctx.chat?.type === 'private' || ctx.callbackQuery.message) await show(ctx, ctx.t('fallback.stale'), menuKeyboard(ctx));
  });
  composer.on('edited_message', async (ctx) => {
    if (ctx.chat?.type !== 'private') return;
    // In a form the form's own message has the way out (Cancel); elsewhere, the menu.
    const step = ctx.session?.step;
    if (step) return ctx.reply(`${ctx.t('fallback.edited')}\n${ctx.t(stepHint(step))}`);
    await ctx.reply(ctx.t('fallback.edited'), menuKeyboard(ctx));
  });
  composer.on('message', async (ctx) => {
    if (ctx.chat.type !== 'private') return;
    const step = ctx.session?.step;
    if (step) return ctx.reply(`${ctx.t('fallback.in_form')}\n${ctx.t(stepHint(step))}`);
    const message = ctx.message;
    const key: MessageKey = 'text' in message ? 'fallback.unknown' : 'fallback.media';
    await ctx.reply(ctx.t(key), menuKeyboard(ctx));
  });
  return composer;
}
