import { Composer } from 'telegraf';
import { unpack, type Action, type ArgsOf, type Unpacked } from '../callback-data.js';
import type { BotContext } from '../context.js';
import type { SessionData } from '../session.js';
import { leaveForm } from '../forms.js';
import { menuButton, menuKeyboard, onAction, sendMenu, show } from '../ui.js';
import { isCancelLabel } from '../views/form.js';
import { isPhoneStep } from '../views/form-steps.js';

/** Screens of other parts of the bot: opening one leaves an open form. The form's own buttons, the menu (which
 * cancels the form itself), /language's and the answers under notifications (reminders, offers, tickets) do not. */
const LEAVING_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'list',
  'past',
  'competition',
  'myList',
  'myRegistration',
  'cancelAsk',
  'profile',
  'editName',
  'editPhone',
  'reminders',
  'deleteAsk',
  'help',
  'slots',
  'ansEdit',
  'ansQuestion',
  'team',
  'teamPick',
  'teamAsk',
]);

function leavesForm(pressed: Unpacked, draft: SessionData['draft']): boolean {
  if (pressed.action !== 'register') return LEAVING_ACTIONS.has(pressed.action);
  // Register again on the open form's own competition and role is a double tap, answered by the form itself.
  const [competitionId, role] = pressed.args as ArgsOf<'register'>;
  return draft?.competitionId !== competitionId || draft.role !== role;
}

/** /menu, /help, /cancel, the form's Cancel and the main menu. */
export function navigationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // Another screen opened from an older message in the middle of a form (a competition from an old menu): the
  // form is left and the person told so, its contact button taken away — never dropped behind their back.
  composer.on('callback_query', async (ctx, next) => {
    const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined;
    const pressed = data ? unpack(data) : null;
    if (pressed && ctx.session?.step && leavesForm(pressed, ctx.session.draft)) await leaveForm(ctx, 'left');
    return next();
  });
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
    if (!text || !isCancelLabel(text) || !step || !(isPhoneStep(step) || ctx.session.prompt)) return next();
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
