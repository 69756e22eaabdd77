import { Markup } from 'telegraf';
import type { Database } from '../../domain/database.js';
import { normalizeFullName, normalizePhone, updateProfile } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import type { MessageKey } from '../../i18n/index.js';

export type Read<T> = { ok: true; value: T } | { ok: false; error: MessageKey };

/** The reply keyboard with the contact-sharing button (the user may also type the number). */
export function phoneKeyboard(ctx: BotContext) {
  return Markup.keyboard([[Markup.button.contactRequest(ctx.t('phone.share'))]]).resize().oneTime();
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
