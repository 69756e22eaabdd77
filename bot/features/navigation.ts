import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';
import { leaveForm } from '../forms.js';
import { menuButton, menuKeyboard, onAction, sendMenu, show } from '../ui.js';
import { isCancelLabel } from '../views/form.js';
import { isPhoneStep } from '../views/form-steps.js';

/** /menu, /help, /cancel, the form's Cancel and the main menu. */
export function navigationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // /menu: the main menu from anywhere; from the middle of a form it leaves the form and says so.
  composer.command('menu', async (ctx) => {
    if (!(await leaveForm(ctx, 'left', true))) await sendMenu(ctx);
  });
  composer.command('help', async (ctx) => {
    await ctx.reply(ctx.t('help.text'), menuKeyboard(ctx));
  });
  onAction(composer, 'help', async (ctx) => {
    await show(ctx, ctx.t('help.text'), menuButton(ctx));
  });
  composer.command('cancel', async (ctx) => {
    if (!(await leaveForm(ctx, 'cancelled', true))) await sendMenu(ctx, 'cancel.nothing');
  });
  // Cancel on a form step: the inline button, or the label of the phone step's reply keyboard.
  onAction(composer, 'formCancel', async (ctx) => {
    if (!(await leaveForm(ctx, 'cancelled', true))) await show(ctx, ctx.t('menu.title'), menuKeyboard(ctx));
  });
  composer.on('message', async (ctx, next) => {
    const text = 'text' in ctx.message ? ctx.message.text : undefined;
    const step = ctx.session?.step;
    if (!text || !isCancelLabel(text) || !step || !isPhoneStep(step)) return next();
    await leaveForm(ctx, 'cancelled', true);
  });
  // The menu from any screen; from the middle of a form it leaves the form and says so.
  onAction(composer, 'menu', async (ctx) => {
    if (await leaveForm(ctx, 'cancelled', true)) return;
    await show(ctx, ctx.t('menu.title'), menuKeyboard(ctx));
  });
  onAction(composer, 'menuNew', async (ctx) => {
    if (await leaveForm(ctx, 'cancelled', true)) return;
    await sendMenu(ctx);
  });
  return composer;
}
