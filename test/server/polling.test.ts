import { afterEach, describe, expect, it } from 'vitest';
import { linkToTelegram } from '../../server/telegram-link.js';
import { newUpdateId } from '../../devkit/conversation.js';
import { startTestService, type TestService } from '../../devkit/service.js';

let nextChat = 610_000_000 + Math.floor(Math.random() * 1_000_000) * 10;

function message(chatId: number, text: string) {
  const command = text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0].length }] } : {};
  return {
    update_id: newUpdateId(),
    message: { message_id: 1, date: 1_700_000_000, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'Pavel' }, text, ...command },
  };
}

describe('BOT_MODE=polling', () => {
  let h: TestService | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('feeds getUpdates through the webhook’s pipeline: the turn’s marks, the user, the deferred reply sent, a copy run once', async () => {
    h = await startTestService({ env: { BOT_MODE: 'polling' } });
    const chat = ++nextChat;
    const start = message(chat, '/start');
    const help = message(chat, '/help');
    h.api.queueUpdate(start);
    h.api.queueUpdate(start); // the same update twice in one batch
    h.api.queueUpdate(help);
    expect(await linkToTelegram(h.service, h.config)).toBe('polling');

    // The batch is done when the next getUpdates confirms it.
    await h.api.waitFor((calls) => calls.some((c) => c.method === 'getUpdates' && Number(c.params.offset) > help.update_id));
    const db = h.service.db;
    const marks = await db.query<{ update_id: string | number; lease_owner: string | null }>(
      'SELECT update_id, lease_owner FROM processed_updates WHERE update_id IN ($1, $2) ORDER BY update_id',
      [start.update_id, help.update_id],
    );
    expect(marks.map((m) => [Number(m.update_id), m.lease_owner])).toEqual([
      [start.update_id, null],
      [help.update_id, null],
    ]);
    const [user] = await db.query<{ first_name: string }>('SELECT first_name FROM users WHERE telegram_id = $1', [chat]);
    expect(user.first_name).toBe('Pavel');
    // /start's greeting is the reply the webhook would put in its answer: polling sends it itself; /help's, once.
    expect(h.api.messagesTo(chat)).toHaveLength(2);
  });
});
