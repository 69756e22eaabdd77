import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../ops/connection.js';
import { migrationState } from '../../ops/migration-state.js';
import { TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { migratedDatabase } from './helpers.js';

/** Every DATABASE_URL form the bot accepts (its own and the Python bot's SQLAlchemy ones) reaches the same database. */
describe(`the ops commands accept every ${TEST_DB} URL form`, () => {
  let database: TestDatabase;
  let forms: string[];

  beforeAll(async () => {
    const migrated = await migratedDatabase(TEST_DB);
    await migrated.dataSource.destroy();
    database = migrated.database;
    if (database.target.kind === 'sqlite') {
      const file = database.target.path;
      const relative = path.relative(process.cwd(), file);
      forms = [`sqlite:${file}`, `sqlite://${relative}`, `sqlite:////${file.slice(1)}`, `sqlite:///${relative}`, `sqlite+aiosqlite:///${relative}`, `sqlite:${relative}`];
    } else {
      const rest = database.url.replace(/^postgres(ql)?:\/\//, '');
      forms = [`postgresql://${rest}`, `postgres://${rest}`, `postgresql+asyncpg://${rest}`];
    }
  });
  afterAll(async () => database?.drop());

  it('opens the same database with each form, at the latest migration', async () => {
    const labels = new Set<string>();
    for (const url of forms) {
      const db = await openDatabase(url);
      try {
        expect((await migrationState(db.dataSource)).pending, url).toEqual([]);
        labels.add(db.label);
      } finally {
        await db.close();
      }
    }
    expect(labels.size).toBe(1);
  });
});
