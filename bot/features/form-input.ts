import { Markup } from 'telegraf';
import type { Database } from '../../domain/infrastructure/database.js';
import { normalizeFullName, normalizePhone, updateProfile } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import { translate, type MessageKey } from '../../i18n/index.js';
import { button, inline } from '../ui.js';

export type Read<T> = { ok: true; value: T } | { ok: false; error: MessageKey };

/**
 * The reply keyboard of a phone step: the contact-sharing button and Cancel (sent as its label). The user may
 * also type the number. A reply keyboard cannot live on an edited message, so a phone step is always a new one.
 */
export function phoneKeyboard(ctx: BotContext) {
  return Markup.keyboard([[Markup.button.contactRequest(ctx.t('phone.share'))], [ctx.t('form.cancel')]]).resize().oneTime();
}

/** Cancel from a phone step's reply keyboard: its label in either language (the language may have just changed). */
export function isCancelLabel(text: string): boolean {
  return text === translate('ru', 'form.cancel') || text === translate('en', 'form.cancel');
}

/** The name Telegram knows (first and last), when it reads as a full name: offered as a one-tap answer. */
export function offeredName(ctx: BotContext): string | null {
  return normalizeFullName([ctx.from?.first_name, ctx.from?.last_name].filter(Boolean).join(' '));
}

/**
 * A name step: the question (offering the Telegram name when there is one) with that name as a button and
 * Cancel. Inline buttons, so the step is edited in place from the screen before it.
 */
export function nameStep(ctx: BotContext, ask: 'reg.ask_name' | 'profile.ask_name', askOffer: 'reg.ask_name_offer' | 'profile.ask_name') {
  const offered = offeredName(ctx);
  return {
    text: ctx.t(offered ? askOffer : ask),
    extra: inline([offered ? [button(offered, 'formName')] : [], [button(ctx.t('form.cancel'), 'formCancel')]]),
  };
}

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
  // The offered name's button.
  if (ctx.callbackQuery) {
    const offered = offeredName(ctx);
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
