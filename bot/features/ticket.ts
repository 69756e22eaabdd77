import QRCode from 'qrcode';
import { Composer } from 'telegraf';
import { ticketForUser } from '../../domain/checkin.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { onAction } from '../ui.js';

/** The QR image of a ticket code: large modules, a quiet zone, readable from a phone screen at the door. */
export function ticketPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 10 });
}

/**
 * "🎫 Билет": the ticket of the user's own approved registration as a photo — the QR code, with the
 * competition, the name, the role and the code written under it. Ownership is checked by the domain
 * (callback data can be forged): someone else's registration is "not found".
 */
export function ticketFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  onAction(composer, 'ticket', async (ctx, registrationId) => {
    const ticket = await ticketForUser(deps.db, deps.config.ticketSecret, ctx.user!.id, registrationId);
    const caption = ctx.t('ticket.caption', {
      competition: ticket.competition,
      name: ticket.name,
      role: ctx.t(ticket.role === 'voter' ? 'role.voter' : 'role.participant'),
      code: ticket.code,
    });
    await ctx.replyWithPhoto({ source: await ticketPng(ticket.code), filename: 'ticket.png' }, { caption: caption.slice(0, 1024) });
  });
  return composer;
}
