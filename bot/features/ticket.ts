import { Composer } from 'telegraf';
import { ticketForUser } from '../../domain/checkin.js';
import { recordTicketMessage, ticketJustSent } from '../../domain/ticket-messages.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { answer, onAction } from '../ui.js';
import { qrPng } from '../views/qr.js';

/**
 * "🎫 Билет": the ticket of the user's own approved registration as a photo — the QR code, with the
 * competition, the name, the role and the code written under it. Ownership is checked by the domain
 * (callback data can be forged): someone else's registration is "not found". The photo's id is kept, so that a
 * cancellation marks it invalid; a second press right after (a double tap) gets a toast, not a second photo.
 */
export function ticketFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  onAction(composer, 'ticket', async (ctx, registrationId) => {
    const ticket = await ticketForUser(deps.db, deps.config.ticketSecret, ctx.user!.id, registrationId);
    // Updates of one chat run one at a time: the second tap sees the first one's photo.
    if (await ticketJustSent(deps.db, registrationId, ctx.chat!.id)) return answer(ctx, ctx.t('ticket.already_sent'));
    const caption = ctx.t('ticket.caption', {
      competition: ticket.competition,
      name: ticket.name,
      role: ctx.t(ticket.role === 'voter' ? 'role.voter' : 'role.participant'),
      code: ticket.code,
    });
    const photo = await ctx.replyWithPhoto({ source: await qrPng(ticket.code), filename: 'ticket.png' }, { caption: caption.slice(0, 1024) });
    await recordTicketMessage(deps.db, registrationId, photo.chat.id, photo.message_id);
  });
  return composer;
}
