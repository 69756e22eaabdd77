import { afterAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../db/data-source.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { ALL_MIGRATIONS } from '../../migrations/index.js';

describe(`consents: registrations of before get a version-0 record (${TEST_DB})`, () => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());

  it('backfills one record per registration with consent_given, dated by the registration, and none for the others', async () => {
    database = await createTestDatabase();
    const before = ALL_MIGRATIONS.findIndex((m) => m.name.startsWith('Consents'));
    const old = createDataSource({ database: database.target, migrations: ALL_MIGRATIONS.slice(0, before), migrationsRun: true });
    await old.initialize();
    const p = (i: number) => (TEST_DB === 'postgres' ? `$${i}` : '?');
    const insert = async (sql: string, values: unknown[]) => {
      let i = 0;
      await old.query(sql.replace(/\?/g, () => p(++i)), values);
    };
    await insert('INSERT INTO users (telegram_id, full_name) VALUES (?, ?), (?, ?)', [7001, 'Анна', 7002, 'Пётр']);
    await insert('INSERT INTO competitions (title) VALUES (?), (?)', ['Кубок', 'Турнир']);
    const [u1, u2] = (await old.query('SELECT id FROM users ORDER BY telegram_id')).map((r: { id: number }) => r.id);
    const [c1, c2] = (await old.query('SELECT id FROM competitions ORDER BY title')).map((r: { id: number }) => r.id);
    const given = TEST_DB === 'postgres' ? true : 1;
    const notGiven = TEST_DB === 'postgres' ? false : 0;
    await insert('INSERT INTO registrations (user_id, competition_id, role, consent_given, created_at) VALUES (?, ?, ?, ?, ?)', [u1, c1, 'participant', given, '2026-03-01 10:00:00']);
    await insert('INSERT INTO registrations (user_id, competition_id, role, consent_given, created_at) VALUES (?, ?, ?, ?, ?)', [u2, c1, 'voter', given, '2026-03-02 11:30:00']);
    await insert('INSERT INTO registrations (user_id, competition_id, role, consent_given, created_at) VALUES (?, ?, ?, ?, ?)', [u1, c2, 'participant', notGiven, '2026-03-03 09:00:00']);
    await old.destroy();

    const current = createDataSource({ database: database.target, migrationsRun: true });
    await current.initialize();
    try {
      const rows: Array<Record<string, unknown>> = await current.query(
        'SELECT user_id, competition_id, document_version, given_at, withdrawn_at, via, telegram_id_hash FROM consents ORDER BY given_at',
      );
      expect(rows.map((r) => [Number(r.user_id), Number(r.competition_id), Number(r.document_version), r.via, r.withdrawn_at, r.telegram_id_hash])).toEqual([
        [u1, c1, 0, 'bot', null, null],
        [u2, c1, 0, 'bot', null, null],
      ]);
      // Dated by the registration (what the registration said, to the second).
      const dates = rows.map((r) => new Date(TEST_DB === 'postgres' ? (r.given_at as Date) : `${String(r.given_at).replace(' ', 'T')}Z`).toISOString());
      expect(dates).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-02T11:30:00.000Z']);
      expect(await current.query('SELECT * FROM consent_documents')).toEqual([]);
    } finally {
      await current.destroy();
    }
  });
});
