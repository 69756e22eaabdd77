import type { MiddlewareFn } from 'telegraf';
import { upsertTelegramUser, userLanguage } from '../../domain/users.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { translator } from '../../i18n/index.js';

/** Every update from a person refreshes their user row and sets the language the bot answers in. */
export function userMiddleware({ db }: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    ctx.user = from && !from.is_bot ? await upsertTelegramUser(db, from) : null;
    ctx.lang = ctx.user ? userLanguage(ctx.user) : userLanguage({ preferredLanguage: null, languageCode: from?.language_code ?? null });
    ctx.t = translator(ctx.lang);
    return next();
  };
}
