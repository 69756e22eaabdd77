import { Composer } from 'telegraf';
import { deleteUserData, formatPhone, setReminders } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { saveProfileAnswer } from '../forms.js';
import { answer, button, inline, menuButton, onAction, settleStep, show, showInstead, withoutReplyKeyboard } from '../ui.js';
import { myData } from '../../domain/my-data.js';
import { formatForPeople } from '../../domain/time.js';
import { myDataFile, myDataScreen } from '../views/my-data.js';
import { askProfileName, askProfilePhone, profileScreen } from '../views/profile.js';

/** Saves a name (typed, or the offered one's button) and shows the profile again with "Saved". */
async function answerProfileName(ctx: BotContext, deps: BotDeps): Promise<void> {
  if ((await saveProfileAnswer(ctx, deps.db, 'fullName')) === null) return;
  await answer(ctx);
  const previous = ctx.session.screen;
  ctx.session = {};
  const screen = profileScreen(ctx, true);
  // Pressed: the question becomes the profile; typed: it says what it settled and the profile comes below.
  if (ctx.callbackQuery) {
    await showInstead(ctx, previous, screen.text, screen.extra);
    return;
  }
  await settleStep(ctx, previous, ctx.t('reg.name_answered', { name: ctx.user!.fullName ?? '' }));
  await ctx.reply(screen.text, screen.extra);
}

/**
 * Profile: see and edit full name and phone, reminders on/off, delete my data (with a confirmation).
 * Mounted before the registration form: the offered name's button (`formName`) of its name step is this
 * feature's while a profile edit is open, the form's otherwise.
 */
export function profileFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();

  onAction(composer, 'profile', async (ctx) => {
    const screen = profileScreen(ctx);
    await show(ctx, screen.text, screen.extra);
  });

  onAction(composer, 'editName', (ctx) => askProfileName(ctx));
  onAction(composer, 'editPhone', (ctx) => askProfilePhone(ctx));
  onAction(
    composer,
    'formName',
    (ctx) => answerProfileName(ctx, deps),
    (ctx) => ctx.session?.step === 'edit_name',
  );

  composer.on('message', async (ctx, next) => {
    const step = ctx.session?.step;
    if (step === 'edit_name') return answerProfileName(ctx, deps);
    if (step !== 'edit_phone') return next();
    const phone = await saveProfileAnswer(ctx, db, 'phone');
    if (phone === null) return;
    const question = ctx.session.prompt;
    ctx.session = {};
    // The contact button goes with the profile's arrival; the question goes, "Телефон: … ✓" stays.
    const screen = profileScreen(ctx, true);
    await withoutReplyKeyboard(
      ctx,
      ctx.t('reg.phone_saved', { phone: formatPhone(phone) }),
      async () => {
        await ctx.reply(screen.text, screen.extra);
      },
      question,
    );
  });

  onAction(composer, 'reminders', async (ctx, choice) => {
    await setReminders(db, ctx.user!.id, choice === 'on');
    ctx.user!.remindersEnabled = choice === 'on';
    const screen = profileScreen(ctx);
    await show(ctx, screen.text, screen.extra);
  });

  onAction(composer, 'myData', async (ctx) => {
    const data = await myData(db, ctx.user!.id);
    if (!data) return;
    const screen = myDataScreen(ctx, data, deps.config.tzDisplay);
    await show(ctx, screen.text, screen.extra);
  });

  onAction(composer, 'myDataFile', async (ctx) => {
    await answer(ctx);
    const data = await myData(db, ctx.user!.id);
    if (!data) return;
    await ctx.replyWithDocument(myDataFile(data), { caption: ctx.t('my_data.file_caption', { date: formatForPeople(new Date(), deps.config.tzDisplay) }) });
  });

  onAction(composer, 'deleteAsk', async (ctx) => {
    await show(
      ctx,
      ctx.t('profile.delete_confirm'),
      inline([[button(ctx.t('profile.delete_yes'), 'deleteYes')], [button(ctx.t('profile.delete_no'), 'profile')], [button(ctx.t('menu.back'), 'menu')]]),
    );
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
