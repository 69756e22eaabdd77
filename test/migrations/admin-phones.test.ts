import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDataSource } from '../../db/data-source.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { ALL_MIGRATIONS } from '../../migrations/index.js';

describe(`phones typed in the admin are stored as the bot stores them (${TEST_DB})`, () => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());

  it('normalizes "8 (994) 435-07-45" and "+7 994 435-07-46" to E.164, keeps E.164 and lists what it cannot read', async () => {
    database = await createTestDatabase();
    const before = ALL_MIGRATIONS.findIndex((m) => m.name.startsWith('AdminTypedPhones'));
    const old = createDataSource({ database: database.target, migrations: ALL_MIGRATIONS.slice(0, before), migrationsRun: true });
    await old.initialize();
    const stored = ['8 (994) 435-07-45', '+7 994 435-07-46', '+79944350747', 'позвонить Ане', null];
    for (const [i, phone] of stored.entries()) {
      await old.query(TEST_DB === 'postgres' ? 'INSERT INTO users (telegram_id, phone) VALUES ($1, $2)' : 'INSERT INTO users (telegram_id, phone) VALUES (?, ?)', [2000 + i, phone]);
    }
    await old.destroy();

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const current = createDataSource({ database: database.target, migrationsRun: true });
    await current.initialize();
    try {
      const rows: Array<{ id: number; phone: string | null }> = await current.query('SELECT id, phone FROM users ORDER BY telegram_id');
      expect(rows.map((r) => r.phone)).toEqual(['+79944350745', '+79944350746', '+79944350747', 'позвонить Ане', null]);
      const log = warn.mock.calls.map((c) => String(c[0])).join('\n');
      expect(log).toContain('2 changed, 1 could not be read');
      expect(log).toContain(`users.id: ${rows[3].id}`);
      expect(log).not.toContain('Ане');
    } finally {
      warn.mockRestore();
      await current.destroy();
    }
  });
});
