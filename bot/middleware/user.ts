import type { MiddlewareFn } from 'telegraf';
import { upsertTelegramUser, userLanguage } from '../../domain/users.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { translator } from '../../i18n/index.js';
import { personOf, prefetchedFor } from '../pipeline.js';

/**
 * Every update from a person refreshes their user row and sets the language the bot answers in. Behind the
 * webhook the row was already read with the update's lease (bot/pipeline.ts); polling reads it here.
 */
export function userMiddleware({ db, config }: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.phoneRegion = config.phoneRegion;
    const loaded = prefetchedFor(ctx.update);
    const person = personOf(ctx);
    ctx.user = loaded ? loaded.user : person ? await upsertTelegramUser(db, person) : null;
    ctx.lang = ctx.user ? userLanguage(ctx.user) : userLanguage({ preferredLanguage: null, languageCode: ctx.from?.language_code ?? null });
    ctx.t = translator(ctx.lang);
    return next();
  };
}
