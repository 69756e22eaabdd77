import { Database } from '../domain/infrastructure/database.js';
import { createDataSource } from '../db/data-source.js';
import { createTestDatabase } from '../devkit/database.js';

export const BENCH_WEBHOOK_SECRET = 'bench-webhook-secret';
export const BENCH_BOT_TOKEN = '123456:BENCH-token';

/** A fresh migrated database (temporary SQLite file or PostgreSQL database), dropped by `close`. */
export async function openBenchDatabase(kind: 'sqlite' | 'postgres') {
  const database = await createTestDatabase(kind);
  const dataSource = createDataSource({ database: database.target, migrationsRun: true, pgPoolSize: 10, pgMaxOverflow: 20 });
  await dataSource.initialize();
  return {
    database,
    dataSource,
    db: new Database(dataSource),
    async close() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
