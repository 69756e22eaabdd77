import { Composer, Markup } from 'telegraf';
import { deferToWebhookReply, type ReplyMarkup, type WebhookReply } from './pipeline.js';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import { pack, unpack, type Action, type ArgsOf } from './callback-data.js';
import type { BotContext } from './context.js';
import type { MessageKey } from '../i18n/index.js';

/** Telegram's limit for one message; long user-written texts (descriptions) are cut to fit. */
export const MAX_MESSAGE_LENGTH = 4096;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function button<A extends Action>(label: string, action: A, ...args: ArgsOf<A>): InlineKeyboardButton.CallbackButton {
  return Markup.button.callback(clip(label, 60), pack(action, ...args));
}

export function inline(rows: InlineKeyboardButton[][]): { reply_markup: InlineKeyboardMarkup } {
  return Markup.inlineKeyboard(rows.filter((row) => row.length > 0));
}

export function menuKeyboard(ctx: Pick<BotContext, 't'>) {
  return inline([
    [button(ctx.t('menu.competitions'), 'list', 0)],
    [button(ctx.t('menu.my'), 'myList'), button(ctx.t('menu.profile'), 'profile')],
    [button(ctx.t('menu.help'), 'help')],
  ]);
}

export async function sendMenu(ctx: BotContext, key: MessageKey = 'menu.title'): Promise<void> {
  await ctx.reply(ctx.t(key), menuKeyboard(ctx));
}

/**
 * Sends the update's LAST message, one whose id nobody keeps: by webhook it rides on the response when that is
 * still free (Telegram sends it after every call made here, so nothing may follow it); otherwise it is sent now.
 */
export async function replyLast(ctx: BotContext, text: string, extra: { reply_markup?: ReplyMarkup } = {}): Promise<void> {
  if (ctx.chat && deferToWebhookReply(ctx.update, { method: 'sendMessage', chat_id: ctx.chat.id, text, ...extra })) return;
  await ctx.reply(text, extra);
}

/** A one-off answer that also takes away a reply keyboard (the contact button) left from a form step. */
export const removeKeyboard = () => Markup.removeKeyboard();

/** The main menu as the only button of a screen that is an end (an error, a notification, "not found"). */
export function menuButton(ctx: Pick<BotContext, 't'>) {
  return inline([[button(ctx.t('menu.back'), 'menu')]]);
}

/**
 * Shows a screen: from a button press, edits the message the button was on (navigation stays in one
 * message); otherwise, or when the message can no longer be edited, sends a new one. Returns the id of the
 * message that shows it.
 */
export async function show(ctx: BotContext, text: string, extra: { reply_markup?: InlineKeyboardMarkup } = {}): Promise<number> {
  const pressed = ctx.callbackQuery?.message;
  if (pressed) {
    try {
      await ctx.editMessageText(text, extra);
      return pressed.message_id;
    } catch (error) {
      if (/message is not modified/i.test(String((error as Error).message))) return pressed.message_id;
    }
  }
  return (await ctx.reply(text, extra)).message_id;
}

/** Shows a screen (see `show`) that takes over from `previous`, an earlier screen, which loses its buttons. */
export async function showInstead(ctx: BotContext, previous: number | undefined, text: string, extra: { reply_markup?: InlineKeyboardMarkup }): Promise<number> {
  const shown = await show(ctx, text, extra);
  if (previous !== shown) await stripKeyboard(ctx, previous);
  return shown;
}

/** Takes the inline buttons off an earlier message (its action is done); a message already gone is fine. */
export async function stripKeyboard(ctx: BotContext, messageId: number | undefined): Promise<void> {
  if (!messageId || !ctx.chat) return;
  await ctx.telegram.editMessageReplyMarkup(ctx.chat.id, messageId, undefined, undefined).catch(() => undefined);
}

/**
 * Takes the reply keyboard (the contact button) away: Telegram removes a reply keyboard only with a new message
 * that says so (and such a message can never be edited), so this sends `text` with the removal. When it answers
 * a question (`answered`, the phone step's message, which cannot be edited either), the question is deleted
 * once the next screen is there (`done`) and the note ("Телефон: … ✓") stays in its place; without one, the
 * note itself is deleted. Where the delete fails, the message stays — it is still true.
 */
export async function withoutReplyKeyboard<T>(ctx: BotContext, text: string, done: () => Promise<T>, answered?: number): Promise<T> {
  const note = await ctx.reply(text, removeKeyboard());
  const result = await done();
  await deleteLast(ctx, answered ?? note.message_id);
  return result;
}

/** Deletes a message nothing waits for: by webhook the call rides on the response when that is free. */
export async function deleteLast(ctx: BotContext, messageId: number): Promise<void> {
  if (ctx.chat && deferToWebhookReply(ctx.update, { method: 'deleteMessage', chat_id: ctx.chat.id, message_id: messageId })) return;
  await ctx.deleteMessage(messageId).catch(() => undefined);
}

/** An answered step's message says what it settled ("Имя: … ✓") and loses its buttons (where it cannot be edited, only the buttons go). */
export async function settleStep(ctx: BotContext, messageId: number | undefined, text: string): Promise<void> {
  if (!messageId || !ctx.chat) return;
  await ctx.telegram.editMessageText(ctx.chat.id, messageId, undefined, text).catch(() => stripKeyboard(ctx, messageId));
}

/** Answers the button press (stops the spinner), once, with an optional toast. */
export async function answer(ctx: BotContext, text?: string): Promise<void> {
  const state = ctx.state as { answered?: boolean };
  if (state.answered || !ctx.callbackQuery) return;
  state.answered = true;
  // By webhook, the answer rides on the webhook's response (Telegram makes the call): one request fewer.
  const call: WebhookReply = { method: 'answerCallbackQuery', callback_query_id: ctx.callbackQuery.id, ...(text ? { text } : {}) };
  if (deferToWebhookReply(ctx.update, call)) return;
  await ctx.answerCbQuery(text).catch(() => undefined);
}

/**
 * Handles presses of one typed action; the press is always answered. With `when`, only the presses it accepts:
 * the others go on to the next feature (a button two forms share, each taking it in its own steps).
 */
export function onAction<A extends Action>(
  composer: Composer<BotContext>,
  action: A,
  handler: (ctx: BotContext, ...args: ArgsOf<A>) => Promise<unknown>,
  when?: (ctx: BotContext) => boolean,
): void {
  composer.on('callback_query', async (ctx, next) => {
    const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined;
    const unpacked = data ? unpack(data) : null;
    if (!unpacked || unpacked.action !== action || (when && !when(ctx))) return next();
    // unpack() checked the arguments against the action's table; TypeScript cannot narrow a union by it.
    await handler(ctx, ...(unpacked.args as unknown as ArgsOf<A>));
    await answer(ctx);
  });
}
