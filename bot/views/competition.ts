import { phaseOf } from '../../domain/calendar.js';
import { getCompetitionDetails, type CompetitionDetails } from '../../domain/competitions.js';
import type { Competition } from '../../entities/index.js';
import { getUserRegistration, type RegistrationView } from '../../domain/read-models/queries.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { formatDateTime, formatShortDate } from '../format.js';
import { button, clip, inline, MAX_MESSAGE_LENGTH } from '../ui.js';
import { ownStatusLine } from './registrations.js';

/**
 * The user's own registration for a competition (details loaded with the user's id carry it), unless it was
 * cancelled (then they may register again). Only someone registered costs a second query (status, queue place).
 */
async function ownRegistration(ctx: BotContext, deps: BotDeps, details: CompetitionDetails): Promise<RegistrationView | null> {
  const mine = details.mine;
  if (!ctx.user || !mine || mine.status === 'cancelled') return null;
  return getUserRegistration(deps.db, ctx.user.id, mine.id);
}

/** A competition's details as the user sees them (with their own registration), or null when it is gone. */
export function competitionDetailsFor(ctx: BotContext, deps: BotDeps, competitionId: number): Promise<CompetitionDetails | null> {
  return getCompetitionDetails(deps.db, competitionId, ctx.user?.id);
}

/**
 * The details screen: title, description, location, start in TZ_DISPLAY, places left, Register buttons — or,
 * for someone already registered (or waiting), their status and "My registration". Places are the
 * participants' count: a voter does not see that line.
 */
export async function competitionScreen(ctx: BotContext, deps: BotDeps, details: CompetitionDetails) {
  const { competition: c, placesLeft } = details;
  const own = await ownRegistration(ctx, deps, details);
  const tz = deps.config.tzDisplay;
  // Once it has started nobody registers; the screen says it is running or over, and leads back to "Прошедшие".
  const phase = phaseOf(c, new Date(), tz);
  const past = phase === 'started' || phase === 'ended';
  const open = details.open && !past;
  const lines = [ctx.t('competition.heading', { title: c.title })];
  if (c.location) lines.push(ctx.t('competition.location', { location: c.location }));
  if (c.startsAt) lines.push(ctx.t('competition.starts', { time: formatDateTime(c.startsAt, ctx.lang, tz) }));
  if (own?.registration.role === 'voter') {
    // no places line: voters are limited by their slots, not by the participants' places
  } else if (c.maxParticipants === null) lines.push(ctx.t('competition.places_unlimited'));
  else if (placesLeft === 0) lines.push(ctx.t('competition.places_none', { max: c.maxParticipants }));
  else lines.push(ctx.t('competition.places_left', { left: placesLeft ?? 0, max: c.maxParticipants }));
  if (own) lines.push(ownStatusLine(ctx, own));
  if (past) lines.push(ctx.t(phase === 'ended' ? 'competition.ended' : 'competition.started', { competition: c.title }));
  else if (own) {
    // their status says it all
  } else if (!open) lines.push(ctx.t('competition.registration_closed'));
  else if (c.registrationClosesAt) lines.push(ctx.t('competition.closes', { time: formatDateTime(c.registrationClosesAt, ctx.lang, tz) }));
  const head = lines.join('\n');
  // The description is the organizers' free text: cut it so the whole message stays within Telegram's limit.
  const text = c.description ? `${head}\n\n${clip(c.description, MAX_MESSAGE_LENGTH - head.length - 2)}` : head;
  const register = open && !own;
  const extra = inline([
    own ? [button(ctx.t('competition.my_registration'), 'myRegistration', own.registration.id)] : [],
    register ? [button(ctx.t('competition.register_participant'), 'register', c.id, 'participant')] : [],
    register ? [button(ctx.t('competition.register_voter'), 'register', c.id, 'voter')] : [],
    [past ? button(ctx.t('competitions.past'), 'past', 0) : button(ctx.t('competition.back'), 'list', 0), button(ctx.t('menu.back'), 'menu')],
  ]);
  return { text, extra };
}

/**
 * One page of competitions — the upcoming ones (`list`) or those that have started (`past`): a button each
 * (title and start date in TZ_DISPLAY), the pages around, the way to the other list when it has any, the menu.
 */
export function competitionListScreen(ctx: BotContext, tz: string, list: 'list' | 'past', items: Competition[], page: number, pages: number, otherList: boolean) {
  const rows = competitionRows(ctx, tz, items);
  const nav = [];
  if (page > 0) nav.push(button(ctx.t('competitions.prev'), list, page - 1));
  if (page + 1 < pages) nav.push(button(ctx.t('competitions.next'), list, page + 1));
  const other = otherList ? [list === 'list' ? button(ctx.t('competitions.past'), 'past', 0) : button(ctx.t('competitions.upcoming'), 'list', 0)] : [];
  // The page is worth saying only when there are several.
  const key = list === 'list' ? (pages > 1 ? 'competitions.title_paged' : 'competitions.title') : pages > 1 ? 'competitions.past_title_paged' : 'competitions.past_title';
  return { text: ctx.t(key, { page: page + 1, pages }), extra: inline([...rows, nav, other, [button(ctx.t('menu.back'), 'menu')]]) };
}

/** A button each: the title and the start date in TZ_DISPLAY. */
function competitionRows(ctx: BotContext, tz: string, items: Competition[]) {
  const now = new Date();
  return items.map((c) => [button(listLabel(c.title, c.startsAt ? formatShortDate(c.startsAt, ctx.lang, tz, now) : null), 'competition', c.id)]);
}

/** Competitions found by the words of a message ("хочу на шахматы"): a button each, and the menu. */
export function foundCompetitionsScreen(ctx: BotContext, tz: string, items: Competition[]) {
  return { text: ctx.t('competitions.found'), extra: inline([...competitionRows(ctx, tz, items), [button(ctx.t('menu.back'), 'menu')]]) };
}

/** What a list button fits on a phone (a 360-px screen shows about this many characters of a full-width button). */
export const LIST_LABEL_MAX = 32;

/** A list button: the title, cut with an ellipsis so the date after it always shows ("Кубок города по ш… · 12.03"). */
export function listLabel(title: string, date: string | null): string {
  const when = date ? ` · ${date}` : '';
  return `${clip(title.trim(), LIST_LABEL_MAX - when.length)}${when}`;
}
