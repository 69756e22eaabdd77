import { Context } from 'telegraf';
import type { ForceReply, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update } from 'telegraf/types';
import { newLeaseOwner, openTurnStore, runUpdateTurn, type ClaimedUpdate, type SessionChange, type TurnResult, type UpdateTurn } from '../domain/infrastructure/turn-store.js';
import type { TelegramProfile } from '../domain/users.js';
import type { Bot } from './index.js';
import type { BotDeps } from './deps.js';

/**
 * What every update goes through, from the webhook or from polling: the update's chat turn, its lease, the user
 * and the session (read together, see domain/infrastructure/turn-store.ts), then Telegraf's middleware with those
 * already loaded, then the session written back with the done mark.
 */
export interface UpdatePipeline {
  handle(update: Update): Promise<UpdateOutcome>;
}

/**
 * A Bot API call Telegram performs itself when it comes as the webhook's answer (`{"method": …, …params}`):
 * one HTTP request fewer per update. Telegram reports nothing back, and performs it after every call the
 * handler made itself, so only a call whose result nobody reads, and that may come last, goes this way: the
 * answer to a button press (its toast), the update's last message, a message deleted once its work is done.
 */
export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export type WebhookReply =
  | { method: 'answerCallbackQuery'; callback_query_id: string; text?: string }
  | { method: 'sendMessage'; chat_id: number; text: string; reply_markup?: ReplyMarkup }
  | { method: 'deleteMessage'; chat_id: number; message_id: number };

export interface UpdateOutcome {
  result: TurnResult;
  /** The webhook's answer: a call for Telegram to perform, when the handler deferred one. */
  reply: WebhookReply | null;
}

/** What the pipeline loaded for an update, read by the user and session middleware instead of a query. */
export interface Prefetched extends ClaimedUpdate {
  /** The session's key (null: this update has no session). */
  sessionKey: string | null;
  /** Set by the session middleware when the session changed. */
  change: SessionChange | null;
  /** Set by deferToWebhookReply. */
  reply: WebhookReply | null;
}

const prefetched = new WeakMap<Update, Prefetched>();

export function prefetchedFor(update: Update): Prefetched | undefined {
  return prefetched.get(update);
}

/**
 * Defers `call` into the webhook's answer (polling performs it after the handler, server/polling.ts): true when no
 * call was deferred yet for this update (one per answer); false → the caller makes the call itself.
 */
export function deferToWebhookReply(update: Update, call: WebhookReply): boolean {
  const record = prefetched.get(update);
  if (!record || record.reply) return false;
  record.reply = call;
  return true;
}

/** Telegraf's session key (kept, so sessions stored before this change still match): `from:chat`, private chats only. */
export function sessionKeyOf(ctx: Pick<Context, 'from' | 'chat'>): string | null {
  return ctx.from && ctx.chat?.type === 'private' ? `${ctx.from.id}:${ctx.chat.id}` : null;
}

/**
 * A person writing to the bot in a private chat (or pressing an inline-mode button, which has no chat): the
 * one whose row we keep. A group message writes no row (and does not clear `is_blocked`).
 */
export function personOf(ctx: Pick<Context, 'from' | 'chat'>): TelegramProfile | null {
  if (!ctx.from || ctx.from.is_bot) return null;
  if (ctx.chat && ctx.chat.type !== 'private') return null;
  return ctx.from;
}

/** The facts the turn needs, read from the update the way Telegraf's context reads it. */
export function describeUpdate(bot: Bot, update: Update): UpdateTurn {
  // `chat` and `from` never read botInfo, which may not be loaded yet (getMe retries in the background).
  const ctx = new Context(update, bot.telegram, bot.botInfo ?? ({} as NonNullable<Bot['botInfo']>));
  return {
    updateId: update.update_id,
    orderKey: ctx.chat?.id ?? ctx.from?.id ?? null,
    // Blocking or unblocking the bot is not writing to it: it refreshes no row and creates none (after "delete my
    // data" it would bring back the username and names); bot/features/chat-member.ts marks an existing row.
    profile: update && 'my_chat_member' in update ? null : personOf(ctx),
    sessionKey: sessionKeyOf(ctx),
  };
}

export function createUpdatePipeline(bot: Bot, deps: BotDeps): UpdatePipeline {
  const store = openTurnStore(deps.db, newLeaseOwner());
  return {
    async handle(update) {
      const turn = describeUpdate(bot, update);
      const result = await runUpdateTurn(deps.db, store, turn, async (claimed) => {
        prefetched.set(update, { ...claimed, sessionKey: turn.sessionKey, change: null, reply: null });
        await bot.handleUpdate(update);
        return prefetched.get(update)!.change;
      });
      return { result, reply: prefetched.get(update)?.reply ?? null };
    },
  };
}
