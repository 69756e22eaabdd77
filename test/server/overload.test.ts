import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Registration } from '../../entities/index.js';
import { TestUser } from '../../devkit/conversation.js';
import { createTestDatabase } from '../../devkit/database.js';
import { startTestService, type TestService } from '../../devkit/service.js';
import { makeCompetition } from '../domain/fixtures.js';
import { describePostgresOnly } from '../helpers/postgres-only.js';

// issue 15 §4: with every pool connection busy the webhook answers 503 after a bounded wait (not at Telegram's
// 60 s timeout), /readyz says 503 meanwhile, and once connections free up the redelivery is processed.
// PostgreSQL only (SQLite has no pool), in both runs of the suite.
describePostgresOnly('overload: the PostgreSQL pool exhausted', () => {
  let h: TestService;
  beforeAll(async () => {
    h = await startTestService({
      database: await createTestDatabase('postgres'),
      // The bound is generous enough for the test's own connections to open on a loaded CI machine.
      env: { PG_POOL_SIZE: '2', PG_MAX_OVERFLOW: '1', PG_POOL_TIMEOUT_MS: '1500' },
      // Only the webhook uses the pool here: the sender would hold a connection of its own (its advisory lock).
      serviceOptions: { backgroundTasks: false },
    });
  });
  afterAll(async () => h?.close());

  it('answers 503 within the bounded wait, /readyz 503, then recovers and processes the redelivery', async () => {
    const competition = await makeCompetition(h.service.db, { title: 'Кубок перегрузки' });
    const user = new TestUser(() => h, { id: 880_000_001, first_name: 'Ира', language_code: 'ru' });
    await user.send('/start');
    await user.send(`/start c_${competition.id}`);

    // Something holds every connection (a slow database, a burst).
    const pool = (h.service.dataSource.driver as unknown as { master: pg.Pool }).master;
    const held: pg.PoolClient[] = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    try {
      const update = {
        update_id: 880_000_100,
        message: {
          message_id: 5,
          date: 1,
          chat: { id: user.id, type: 'private' },
          from: { id: user.id, is_bot: false, first_name: 'Ира' },
          text: '/help',
          entities: [{ type: 'bot_command', offset: 0, length: 5 }],
        },
      };
      const started = Date.now();
      const responses = await Promise.all([h.postUpdate(update), h.postUpdate({ ...update, update_id: 880_000_101 })]);
      expect(responses.map((r) => r.status)).toEqual([503, 503]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(503);

      held.forEach((client) => client.release());
      held.length = 0;
      expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
      const before = user.replies().length;
      expect((await h.postUpdate(update)).status).toBe(200); // Telegram's redelivery
      expect(user.replies().length).toBe(before + 1);
    } finally {
      held.forEach((client) => client.release());
    }
    await user.press('✍️ Участвовать');
    expect(await h.service.db.manager.countBy(Registration, { competitionId: competition.id })).toBe(0);
  }, 30_000);
});
