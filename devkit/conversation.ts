import type { ApiCall, ShownMessage } from './fake-bot-api.js';
import type { TestService } from './service.js';

let nextUpdateId = Math.floor(Math.random() * 1_000_000) * 1000;
let nextMessageId = 1;

export function newUpdateId(): number {
  return ++nextUpdateId;
}

export interface Reply {
  text: string;
  /** Inline keyboard labels, row by row (empty when none). */
  buttons: string[][];
  /** Reply keyboard labels, row by row (empty when none). */
  keyboard: string[][];
  call: ApiCall;
}

export interface TestUserProfile {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/**
 * A person talking to the bot through the webhook: sends text, commands, contacts, presses inline buttons
 * by their label, and reads what the bot answered (through the fake Bot API).
 */
/** What a scripted user needs: a way to post updates (one service, or a proxy before several) and the fake API. */
export type UpdateTarget = Pick<TestService, 'postUpdate' | 'api'>;

export class TestUser {
  constructor(
    private readonly harness: () => UpdateTarget,
    readonly profile: TestUserProfile,
  ) {}

  get id(): number {
    return this.profile.id;
  }

  private from() {
    return { is_bot: false, first_name: 'Test', ...this.profile };
  }

  private chat() {
    return { id: this.profile.id, type: 'private', first_name: this.profile.first_name ?? 'Test' };
  }

  /** Posts an update and waits until the webhook answered. Returns the HTTP status. */
  async post(update: Record<string, unknown>): Promise<number> {
    const response = await this.harness().postUpdate({ update_id: newUpdateId(), ...update });
    await response.text();
    return response.status;
  }

  async send(text: string): Promise<number> {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0].length }] : undefined;
    return this.post({ message: this.message({ text, ...(entities ? { entities } : {}) }) });
  }

  /** Shares a phone number with the contact button; `own: false` shares someone else's contact. */
  async sendContact(phone: string, own = true): Promise<number> {
    const contact = { phone_number: phone, first_name: this.profile.first_name ?? 'Test', ...(own ? { user_id: this.profile.id } : { user_id: this.profile.id + 1 }) };
    return this.post({ message: this.message({ contact }) });
  }

  async sendSticker(): Promise<number> {
    return this.post({
      message: this.message({ sticker: { file_id: 'CAACAgIAAxkBAAE', file_unique_id: 'AgAD', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }),
    });
  }

  /** Sends a message of another kind: `{ photo: […] }`, `{ voice: … }`, `{ location: … }`, `{ document: … }`. */
  async sendOther(content: Record<string, unknown>): Promise<number> {
    return this.post({ message: this.message(content) });
  }

  /** Presses the inline button with this label on the newest bot message that has it. */
  async press(label: string | RegExp): Promise<number> {
    const found = this.findButton(label);
    if (!found)
      throw new Error(
        `no button ${String(label)} in the bot's messages to ${this.id}; last reply: ${JSON.stringify(this.lastReply()?.text)} ${JSON.stringify(this.lastReply()?.buttons)}`,
      );
    return this.pressData(found.data, found.messageId);
  }

  /** Presses the same button `times` times at once, each press its own update (a double tap). Returns the statuses. */
  async tap(label: string | RegExp, times = 2): Promise<number[]> {
    const found = this.findButton(label);
    if (!found) throw new Error(`no button ${String(label)} in the bot's messages to ${this.id}`);
    return Promise.all(Array.from({ length: times }, () => this.pressData(found.data, found.messageId)));
  }

  /** The ids of the callback queries this user sent: their answers are this user's toasts. */
  private readonly queries = new Set<string>();

  /** Sends a callback with raw data (e.g. a stale button from an old message). */
  async pressData(data: string, messageId = 1): Promise<number> {
    const id = String(newUpdateId());
    this.queries.add(id);
    return this.post({
      callback_query: {
        id,
        from: this.from(),
        chat_instance: `ci${this.id}`,
        data,
        message: { message_id: messageId, date: now(), chat: this.chat(), from: { id: 1, is_bot: true, first_name: 'Bot' }, text: '…' },
      },
    });
  }

  /** All replies to this user, oldest first. */
  replies(): Reply[] {
    return this.harness().api.messagesTo(this.id).map(toReply);
  }

  lastReply(): Reply | undefined {
    const all = this.replies();
    return all[all.length - 1];
  }

  /** The chat as the person sees it now: the bot's messages with their current keyboards, and the reply keyboard. */
  screen(): { messages: ShownMessage[]; replyKeyboard: string[][] | null } {
    return this.harness().api.chatState(this.id);
  }

  /** The bot's messages that still show inline buttons now (a spent screen should not be among them). */
  liveKeyboards(): ShownMessage[] {
    return this.screen().messages.filter((m) => m.buttons.length > 0);
  }

  /** Callback answers (toasts) shown to this user, to the buttons it pressed. */
  callbackAnswers(): string[] {
    return this.harness()
      .api.callsOf('answerCallbackQuery')
      .filter((c) => this.queries.has(String(c.params.callback_query_id)))
      .map((c) => c.params.text)
      .filter(Boolean);
  }

  private findButton(label: string | RegExp): { data: string; messageId: number } | null {
    const calls = this.harness().api.messagesTo(this.id);
    for (let i = calls.length - 1; i >= 0; i--) {
      const rows: any[][] = calls[i].params.reply_markup?.inline_keyboard ?? [];
      for (const row of rows) {
        for (const button of row) {
          const matches = typeof label === 'string' ? button.text === label : label.test(button.text);
          if (matches && button.callback_data) {
            return { data: button.callback_data, messageId: Number(calls[i].params.message_id ?? calls[i].result?.message_id ?? 1) };
          }
        }
      }
    }
    return null;
  }

  private message(extra: Record<string, unknown>) {
    return { message_id: nextMessageId++, date: now(), chat: this.chat(), from: this.from(), ...extra };
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function toReply(call: ApiCall): Reply {
  const markup = typeof call.params.reply_markup === 'string' ? JSON.parse(call.params.reply_markup) : call.params.reply_markup;
  return {
    text: String(call.params.text ?? ''),
    buttons: (markup?.inline_keyboard ?? []).map((row: any[]) => row.map((b) => b.text)),
    keyboard: (markup?.keyboard ?? []).map((row: any[]) => row.map((b) => (typeof b === 'string' ? b : b.text))),
    call,
  };
}
