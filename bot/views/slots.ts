import { DomainError } from '../../domain/errors.js';
import { getUserRegistration } from '../../domain/read-models/queries.js';
import { listSlotsWithFill } from '../../domain/slots.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { formatSlot } from '../format.js';
import { button, inline } from '../ui.js';

/** Telegram allows 100 inline buttons; slots beyond this are not offered in one keyboard. */
const MAX_SLOT_BUTTONS = 40;

/** The multi-select keyboard: each slot's time and fill ("3/10"), chosen ones ticked, full ones marked. */
export async function slotsScreen(ctx: BotContext, deps: BotDeps, registrationId: number) {
  const view = await getUserRegistration(deps.db, ctx.user!.id, registrationId);
  if (!view) throw new DomainError('registration.not_found');
  const slots = await listSlotsWithFill(deps.db, view.competition.id);
  const chosen = new Set(view.slots.map((s) => s.id));
  const rows = slots.slice(0, MAX_SLOT_BUTTONS).map(({ slot, taken, full }) => {
    const mark = chosen.has(slot.id) ? '✅' : full ? '⛔' : '▫️';
    const label = `${mark} ${formatSlot(slot.startsAt, slot.endsAt, ctx.lang, deps.config.tzDisplay)} · ${taken}/${slot.capacity}`;
    // The button says what the press should make true, so two quick presses of the same button end as the user saw it.
    return [button(label, 'slotSet', registrationId, slot.id, chosen.has(slot.id) ? 'off' : 'on')];
  });
  const text = slots.length === 0 ? ctx.t('slots.none', { competition: view.competition.title }) : ctx.t('slots.choose', { competition: view.competition.title });
  return { text, extra: inline([...rows, [button(ctx.t('slots.done'), 'slotsDone', registrationId), button(ctx.t('menu.back'), 'menu')]]) };
}
