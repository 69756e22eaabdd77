import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Competition, Registration, User } from '../../entities/index.js';
import { copyDatabase } from '../../server/ops/copy.js';
import { TestUser, newUpdateId } from '../helpers/conversation.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../helpers/database.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { OTHER, textSink } from './helpers.js';

describe(`the application boots on a database copied ${TEST_DB} → ${OTHER[TEST_DB]}, and a user's data are all there`, () => {
  let before: TestService;
  let after: TestService | null = null;
  let origin: TestDatabase;
  let copy: TestDatabase;
  const replayedUpdateId = newUpdateId();

  beforeAll(async () => {
    origin = await createTestDatabase(TEST_DB);
    copy = await createTestDatabase(OTHER[TEST_DB]);
    before = await startTestService({ database: origin });
  });
  afterAll(async () => {
    await after?.close();
    await before?.stop();
    await before?.api.stop();
    await origin?.drop();
  });

  it('keeps the user, their registrations and the updates already handled', async () => {
    const anna = new TestUser(() => before, { id: 4_503_599_627_370_000, first_name: 'Анна 🌸', language_code: 'ru' });
    expect(await anna.send('/start')).toBe(200);
    expect(anna.lastReply()?.text).toContain('Здравствуйте, Анна 🌸');
    const update = { update_id: replayedUpdateId, message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: anna.id, type: 'private' }, from: { id: anna.id, is_bot: false, first_name: 'Анна 🌸' }, text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] } };
    expect((await before.postUpdate(update)).status).toBe(200);

    const m = before.service.dataSource.manager;
    const user = await m.findOneByOrFail(User, { telegramId: anna.id });
    const competition = await m.save(m.create(Competition, { title: 'Кубок 🏆', registrationOpen: true, startsAt: new Date('2026-12-01T09:00:00.250Z') }));
    await m.save(m.create(Registration, { userId: user.id, competitionId: competition.id, role: 'participant', status: 'approved', consentGiven: true }));
    await before.stop();

    const out = textSink();
    const copied = await copyDatabase({ from: origin.url, to: copy.url, out });
    expect(copied.verify?.ok, out.text()).toBe(true);

    after = await startTestService({ database: copy, api: before.api });
    expect((await fetch(`${after.baseUrl}/readyz`)).status).toBe(200);
    const am = after.service.dataSource.manager;
    const moved = await am.findOneByOrFail(User, { telegramId: anna.id });
    expect(moved).toMatchObject({ id: user.id, firstName: 'Анна 🌸', telegramId: 4_503_599_627_370_000 });
    const registrations = await am.findBy(Registration, { userId: moved.id });
    expect(registrations).toMatchObject([{ competitionId: competition.id, status: 'approved', consentGiven: true, checkedIn: false }]);
    expect((await am.findOneByOrFail(Competition, { id: competition.id })).startsAt?.toISOString()).toBe('2026-12-01T09:00:00.250Z');

    // Telegram redelivering an update handled before the move: answered, not handled twice.
    const repliesBefore = anna.replies().length;
    expect((await after.postUpdate(update)).status).toBe(200);
    expect(anna.replies()).toHaveLength(repliesBefore);

    // The conversation goes on, as the same user, and new rows get fresh ids.
    const annaAfter = new TestUser(() => after!, anna.profile);
    expect(await annaAfter.send('/start')).toBe(200);
    expect(annaAfter.lastReply()?.text).toContain('Здравствуйте, Анна 🌸');
    expect(await am.countBy(User, {})).toBe(1);
    const next = await am.save(am.create(Competition, { title: 'Новый' }));
    expect(next.id).toBe(competition.id + 1);
  });
});
