import { describe, expect, it } from 'vitest';
import { Registration } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestUser } from '../../devkit/conversation.js';
import { makeCompetition } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

// issue 11: the happy paths, counted — interactions (updates the person sends), what they had to type, and the
// bot's new messages and edits. The counts are printed for the closing note.
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
    /** A reply-keyboard button: Telegram sends its label as a text message. */
    async tapKeyboard(label: string) {
      expect(user.lastReply()?.keyboard.flat()).toContain(label);
      interactions++;
      await user.send(label);
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
    async shareContact(phone: string) {
      interactions++;
      await user.sendContact(phone);
    },
    figures() {
      const all = calls();
      return {
        interactions,
        typed,
        newMessages: all.filter((c) => c.method === 'sendMessage').length,
        edits: all.filter((c) => c.method.startsWith('editMessage')).length,
      };
    },
  };
}

describe(`the happy paths, counted (${TEST_DB})`, () => {
  it('a new user from /start, whose Telegram name is right and who shares the contact: nothing typed', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок новичков' });
    const anna = person({ first_name: 'Анна', last_name: 'Иванова' });
    const c = counter(anna);
    await c.command('/start');
    await c.tap('🏆 Соревнования');
    await c.tap(/^Кубок новичков/);
    await c.tap('✍️ Зарегистрироваться участником');
    await c.tapKeyboard('Анна Иванова');
    await c.shareContact('+7 916 123-45-67');
    await c.tap('✅ Согласен(на)');
    const figures = c.figures();
    console.log(`new user from /start: ${JSON.stringify(figures)}`);
    expect(await db().manager.countBy(Registration, { competitionId: competition.id, status: 'approved' })).toBe(1);
    expect(figures.typed).toBe(0);
    expect(figures.interactions).toBe(7);
  });

  it('a new user from a deep link c_<id>: at most 5 interactions', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок по ссылке' });
    const boris = person({ first_name: 'Борис', last_name: 'Петров' });
    const c = counter(boris);
    await c.command(`/start c_${competition.id}`);
    await c.tap('✍️ Зарегистрироваться участником');
    await c.tapKeyboard('Борис Петров');
    await c.shareContact('+7 916 765-43-21');
    await c.tap('✅ Согласен(на)');
    const figures = c.figures();
    console.log(`new user from a deep link: ${JSON.stringify(figures)}`);
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(1);
    expect(figures.interactions).toBeLessThanOrEqual(5);
    expect(figures.typed).toBe(0);
  });

  it('a returning user with a profile: at most 4 taps from the menu', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок возвращения' });
    const vera = await known('Вера');
    const c = counter(vera);
    await c.tap('🏆 Соревнования');
    await c.tap(/^Кубок возвращения/);
    await c.tap('✍️ Зарегистрироваться участником');
    await c.tap('✅ Согласен(на)');
    const figures = c.figures();
    console.log(`returning user from the menu: ${JSON.stringify(figures)}`);
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(1);
    expect(figures.interactions).toBeLessThanOrEqual(4);
  });
});
