import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { TABLES_IN_FK_ORDER } from '../../entities/index.js';
import { createDataSource } from '../../db/data-source.js';
import { openDatabase } from '../../ops/connection.js';
import { createTestDatabase, type TestDatabase } from '../../devkit/database.js';
import { fillWithEdgeCases } from './edge-data.js';
import { ensureBuilt } from '../helpers/build.js';
import { ROOT, runProcess } from './helpers.js';
import { describePostgresOnly } from '../helpers/postgres-only.js';

const SCRIPT = path.join(ROOT, 'scripts', 'migrate_to_postgres.sh');
const PASSWORD = 'Sup3r-secret';

/** A deployment directory as the seed's guide has it: .env with SQLAlchemy-style URLs, the SQLite file under ./data. */
describePostgresOnly('scripts/migrate_to_postgres.sh: the move and the rollback, end to end', () => {
  // Each test gets its own deployment and PostgreSQL database, and makes the moves it needs itself.
  let deployment: string;
  let postgres: TestDatabase;
  let postgresUrl: string;

  beforeAll(() => ensureBuilt());
  beforeEach(async () => {
    deployment = fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-deploy-'));
    postgres = await createTestDatabase('postgres');
    // The local server trusts every password, so a password in the URL shows whether it ever gets printed.
    postgresUrl = postgres.url.replace('postgresql://postgres@', `postgresql+asyncpg://postgres:${PASSWORD}@`);
    const dataSource = createDataSource({ database: { kind: 'sqlite', path: path.join(deployment, 'data', 'bot.sqlite') } });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await fillWithEdgeCases(dataSource);
    await dataSource.destroy();
    fs.writeFileSync(path.join(deployment, '.env'), `DATABASE_URL=sqlite+aiosqlite:///./data/bot.sqlite\nPOSTGRES_URL="${postgresUrl}"\n`);
  });
  afterEach(async () => {
    await postgres?.drop();
    fs.rmSync(deployment, { recursive: true, force: true });
  });

  /** The move, SQLite → PostgreSQL; it must succeed. */
  const move = async () => {
    const run = await runProcess('bash', [SCRIPT], { cwd: deployment });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    return run;
  };

  it('moves: backup → copy → verify → the DATABASE_URL to set, never showing the password', async () => {
    const run = await move();
    expect(run.stdout).toMatch(/== 1\/3 backup of the SQLite database\nSQLite backup written: .*backups\/sqlite_\d{8}_\d{6}\.db/);
    expect(run.stdout).toContain('copied 47 rows');
    expect(run.stdout).toContain(`verify: OK — ${TABLES_IN_FK_ORDER.length} tables identical`);
    const dbName = new URL(postgres.url).pathname.slice(1);
    expect(run.stdout).toContain(`DATABASE_URL=postgresql+asyncpg://postgres:***@127.0.0.1:5432/${dbName}`);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(fs.readdirSync(path.join(deployment, 'backups'))).toHaveLength(1);
  });

  it('runs again without harm: PostgreSQL holding the data is refused unless --truncate', async () => {
    await move();
    const again = await runProcess('bash', [SCRIPT], { cwd: deployment });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds data');
    expect(again.stderr).toContain('--truncate');
    expect(again.stdout + again.stderr).not.toContain(PASSWORD);
  });

  it('rolls back: PostgreSQL → SQLite with the rows written on PostgreSQL since, the old file backed up', async () => {
    await move();
    const live = await openDatabase(postgres.url);
    await live.dataSource.query(`INSERT INTO users (telegram_id, first_name, is_blocked, reminders_enabled) VALUES (3141592653, 'Пришла после переезда', false, true)`);
    await live.close();

    const run = await runProcess('bash', [SCRIPT, '--rollback'], { cwd: deployment });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain(`verify: OK — ${TABLES_IN_FK_ORDER.length} tables identical`);
    expect(run.stdout).toContain('DATABASE_URL=sqlite+aiosqlite:///./data/bot.sqlite');
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    // One backup per run: the move, and now the SQLite file about to be replaced.
    expect(fs.readdirSync(path.join(deployment, 'backups'))).toHaveLength(2);

    const sqlite = await openDatabase(`sqlite:${path.join(deployment, 'data', 'bot.sqlite')}`);
    try {
      const [row] = await sqlite.dataSource.query(`SELECT first_name FROM users WHERE telegram_id = 3141592653`);
      expect(row.first_name).toBe('Пришла после переезда');
    } finally {
      await sqlite.close();
    }
  });
});
