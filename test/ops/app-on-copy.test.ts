import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotSession, Competition, Registration, User } from '../../entities/index.js';
import { copyDatabase } from '../../ops/copy.js';
import { TestUser, newUpdateId } from '../../devkit/conversation.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { startTestService, type TestService } from '../../devkit/service.js';
import { makeCompetition } from '../domain/fixtures.js';
import { OTHER, textSink } from './helpers.js';

describe(`the application boots on a database copied ${TEST_DB} → ${OTHER[TEST_DB]}, and a user's data are all there`, () => {
  let before: TestService;
  let after: TestService | null = null;
  let origin: TestDatabase;
  let copy: TestDatabase;
  let current: () => TestService;

  beforeAll(async () => {
    origin = await createTestDatabase(TEST_DB);
    copy = await createTestDatabase(OTHER[TEST_DB]);
    before = await startTestService({ database: origin });
    current = () => before;
  });
  afterAll(async () => {
    await after?.close();
    await before?.stop();
    await before?.api.stop();
    await origin?.drop();
  });

  it('keeps the registrations, the conversation in progress and the updates already handled', async () => {
    const anna = new TestUser(() => current(), { id: 4_503_599_627_370_000, first_name: 'Анна 🌸', language_code: 'ru' });
    const cup = await makeCompetition(before.service.db, { title: 'Кубок 🏆', startsAt: new Date('2030-12-01T09:00:00.250Z') });
    const open = await makeCompetition(before.service.db, { title: 'Весенний турнир' });

    // Registered for the cup, through the bot.
    await anna.send(`/start c_${cup.id}`);
    await anna.press('✍️ Участвовать');
    await anna.send('Анна Щукина');
    await anna.sendContact('+79161234567');
    await anna.press('✅ Даю согласие');
    expect(anna.lastReply()?.text).toContain('Вы зарегистрированы на «Кубок 🏆»');

    // Boris is half-way through the form when the bot is stopped for the move.
    const boris = new TestUser(() => current(), { id: 5_000_000_001, first_name: 'Борис', language_code: 'ru' });
    await boris.send(`/start c_${open.id}`);
    await boris.press('✍️ Участвовать');
    const replayed = {
      update_id: newUpdateId(),
      message: {
        message_id: 9,
        date: Math.floor(Date.now() / 1000),
        chat: { id: boris.id, type: 'private' },
        from: { id: boris.id, is_bot: false, first_name: 'Борис' },
        text: 'Борис Петров',
      },
    };
    expect((await before.postUpdate(replayed)).status).toBe(200);
    expect(boris.lastReply()?.text).toContain('Поделитесь номером');
    expect(await before.service.dataSource.manager.countBy(BotSession, {})).toBeGreaterThan(0);
    const userBefore = await before.service.dataSource.manager.findOneByOrFail(User, { telegramId: anna.id });
    await before.stop();

    const out = textSink();
    const copied = await copyDatabase({ from: origin.url, to: copy.url, out });
    expect(copied.verify?.ok, out.text()).toBe(true);

    after = await startTestService({ database: copy, api: before.api });
    current = () => after!;
    expect((await fetch(`${after.baseUrl}/readyz`)).status).toBe(200);
    const m = after.service.dataSource.manager;
    expect(await m.findOneByOrFail(User, { telegramId: anna.id })).toMatchObject({
      id: userBefore.id,
      firstName: 'Анна 🌸',
      fullName: 'Анна Щукина',
      phone: '+79161234567',
      telegramId: 4_503_599_627_370_000,
    });
    expect((await m.findOneByOrFail(Competition, { id: cup.id })).startsAt?.toISOString()).toBe('2030-12-01T09:00:00.250Z');

    // Telegram redelivering an update handled before the move: answered, not handled twice.
    const repliesBefore = boris.replies().length;
    expect((await after.postUpdate(replayed)).status).toBe(200);
    expect(boris.replies()).toHaveLength(repliesBefore);

    // Boris's form goes on where it stopped, on the other database.
    await boris.sendContact('+79031234567');
    expect(boris.lastReply()?.text).toContain('Имя: Борис Петров');
    await boris.press('✅ Даю согласие');
    expect(boris.lastReply()?.text).toContain('Вы зарегистрированы на «Весенний турнир»');

    // Anna's registration is there, and she can go on registering as the same user.
    await anna.send(`/start c_${open.id}`);
    await anna.press('✍️ Участвовать');
    expect(anna.lastReply()?.text).toContain('Имя: Анна Щукина');
    await anna.press('✅ Даю согласие');
    const registrations = await m.find(Registration, { where: { userId: userBefore.id }, order: { competitionId: 'ASC' } });
    expect(registrations.map((r) => [r.competitionId, r.status, r.consentGiven])).toEqual([
      [cup.id, 'approved', true],
      [open.id, 'approved', true],
    ]);
    expect(await m.countBy(User, {})).toBe(2);
  });
});
