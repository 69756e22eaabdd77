import { describe, expect, it } from 'vitest';
import { Registration } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestUser } from '../../devkit/conversation.js';
import { makeCompetition } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

// issue 11: the happy paths, counted — interactions (updates the person sends), what they had to type, and the
// bot's new messages and edits. The counts are printed for the closing note.
// Before the conversation work: from /start {"interactions":7,"typed":0,"newMessages":6,"edits":2}; from a deep
// link {"interactions":5,"typed":0,"newMessages":6,"edits":0}; returning {"interactions":4,"typed":0,"newMessages":2,"edits":2}.
// `newMessages` counts every sendMessage; `deleted` the ones taken back at once (the note that removes the
// contact button, see bot/ui.ts withoutReplyKeyboard); `left` = what stays in the chat.
const svc = useBotService();
const db = () => svc.h.service.db;
const { person, known } = people(() => svc.h);

/** Counts what a person does and what the bot sends them from now on. */
function counter(user: TestUser) {
  const api = svc.h.api;
  const start = api.calls.length;
  let interactions = 0;
  let typed = 0;
  const calls = () => api.calls.slice(start).filter((c) => Number(c.params.chat_id) === user.id);
  return {
    async tap(label: string | RegExp) {
      interactions++;
      await user.press(label);
    },
    /** A reply-keyboard button: Telegram sends its label as a text message (or, for the contact button, the contact). */
    async tapKeyboard(label: string, send: () => Promise<unknown> = () => user.send(label)) {
      expect(user.screen().replyKeyboard?.flat()).toContain(label);
      interactions++;
      await send();
    },
    async type(text: string) {
      interactions++;
      typed++;
      await user.send(text);
    },
    async command(text: string) {
      interactions++;
      await user.send(text);
    },
    figures() {
      const all = calls().filter((c) => c.result !== undefined);
      const newMessages = all.filter((c) => c.method === 'sendMessage').length;
      const deleted = all.filter((c) => c.method === 'deleteMessage').length;
      // Calls that rode on the webhook's responses (Telegram makes them: no request of the service's own).
      const inResponses: Record<string, number> = {};
      for (const call of api.calls.slice(start).filter((c) => c.token === 'webhook-reply')) inResponses[call.method] = (inResponses[call.method] ?? 0) + 1;
      const requests = calls().filter((c) => c.token !== 'webhook-reply').length;
      return { interactions, typed, newMessages, edits: all.filter((c) => c.method.startsWith('editMessage')).length, deleted, left: newMessages - deleted, requests, inResponses };
    },
  };
}

/** After a finished registration the chat shows one live keyboard (the answer's menu) and no contact button. */
function expectNoStaleKeyboards(user: TestUser) {
  const live = user.liveKeyboards();
  expect(live.map((m) => m.text.split('\n')[0])).toHaveLength(1);
  expect(live[0].buttons.flat()).toContain('📋 Мои регистрации');
  expect(user.screen().replyKeyboard).toBeNull();
}

describe(`the happy paths, counted (${TEST_DB})`, () => {
  it('a new user from /start, whose Telegram name is right and who shares the contact: nothing typed', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок новичков' });
    const anna = person({ first_name: 'Анна', last_name: 'Иванова' });
    const c = counter(anna);
    await c.command('/start');
    await c.tap('🏆 Соревнования');
    await c.tap(/^Кубок новичков/);
    await c.tap('✍️ Участвовать');
    await c.tap('Анна Иванова');
    await c.tapKeyboard('📱 Поделиться номером', () => anna.sendContact('+7 916 123-45-67'));
    await c.tap('✅ Даю согласие');
    const figures = c.figures();
    console.log(`new user from /start: ${JSON.stringify(figures)}`);
    expect(await db().manager.countBy(Registration, { competitionId: competition.id, status: 'approved' })).toBe(1);
    expect(figures.typed).toBe(0);
    expect(figures.interactions).toBe(7);
    // The menu, the phone step (a reply keyboard needs a new message) and the consent summary; the rest edits.
    expect(figures.newMessages).toBeLessThanOrEqual(4);
    expect(figures.left).toBeLessThanOrEqual(3);
    // The greeting, every press's answer and the spent note's deletion ride on webhook responses.
    expect(figures.inResponses).toEqual({ sendMessage: 1, answerCallbackQuery: 5, deleteMessage: 1 });
    expectNoStaleKeyboards(anna);
  });

  it('a new user from a deep link c_<id>: at most 5 interactions', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок по ссылке' });
    const boris = person({ first_name: 'Борис', last_name: 'Петров' });
    const c = counter(boris);
    await c.command(`/start c_${competition.id}`);
    await c.tap('✍️ Участвовать');
    await c.tap('Борис Петров');
    await c.tapKeyboard('📱 Поделиться номером', () => boris.sendContact('+7 916 765-43-21'));
    await c.tap('✅ Даю согласие');
    const figures = c.figures();
    console.log(`new user from a deep link: ${JSON.stringify(figures)}`);
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(1);
    expect(figures.interactions).toBeLessThanOrEqual(5);
    expect(figures.typed).toBe(0);
    expect(figures.newMessages).toBeLessThanOrEqual(4);
    expect(figures.left).toBeLessThanOrEqual(3);
    // The competition's screen, every press's answer and the spent note's deletion ride on webhook responses.
    expect(figures.inResponses).toEqual({ sendMessage: 1, answerCallbackQuery: 3, deleteMessage: 1 });
    expectNoStaleKeyboards(boris);
  });

  it('a returning user with a profile: at most 4 taps from the menu', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок возвращения' });
    const vera = await known('Вера');
    const c = counter(vera);
    await c.tap('🏆 Соревнования');
    await c.tap(/^Кубок возвращения/);
    await c.tap('✍️ Участвовать');
    await c.tap('✅ Даю согласие');
    const figures = c.figures();
    console.log(`returning user from the menu: ${JSON.stringify(figures)}`);
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(1);
    expect(figures.interactions).toBeLessThanOrEqual(4);
    // The whole way happens on the menu's message.
    expect(figures.newMessages).toBe(0);
    expectNoStaleKeyboards(vera);
  });
});
