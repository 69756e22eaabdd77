import fs from 'node:fs';
import type pg from 'pg';
import type sqlite3 from 'sqlite3';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import type { SqliteDriver } from 'typeorm/driver/sqlite/SqliteDriver.js';
import { createDataSource } from '../db/data-source.js';
import { describeTarget, parseDatabaseUrl, redactDatabaseUrl, type DatabaseTarget } from '../db/database-url.js';

/** A problem an operator can fix: one message, usually with the command that fixes it. Never carries a password. */
export class OpsError extends Error {}

/** An open database for the ops commands: the TypeORM data source (migrations, metadata) and raw access. */
export interface OpsDatabase {
  target: DatabaseTarget;
  /** Password-free name for messages. */
  label: string;
  dataSource: DataSource;
  kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/** The raw sqlite3 handle under TypeORM's driver: the ops commands batch their own SQL on it. */
export interface SqliteHandle {
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  exec(sql: string): Promise<void>;
}

/** Promises over a sqlite3 connection: TypeORM's (below) or one the ops commands open themselves (backups). */
export function wrapSqlite(connection: sqlite3.Database): SqliteHandle {
  return {
    all: <T>(sql: string, params: unknown[] = []) =>
      new Promise<T[]>((resolve, reject) => connection.all<T>(sql, params, (error, rows) => (error ? reject(error) : resolve(rows)))),
    run: (sql, params = []) => new Promise((resolve, reject) => connection.run(sql, params, (error: Error | null) => (error ? reject(error) : resolve()))),
    exec: (sql) => new Promise((resolve, reject) => connection.exec(sql, (error) => (error ? reject(error) : resolve()))),
  };
}

// TypeORM declares the drivers' raw connections `any`: the annotations below name what they are.
export function sqliteHandle(dataSource: DataSource): SqliteHandle {
  const connection: sqlite3.Database = (dataSource.driver as SqliteDriver).databaseConnection;
  return wrapSqlite(connection);
}

/** A dedicated connection out of TypeORM's PostgreSQL pool (COPY and cursors need one connection). */
export async function postgresClient(dataSource: DataSource): Promise<pg.PoolClient> {
  const pool: pg.Pool = (dataSource.driver as PostgresDriver).master;
  const client = await pool.connect();
  // A lost connection also fails the query in flight, which reports it; without a listener the 'error'
  // event of a checked-out client would crash the process instead.
  client.on('error', () => undefined);
  return client;
}

/**
 * Opens the database a URL names, without running migrations (the commands decide). A SQLite file must
 * exist unless `create` is set, so a typo in a path is not silently a new empty database.
 */
export async function openDatabase(url: string, options: { create?: boolean } = {}): Promise<OpsDatabase> {
  const target = parseUrl(url);
  const label = describeTarget(target);
  if (target.kind === 'sqlite' && !options.create && !fs.existsSync(target.path)) {
    throw new OpsError(
      `${label}: no such SQLite file. Check the path (relative paths are resolved from ${process.cwd()}); ` + '`npm run db -- migrate --url <url>` creates a new, empty database.',
    );
  }
  const dataSource = createDataSource({ database: target, pgPoolSize: 1, pgMaxOverflow: 2, migrationsRun: false });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw explainConnectionError(error, target);
  }
  return {
    target,
    label,
    dataSource,
    kind: target.kind,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

export function parseUrl(url: string): DatabaseTarget {
  try {
    return parseDatabaseUrl(url);
  } catch (error) {
    throw new OpsError((error as Error).message);
  }
}

/** Turns the usual connection failures into a message with the fixing command (never the password). */
export function explainConnectionError(error: unknown, target: DatabaseTarget): Error {
  const label = describeTarget(target);
  const code = (error as { code?: string })?.code;
  if (target.kind === 'postgres') {
    const url = new URL(target.url);
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
    const user = decodeURIComponent(url.username) || 'postgres';
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT') {
      return new OpsError(
        `${label}: cannot connect (${code}). Is PostgreSQL running and is the host right? ` +
          `With Docker Compose: \`docker compose up -d postgres && docker compose ps postgres\`` +
          (url.hostname === 'postgres' ? ' (the host name "postgres" resolves only inside the compose network; from the host use localhost)' : ''),
      );
    }
    if (code === '3D000') {
      return new OpsError(
        `${label}: database "${database}" does not exist. Create it: ` +
          `\`docker compose exec postgres createdb -U ${user} ${database}\` (or \`createdb -h ${url.hostname} -U ${user} ${database}\`)`,
      );
    }
    if (code === '28P01' || code === '28000') {
      return new OpsError(`${label}: authentication failed for user "${user}": check the user and password in the URL`);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new OpsError(`${label}: ${redactDatabaseUrl(message)}`);
}
