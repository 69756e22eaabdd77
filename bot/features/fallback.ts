import { Composer, type MiddlewareFn } from 'telegraf';
import type { BotContext } from '../context.js';
import { answer, menuKeyboard, show } from '../ui.js';
import { stepHint } from '../views/form-steps.js';
import { findUpcomingCompetitions } from '../../domain/competitions.js';
import type { BotDeps } from '../deps.js';
import { foundCompetitionsScreen } from '../views/competition.js';

/** At most this many competitions offered for the words of a message. */
const FOUND_MAX = 5;

/**
 * Whether the catch-all's menu is the bot's last word in the chat: set by the catch-all, taken off the session by
 * every update on its way in (kept in `ctx.state` for the catch-all only), so any other answer in between — a
 * button, a command, a form — makes the next stray message get the menu again. (A notification sent in between
 * does not count: the menu is then one message up.)
 */
export function fallbackMemory(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    if (ctx.session?.menuAbove) {
      delete ctx.session.menuAbove;
      (ctx.state as { menuAbove?: boolean }).menuAbove = true;
    }
    return next();
  };
}

/** Mounted last: anything no feature handled gets a helpful answer and a way on, never silence. */
export function fallbackFeature(deps: BotDeps): Composer<BotContext> {
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
    // Words outside a form may name a competition ("хочу зарегистрироваться на шахматы"): offer the matches.
    if ('text' in ctx.message && !ctx.message.text.startsWith('/')) {
      const found = await findUpcomingCompetitions(deps.db, ctx.message.text, FOUND_MAX);
      if (found.length > 0) {
        const screen = foundCompetitionsScreen(ctx, deps.config.tzDisplay, found);
        return ctx.reply(screen.text, screen.extra);
      }
    }
    // A sticker, a photo, a voice message… in a row: one menu, then short answers under it.
    const text = 'text' in ctx.message;
    if ((ctx.state as { menuAbove?: boolean }).menuAbove) await ctx.reply(ctx.t(text ? 'fallback.unknown_again' : 'fallback.media_again'));
    else await ctx.reply(ctx.t(text ? 'fallback.unknown' : 'fallback.media'), menuKeyboard(ctx));
    ctx.session.menuAbove = true;
  });
  return composer;
}
