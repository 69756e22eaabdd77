import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { menuKeyboard, replyLast, sendMenu } from '../ui.js';
import { leaveForm } from '../forms.js';
import { competitionDetailsFor, competitionScreen } from '../views/competition.js';

/** Deep link payload: `c_<competition id>` (t.me/<bot>?start=c_12). */
const COMPETITION_LINK = /^c_(\d{1,9})$/;

/** /start: greet with the main menu, or open the competition a deep link names. */
export function startFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.start(async (ctx) => {
    await leaveForm(ctx, 'left');
    const payload = ctx.payload?.trim();
    if (payload) {
      const match = COMPETITION_LINK.exec(payload);
      const details = match ? await competitionDetailsFor(ctx, deps, Number(match[1])) : null;
      if (!details) return sendMenu(ctx, 'start.link_not_found');
      const screen = await competitionScreen(ctx, deps, details);
      return replyLast(ctx, screen.text, screen.extra);
    }
    const name = ctx.user?.firstName;
    await replyLast(ctx, name ? ctx.t('start.greeting', { name }) : ctx.t('start.greeting_anonymous'), menuKeyboard(ctx));
  });
  return composer;
}
