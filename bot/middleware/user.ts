import type { MiddlewareFn } from 'telegraf';
import { userLanguage } from '../../domain/users.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { translator } from '../../i18n/index.js';
import { prefetchedFor } from '../pipeline.js';

/**
 * The user behind the update and the language the bot answers in. The row was refreshed and read with the
 * update's claim (bot/pipeline.ts), webhook and polling alike.
 */
export function userMiddleware({ config }: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.phoneRegion = config.phoneRegion;
    const loaded = prefetchedFor(ctx.update);
    if (!loaded) throw new Error('an update reached the bot outside its pipeline (bot/pipeline.ts)');
    ctx.user = loaded.user;
    ctx.lang = ctx.user ? userLanguage(ctx.user) : userLanguage({ preferredLanguage: null, languageCode: ctx.from?.language_code ?? null });
    ctx.t = translator(ctx.lang);
    return next();
  };
}
