import type { QuestionKind } from '../entities/index.js';
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

/** The questions of BENCH_QUESTIONS=1, in order, and what each bench visitor types (bench/registration.ts). */
export const BENCH_QUESTION_KINDS: Array<[QuestionKind, string, string]> = [
  ['text', 'Школа', 'Лицей № 1'],
  ['number', 'Возраст', '17'],
  ['date', 'Дата рождения', '05.03.2009'],
  ['email', 'Почта', 'ivan@example.com'],
  ['yes_no', 'Участвовали раньше?', 'да'],
];
