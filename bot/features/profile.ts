import { Composer } from 'telegraf';
import { deleteUserData, formatPhone, setReminders } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { button, inline, onAction, removeKeyboard, show } from '../ui.js';
import { phoneKeyboard, saveProfileAnswer } from './form-input.js';

/** Profile: see and edit full name and phone, reminders on/off, delete my data (with a confirmation). */
export function profileFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();

  function profileScreen(ctx: BotContext) {
    const user = ctx.user!;
    const text = ctx.t('profile.view', {
      name: user.fullName ?? ctx.t('profile.not_set'),
      phone: user.phone ? formatPhone(user.phone) : ctx.t('profile.not_set'),
      reminders: ctx.t(user.remindersEnabled ? 'profile.reminders_on' : 'profile.reminders_off'),
      language: ctx.t('language.name'),
    });
    return {
      text,
      extra: inline([
        [button(ctx.t('profile.edit_name'), 'editName'), button(ctx.t('profile.edit_phone'), 'editPhone')],
        [user.remindersEnabled ? button(ctx.t('profile.turn_reminders_off'), 'reminders', 'off') : button(ctx.t('profile.turn_reminders_on'), 'reminders', 'on')],
        [button(ctx.t('profile.delete'), 'deleteAsk')],
        [button(ctx.t('menu.back'), 'menu')],
      ]),
    };
  }

  onAction(composer, 'profile', async (ctx) => {
    const screen = profileScreen(ctx);
    await show(ctx, screen.text, screen.extra);
  });

  onAction(composer, 'editName', async (ctx) => {
    ctx.session = { step: 'edit_name' };
    await ctx.reply(ctx.t('profile.ask_name'), removeKeyboard());
  });

  onAction(composer, 'editPhone', async (ctx) => {
    ctx.session = { step: 'edit_phone' };
    await ctx.reply(ctx.t('profile.ask_phone'), phoneKeyboard(ctx));
  });

  composer.on('message', async (ctx, next) => {
    const step = ctx.session?.step;
    if (step !== 'edit_name' && step !== 'edit_phone') return next();
    if ((await saveProfileAnswer(ctx, db, step === 'edit_name' ? 'fullName' : 'phone')) === null) return;
    ctx.session = {};
    await ctx.reply(ctx.t('profile.saved'), removeKeyboard());
    const screen = profileScreen(ctx);
    await ctx.reply(screen.text, screen.extra);
  });

  onAction(composer, 'reminders', async (ctx, choice) => {
    await setReminders(db, ctx.user!.id, choice === 'on');
    ctx.user!.remindersEnabled = choice === 'on';
    const screen = profileScreen(ctx);
    await show(ctx, screen.text, screen.extra);
  });

  onAction(composer, 'deleteAsk', async (ctx) => {
    await show(ctx, ctx.t('profile.delete_confirm'), inline([
      [button(ctx.t('profile.delete_yes'), 'deleteYes')],
      [button(ctx.t('profile.delete_no'), 'profile')],
    ]));
  });

  onAction(composer, 'deleteYes', async (ctx) => {
    await deleteUserData(db, ctx.user!.id);
    ctx.user = null;
    ctx.session = {};
    await show(ctx, ctx.t('profile.deleted'));
  });
  return composer;
}
