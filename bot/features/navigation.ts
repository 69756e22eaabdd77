import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';
import { inline, button, menuKeyboard, onAction, removeKeyboard, sendMenu, show } from '../ui.js';

/** Steps that showed the contact-sharing reply keyboard: leaving them must take it away. */
const PHONE_STEPS = new Set(['reg_phone', 'edit_phone']);

/** Leaves whatever form step the user is in. Returns whether there was one. */
export async function leaveForm(ctx: BotContext, key: 'cancel.done' | null = null): Promise<boolean> {
  const step = ctx.session?.step;
  const hadKeyboard = step !== undefined && PHONE_STEPS.has(step);
  if (step !== undefined || ctx.session?.draft) ctx.session = {};
  if (key) await ctx.reply(ctx.t(key), removeKeyboard());
  else if (hadKeyboard) await ctx.reply(ctx.t('form.left'), removeKeyboard());
  return step !== undefined;
}

/** /help, /cancel and the main menu. */
export function navigationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('help', async (ctx) => {
    await ctx.reply(ctx.t('help.text'), menuKeyboard(ctx));
  });
  onAction(composer, 'help', async (ctx) => {
    await show(ctx, ctx.t('help.text'), inline([[button(ctx.t('menu.back'), 'menu')]]));
  });
  composer.command('cancel', async (ctx) => {
    const left = await leaveForm(ctx, ctx.session?.step ? 'cancel.done' : null);
    await sendMenu(ctx, left ? 'menu.title' : 'cancel.nothing');
  });
  onAction(composer, 'menu', async (ctx) => {
    await show(ctx, ctx.t('menu.title'), menuKeyboard(ctx));
  });
  return composer;
}
