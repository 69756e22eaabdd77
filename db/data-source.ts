import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { ALL_ENTITIES } from '../entities/index.js';
import { SnakeNamingStrategy } from '../entities/naming-strategy.js';
import { ALL_MIGRATIONS } from '../migrations/index.js';

/** A migration's class, as TypeORM takes it. */
export type MigrationClass = new () => MigrationInterface;
import { installTurnFunctions } from './functions/turn.sql.js';
import type { DatabaseTarget } from './database-url.js';

export interface DataSourceSettings {
  database: DatabaseTarget;
  pgPoolSize?: number;
  pgMaxOverflow?: number;
  /** How long a query waits for a pool connection (then 'timeout exceeded when trying to connect'). */
  pgPoolTimeoutMs?: number;
  /** Run pending migrations in initialize() (the server does; the db CLI decides itself). */
  migrationsRun?: boolean;
  /** Use only migrations up to this index (tests of upgrades from an older schema). */
  migrations?: MigrationClass[];
}

export const MIGRATIONS_TABLE = 'migration_history';

/** How long a PostgreSQL connection above PG_POOL_SIZE may sit idle before it is closed. */
const OVERFLOW_IDLE_MS = 30_000;
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * One DataSource for the URL's database. SQLite: foreign keys on (TypeORM does it on connect), WAL, busy
 * timeout. PostgreSQL: a pool of at most PG_POOL_SIZE + PG_MAX_OVERFLOW connections that keeps PG_POOL_SIZE
 * open and closes the rest when idle (the SQLAlchemy pool_size/max_overflow semantics of the seed).
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const common = {
    entities: ALL_ENTITIES,
    migrations: settings.migrations ?? ALL_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: settings.migrationsRun ?? false,
    // Each migration in its own transaction, so a migration that must run outside one (SQLite table
    // rebuilds, see migrations/dialect.ts) can say `transaction = false`.
    migrationsTransactionMode: 'each' as const,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
  };
  let options: DataSourceOptions;
  if (settings.database.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(settings.database.path), { recursive: true });
    options = { ...common, type: 'sqlite', database: settings.database.path, enableWAL: true, busyTimeout: SQLITE_BUSY_TIMEOUT_MS };
  } else {
    const poolSize = settings.pgPoolSize ?? 10;
    const overflow = settings.pgMaxOverflow ?? 20;
    options = {
      ...common,
      type: 'postgres',
      url: settings.database.url,
      extra: {
        max: poolSize + overflow,
        min: poolSize,
        idleTimeoutMillis: OVERFLOW_IDLE_MS,
        connectionTimeoutMillis: settings.pgPoolTimeoutMs ?? 10_000,
        application_name: 'competition-bot',
      },
    };
  }
  const dataSource = new DataSource(options);
  if (settings.database.kind === 'postgres') {
    storeDatesWithTimeZone(dataSource);
    migrateUnderLock(dataSource);
  }
  return dataSource;
}

/** The advisory lock key migrations run under (any fixed 64-bit number; this one spells "cbot-mig"). */
export const MIGRATION_LOCK_KEY = '7161417284883784039';

/**
 * Several processes started at once (`docker compose up --scale bot=3`, a rolling deploy) would each run the
 * pending migrations, and all but one die ("relation … already exists"): TypeORM takes no lock of its own.
 * Every migration run (on boot through `migrationsRun`, or from the CLI) first takes a session advisory lock
 * on a connection of its own; the others wait for it, then find nothing pending and start.
 *
 * Under the same lock, after the migrations, the repeatable step: the server-side functions (db/functions/) are
 * installed when their version changed — on every run, so a changed function needs no migration.
 */
function migrateUnderLock(dataSource: DataSource): void {
  const run = dataSource.runMigrations.bind(dataSource);
  dataSource.runMigrations = async (options) => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        const applied = await run(options);
        await installTurnFunctions((sql, parameters) => runner.query(sql, parameters));
        return applied;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  };
}

/** Entities declare timestamps as `Date`; on PostgreSQL they are `timestamp with time zone`. */
function storeDatesWithTimeZone(dataSource: DataSource): void {
  const driver = dataSource.driver;
  const normalizeType = driver.normalizeType.bind(driver);
  driver.normalizeType = (column: Parameters<typeof driver.normalizeType>[0]) => (column.type === Date ? 'timestamp with time zone' : normalizeType(column));
}

export function isPostgres(dataSource: DataSource): boolean {
  return dataSource.options.type === 'postgres';
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = new Set<string>();
  const runner = dataSource.createQueryRunner();
  try {
    if (await runner.hasTable(MIGRATIONS_TABLE)) {
      const rows: { name: string }[] = await runner.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
      rows.forEach((r) => applied.add(r.name));
    }
  } finally {
    await runner.release();
  }
  return dataSource.migrations.map((m) => m.name).filter((name): name is string => !!name && !applied.has(name));
}

/**
 * Whether the PostgreSQL pool can hand out a connection now: false while every connection is busy and requests
 * are queued for one (then each waits PG_POOL_TIMEOUT_MS and the webhook answers 503). SQLite: always true.
 */
export function poolCanServe(dataSource: DataSource): boolean {
  if (!isPostgres(dataSource)) return true;
  // TypeORM keeps node-postgres' Pool as the driver's `master` and declares it `any`.
  const pool = (dataSource.driver as unknown as { master?: { waitingCount: number; idleCount: number; totalCount: number; options: { max: number } } }).master;
  if (!pool) return false;
  return pool.waitingCount === 0 && (pool.idleCount > 0 || pool.totalCount < pool.options.max);
}
