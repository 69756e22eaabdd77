import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newUpdateId, TestUser } from '../../devkit/conversation.js';
import { startTestService, TEST_WEBHOOK_SECRET, type TestService } from '../../devkit/service.js';

function startUpdate(updateId: number, chatId: number) {
  return {
    update_id: updateId,
    message: {
      message_id: 1,
      date: 1_700_000_000,
      chat: { id: chatId, type: 'private' },
      from: { id: chatId, is_bot: false, first_name: 'Ivan', language_code: 'ru' },
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
}

async function processedCount(h: TestService, updateId: number): Promise<number> {
  const rows = await h.service.db.query<{ n: string | number }>('SELECT COUNT(*) AS n FROM processed_updates WHERE update_id = $1', [updateId]);
  return Number(rows[0].n);
}

describe('POST /telegram/webhook', () => {
  let h: TestService;
  beforeAll(async () => {
    h = await startTestService();
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.api.reset());

  it('processes an update with the right secret and replies through the Bot API', async () => {
    const id = newUpdateId();
    const response = await h.postUpdate(startUpdate(id, 1001));
    expect(response.status).toBe(200);
    expect(h.api.messagesTo(1001)).toHaveLength(1);
    expect(await processedCount(h, id)).toBe(1);
  });

  it.each([
    ['missing', {}],
    ['wrong', { 'x-telegram-bot-api-secret-token': 'not-the-secret' }],
    ['almost right', { 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET.slice(0, -1) }],
  ])('refuses a %s secret with 401 and processes nothing', async (_label, headers) => {
    const id = newUpdateId();
    const response = await fetch(`${h.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(startUpdate(id, 1002)),
    });
    expect(response.status).toBe(401);
    expect(h.api.calls).toHaveLength(0);
    expect(await processedCount(h, id)).toBe(0);
  });

  it('checks the secret before reading the body', async () => {
    const response = await fetch(`${h.baseUrl}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(response.status).toBe(401);
  });

  it.each([
    ['malformed JSON', '{"update_id": 1,', 'application/json'],
    ['an empty body', '', 'application/json'],
    ['no update_id', '{"message": {}}', 'application/json'],
    ['a string update_id', '{"update_id": "abc"}', 'application/json'],
    ['a fractional update_id', '{"update_id": 1.5}', 'application/json'],
    ['a negative update_id', '{"update_id": -4}', 'application/json'],
    ['an array', '[1,2,3]', 'application/json'],
    ['a message that is not an object', '{"update_id": 77, "message": "hi"}', 'application/json'],
    ['text/plain garbage', 'hello', 'text/plain'],
    ['no content type', '{"update_id": 5', ''],
  ])('answers 400 to %s', async (_label, body, contentType) => {
    const headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET };
    if (contentType) headers['content-type'] = contentType;
    const response = await fetch(`${h.baseUrl}/telegram/webhook`, { method: 'POST', headers, body });
    expect(response.status).toBe(400);
    expect(h.api.calls).toHaveLength(0);
  });

  it('processes the same update_id once, answering the copy 200', async () => {
    const id = newUpdateId();
    expect((await h.postUpdate(startUpdate(id, 1003))).status).toBe(200);
    const copy = await h.postUpdate(startUpdate(id, 1003));
    expect(copy.status).toBe(200);
    expect(await copy.json()).toMatchObject({ duplicate: true });
    expect(h.api.messagesTo(1003)).toHaveLength(1);
  });

  it('processes once when copies arrive at the same moment', async () => {
    const id = newUpdateId();
    const responses = await Promise.all(Array.from({ length: 8 }, () => h.postUpdate(startUpdate(id, 1004))));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(h.api.messagesTo(1004)).toHaveLength(1);
    expect(await processedCount(h, id)).toBe(1);
  });

  it("keeps the user's row as Telegram last described them (on PostgreSQL, unwritten when nothing changed)", async () => {
    const chatId = 1010;
    const usersRow = async () => {
      const xmin = h.service.db.isPostgres ? ', xmin::text AS version' : '';
      const [row] = await h.service.db.query<{ username: string | null; first_name: string | null; language_code: string | null; is_blocked: boolean | number; version?: string }>(
        `SELECT username, first_name, language_code, is_blocked${xmin} FROM users WHERE telegram_id = $1`,
        [chatId],
      );
      return { ...row, is_blocked: Boolean(row.is_blocked) };
    };
    const send = async (from: Record<string, unknown>) => {
      const update = startUpdate(newUpdateId(), chatId);
      Object.assign(update.message.from, from);
      expect((await h.postUpdate(update)).status).toBe(200);
    };
    await send({ username: 'ivan' });
    const first = await usersRow();
    expect(first).toMatchObject({ username: 'ivan', first_name: 'Ivan', language_code: 'ru', is_blocked: false });

    await send({ username: 'ivan' });
    const same = await usersRow();
    // The same profile again: nothing rewritten on PostgreSQL (the claim only reads the row then).
    if (h.service.db.isPostgres) expect(same.version).toBe(first.version);

    await send({ username: 'ivan_p', first_name: 'Иван', language_code: 'en' });
    expect(await usersRow()).toMatchObject({ username: 'ivan_p', first_name: 'Иван', language_code: 'en', is_blocked: false });

    // A user who had blocked the bot and writes to it again has unblocked it.
    await h.service.db.execute('UPDATE users SET is_blocked = $1 WHERE telegram_id = $2', [true, chatId]);
    await send({ username: 'ivan_p', first_name: 'Иван', language_code: 'en' });
    expect((await usersRow()).is_blocked).toBe(false);
  });

  it('answers 200 to a poison update, logs it with its id, and keeps serving the chat', async () => {
    // The Bot API refuses our reply (to /help, sent by a request of its own): the handler throws. Telegram must
    // not retry this update forever.
    h.api.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found', chatId: 1005 });
    const id = newUpdateId();
    const help = startUpdate(id, 1005);
    Object.assign(help.message, { text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] });
    const response = await h.postUpdate(help);
    expect(response.status).toBe(200);
    const logged = h.logs.lines.find((l) => l.updateId === id && l.level >= 50);
    expect(logged?.msg).toBe('bot handler failed');
    // the user was told something went wrong (the second attempt to reach them succeeds)
    expect(h.api.messagesTo(1005).at(-1)?.params.text).toMatch(/Что-то пошло не так/);
    // and their next update is processed normally
    await h.postUpdate(startUpdate(newUpdateId(), 1005));
    expect(h.api.messagesTo(1005).at(-1)?.params.text).toMatch(/Здравствуйте, Ivan/);
  });

  it("answers a button press in the webhook's response, for Telegram to make: no request of its own", async () => {
    await h.postUpdate(startUpdate(newUpdateId(), 1003));
    const menu = h.api.messagesTo(1003).at(-1)!;
    const press = {
      update_id: newUpdateId(),
      callback_query: {
        id: 'press-1003',
        chat_instance: 'ci',
        data: 'cl:0',
        from: { id: 1003, is_bot: false, first_name: 'Ivan', language_code: 'ru' },
        message: { message_id: menu.result.message_id, date: 1, chat: { id: 1003, type: 'private' }, text: menu.params.text },
      },
    };
    const before = h.api.calls.length;
    // Straight to the route (the harness would make the call it carries, as Telegram does).
    const response = await fetch(`${h.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET },
      body: JSON.stringify(press),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: 'press-1003' });
    const made = h.api.calls.slice(before).map((c) => c.method);
    expect(made).toContain('editMessageText');
    expect(made).not.toContain('answerCallbackQuery');
  });

  it('writes no access-log line per update at the default level (info), but logs what goes wrong', async () => {
    const before = h.logs.lines.length;
    await h.postUpdate(startUpdate(newUpdateId(), 1008));
    const unauthorized = await fetch(`${h.baseUrl}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unauthorized.status).toBe(401);
    const lines = h.logs.lines.slice(before);
    expect(lines.filter((l) => JSON.stringify(l).includes('/telegram/webhook'))).toEqual([]);
    // The refused request is one warning (without any secret).
    expect(lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([expect.stringMatching(/^webhook refused \(401\)/)]);
    // The admin's requests still are (the route's level is the webhook's only).
    await fetch(`${h.baseUrl}/admin/login`);
    expect(h.logs.lines.slice(before).some((l) => JSON.stringify(l).includes('/admin/login'))).toBe(true);
  });

  it('greets in English for language_code=en', async () => {
    const user = new TestUser(() => h, { id: 1006, first_name: 'Jane', language_code: 'en' });
    await user.send('/start');
    expect(user.lastReply()?.text).toMatch(/^Hello, Jane!/);
  });

  it('serves the probes', async () => {
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});

describe('webhook without WEBHOOK_SECRET', () => {
  let h: TestService;
  beforeAll(async () => {
    h = await startTestService({ env: { WEBHOOK_SECRET: '' } });
  });
  afterAll(async () => h?.close());

  it('refuses every request with 401 and says so in the boot log', async () => {
    const response = await h.postUpdate(startUpdate(newUpdateId(), 1010), { 'x-telegram-bot-api-secret-token': '' });
    expect(response.status).toBe(401);
    expect(h.logs.lines.some((l) => /WEBHOOK_SECRET is not set/.test(l.msg))).toBe(true);
  });
});
