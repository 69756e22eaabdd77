import { formatPhone } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import { button, inline, show, showInstead, stripKeyboard } from '../ui.js';
import { askPhoneAgain, nameStep } from './form.js';
import type { FormSteps } from './form-steps.js';

/** The profile: name, phone, reminders, language, and the buttons that change them; `saved` after an edit. */
export function profileScreen(ctx: BotContext, saved = false) {
  const user = ctx.user!;
  const text = ctx.t('profile.view', {
    name: user.fullName ?? ctx.t('profile.not_set'),
    phone: user.phone ? formatPhone(user.phone) : ctx.t('profile.not_set'),
    reminders: ctx.t(user.remindersEnabled ? 'profile.reminders_on' : 'profile.reminders_off'),
    language: ctx.t('language.name'),
  });
  return {
    text: saved ? `${ctx.t('profile.saved')}\n\n${text}` : text,
    extra: inline([
      [button(ctx.t('profile.edit_name'), 'editName'), button(ctx.t('profile.edit_phone'), 'editPhone')],
      [user.remindersEnabled ? button(ctx.t('profile.turn_reminders_off'), 'reminders', 'off') : button(ctx.t('profile.turn_reminders_on'), 'reminders', 'on')],
      [button(ctx.t('profile.my_data'), 'myData')],
      [button(ctx.t('profile.delete'), 'deleteAsk')],
      [button(ctx.t('menu.back'), 'menu')],
    ]),
  };
}

/** The name step of "✏️ Name": edited into the profile message (or the language message after /language). */
export async function askProfileName(ctx: BotContext, prefix = ''): Promise<void> {
  const step = nameStep(ctx, 'profile.ask_name', 'profile.ask_name_offer');
  ctx.session = { step: 'edit_name', screen: await showInstead(ctx, ctx.session.screen, prefix + step.text, step.extra) };
}

/** The phone step of "✏️ Phone": a new message (its contact button is a reply keyboard); the pressed screen loses its buttons. */
export async function askProfilePhone(ctx: BotContext): Promise<void> {
  await stripKeyboard(ctx, ctx.callbackQuery?.message?.message_id);
  await stripKeyboard(ctx, ctx.session.screen);
  ctx.session = { step: 'edit_phone' };
  await askPhoneAgain(ctx, ctx.t('profile.ask_phone'));
}

/** The profile edit's steps for the rest of the bot (views/form-steps.ts). */
export const profileForm: FormSteps<'edit_name' | 'edit_phone'> = {
  hints: { edit_name: 'profile.ask_name', edit_phone: 'profile.ask_phone' },
  phoneSteps: ['edit_phone'],
  settled: { edit_name: 'profile.ask_name' },
  cancelled: 'cancel.edit_done',
  /** The open step again, in the new language. */
  async reshow(ctx, _deps, prefix) {
    if (ctx.session.step === 'edit_name') return askProfileName(ctx, prefix);
    await show(ctx, prefix.trim());
    return askProfilePhone(ctx);
  },
};
