import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDataSource } from '../../db/data-source.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { ALL_MIGRATIONS } from '../../migrations/index.js';

// issue 11: numbers stored before they were parsed are re-normalized; those that cannot be are listed in the log.
describe(`re-normalizing stored phone numbers (${TEST_DB})`, () => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());

  it('fixes "+89161234567" and "+9123456789", keeps and lists what it cannot parse', async () => {
    database = await createTestDatabase();
    const before = ALL_MIGRATIONS.findIndex((m) => m.name.startsWith('UpdateLeasesAndPhones'));
    const old = createDataSource({ database: database.target, migrations: ALL_MIGRATIONS.slice(0, before), migrationsRun: true });
    await old.initialize();
    const stored = ['+89161234567', '+9123456789', '+89123330000', '+79001234567', '+12', null];
    for (const [i, phone] of stored.entries()) {
      await old.query(TEST_DB === 'postgres' ? 'INSERT INTO users (telegram_id, phone) VALUES ($1, $2)' : 'INSERT INTO users (telegram_id, phone) VALUES (?, ?)', [
        1000 + i,
        phone,
      ]);
    }
    await old.destroy();

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const current = createDataSource({ database: database.target, migrationsRun: true });
    await current.initialize();
    try {
      const rows: Array<{ id: number; phone: string | null }> = await current.query('SELECT id, phone FROM users ORDER BY telegram_id');
      expect(rows.map((r) => r.phone)).toEqual(['+79161234567', '+79123456789', '+79123330000', '+79001234567', '+12', null]);
      const log = warn.mock.calls.map((c) => String(c[0])).join('\n');
      expect(log).toContain('3 changed, 1 could not be parsed');
      expect(log).toContain(`users.id: ${rows[4].id}`);
      expect(log).not.toContain('+12');
    } finally {
      warn.mockRestore();
      await current.destroy();
    }
  });
});
