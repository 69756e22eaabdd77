import { Composer } from 'telegraf';
import { setPreferredLanguage } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { translator } from '../../i18n/index.js';
import { button, inline, menuKeyboard, onAction, show } from '../ui.js';

/** /language: choose Russian or English; the choice is remembered and wins over Telegram's language. */
export function languageFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('language', async (ctx) => {
    await ctx.reply(ctx.t('language.choose'), inline([[button('Русский', 'language', 'ru'), button('English', 'language', 'en')]]));
  });
  onAction(composer, 'language', async (ctx, lang) => {
    await setPreferredLanguage(deps.db, ctx.user!.id, lang);
    ctx.lang = lang;
    ctx.t = translator(lang);
    await show(ctx, ctx.t('language.set'), menuKeyboard(ctx));
  });
  return composer;
}
