import { Composer } from 'telegraf';
import { userActor } from '../../domain/actor.js';
import { acceptOffer, declineOffer } from '../../domain/offers.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { button, inline, onAction, show } from '../ui.js';

/**
 * "Освободилось место — берёте?": "✅ Беру" takes the offered place (approved, or pending where the organizers
 * approve), "✖️ Не нужно" gives it to the next in line. The message becomes the answer, with the ticket button
 * when the place is confirmed. The domain checks the offer is the presser's own and still open (an expired or
 * answered one is refused with its reason).
 */
export function offersFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  onAction(composer, 'offer', async (ctx, registrationId, answer) => {
    const actor = userActor(ctx.user!.id);
    if (answer === 'skip') {
      const { competition } = await declineOffer(deps.db, actor, registrationId);
      return show(ctx, ctx.t('offer.declined', { competition: competition.title }), inline([[button(ctx.t('menu.back'), 'menu')]]));
    }
    const { registration, competition } = await acceptOffer(deps.db, actor, registrationId);
    const approved = registration.status === 'approved';
    const rows = [...(approved ? [[button(ctx.t('ticket.button'), 'ticket', registration.id)]] : []), [button(ctx.t('menu.back'), 'menu')]];
    return show(ctx, ctx.t(approved ? 'offer.accepted_approved' : 'offer.accepted_pending', { competition: competition.title }), inline(rows));
  });
  return composer;
}
