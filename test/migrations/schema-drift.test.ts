import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { TABLES_IN_FK_ORDER } from '../../entities/index.js';
import { createDataSource, pendingMigrations } from '../../db/data-source.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';

describe(`migrations on an empty ${TEST_DB} database`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource({ database: database.target, migrationsRun: true });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('applies every migration and records it in migration_history', async () => {
    expect(await pendingMigrations(dataSource)).toEqual([]);
    const rows = await dataSource.query('SELECT name FROM migration_history ORDER BY id');
    expect(rows.map((r: { name: string }) => r.name)).toEqual(dataSource.migrations.map((m) => m.name));
  });

  it('creates every table of the design', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      for (const table of TABLES_IN_FK_ORDER) expect(await runner.hasTable(table), table).toBe(true);
    } finally {
      await runner.release();
    }
  });

  it('leaves no drift between the migrations and the entities', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('would notice drift (the check above is not vacuous)', async () => {
    // Its own database: the drift it makes would otherwise be seen by the test above.
    const own = await createTestDatabase();
    const drifted = createDataSource({ database: own.target, migrationsRun: true });
    await drifted.initialize();
    try {
      await drifted.query('DROP INDEX "IDX_time_slots_competition_id"');
      const pending = await drifted.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query).join('\n')).toContain('IDX_time_slots_competition_id');
    } finally {
      await drifted.destroy();
      await own.drop();
    }
  });
});
