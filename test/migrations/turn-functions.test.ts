import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../db/data-source.js';
import { TURN_FUNCTIONS_VERSION } from '../../db/functions/turn.sql.js';
import { createTestDatabase, type TestDatabase } from '../../devkit/database.js';

// The turn's server-side functions exist on PostgreSQL only, so this file runs against PostgreSQL in both runs.

type Row = Record<string, unknown>;

describe('the turn functions, installed by every boot after the migrations (PostgreSQL)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => database?.drop());

  /** Boots as the server does (migrations on initialize), runs `look` on that connection, closes. */
  async function boot<T>(look: (query: (sql: string) => Promise<Row[]>) => Promise<T>): Promise<T> {
    const dataSource = createDataSource({ database: database.target, migrationsRun: true, pgPoolSize: 1, pgMaxOverflow: 1 });
    await dataSource.initialize();
    try {
      return await look((sql) => dataSource.query(sql));
    } finally {
      await dataSource.destroy();
    }
  }

  const installed = `SELECT p.proname, p.xmin::text AS row_version, obj_description(p.oid, 'pg_proc') AS version, p.prosrc
                       FROM pg_proc p WHERE p.proname IN ('bot_claim_update', 'bot_finish_update') ORDER BY p.proname`;

  it('installs them on boots started together, leaves them alone when current, and replaces an older version', async () => {
    const booted = await Promise.all([1, 2, 3].map(() => boot((query) => query(installed))));
    for (const rows of booted) {
      expect(rows.map((r) => r.proname)).toEqual(['bot_claim_update', 'bot_finish_update']);
      expect(rows[1].version).toBe(TURN_FUNCTIONS_VERSION);
    }

    // Current: the next boot writes nothing (the catalogue rows keep their version).
    const again = await boot((query) => query(installed));
    expect(again.map((r) => r.row_version)).toEqual(booted[0].map((r) => r.row_version));

    // An older body (as a database upgraded through the frozen migration, or a previous release, has it).
    const replaced = await boot(async (query) => {
      await query(`CREATE OR REPLACE FUNCTION bot_finish_update(update_id_ bigint, owner_ text, lock_hi integer, lock_lo integer,
                     session_key_ text, session_value_ text) RETURNS void
                     LANGUAGE plpgsql AS $fn$ BEGIN RAISE EXCEPTION 'old'; END $fn$`);
      await query(`COMMENT ON FUNCTION bot_finish_update(bigint, text, integer, integer, text, text) IS 'an older version'`);
      return query(installed);
    });
    expect(replaced[1].prosrc).toContain("RAISE EXCEPTION 'old'");
    const after = await boot((query) => query(installed));
    expect(after[1].version).toBe(TURN_FUNCTIONS_VERSION);
    expect(after[1].prosrc).toBe(booted[0][1].prosrc);
  });
});
