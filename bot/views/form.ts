import { Markup } from 'telegraf';
import { normalizeFullName } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import { translate } from '../../i18n/index.js';
import type { ArgsOf } from '../callback-data.js';
import { button, inline } from '../ui.js';

/**
 * The reply keyboard of a phone step: the contact-sharing button and Cancel (sent as its label). The user may
 * also type the number. A reply keyboard cannot live on an edited message, so a phone step is always a new one.
 */
export function phoneKeyboard(ctx: BotContext) {
  return Markup.keyboard([[Markup.button.contactRequest(ctx.t('phone.share'))], [ctx.t('form.cancel')]])
    .resize()
    .oneTime();
}

/**
 * Asks a phone step's question (a new message with the contact button), remembering it in the session; a question
 * asked before (the step asked again after /language) goes.
 */
export async function askPhoneAgain(ctx: BotContext, text: string): Promise<void> {
  const before = ctx.session.prompt;
  ctx.session.prompt = (await ctx.reply(text, phoneKeyboard(ctx))).message_id;
  if (before) await ctx.deleteMessage(before).catch(() => undefined);
}

/** Cancel from a phone step's reply keyboard: its label in either language (the language may have just changed). */
export function isCancelLabel(text: string): boolean {
  return text === translate('ru', 'form.cancel') || text === translate('en', 'form.cancel');
}

/** The name Telegram knows, when it reads as a full name: two words at least ("Боря" alone is not a first and last name). */
export function telegramName(ctx: BotContext): string | null {
  const name = normalizeFullName([ctx.from?.first_name, ctx.from?.last_name].filter(Boolean).join(' '));
  return name && name.split(' ').length >= 2 ? name : null;
}

/** The names a name step offers as one-tap answers: the one already given (in the form or the profile) first, then Telegram's. */
export function offeredNames(ctx: BotContext): Record<OfferedName, string | null> {
  const saved = ctx.session?.draft?.fullName ?? ctx.user?.fullName ?? null;
  const telegram = telegramName(ctx);
  return { saved, telegram: telegram === saved ? null : telegram };
}

export type OfferedName = ArgsOf<'formName'>[0];

/**
 * A name step: the question (offering names when there are some) with those names as buttons and Cancel. Inline
 * buttons, so the step is edited in place from the screen before it.
 */
export function nameStep(ctx: BotContext, ask: 'reg.ask_name' | 'profile.ask_name', askOffer: 'reg.ask_name_offer' | 'profile.ask_name_offer') {
  const { saved, telegram } = offeredNames(ctx);
  return {
    text: ctx.t(saved || telegram ? askOffer : ask),
    extra: inline([saved ? [button(saved, 'formName', 'saved')] : [], telegram ? [button(telegram, 'formName', 'telegram')] : [], [button(ctx.t('form.cancel'), 'formCancel')]]),
  };
}

/** Typed answers to a yes/no step, in either language (a person may type in the other one): lower case, ё as е. */
const TYPED_YES = new Set([
  'да',
  'ага',
  'угу',
  'конечно',
  'согласен',
  'согласна',
  'согласен(на)',
  'я согласен',
  'я согласна',
  'даю',
  'yes',
  'y',
  'yep',
  'sure',
  'agree',
  'i agree',
  'ok',
  'okay',
]);
const TYPED_NO = new Set(['нет', 'не', 'не согласен', 'не согласна', 'не согласен(на)', 'я не согласен', 'я не согласна', 'не даю', 'no', 'n', 'nope', 'disagree', 'i disagree']);

/** A typed "да" / "Yes!" / "✅ Согласен(на)" as the answer to a yes/no step; null for anything else. */
export function typedYesNo(text: string): 'yes' | 'no' | null {
  const words = text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}() ]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  if (TYPED_YES.has(words)) return 'yes';
  if (TYPED_NO.has(words)) return 'no';
  return null;
}
