import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDataSource, pendingMigrations } from '../../db/data-source.js';
import { createTestDatabase, type TestDatabase } from '../../devkit/database.js';
import { startServiceProcess, type ServiceProcess } from '../../devkit/processes.js';
import { ALL_MIGRATIONS } from '../../migrations/index.js';
import { ensureBuilt } from '../helpers/build.js';
import { describePostgresOnly } from '../helpers/postgres-only.js';

// issue 15 §5: `docker compose up --scale bot=3` or a rolling deploy boots several processes at the same
// moment on one PostgreSQL database; all of them must start (one migrates, the others wait). PostgreSQL
// only: SQLite serves one process.

async function bootThree(database: TestDatabase): Promise<void> {
  const processes: ServiceProcess[] = await Promise.all([1, 2, 3].map(() => startServiceProcess({ DATABASE_URL: database.url })));
  try {
    await Promise.all(processes.map((p) => p.ready(60_000)));
    for (const p of processes) expect(p.output()).not.toMatch(/already exists|Startup failed/);
  } finally {
    const codes = await Promise.all(processes.map((p) => p.stop()));
    expect(codes).toEqual([0, 0, 0]);
  }
  const check = createDataSource({ database: database.target });
  await check.initialize();
  try {
    expect(await pendingMigrations(check)).toEqual([]);
    const [{ n }] = await check.query('SELECT count(*)::int AS n FROM migration_history');
    expect(n).toBe(ALL_MIGRATIONS.length);
  } finally {
    await check.destroy();
  }
}

describePostgresOnly('three processes booting at once on PostgreSQL', () => {
  const databases: TestDatabase[] = [];
  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(async () => Promise.all(databases.map((d) => d.drop())));

  it('on an empty database: all three start, the migrations run once', async () => {
    const database = await createTestDatabase('postgres');
    databases.push(database);
    await bootThree(database);
  }, 120_000);

  it('on a database several migrations behind: all three start', async () => {
    const database = await createTestDatabase('postgres');
    databases.push(database);
    const old = createDataSource({ database: database.target, migrations: ALL_MIGRATIONS.slice(0, 5), migrationsRun: true });
    await old.initialize();
    await old.destroy();
    await bootThree(database);
  }, 120_000);
});
