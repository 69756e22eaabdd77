import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../domain/infrastructure/database.js';
import { ALL_MIGRATIONS } from '../../migrations/index.js';
import { createDataSource, pendingMigrations } from '../../db/data-source.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { startTestService, type TestService } from '../../devkit/service.js';

/**
 * A deployment created by the first migration, with rows in it, upgrades on boot with its data intact —
 * including the rows hanging from tables that SQLite has to rebuild (users, registrations).
 */
describe(`upgrade of a ${TEST_DB} database from the first migration`, () => {
  let database: TestDatabase;
  let h: TestService;

  beforeAll(async () => {
    database = await createTestDatabase();
    const old = createDataSource({ database: database.target, migrations: ALL_MIGRATIONS.slice(0, 1), migrationsRun: true });
    await old.initialize();
    const db = new Database(old);
    await db.query('INSERT INTO users (id, telegram_id, username, first_name) VALUES ($1, $2, $3, $4)', [1, 5_000_000_001, 'anna', 'Анна']);
    await db.query('INSERT INTO users (id, telegram_id, username, first_name) VALUES ($1, $2, $3, $4)', [2, 987_654_321_012, null, 'Борис 🏁']);
    await db.query('INSERT INTO competitions (id, title, registration_open, max_participants) VALUES ($1, $2, $3, $4)', [1, 'Кубок города', true, 10]);
    await db.query('INSERT INTO registrations (id, user_id, competition_id, role) VALUES ($1, $2, $3, $4)', [1, 1, 1, 'participant']);
    await db.query('INSERT INTO registrations (id, user_id, competition_id, role) VALUES ($1, $2, $3, $4)', [2, 2, 1, 'voter']);
    expect(await db.query('SELECT name FROM migration_history')).toEqual([{ name: ALL_MIGRATIONS[0].name }]);
    await old.destroy();

    h = await startTestService({ database });
  });
  afterAll(async () => h?.close());

  it('applies the remaining migrations on boot', async () => {
    expect(await pendingMigrations(h.service.dataSource)).toEqual([]);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
  });

  it('keeps every row, child rows of rebuilt tables included', async () => {
    const db = h.service.db;
    const users = await db.query<{ id: number; telegram_id: number | string; first_name: string | null; is_blocked: boolean | number; reminders_enabled: boolean | number }>(
      'SELECT id, telegram_id, first_name, is_blocked, reminders_enabled FROM users WHERE id IN (1, 2) ORDER BY id',
    );
    expect(users.map((u) => [u.id, Number(u.telegram_id), u.first_name, Boolean(u.is_blocked), Boolean(u.reminders_enabled)])).toEqual([
      [1, 5_000_000_001, 'Анна', false, true],
      [2, 987_654_321_012, 'Борис 🏁', false, true],
    ]);
    const registrations = await db.query<{ id: number; user_id: number; role: string; status: string; consent_given: boolean | number; checked_in: boolean | number }>(
      'SELECT id, user_id, role, status, consent_given, checked_in FROM registrations WHERE id IN (1, 2) ORDER BY id',
    );
    // Registrations made before statuses existed were accepted as they came.
    expect(registrations.map((r) => [r.id, r.user_id, r.role, r.status, Boolean(r.consent_given), Boolean(r.checked_in)])).toEqual([
      [1, 1, 'participant', 'approved', false, false],
      [2, 2, 'voter', 'approved', false, false],
    ]);
  });

  it('keeps foreign keys working after the rebuilds (deleting a user cascades)', async () => {
    const db = h.service.db;
    // Its own user and registration in the upgraded tables (the rows from before the upgrade are other tests').
    await db.query('INSERT INTO users (id, telegram_id, first_name) VALUES ($1, $2, $3)', [3, 5_000_000_003, 'Вера']);
    await db.query('INSERT INTO registrations (id, user_id, competition_id, role) VALUES ($1, $2, $3, $4)', [3, 3, 1, 'participant']);
    await db.write((m) => db.query('DELETE FROM users WHERE id = $1', [3], m));
    const left = await db.query<{ id: number }>('SELECT id FROM registrations WHERE user_id = $1', [3]);
    expect(left).toEqual([]);
  });

  it('a user from before the upgrade talks to the bot as before', async () => {
    await h.postUpdate({
      update_id: 424242,
      message: {
        message_id: 1,
        date: 1_700_000_000,
        chat: { id: 987_654_321_012, type: 'private' },
        from: { id: 987_654_321_012, is_bot: false, first_name: 'Борис 🏁' },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    });
    expect(h.api.messagesTo(987_654_321_012).at(-1)?.params.text).toContain('Борис 🏁');
    // The same user, not a new one.
    const users = await h.service.db.query<{ n: string | number }>('SELECT COUNT(*) AS n FROM users WHERE telegram_id = $1', [987_654_321_012]);
    expect(Number(users[0].n)).toBe(1);
  });
});
