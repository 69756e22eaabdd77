import { describe, expect, it } from 'vitest';
import { User } from '../../entities/index.js';
import { newUpdateId } from '../../devkit/conversation.js';
import { BOT_INFO } from '../../devkit/fake-bot-api.js';
import { TEST_DB } from '../../devkit/database.js';
import { makeCompetition } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

// issue 11, privacy: the bot works with a person only in a private chat.
const svc = useBotService();
const db = () => svc.h.service.db;
const { known } = people(() => svc.h);
const GROUP = { id: -1001234567890, type: 'supergroup', title: 'Болельщики' };

function groupCommand(fromId: number, text: string) {
  return {
    update_id: newUpdateId(),
    message: {
      message_id: 77,
      date: 1,
      chat: GROUP,
      from: { id: fromId, is_bot: false, first_name: 'Анна', language_code: 'ru' },
      text,
      entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0].length }],
    },
  };
}

/** Everything the bot sent or edited in the group. */
const groupMessages = () => svc.h.api.messagesTo(GROUP.id);

describe(`in a group (${TEST_DB})`, () => {
  it('/start, /help, /cancel and /language get one short reply that opens the private chat, and no personal data', async () => {
    const anna = await known('Анна');
    const competition = await makeCompetition(db(), { title: 'Групповой кубок' });
    for (const text of ['/start', '/help', '/cancel', '/language', `/start c_${competition.id}`]) {
      const before = groupMessages().length;
      expect((await svc.h.postUpdate(groupCommand(anna.id, text))).status).toBe(200);
      const sent = groupMessages().slice(before);
      expect(sent).toHaveLength(1);
      const { text: reply, reply_markup: markup } = sent[0].params;
      expect(reply).toBe('Я работаю только в личных сообщениях — откройте чат со мной:');
      const url = markup.inline_keyboard[0][0].url as string;
      expect(url).toBe(text.includes('c_') ? `https://t.me/${BOT_INFO.username}?start=c_${competition.id}` : `https://t.me/${BOT_INFO.username}`);
    }
    const everything = groupMessages()
      .map((c) => JSON.stringify(c.params))
      .join('\n');
    expect(everything).not.toContain('Анна Smith');
    expect(everything).not.toContain('+7900');
  });

  it('a press on an old button there (Profile, Register) gets a toast: nothing is edited or posted', async () => {
    const anna = await known('Анна');
    const competition = await makeCompetition(db(), { title: 'Кубок кнопок' });
    const before = groupMessages().length;
    for (const data of ['pf', `rg:${competition.id}:participant`]) {
      await svc.h.postUpdate({
        update_id: newUpdateId(),
        callback_query: {
          id: `g${data}`,
          from: { id: anna.id, is_bot: false, first_name: 'Анна' },
          chat_instance: 'g',
          data,
          message: { message_id: 78, date: 1, chat: GROUP, text: 'Главное меню' },
        },
      });
    }
    expect(groupMessages().length).toBe(before);
    const toasts = svc.h.api.callsOf('answerCallbackQuery').filter((c) => String(c.params.callback_query_id).startsWith('g'));
    expect(toasts.map((c) => c.params.text)).toEqual(['Это работает только в личном чате с ботом.', 'Это работает только в личном чате с ботом.']);
  });

  it('writing in a group creates no user row and does not clear is_blocked', async () => {
    const stranger = 880_123_456;
    await svc.h.postUpdate(groupCommand(stranger, '/start'));
    expect(await db().manager.countBy(User, { telegramId: stranger })).toBe(0);

    const blocked = await known('Борис');
    await db().write((m) => m.update(User, { telegramId: blocked.id }, { isBlocked: true }));
    await svc.h.postUpdate(groupCommand(blocked.id, '/help'));
    expect((await db().manager.findOneByOrFail(User, { telegramId: blocked.id })).isBlocked).toBe(true);
  });

  it('a callback without a message (inline mode) gets a toast, and no error is logged', async () => {
    const anna = await known('Анна');
    const errorsBefore = svc.h.logs.lines.filter((l) => l.level >= 50).length;
    await svc.h.postUpdate({
      update_id: newUpdateId(),
      callback_query: { id: 'inline1', from: { id: anna.id, is_bot: false, first_name: 'Анна' }, chat_instance: 'i', inline_message_id: 'AAA', data: 'pf' },
    });
    const toast = svc.h.api.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === 'inline1');
    expect(toast?.params.text).toBe('Это работает только в личном чате с ботом.');
    expect(svc.h.logs.lines.filter((l) => l.level >= 50).length).toBe(errorsBefore);
  });
});
