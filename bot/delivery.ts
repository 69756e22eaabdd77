import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { Database } from '../domain/infrastructure/database.js';
import {
  MAX_DELIVERY_ATTEMPTS,
  claimDue,
  finishBroadcasts,
  interruptInFlight,
  recordOutcomes,
  type ClaimedMessage,
  type DeliveryOutcome,
  type DeliveryQueue,
} from '../domain/infrastructure/delivery-queue.js';
import { startDueBroadcasts } from '../domain/broadcasts.js';
import { SYSTEM_CLOCK, type Clock } from '../domain/infrastructure/clock.js';
import { enqueueDueReminders } from '../domain/reminders.js';
import { SenderLock } from '../domain/infrastructure/sender-lock.js';
import { pack } from './callback-data.js';
import { userLanguage } from '../domain/users.js';
import { formatDateTime, formatSlot, formatSlotMove } from './format.js';
import { isMessageKey, translate, type Language, type MessageKey } from '../i18n/index.js';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';

/** Telegram's limits: ≈ 30 messages/s for the whole bot, ≈ 1 message/s to one chat. */
export const TELEGRAM_RATE_PER_SECOND = 30;
export const PER_CHAT_INTERVAL_MS = 1_000;

/**
 * Paces sends: a global rate and a minimum interval per chat. `take` reserves the moment a message may go
 * before waiting, so concurrent callers never share a slot: the chat's next free moment, then the first free
 * global slot from there on. A chat waiting for its turn does not hold up other chats. `pauseUntil` stops
 * everything (429).
 */
export class RateLimiter {
  /** Global send times already handed out, ascending. */
  private reserved: number[] = [];
  private pausedUntil = 0;
  private readonly nextByChat = new Map<number, number>();
  private readonly gap: number;

  constructor(
    perSecond: number,
    private readonly perChatMs: number = PER_CHAT_INTERVAL_MS,
  ) {
    this.gap = 1000 / perSecond;
  }

  async take(chatId?: number): Promise<void> {
    const now = Date.now();
    let at = Math.max(now, this.pausedUntil, chatId === undefined ? 0 : (this.nextByChat.get(chatId) ?? 0));
    this.reserved = this.reserved.filter((t) => t > now - this.gap);
    let index = 0;
    for (; index < this.reserved.length; index++) {
      const t = this.reserved[index];
      if (t + this.gap <= at) continue;
      if (t >= at + this.gap) break;
      at = t + this.gap;
    }
    this.reserved.splice(index, 0, at);
    if (chatId !== undefined) {
      this.nextByChat.set(chatId, at + this.perChatMs);
      if (this.nextByChat.size > 10_000) this.forgetPast(now);
    }
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  private forgetPast(now: number): void {
    for (const [chat, at] of this.nextByChat) if (at < now) this.nextByChat.delete(chat);
  }
}

export interface DeliveryDeps {
  db: Database;
  telegram: Pick<Telegram, 'sendMessage' | 'editMessageCaption'>;
  logger: Logger;
  tzDisplay: string;
  /** Shared by all senders of the process: Telegram's limit is for the whole bot. */
  limiter: RateLimiter;
}

export interface RunResult {
  claimed: number;
  sent: number;
  failed: number;
  blocked: number;
  retried: number;
}

type SendExtra = NonNullable<Parameters<Telegram['sendMessage']>[2]>;

interface Rendered {
  text: string;
  extra?: SendExtra;
  /** Not a new message: the new caption of one the bot sent before (a ticket photo made invalid). */
  editMessageId?: number;
}

/** Parameters of a notification as the user reads them: timestamps in TZ_DISPLAY, in their language. */
function renderParams(payload: Record<string, unknown>, lang: Language, tz: string): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    params[key] = key.endsWith('At') && typeof value === 'string' ? formatDateTime(new Date(value), lang, tz) : (value as string | number);
  }
  return params;
}

/**
 * A notification's text. A span (`startsAt` and `endsAt`) is also `{slot}`, the day said once ("15.01 10:00–11:00");
 * a moved slot says what it was and what it is (older rows, without the old times, only the new).
 */
function renderText(kind: MessageKey, payload: Record<string, unknown>, lang: Language, tz: string): string {
  const params = renderParams(payload, lang, tz);
  const iso = (key: string) => (typeof payload[key] === 'string' ? new Date(payload[key]) : null);
  const [startsAt, endsAt, wasStartsAt, wasEndsAt] = ['startsAt', 'endsAt', 'wasStartsAt', 'wasEndsAt'].map(iso);
  if (startsAt && endsAt) params.slot = formatSlot(startsAt, endsAt, lang, tz);
  if (kind !== 'notify.slot_moved' || !startsAt || !endsAt) return translate(lang, kind, params);
  if (!wasStartsAt || !wasEndsAt) return translate(lang, 'notify.slot_moved_to', { ...params, now: formatSlot(startsAt, endsAt, lang, tz) });
  return translate(lang, kind, { ...params, ...formatSlotMove({ startsAt: wasStartsAt, endsAt: wasEndsAt }, { startsAt, endsAt }, lang, tz) });
}

/**
 * A notification in the user's language, never a dead end: under it the menu (as a new message, so the
 * notification stays); a reminder that asks carries "✅ Буду" / "❌ Не смогу" above it, an approval "🎫".
 */
function renderOutbox(message: ClaimedMessage, tz: string): Rendered {
  const lang = userLanguage(message);
  const menu = [{ text: translate(lang, 'menu.back'), callback_data: pack('menuNew') }];
  const keyboard = (...rows: InlineKeyboardButton[][]): SendExtra => ({ reply_markup: { inline_keyboard: [...rows, menu] } });
  if (message.text) return { text: message.text, extra: keyboard() };
  const payload = message.payload ?? {};
  if (typeof payload.editMessageId === 'number' && message.kind && isMessageKey(message.kind)) {
    return { text: renderText(message.kind, payload, lang, tz), editMessageId: payload.editMessageId };
  }
  const rendered = message.kind && isMessageKey(message.kind) ? renderText(message.kind, payload, lang, tz) : String(message.kind);
  // A reminder on the event's day says where.
  const text = typeof payload.place === 'string' && payload.place ? `${rendered}\n${translate(lang, 'reminder.place', { place: payload.place })}` : rendered;
  if (payload.ask === 1 && typeof payload.registrationId === 'number') {
    const slotId = typeof payload.slotId === 'number' ? payload.slotId : 0;
    const answers = [
      { text: translate(lang, 'reminder.yes'), callback_data: pack('attend', payload.registrationId, slotId, 'yes') },
      { text: translate(lang, 'reminder.no'), callback_data: pack('attend', payload.registrationId, slotId, 'no') },
    ];
    return { text, extra: keyboard(answers, ...(ticketButton(message)?.reply_markup.inline_keyboard ?? [])) };
  }
  if (typeof payload.offerRegistrationId === 'number') {
    return {
      text,
      extra: keyboard([
        { text: translate(lang, 'offer.accept'), callback_data: pack('offer', payload.offerRegistrationId, 'take') },
        { text: translate(lang, 'offer.decline'), callback_data: pack('offer', payload.offerRegistrationId, 'skip') },
      ]),
    };
  }
  const team = teamButton(message);
  if (team) return { text, extra: keyboard([team]) };
  const ticket = ticketButton(message);
  return { text, extra: ticket ? keyboard(...ticket.reply_markup.inline_keyboard) : keyboard() };
}

/** A broadcast in Telegram's HTML (checked when saved), with the link preview off when asked. */
function renderBroadcast(message: ClaimedMessage): Rendered {
  return {
    text: message.text ?? '',
    extra: { parse_mode: 'HTML', ...(message.disableLinkPreview ? { link_preview_options: { is_disabled: true } } : {}) },
  };
}

// --- door check-in: an approval offers the "🎫" ticket button -------------------------------
/** The ticket button of an approval notification (payload `ticketRegistrationId`), else no keyboard. */
function ticketButton(message: ClaimedMessage): { reply_markup: InlineKeyboardMarkup } | undefined {
  const id = message.payload?.ticketRegistrationId;
  if (typeof id !== 'number') return undefined;
  return { reply_markup: { inline_keyboard: [[{ text: translate(userLanguage(message), 'ticket.button'), callback_data: pack('ticket', id) }]] } };
}
// ---------------------------------------------------------------------------------------------------------

/** Team notifications after which the person is still in the team: "👥 Команда" opens it (payload `teamId`). */
const TEAM_KINDS: ReadonlySet<string> = new Set(['notify.team_joined', 'notify.team_left', 'notify.team_captain', 'notify.team_incomplete_soon', 'notify.team_incomplete']);

function teamButton(message: ClaimedMessage): InlineKeyboardButton | undefined {
  const id = message.payload?.teamId;
  if (typeof id !== 'number' || !message.kind || !TEAM_KINDS.has(message.kind)) return undefined;
  return { text: translate(userLanguage(message), 'team.open'), callback_data: pack('team', id) };
}

/** What a failed sendMessage means for the message: Telegram's error code decides. */
function outcomeOf(error: unknown, attempts: number, limiter: RateLimiter): DeliveryOutcome {
  const e = error as { response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } }; message?: string };
  const code = e.response?.error_code;
  const description = e.response?.description ?? e.message ?? String(error);
  if (code === 429) {
    // Everyone waits: the limiter is the one sender's, shared by notifications, reminders and broadcasts.
    const waitMs = (e.response?.parameters?.retry_after ?? 1) * 1000;
    limiter.pauseUntil(Date.now() + waitMs);
    return { kind: 'retry', at: new Date(Date.now() + waitMs), error: description, countsAsAttempt: false };
  }
  if (code === 403) return { kind: 'blocked', error: description };
  if (code !== undefined && code >= 400 && code < 500) return { kind: 'failed', error: description };
  // Network errors and 5xx: back off (2 s, 4 s, 8 s … capped at 10 min), then give up.
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return { kind: 'failed', error: description };
  return { kind: 'retry', at: new Date(Date.now() + Math.min(2 ** attempts * 1000, 600_000)), error: description, countsAsAttempt: true };
}

/**
 * One batch: claim (marked in flight and committed before any call to Telegram), send each when the limiter
 * gives it a turn, then record all outcomes in one transaction.
 */
async function runQueueOnce(
  deps: DeliveryDeps,
  queue: DeliveryQueue,
  render: (message: ClaimedMessage) => Rendered,
  pace: (message: ClaimedMessage) => Promise<void>,
  batchSize: number,
): Promise<RunResult> {
  const result: RunResult = { claimed: 0, sent: 0, failed: 0, blocked: 0, retried: 0 };
  const messages = await claimDue(deps.db, queue, batchSize);
  result.claimed = messages.length;
  // Messages to different chats go out concurrently, each waiting for its turn at the limiter.
  const outcomes = await Promise.all(
    messages.map(async (message) => {
      let outcome: DeliveryOutcome;
      if (message.isBlocked) {
        outcome = { kind: 'blocked', error: 'user has blocked the bot' };
      } else {
        await pace(message);
        try {
          const { text, extra, editMessageId } = render(message);
          // A ticket photo made invalid says so in its caption (an old message that is gone fails as any 400).
          if (editMessageId !== undefined) await deps.telegram.editMessageCaption(message.telegramId, editMessageId, undefined, text);
          // An approval carries the "🎫" ticket button (door check-in).
          else await deps.telegram.sendMessage(message.telegramId, text, extra ?? ticketButton(message));
          outcome = { kind: 'sent' };
        } catch (error) {
          const failure = outcomeOf(error, message.attempts, deps.limiter);
          deps.logger.warn({ queue, id: message.id, outcome: failure.kind, error: 'error' in failure ? failure.error : null }, 'message delivery failed');
          outcome = failure;
        }
      }
      result[outcome.kind === 'retry' ? 'retried' : outcome.kind]++;
      return { message, outcome };
    }),
  );
  await recordOutcomes(deps.db, queue, outcomes);
  return result;
}

/** Delivers one batch of due notifications from `outbox_messages`. Tests call it directly. */
export function runOutboxOnce(deps: DeliveryDeps, batchSize = 50): Promise<RunResult> {
  return runQueueOnce(
    deps,
    'outbox_messages',
    (m) => renderOutbox(m, deps.tzDisplay),
    (m) => deps.limiter.take(m.telegramId),
    batchSize,
  );
}

/**
 * Delivers one batch of broadcast messages at `broadcastLimiter`'s pace (BROADCAST_RATE), within the bot's
 * overall limits, updates the counts, and marks finished broadcasts `done`.
 */
export async function runBroadcastsOnce(deps: DeliveryDeps, broadcastLimiter: RateLimiter, batchSize = 50): Promise<RunResult> {
  const result = await runQueueOnce(
    deps,
    'broadcast_deliveries',
    renderBroadcast,
    async (m) => {
      await broadcastLimiter.take();
      await deps.limiter.take(m.telegramId);
    },
    batchSize,
  );
  // A short batch means the queue ran dry: only then can a broadcast have finished.
  if (result.claimed < batchSize) await finishBroadcasts(deps.db);
  return result;
}

export interface SenderOptions {
  /** BROADCAST_RATE: broadcasts never go faster. */
  broadcastRate: number;
  /** REMINDER_OFFSETS in ms. */
  reminderOffsetsMs: number[];
  /** Telegram's overall limit (the benchmark lifts it). */
  telegramRate?: number;
  perChatMs?: number;
  clock?: Clock;
}

/**
 * The bot's one sender: notifications first, then reminders (as notifications), then broadcasts, all within
 * one budget (≈30/s overall, ≈1/s per chat; broadcasts ≤ BROADCAST_RATE). Only the process holding the sender
 * lock sends (domain/infrastructure/sender-lock.ts); on taking over it first marks what a dead sender left in flight as
 * `interrupted`. Broadcast batches are small (≈ a fifth of a second's worth) so that a notification never
 * waits long behind them and a crash leaves few messages in flight.
 */
export class Sender {
  readonly lock: SenderLock;
  readonly deps: DeliveryDeps;
  private readonly broadcastLimiter: RateLimiter;
  private readonly broadcastBatch: number;
  private readonly clock: Clock;
  private readonly lanes: number;

  constructor(
    base: Omit<DeliveryDeps, 'limiter'>,
    private readonly options: SenderOptions,
  ) {
    this.lock = new SenderLock(base.db);
    this.deps = { ...base, limiter: new RateLimiter(options.telegramRate ?? TELEGRAM_RATE_PER_SECOND, options.perChatMs ?? PER_CHAT_INTERVAL_MS) };
    this.broadcastLimiter = new RateLimiter(options.broadcastRate, 0);
    this.broadcastBatch = Math.max(1, Math.min(200, Math.ceil(Math.min(options.broadcastRate, options.telegramRate ?? TELEGRAM_RATE_PER_SECOND) / 5)));
    this.clock = options.clock ?? SYSTEM_CLOCK;
    // At Telegram's pace two lanes keep the rhythm; with the limits lifted (benchmark) more overlap the round trips.
    this.lanes = this.broadcastBatch >= 100 ? 4 : 2;
  }

  /** One turn of the background task: become (or stay) the sender, then send until nothing is due. */
  async run(signal: AbortSignal): Promise<void> {
    const { held, tookOver } = await this.lock.hold();
    if (!held) return;
    if (tookOver) {
      const interrupted = await interruptInFlight(this.deps.db);
      this.deps.logger.info({ interrupted }, 'this process is now the sender; messages a stopped sender left in flight are marked interrupted');
    }
    const now = this.clock.now();
    await startDueBroadcasts(this.deps.db, now);
    await enqueueDueReminders(this.deps.db, this.options.reminderOffsetsMs, now);
    // Two lanes, so that one claims and records while the other's messages wait for their turn: the
    // limiter's pace is kept between batches (the database's round trips are not lost time).
    let stop = false;
    const lane = async () => {
      while (!signal.aborted && !stop) {
        const outbox = await runOutboxOnce(this.deps);
        if (signal.aborted) return;
        const broadcasts = await runBroadcastsOnce(this.deps, this.broadcastLimiter, this.broadcastBatch);
        if (outbox.claimed + broadcasts.claimed === 0) return;
        // Still the sender? (A lost connection means another process may have taken over.)
        if (!(await this.lock.hold()).held) stop = true;
      }
    };
    await Promise.all(Array.from({ length: this.lanes }, lane));
  }

  release(): Promise<void> {
    return this.lock.release();
  }
}

/** The background task that sends (server/service.ts runs it); every process runs it, one holds the lock. */
export function deliveryTasks(
  deps: Omit<DeliveryDeps, 'limiter'>,
  options: SenderOptions,
): { sender: Sender; tasks: Array<{ name: string; everyMs: number; run: (signal: AbortSignal) => Promise<void> }> } {
  const sender = new Sender(deps, options);
  return { sender, tasks: [{ name: 'sender', everyMs: 1_000, run: (signal) => sender.run(signal) }] };
}
