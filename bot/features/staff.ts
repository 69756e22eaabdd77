import { Composer } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { linkTelegram, linkedStaff } from '../../domain/staff-links.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { commandMenu } from '../commands.js';

/** Deep link payload of a staff link: `staff_<token>` (t.me/<bot>?start=staff_…). */
const STAFF_LINK = /^staff_([A-Za-z0-9_-]{16,64})$/;

/** The Mini App button, offered only when PUBLIC_URL is https (Telegram opens Mini Apps over HTTPS only). */
export function scannerKeyboard(ctx: BotContext, publicUrl: string): { reply_markup: InlineKeyboardMarkup } | null {
  if (!publicUrl.startsWith('https://')) return null;
  return { reply_markup: { inline_keyboard: [[{ text: ctx.t('staff.scan_button'), web_app: { url: `${publicUrl}/admin/checkin/app` } }]] } };
}

/** The volunteer is told in plain words to use the browser; the reason is the operator's, in the log. */
function warnNoMiniApp(deps: BotDeps): void {
  deps.logger.warn('The scanner Mini App is not offered to door staff: PUBLIC_URL is not an https:// address (Telegram opens Mini Apps over HTTPS only)');
}

/**
 * Door staff in the bot: `/start staff_<token>` links this Telegram account to an admin user (one-time,
 * minutes-valid token from "My account"); `/scan` shows the "📷" Mini App button to linked staff, in a
 * private chat only. Scan results are shown in the Mini App, never posted as messages.
 */
export function staffFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.start(async (ctx, next) => {
    const match = STAFF_LINK.exec(ctx.payload?.trim() ?? '');
    if (!match || ctx.chat.type !== 'private') return next();
    await linkTelegram(deps.db, match[1], ctx.from.id);
    // Their own "/" menu gets /scan (a chat-scoped menu, in their language); a failure leaves the usual menu.
    await ctx.telegram.setMyCommands(commandMenu(ctx.lang, true), { scope: { type: 'chat', chat_id: ctx.chat.id } }).catch(() => undefined);
    const keyboard = scannerKeyboard(ctx, deps.config.publicUrl);
    if (!keyboard) warnNoMiniApp(deps);
    await ctx.reply(ctx.t(keyboard ? 'staff.linked' : 'staff.linked_no_https'), keyboard ?? {});
  });
  composer.command('scan', async (ctx) => {
    if (ctx.chat.type !== 'private') return;
    const staff = await linkedStaff(deps.db, ctx.from.id);
    const keyboard = scannerKeyboard(ctx, deps.config.publicUrl);
    if (!staff) {
      // Unlinked since (from the admin): their chat's menu goes back to everyone's.
      await ctx.telegram.deleteMyCommands({ scope: { type: 'chat', chat_id: ctx.chat.id } }).catch(() => undefined);
      return ctx.reply(ctx.t('staff.not_linked'));
    }
    if (!keyboard) warnNoMiniApp(deps);
    await ctx.reply(ctx.t(keyboard ? 'staff.scan_intro' : 'staff.linked_no_https'), keyboard ?? {});
  });
  return composer;
}
