import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot API. */
export interface ApiCall {
  token: string;
  method: string;
  params: Record<string, any>;
  at: number;
  /** What the fake answered (the `result`), when it succeeded. */
  result?: any;
  /** How long the fake held it before answering (delayNext): it is in flight for that long. */
  heldMs?: number;
}

export interface ScriptedFailure {
  status: 400 | 403 | 429 | 500;
  description?: string;
  retryAfter?: number;
  /** Only calls to this chat (default: any). */
  chatId?: number;
  /** How many calls fail (default 1). */
  times?: number;
}

/** A bot message as the chat shows it now. */
export interface ShownMessage {
  messageId: number;
  text: string;
  /** Inline keyboard labels, row by row (empty when none). */
  buttons: string[][];
  /** Sent without a reply markup or with an inline keyboard (Telegram edits nothing else). */
  editable: boolean;
}

interface ChatState {
  messages: Map<number, ShownMessage>;
  replyKeyboard: string[][] | null;
}

export const BOT_INFO = {
  id: 7000000001,
  is_bot: true as const,
  first_name: 'Competition Bot',
  username: 'competition_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: message text is empty',
  403: 'Forbidden: bot was blocked by the user',
  429: 'Too Many Requests: retry after 1',
  500: 'Internal Server Error',
};

/**
 * A small stand-in for the Telegram Bot API: records every method call with its parameters, answers
 * like Telegram (`{"ok":true,"result":…}` with realistic objects), and fails on request with 400, 403
 * ("bot was blocked by the user") or 429 with `parameters.retry_after`.
 */
export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  private server: http.Server | null = null;
  private failures = new Map<string, ScriptedFailure[]>();
  private delays = new Map<string, number>();
  private nextMessageId = 1000;
  private waiters: Array<() => void> = [];
  /** Updates getUpdates hands out (polling), until an offset past them confirms them. */
  private pendingUpdates: Array<{ update_id: number }> = [];
  webhook: { url: string; secret_token?: string; allowed_updates?: string[]; max_connections?: number } | null = null;
  /** What each chat shows now: its bot messages by id (edits applied, deleted ones gone) and its reply keyboard. */
  private readonly chats = new Map<number, ChatState>();
  private readonly files = new Map<string, { path: string; bytes: Buffer }>();

  get apiRoot(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeBotApi is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /**
   * A file the fake keeps as Telegram keeps what people send: `getFile` with its id answers its path, and
   * `GET /file/bot<token>/<path>` serves its bytes.
   */
  addFile(fileId: string, bytes: Buffer, filePath = `documents/${fileId}.bin`): void {
    this.files.set(fileId, { path: filePath, bytes });
  }

  /** Makes `update` one that getUpdates returns (BOT_MODE=polling), as Telegram does until it is confirmed. */
  queueUpdate(update: { update_id: number }): void {
    this.pendingUpdates.push(update);
  }

  /** The next call of `method` is answered only after `ms` (a slow Bot API); the call shows it as `heldMs`. */
  delayNext(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** The next call(s) of `method` fail as scripted. */
  failNext(method: string, failure: ScriptedFailure): void {
    const list = this.failures.get(method) ?? [];
    list.push({ times: 1, ...failure });
    this.failures.set(method, list);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages sent to a chat (sendMessage and edits that took), oldest first. */
  messagesTo(chatId: number): ApiCall[] {
    return this.calls.filter((c) => (c.method === 'sendMessage' || (c.method === 'editMessageText' && c.result !== undefined)) && Number(c.params.chat_id) === chatId);
  }

  /** Resolves when `predicate` holds for the recorded calls, or rejects after `timeoutMs`. */
  async waitFor(predicate: (calls: ApiCall[]) => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`FakeBotApi.waitFor timed out; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.chats.clear();
  }

  /**
   * The chat as the person sees it now: the bot's messages (oldest first) with their current text and inline
   * keyboard, and the reply keyboard under the input field (null when none or removed).
   */
  chatState(chatId: number): { messages: ShownMessage[]; replyKeyboard: string[][] | null } {
    const chat = this.chats.get(chatId);
    return { messages: chat ? [...chat.messages.values()] : [], replyKeyboard: chat?.replyKeyboard ?? null };
  }

  /**
   * What Telegram does with a webhook's answer that names a method (`{"method":"answerCallbackQuery",…}`): it
   * makes that call. Recorded like any other call (token "webhook-reply"); the bot is told nothing back.
   */
  performWebhookReply(body: unknown): void {
    if (!body || typeof body !== 'object' || typeof (body as { method?: unknown }).method !== 'string') return;
    const { method, ...params } = body as Record<string, any>;
    this.complete(this.record('webhook-reply', method, params));
  }

  /** A call as it arrives: recorded, and anyone waiting for calls woken. */
  private record(token: string, method: string, params: Record<string, any>): ApiCall {
    const call: ApiCall = { token, method, params, at: Date.now() };
    this.calls.push(call);
    this.waiters.splice(0).forEach((wake) => wake());
    return call;
  }

  /** Answers a call: the failure scripted for it (or an edit Telegram refuses), else its result, applied to the chat. */
  private complete(call: ApiCall): ScriptedFailure | null {
    const failure = this.takeFailure(call.method, call.params) ?? this.refusedEdit(call.method, call.params) ?? this.refusedFile(call.method, call.params);
    if (failure) return failure;
    call.result = this.resultFor(call.method, call.params);
    this.track(call.method, call.params, call.result);
    return null;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = (req.url ?? '').split('?')[0];
    const body = await readBody(req);
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url);
    if (download) {
      this.record(download[1], 'file-download', { file_path: download[2] });
      const file = [...this.files.values()].find((f) => f.path === download[2]);
      if (!file) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
      return void res.end(file.bytes);
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url);
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match;
    const params = parseParams(req.headers['content-type'] ?? '', body);
    const call = this.record(token, method, params);

    const delay = this.delays.get(method);
    if (delay) {
      this.delays.delete(method);
      call.heldMs = delay;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    // Long polling: hold getUpdates a moment, as Telegram does when there is nothing new.
    if (method === 'getUpdates') await new Promise((resolve) => setTimeout(resolve, 200));
    const failure = this.complete(call);
    if (failure) {
      const description = failure.description ?? DEFAULT_DESCRIPTIONS[failure.status];
      const payload: Record<string, unknown> = { ok: false, error_code: failure.status, description };
      if (failure.status === 429) {
        const retryAfter = failure.retryAfter ?? 1;
        payload.description = `Too Many Requests: retry after ${retryAfter}`;
        payload.parameters = { retry_after: retryAfter };
      }
      return send(res, failure.status, payload);
    }
    return send(res, 200, { ok: true, result: call.result });
  }

  private chat(chatId: number): ChatState {
    let chat = this.chats.get(chatId);
    if (!chat) this.chats.set(chatId, (chat = { messages: new Map(), replyKeyboard: null }));
    return chat;
  }

  /**
   * Telegram's rules for edits: only a message the bot sent to that chat, and only one sent without a reply
   * markup or with an inline keyboard — a message that carried a reply keyboard (or its removal) "can't be edited".
   */
  private refusedEdit(method: string, params: Record<string, any>): ScriptedFailure | null {
    if (!method.startsWith('editMessage') && method !== 'deleteMessage') return null;
    if (params.inline_message_id) return null;
    const shown = this.chats.get(Number(params.chat_id))?.messages.get(Number(params.message_id));
    if (!shown) return { status: 400, description: method === 'deleteMessage' ? 'Bad Request: message to delete not found' : 'Bad Request: message to edit not found' };
    if (method !== 'deleteMessage' && !shown.editable) return { status: 400, description: "Bad Request: message can't be edited" };
    return null;
  }

  /** getFile of an id Telegram does not know. */
  private refusedFile(method: string, params: Record<string, any>): ScriptedFailure | null {
    return method === 'getFile' && !this.files.has(String(params.file_id)) ? { status: 400, description: 'Bad Request: invalid file_id' } : null;
  }

  private track(method: string, params: Record<string, any>, result: any): void {
    const chatId = Number(params.chat_id);
    if (!Number.isFinite(chatId)) return;
    const markup = typeof params.reply_markup === 'string' ? JSON.parse(params.reply_markup) : params.reply_markup;
    const buttons = (m: any): string[][] => (m?.inline_keyboard ?? []).map((row: any[]) => row.map((b) => b.text));
    if (method === 'sendMessage' || method === 'sendPhoto' || method === 'sendDocument') {
      const chat = this.chat(chatId);
      chat.messages.set(result.message_id, {
        messageId: result.message_id,
        text: String(params.text ?? params.caption ?? ''),
        buttons: buttons(markup),
        editable: !markup || 'inline_keyboard' in markup,
      });
      if (markup?.keyboard) chat.replyKeyboard = markup.keyboard.map((row: any[]) => row.map((b) => (typeof b === 'string' ? b : b.text)));
      if (markup?.remove_keyboard) chat.replyKeyboard = null;
    } else if (method === 'editMessageText' || method === 'editMessageReplyMarkup' || method === 'editMessageCaption') {
      const shown = this.chats.get(chatId)?.messages.get(Number(params.message_id));
      if (!shown) return;
      if (method === 'editMessageText') shown.text = String(params.text);
      if (method === 'editMessageCaption') shown.text = String(params.caption ?? '');
      shown.buttons = buttons(markup);
    } else if (method === 'deleteMessage') {
      this.chats.get(chatId)?.messages.delete(Number(params.message_id));
    }
  }

  private takeFailure(method: string, params: Record<string, any>): ScriptedFailure | null {
    const list = this.failures.get(method);
    if (!list) return null;
    const index = list.findIndex((f) => f.chatId === undefined || Number(params.chat_id) === f.chatId);
    if (index < 0) return null;
    const failure = list[index];
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) list.splice(index, 1);
    return failure;
  }

  private resultFor(method: string, params: Record<string, any>): unknown {
    const date = Math.floor(Date.now() / 1000);
    const chat = { id: Number(params.chat_id), type: 'private' as const };
    switch (method) {
      case 'getMe':
        return BOT_INFO;
      case 'getFile': {
        const file = this.files.get(String(params.file_id))!;
        return { file_id: params.file_id, file_unique_id: params.file_id, file_size: file.bytes.length, file_path: file.path };
      }
      case 'sendMessage':
        return { message_id: this.nextMessageId++, date, chat, from: BOT_INFO, text: params.text, reply_markup: params.reply_markup };
      case 'sendPhoto':
        return {
          message_id: this.nextMessageId++,
          date,
          chat,
          from: BOT_INFO,
          photo: [{ file_id: 'photo', file_unique_id: 'photo', width: 330, height: 330 }],
          caption: params.caption,
        };
      case 'sendDocument':
        return { message_id: this.nextMessageId++, date, chat, from: BOT_INFO, document: { file_id: 'document', file_unique_id: 'document' }, caption: params.caption };
      case 'editMessageText':
        return { message_id: Number(params.message_id), date, edit_date: date, chat, from: BOT_INFO, text: params.text, reply_markup: params.reply_markup };
      case 'editMessageCaption':
        return { message_id: Number(params.message_id), date, edit_date: date, chat, from: BOT_INFO, caption: params.caption, reply_markup: params.reply_markup };
      case 'editMessageReplyMarkup':
        return { message_id: Number(params.message_id), date, chat, from: BOT_INFO, reply_markup: params.reply_markup };
      case 'setWebhook':
        this.webhook = { url: params.url, secret_token: params.secret_token, allowed_updates: params.allowed_updates, max_connections: params.max_connections };
        return true;
      case 'deleteWebhook':
        this.webhook = null;
        return true;
      case 'getWebhookInfo':
        return {
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: 0,
          max_connections: this.webhook?.max_connections ?? 40,
          allowed_updates: this.webhook?.allowed_updates,
        };
      case 'getUpdates': {
        // An offset confirms every update before it; the rest are handed out again.
        const offset = Number(params.offset ?? 0);
        this.pendingUpdates = this.pendingUpdates.filter((u) => u.update_id >= offset);
        return this.pendingUpdates.slice(0, Number(params.limit ?? 100));
      }
      default:
        return true;
    }
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * multipart/form-data (sendPhoto with an uploaded file): text fields as strings, files as Buffers, so a test
 * can read the very image the bot sent.
 */
function parseMultipart(contentType: string, body: Buffer): Record<string, any> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return { raw: body.toString('utf8') };
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const params: Record<string, any> = {};
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // after CRLF, before CRLF
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const name = /name="([^"]+)"/.exec(headers)?.[1];
      if (name) params[name] = /filename="/.test(headers) ? content : content.toString('utf8');
    }
    start = next;
  }
  return params;
}

function parseParams(contentType: string, raw: Buffer): Record<string, any> {
  if (raw.length === 0) return {};
  if (contentType.includes('multipart/form-data')) return parseMultipart(contentType, raw);
  const body = raw.toString('utf8');
  if (contentType.includes('application/json')) return JSON.parse(body);
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  return { raw: body };
}

function send(res: http.ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** As Telegram: a 200 webhook answer that names a method is a call to make (read from a clone; `response` stays unread). */
export async function performWebhookReply(api: FakeBotApi, response: Response): Promise<void> {
  if (response.status !== 200 || !response.headers.get('content-type')?.includes('application/json')) return;
  api.performWebhookReply(
    await response
      .clone()
      .json()
      .catch(() => null),
  );
}
