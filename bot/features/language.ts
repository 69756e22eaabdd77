import { Composer } from 'telegraf';
import { setPreferredLanguage } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { translator } from '../../i18n/index.js';
import { button, inline, menuKeyboard, onAction, show } from '../ui.js';
import { reshowStep } from '../views/form-steps.js';

/**
 * /language: choose Russian or English; the choice is remembered and wins over Telegram's language. In the
 * middle of a form the form goes on in the new language, its open step asked again (reply keyboard included).
 */
export function languageFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('language', async (ctx) => {
    await ctx.reply(ctx.t('language.choose'), inline([[button('Русский', 'language', 'ru'), button('English', 'language', 'en')], [button(ctx.t('menu.back'), 'menu')]]));
  });
  onAction(composer, 'language', async (ctx, lang) => {
    await setPreferredLanguage(deps.db, ctx.user!.id, lang);
    ctx.lang = lang;
    ctx.t = translator(lang);
    // In a form, the form asks its open step again (each form knows its own steps).
    if (ctx.session?.step) return reshowStep(ctx, deps, `${ctx.t('language.set')}\n\n`);
    await show(ctx, ctx.t('language.set'), menuKeyboard(ctx));
  });
  return composer;
}
