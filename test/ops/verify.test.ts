import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TABLES_IN_FK_ORDER } from '../../entities/index.js';
import { ALL_MIGRATIONS } from '../../migrations/index.js';
import { copyDatabase } from '../../ops/copy.js';
import { openDatabase } from '../../ops/connection.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { fillWithEdgeCases } from './edge-data.js';
import { ensureBuilt } from '../helpers/build.js';
import { OTHER, migratedDatabase, runCli, textSink, verifyUrls } from './helpers.js';

async function sql(url: string, ...statements: string[]): Promise<void> {
  const db = await openDatabase(url);
  try {
    for (const statement of statements) await db.dataSource.query(statement);
  } finally {
    await db.close();
  }
}

describe(`verify ${TEST_DB} against ${OTHER[TEST_DB]}`, () => {
  let source: TestDatabase;
  let target: TestDatabase;
  const postgresUrl = () => (TEST_DB === 'postgres' ? source.url : target.url);

  beforeAll(async () => {
    ensureBuilt();
    const origin = await migratedDatabase(TEST_DB);
    await fillWithEdgeCases(origin.dataSource);
    await origin.dataSource.destroy();
    source = origin.database;
  });
  // Each test compares against its own fresh copy (one of them changes its copy).
  beforeEach(async () => {
    target = await createTestDatabase(OTHER[TEST_DB]);
    await copyDatabase({ from: source.url, to: target.url, verify: false, out: textSink() });
  });
  afterEach(async () => {
    await target?.drop();
  });
  afterAll(async () => {
    await source?.drop();
  });

  it('passes on a faithful copy, comparing timestamps at millisecond precision', async () => {
    // PostgreSQL keeps microseconds; 400 µs more is the same millisecond.
    await sql(postgresUrl(), `UPDATE admin_sessions SET expires_at = expires_at + interval '400 microseconds'`);
    const result = await verifyUrls(source.url, target.url);
    expect(result.ok).toBe(true);
    const cli = await runCli('db', ['verify', '--from', source.url, '--to', target.url]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/\| users\s+\|\s+3 \|\s+3 \| [0-9a-f]{16} \| [0-9a-f]{16} \| ok\s+\|/);
    expect(cli.stdout).toContain(`verify: OK — ${TABLES_IN_FK_ORDER.length} tables identical`);
  });

  it('finds a changed row, a missing row and an extra row, and exits non-zero', async () => {
    await sql(
      target.url,
      `UPDATE users SET first_name = 'Анна!' WHERE id = 1`,
      `DELETE FROM bot_sessions WHERE key = 'ё'`,
      `INSERT INTO processed_updates (update_id, processed_at) VALUES (123456789, '2026-11-20 00:00:00.000')`,
    );
    const result = await verifyUrls(source.url, target.url);
    expect(result.ok).toBe(false);
    const byTable = Object.fromEntries(result.tables.map((t) => [t.table, t]));
    expect(byTable.users).toMatchObject({ changed: 1, missing: 0, extra: 0, firstDifference: 'id=1 differs in first_name' });
    expect(byTable.bot_sessions).toMatchObject({ changed: 0, missing: 1, extra: 0, sourceRows: 10, targetRows: 9, firstDifference: 'key=ё missing in target' });
    expect(byTable.processed_updates).toMatchObject({ changed: 0, missing: 0, extra: 1, firstDifference: 'update_id=123456789 only in target' });
    expect(byTable.competitions.sourceChecksum).toBe(byTable.competitions.targetChecksum);
    expect(byTable.users.sourceChecksum).not.toBe(byTable.users.targetChecksum);

    const cli = await runCli('db', ['verify', '--from', source.url, '--to', target.url]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('DIFFERENT: 0 missing, 0 extra, 1 changed; first: id=1 differs in first_name');
    expect(cli.stdout).toContain(`verify: FAILED — 3 of ${TABLES_IN_FK_ORDER.length} tables differ`);
  });

  it('refuses to compare with a database at another migration, saying which', async () => {
    const old = await migratedDatabase(OTHER[TEST_DB], ALL_MIGRATIONS.slice(0, 3));
    await old.dataSource.destroy();
    try {
      const cli = await runCli('db', ['verify', '--from', source.url, '--to', old.database.url]);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`is not at the code's latest migration (${ALL_MIGRATIONS.length - 3} pending, 0 unknown to this code)`);
    } finally {
      await old.database.drop();
    }
  });
});
