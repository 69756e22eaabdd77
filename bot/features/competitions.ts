import { Composer } from 'telegraf';
import { listOpenCompetitions } from '../../domain/competitions.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { button, inline, menuButton, onAction, show } from '../ui.js';
import { competitionDetailsFor, competitionListScreen, competitionScreen } from '../views/competition.js';

/** Competitions per page: one button each, plus navigation, keeps the keyboard small. */
export const PAGE_SIZE = 6;

export function competitionsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  onAction(composer, 'list', async (ctx, page) => {
    const { items, total } = await listOpenCompetitions(deps.db, page * PAGE_SIZE, PAGE_SIZE);
    if (total === 0) return show(ctx, ctx.t('competitions.none'), menuButton(ctx));
    if (items.length === 0) return show(ctx, ctx.t('competitions.page_gone'), inline([[button(ctx.t('competitions.first_page'), 'list', 0)]]));
    const screen = competitionListScreen(ctx, deps.config.tzDisplay, items, page, Math.ceil(total / PAGE_SIZE));
    await show(ctx, screen.text, screen.extra);
  });

  onAction(composer, 'competition', async (ctx, id) => {
    const details = await competitionDetailsFor(ctx, deps, id);
    if (!details) return show(ctx, ctx.t('competition.not_found'), inline([[button(ctx.t('competition.back'), 'list', 0), button(ctx.t('menu.back'), 'menu')]]));
    const screen = await competitionScreen(ctx, deps, details);
    await show(ctx, screen.text, screen.extra);
  });
  return composer;
}
