import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';
import { menuButton, menuKeyboard, onAction, removeKeyboard, sendMenu, show, stripKeyboard } from '../ui.js';
import { isCancelLabel } from './form-input.js';

/** Steps that showed the contact-sharing reply keyboard: leaving them must take it away. */
const PHONE_STEPS = new Set(['reg_phone', 'edit_phone']);

/**
 * Leaves whatever form step the user is in: the form's message loses its buttons and a reply keyboard goes.
 * `say` says so — what was cancelled (`cancel.done` for the registration form, `cancel.edit_done` for a profile
 * edit), or that the form was left (`form.left`). With `menu`, the menu follows. Returns whether there was one.
 */
export async function leaveForm(ctx: BotContext, say: 'cancelled' | 'left' | null, menu = false): Promise<boolean> {
  const step = ctx.session?.step;
  if (step === undefined && !ctx.session?.draft) return false;
  const hadKeyboard = step !== undefined && PHONE_STEPS.has(step);
  const key = say === 'left' ? 'form.left' : step?.startsWith('edit_') ? 'cancel.edit_done' : 'cancel.done';
  const pressed = ctx.callbackQuery?.message?.message_id;
  if (ctx.session.screen !== pressed) await stripKeyboard(ctx, ctx.session.screen);
  ctx.session = {};
  if (!say) return step !== undefined;
  if (hadKeyboard) {
    // A reply keyboard goes only with a new message; the menu (inline) needs another one.
    await ctx.reply(ctx.t(key), removeKeyboard());
    if (menu) await sendMenu(ctx);
  } else if (menu) {
    await show(ctx, `${ctx.t(key)}\n\n${ctx.t('menu.title')}`, menuKeyboard(ctx));
  } else {
    await ctx.reply(ctx.t(key));
  }
  return step !== undefined;
}

/** /help, /cancel, the form's Cancel and the main menu. */
export function navigationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
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
    if (!text || !isCancelLabel(text) || !PHONE_STEPS.has(ctx.session?.step ?? '')) return next();
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
