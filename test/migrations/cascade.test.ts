import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { Database } from '../../domain/infrastructure/database.js';
import { createDataSource } from '../../db/data-source.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';

const CHILD_TABLES = ['registrations', 'time_slots', 'jury_panels', 'voter_time_slots', 'voter_jury_panels', 'broadcasts'];

describe(`foreign keys on ${TEST_DB}`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let db: Database;

  async function count(table: string): Promise<number> {
    return Number((await db.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource({ database: database.target, migrationsRun: true });
    await dataSource.initialize();
    db = new Database(dataSource);
    await db.write(async (m) => {
      const q = (sql: string, params: unknown[]) => db.query(sql, params, m);
      await q('INSERT INTO users (id, telegram_id) VALUES ($1, $2), ($3, $4)', [1, 111, 2, 222]);
      await q('INSERT INTO competitions (id, title) VALUES ($1, $2), ($3, $4)', [1, 'Deleted', 2, 'Kept']);
      for (const competitionId of [1, 2]) {
        const base = competitionId * 10;
        await q('INSERT INTO registrations (id, user_id, competition_id, role, status) VALUES ($1, 1, $2, $3, $4), ($5, 2, $2, $6, $4)', [
          base + 1,
          competitionId,
          'participant',
          'approved',
          base + 2,
          'voter',
        ]);
        await q('INSERT INTO time_slots (id, competition_id, starts_at, ends_at, capacity) VALUES ($1, $2, $3, $4, 5)', [
          base,
          competitionId,
          db.date(new Date('2026-12-01T10:00:00Z')),
          db.date(new Date('2026-12-01T11:00:00Z')),
        ]);
        await q('INSERT INTO jury_panels (id, competition_id, name) VALUES ($1, $2, $3)', [base, competitionId, 'Panel']);
        await q('INSERT INTO voter_time_slots (registration_id, time_slot_id) VALUES ($1, $2)', [base + 2, base]);
        await q('INSERT INTO voter_jury_panels (registration_id, jury_panel_id) VALUES ($1, $2)', [base + 2, base]);
        await q('INSERT INTO broadcasts (text, competition_id) VALUES ($1, $2)', ['Hello', competitionId]);
      }
    });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('deleting a competition removes its registrations, slots, panels and join rows, and nothing else', async () => {
    for (const table of CHILD_TABLES) expect(await count(table), table).toBe(table === 'registrations' ? 4 : 2);
    await db.write((m) => db.query('DELETE FROM competitions WHERE id = $1', [1], m));
    for (const table of CHILD_TABLES) expect(await count(table), table).toBe(table === 'registrations' ? 2 : 1);
    expect(await count('users')).toBe(2);
  });

  it('refuses a row that points nowhere', async () => {
    await expect(db.write((m) => db.query('INSERT INTO registrations (user_id, competition_id, role) VALUES ($1, $2, $3)', [1, 999, 'voter'], m))).rejects.toThrow(
      /foreign key|FOREIGN KEY/i,
    );
  });

  it('refuses a value outside an enum-like column', async () => {
    await expect(db.write((m) => db.query('INSERT INTO registrations (user_id, competition_id, role) VALUES ($1, $2, $3)', [1, 2, 'judge'], m))).rejects.toThrow(/check/i);
  });

  it('keeps the audit when its admin account is deleted (SET NULL)', async () => {
    await db.write(async (m) => {
      await db.query('INSERT INTO admin_users (id, email, password_hash, role) VALUES ($1, $2, $3, $4)', [1, 'a@example.org', 'x', 'admin'], m);
      await db.query('INSERT INTO admin_audit (admin_user_id, action, resource, record_id) VALUES ($1, $2, $3, $4)', [1, 'competition.deleted', 'competitions', '1'], m);
      await db.query('DELETE FROM admin_users WHERE id = $1', [1], m);
    });
    const audit = await db.query('SELECT admin_user_id, record_id FROM admin_audit');
    expect(audit).toEqual([{ admin_user_id: null, record_id: '1' }]);
  });
});
