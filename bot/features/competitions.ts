import { Composer } from 'telegraf';
import { listOpenCompetitions } from '../../domain/competitions.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { formatDateTime } from '../format.js';
import { button, clip, inline, menuButton, onAction, show } from '../ui.js';
import { competitionDetailsFor, competitionScreen } from '../views/competition.js';

/** Competitions per page: one button each, plus navigation, keeps the keyboard small. */
export const PAGE_SIZE = 6;

export function competitionsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  onAction(composer, 'list', async (ctx, page) => {
    const { items, total } = await listOpenCompetitions(deps.db, page * PAGE_SIZE, PAGE_SIZE);
    if (total === 0) return show(ctx, ctx.t('competitions.none'), menuButton(ctx));
    const pages = Math.ceil(total / PAGE_SIZE);
    if (items.length === 0) return show(ctx, ctx.t('competitions.page_gone'), inline([[button(ctx.t('competitions.first_page'), 'list', 0)]]));
    const rows = items.map((c) => {
      const when = c.startsAt ? ` · ${formatDateTime(c.startsAt, ctx.lang, deps.config.tzDisplay).split(',')[0]}` : '';
      return [button(`${clip(c.title, 45)}${when}`, 'competition', c.id)];
    });
    const nav = [];
    if (page > 0) nav.push(button(ctx.t('competitions.prev'), 'list', page - 1));
    if (page + 1 < pages) nav.push(button(ctx.t('competitions.next'), 'list', page + 1));
    await show(ctx, ctx.t('competitions.title', { page: page + 1, pages }), inline([...rows, nav, [button(ctx.t('menu.back'), 'menu')]]));
  });

  onAction(composer, 'competition', async (ctx, id) => {
    const details = await competitionDetailsFor(ctx, deps, id);
    if (!details) return show(ctx, ctx.t('competition.not_found'), inline([[button(ctx.t('competition.back'), 'list', 0), button(ctx.t('menu.back'), 'menu')]]));
    const screen = await competitionScreen(ctx, deps, details);
    await show(ctx, screen.text, screen.extra);
  });
  return composer;
}
