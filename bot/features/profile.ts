import { Composer } from 'telegraf';
import { deleteUserData, formatPhone, setReminders } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { answer, button, inline, menuButton, onAction, show, showInstead, stripKeyboard, withoutReplyKeyboard } from '../ui.js';
import { nameStep, phoneKeyboard, saveProfileAnswer } from './form-input.js';

function profileScreen(ctx: BotContext, saved = false) {
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
      [button(ctx.t('profile.delete'), 'deleteAsk')],
      [button(ctx.t('menu.back'), 'menu')],
    ]),
  };
}

/** The name step of "✏️ Name": edited into the profile message (or the language message after /language). */
async function askName(ctx: BotContext, prefix = ''): Promise<void> {
  const step = nameStep(ctx, 'profile.ask_name', 'profile.ask_name');
  ctx.session = { step: 'edit_name', screen: await showInstead(ctx, ctx.session.screen, prefix + step.text, step.extra) };
}

/** The phone step of "✏️ Phone": a new message (its contact button is a reply keyboard); the pressed screen loses its buttons. */
async function askPhone(ctx: BotContext): Promise<void> {
  await stripKeyboard(ctx, ctx.callbackQuery?.message?.message_id);
  await stripKeyboard(ctx, ctx.session.screen);
  ctx.session = { step: 'edit_phone' };
  await ctx.reply(ctx.t('profile.ask_phone'), phoneKeyboard(ctx));
}

/** Saves a name (typed, or the offered one's button) and shows the profile again with "Saved". */
export async function answerProfileName(ctx: BotContext, deps: BotDeps): Promise<void> {
  if ((await saveProfileAnswer(ctx, deps.db, 'fullName')) === null) return;
  await answer(ctx);
  const previous = ctx.session.screen;
  ctx.session = {};
  const screen = profileScreen(ctx, true);
  await showInstead(ctx, previous, screen.text, screen.extra);
}

/** After /language while editing the profile: the open step again, in the new language. */
export async function resumeProfileEdit(ctx: BotContext, prefix: string): Promise<void> {
  if (ctx.session.step === 'edit_name') return askName(ctx, prefix);
  await show(ctx, prefix.trim());
  return askPhone(ctx);
}

/** Profile: see and edit full name and phone, reminders on/off, delete my data (with a confirmation). */
export function profileFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();

  onAction(composer, 'profile', async (ctx) => {
    const screen = profileScreen(ctx);
    await show(ctx, screen.text, screen.extra);
  });

  onAction(composer, 'editName', (ctx) => askName(ctx));
  onAction(composer, 'editPhone', (ctx) => askPhone(ctx));

  composer.on('message', async (ctx, next) => {
    const step = ctx.session?.step;
    if (step === 'edit_name') return answerProfileName(ctx, deps);
    if (step !== 'edit_phone') return next();
    if ((await saveProfileAnswer(ctx, db, 'phone')) === null) return;
    ctx.session = {};
    // The contact button goes with the profile's arrival (the note carrying its removal is deleted).
    const screen = profileScreen(ctx, true);
    await withoutReplyKeyboard(ctx, ctx.t('profile.saved'), async () => {
      await ctx.reply(screen.text, screen.extra);
    });
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
      [button(ctx.t('menu.back'), 'menu')],
    ]));
  });

  onAction(composer, 'deleteYes', async (ctx) => {
    await deleteUserData(db, ctx.user!.id);
    ctx.user = null;
    ctx.session = {};
    // A way back: the menu (any update from the person starts a new, empty profile).
    await show(ctx, ctx.t('profile.deleted'), menuButton(ctx));
  });
  return composer;
}
