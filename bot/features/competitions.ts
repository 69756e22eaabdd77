import { Composer } from 'telegraf';
import { listPastCompetitions, listUpcomingCompetitions } from '../../domain/competitions.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { button, inline, onAction, show } from '../ui.js';
import { competitionDetailsFor, competitionListScreen, competitionScreen } from '../views/competition.js';

/** Competitions per page: one button each, plus navigation, keeps the keyboard small. */
export const PAGE_SIZE = 6;

export function competitionsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  // The upcoming competitions, and those that have started under "Прошедшие" (without Register).
  for (const list of ['list', 'past'] as const) {
    const [listed, other] = list === 'list' ? [listUpcomingCompetitions, listPastCompetitions] : [listPastCompetitions, listUpcomingCompetitions];
    onAction(composer, list, async (ctx, page) => {
      const { items, total } = await listed(deps.db, page * PAGE_SIZE, PAGE_SIZE);
      const otherList = (await other(deps.db, 0, 1)).total > 0;
      if (total === 0) {
        const way = otherList ? [[button(ctx.t(list === 'list' ? 'competitions.past' : 'competitions.upcoming'), list === 'list' ? 'past' : 'list', 0)]] : [];
        return show(ctx, ctx.t(list === 'list' ? 'competitions.none' : 'competitions.past_none'), inline([...way, [button(ctx.t('menu.back'), 'menu')]]));
      }
      if (items.length === 0) return show(ctx, ctx.t('competitions.page_gone'), inline([[button(ctx.t('competitions.first_page'), list, 0)]]));
      const screen = competitionListScreen(ctx, deps.config.tzDisplay, list, items, page, Math.ceil(total / PAGE_SIZE), otherList);
      await show(ctx, screen.text, screen.extra);
    });
  }

  onAction(composer, 'competition', async (ctx, id) => {
    const details = await competitionDetailsFor(ctx, deps, id);
    if (!details) return show(ctx, ctx.t('competition.not_found'), inline([[button(ctx.t('competition.back'), 'list', 0), button(ctx.t('menu.back'), 'menu')]]));
    const screen = await competitionScreen(ctx, deps, details);
    await show(ctx, screen.text, screen.extra);
  });
  return composer;
}
