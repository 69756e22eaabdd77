import { Markup } from 'telegraf';
import { normalizeFullName } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import { translate } from '../../i18n/index.js';
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
