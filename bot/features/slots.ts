import { Composer } from 'telegraf';
import { userActor } from '../../domain/actor.js';
import { DomainError } from '../../domain/errors.js';
import { getUserRegistration } from '../../domain/read-models/queries.js';
import { toggleVoterSlot } from '../../domain/slots.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { formatSlot } from '../format.js';
import { answer, button, inline, menuKeyboard, onAction, show } from '../ui.js';
import { slotsScreen } from '../views/slots.js';

/**
 * The user's registration behind a slot button; a button of a cancelled (or rejected) registration says so
 * and its message becomes a way on, instead of a live picker. Returns null then.
 */
async function activeRegistration(ctx: BotContext, deps: BotDeps, registrationId: number) {
  const view = await getUserRegistration(deps.db, ctx.user!.id, registrationId);
  if (!view) throw new DomainError('registration.not_found');
  if (view.registration.status !== 'cancelled' && view.registration.status !== 'rejected') return view;
  const text = ctx.t('slots.registration_cancelled', { competition: view.competition.title });
  await answer(ctx, text);
  await show(ctx, text, inline([[button(ctx.t('competition.my_registration'), 'myRegistration', registrationId)], [button(ctx.t('menu.back'), 'menu')]]));
  return null;
}

/** Voters pick their time slots; every press is one atomic change through the domain. */
export function slotsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  onAction(composer, 'slots', async (ctx, registrationId) => {
    if (!(await activeRegistration(ctx, deps, registrationId))) return;
    const screen = await slotsScreen(ctx, deps, registrationId);
    await show(ctx, screen.text, screen.extra);
  });

  async function setSlot(ctx: BotContext, registrationId: number, slotId: number, want: 'on' | 'off' | 'toggle') {
    const view = await activeRegistration(ctx, deps, registrationId);
    if (!view) return;
    const chosen = view.slots.some((s) => s.id === slotId);
    // Updates of one chat run one at a time, so this reads what the previous press left.
    if (want !== 'toggle' && chosen === (want === 'on')) return answer(ctx, ctx.t('action.spent'));
    try {
      await toggleVoterSlot(deps.db, userActor(ctx.user!.id, 'bot'), registrationId, slotId);
    } catch (error) {
      if (!(error instanceof DomainError) || error.key !== 'slots.full') throw error;
      await answer(ctx, ctx.t('slots.full'));
    }
    const screen = await slotsScreen(ctx, deps, registrationId);
    await show(ctx, screen.text, screen.extra);
  }
  onAction(composer, 'slotSet', (ctx, registrationId, slotId, want) => setSlot(ctx, registrationId, slotId, want));
  // Buttons sent before slotSet existed.
  onAction(composer, 'slotToggle', (ctx, registrationId, slotId) => setSlot(ctx, registrationId, slotId, 'toggle'));

  onAction(composer, 'slotsDone', async (ctx, registrationId) => {
    const view = await getUserRegistration(deps.db, ctx.user!.id, registrationId);
    if (!view) throw new DomainError('registration.not_found');
    const list = view.slots.map((s) => formatSlot(s.startsAt, s.endsAt, ctx.lang, deps.config.tzDisplay)).join(', ');
    const text = list ? ctx.t('slots.saved', { competition: view.competition.title, slots: list }) : ctx.t('slots.saved_none', { competition: view.competition.title });
    await show(ctx, text, menuKeyboard(ctx));
  });
  return composer;
}
