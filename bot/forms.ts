import type { Database } from '../domain/infrastructure/database.js';
import { normalizeFullName, normalizePhone, updateProfile } from '../domain/profile.js';
import type { BotContext } from './context.js';
import type { MessageKey } from '../i18n/index.js';
import { menuKeyboard, removeKeyboard, sendMenu, show, stripKeyboard } from './ui.js';
import { unpack } from './callback-data.js';
import { offeredNames, phoneKeyboard, type OfferedName } from './views/form.js';
import { cancelledKey, isPhoneStep, settledQuestion } from './views/form-steps.js';

/** What every form shares: reading a name or phone answer, and leaving the form. */

export type Read<T> = { ok: true; value: T } | { ok: false; error: MessageKey };

/** A phone from the contact button (only the user's own contact) or typed. */
export function readPhone(ctx: BotContext): Read<string> {
  const message = ctx.message;
  if (message && 'contact' in message) {
    if (message.contact.user_id !== ctx.from?.id) return { ok: false, error: 'phone.not_own' };
    const phone = normalizePhone(message.contact.phone_number, ctx.phoneRegion);
    return phone ? { ok: true, value: phone } : { ok: false, error: 'profile.bad_phone' };
  }
  if (message && 'text' in message) {
    const phone = normalizePhone(message.text, ctx.phoneRegion);
    return phone ? { ok: true, value: phone } : { ok: false, error: 'profile.bad_phone' };
  }
  return { ok: false, error: 'phone.expected' };
}

export function readFullName(ctx: BotContext): Read<string> {
  const message = ctx.message;
  // An offered name's button.
  if (ctx.callbackQuery) {
    const pressed = 'data' in ctx.callbackQuery ? unpack(ctx.callbackQuery.data) : null;
    const offered = pressed?.action === 'formName' ? offeredNames(ctx)[pressed.args[0] as OfferedName] : null;
    return offered ? { ok: true, value: offered } : { ok: false, error: 'name.expected' };
  }
  if (!message || !('text' in message)) return { ok: false, error: 'name.expected' };
  const name = normalizeFullName(message.text);
  return name ? { ok: true, value: name } : { ok: false, error: 'profile.bad_name' };
}

/**
 * Reads the answer to a name or phone step. On a bad answer, says what is wrong (keeping the contact button
 * for the phone) and returns null: the step stays open.
 */
export async function readProfileAnswer(ctx: BotContext, field: 'fullName' | 'phone'): Promise<string | null> {
  const read = field === 'fullName' ? readFullName(ctx) : readPhone(ctx);
  if (read.ok) return read.value;
  await ctx.reply(ctx.t(read.error), field === 'phone' ? phoneKeyboard(ctx) : undefined);
  return null;
}

/** Reads the answer to a name or phone step and saves it to the profile (see readProfileAnswer). */
export async function saveProfileAnswer(ctx: BotContext, db: Database, field: 'fullName' | 'phone'): Promise<string | null> {
  const value = await readProfileAnswer(ctx, field);
  if (value !== null) ctx.user = await updateProfile(db, ctx.user!.id, { [field]: value });
  return value;
}

/**
 * Leaves whatever form step the user is in: the form's message loses its buttons and a reply keyboard goes.
 * `say` says so — what was cancelled (`cancel.done` for the registration form, `cancel.edit_done` for a profile
 * edit), or that the form was left (`form.left`). With `menu`, the menu follows. Returns whether there was one.
 */
export async function leaveForm(ctx: BotContext, say: 'cancelled' | 'left' | null, menu = false): Promise<boolean> {
  const step = ctx.session?.step;
  if (step === undefined && !ctx.session?.draft) return false;
  const hadKeyboard = step !== undefined && isPhoneStep(step);
  const key = say === 'left' ? 'form.left' : cancelledKey(step);
  const pressed = ctx.callbackQuery?.message?.message_id;
  if (ctx.session.screen !== pressed) {
    // A question that pointed at its buttons ("…кнопку с именем ниже") says only the question once they go.
    const settled = step === undefined ? undefined : settledQuestion(step);
    if (settled && ctx.session.screen && ctx.chat) await ctx.telegram.editMessageText(ctx.chat.id, ctx.session.screen, undefined, ctx.t(settled)).catch(() => undefined);
    else await stripKeyboard(ctx, ctx.session.screen);
  }
  // The phone step's question ("…кнопкой ниже") loses its button with the form: it goes too.
  if (ctx.session.prompt) await ctx.deleteMessage(ctx.session.prompt).catch(() => undefined);
  ctx.session = {};
  if (!say) return step !== undefined;
  if (hadKeyboard) {
    // A reply keyboard goes only with a new message; the menu (inline) needs another one.
    await ctx.reply(ctx.t(key), removeKeyboard());
    if (menu) await sendMenu(ctx);
  } else if (menu) {
    await show(ctx, `${ctx.t(key)}\n\n${ctx.t('menu.title')}`, menuKeyboard(ctx));
  } else {
    await ctx.reply(ctx.t(key));
  }
  return step !== undefined;
}
