import type { BotContext } from '../context.js';
import { button, menuKeyboard } from '../ui.js';

/** The menu with "🎫 Билет" on top, for an answer that just made a registration approved. */
export function menuWithTicket(ctx: BotContext, registrationId: number) {
  const menu = menuKeyboard(ctx);
  return { reply_markup: { inline_keyboard: [[button(ctx.t('ticket.button'), 'ticket', registrationId)], ...menu.reply_markup.inline_keyboard] } };
}
