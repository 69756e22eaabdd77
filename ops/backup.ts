import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { describeTarget, type DatabaseTarget } from '../db/database-url.js';
import { OpsError, explainConnectionError, wrapSqlite } from './connection.js';

export const DEFAULT_BACKUP_DIR = 'backups';

/** `20261125_101502`: UTC, sortable, safe in file names. */
export function backupStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

function freshPath(dir: string, base: string, ext: string): string {
  fs.mkdirSync(dir, { recursive: true });
  let candidate = path.resolve(dir, `${base}${ext}`);
  for (let n = 2; fs.existsSync(candidate); n++) candidate = path.resolve(dir, `${base}_${n}${ext}`);
  return candidate;
}

function openSqlite(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (error) => (error ? reject(error) : resolve(db)));
  });
}

const closeSqlite = (db: sqlite3.Database) => new Promise<void>((resolve) => db.close(() => resolve()));

/**
 * A consistent copy of a live SQLite database: `VACUUM INTO` reads one snapshot (the server may keep
 * writing meanwhile, WAL mode) and writes a compact, self-contained file, which is then integrity-checked.
 */
export async function backupSqlite(file: string, dir = DEFAULT_BACKUP_DIR, suffix = ''): Promise<string> {
  if (!fs.existsSync(file)) throw new OpsError(`sqlite:${file}: no such file to back up`);
  const out = freshPath(dir, `sqlite_${backupStamp()}${suffix}`, '.db');
  const db = await openSqlite(file, sqlite3.OPEN_READONLY);
  try {
    await wrapSqlite(db).run('VACUUM INTO ?', [out]);
  } finally {
    await closeSqlite(db);
  }
  await checkSqliteFile(out);
  return out;
}

/** Throws unless the file is an intact SQLite database of this application. */
export async function checkSqliteFile(file: string): Promise<void> {
  if (!fs.existsSync(file)) throw new OpsError(`${file}: no such file`);
  let db: sqlite3.Database;
  try {
    db = await openSqlite(file, sqlite3.OPEN_READONLY);
  } catch (error) {
    throw new OpsError(`${file}: cannot open as SQLite (${(error as Error).message})`);
  }
  try {
    const sqlite = wrapSqlite(db);
    const [check] = await sqlite.all<{ integrity_check: string }>('PRAGMA integrity_check').catch((error) => {
      throw new OpsError(`${file}: not a SQLite database (${(error as Error).message})`);
    });
    if (check?.integrity_check !== 'ok') throw new OpsError(`${file}: integrity check failed: ${JSON.stringify(check)}`);
    const tables = await sqlite.all(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'migration_history'`);
    if (tables.length === 0) throw new OpsError(`${file}: not a database of this application (no migration_history table)`);
  } finally {
    await closeSqlite(db);
  }
}

/** libpq settings from a URL, so neither the password nor the URL appear on a command line. */
export function libpqEnvironment(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {};
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ''));
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

function majorOf(versionText: string): number | null {
  const match = /(\d+)(?:\.\d+)?/.exec(versionText);
  return match ? Number(match[1]) : null;
}

export interface PostgresBackupResult {
  file: string | null;
  /** Why no file was written, with the command to take the backup with the server's own pg_dump. */
  message: string;
}

/**
 * `pg_dump -Fc` when a pg_dump at least as new as the server is on the PATH (pg_dump refuses newer
 * servers); otherwise the `docker compose exec postgres pg_dump …` line that uses the server's own.
 */
export async function backupPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>, dir = DEFAULT_BACKUP_DIR): Promise<PostgresBackupResult> {
  const env = libpqEnvironment(target.url);
  const stamp = backupStamp();
  const composeLine = `mkdir -p ${dir} && docker compose exec -T postgres pg_dump -U ${env.PGUSER ?? 'postgres'} -Fc ${env.PGDATABASE ?? 'postgres'} > ${dir}/postgres_${stamp}.dump`;
  const client = new pg.Client({ connectionString: target.url });
  let serverMajor: number;
  try {
    await client.connect();
    const { rows } = await client.query('SHOW server_version_num');
    serverMajor = Math.floor(Number(rows[0].server_version_num) / 10_000);
  } catch (error) {
    throw explainConnectionError(error, target);
  } finally {
    await client.end().catch(() => undefined);
  }
  const version = spawnSync('pg_dump', ['--version'], { encoding: 'utf8' });
  const clientMajor = version.status === 0 ? majorOf(version.stdout.replace(/^[^\d]*/, '')) : null;
  if (clientMajor === null) {
    return { file: null, message: `No pg_dump on the PATH. Take the backup with the server's own pg_dump:\n  ${composeLine}` };
  }
  if (clientMajor < serverMajor) {
    return {
      file: null,
      message: `pg_dump ${clientMajor} is older than the server (PostgreSQL ${serverMajor}) and cannot dump it. Use the server's own:\n  ${composeLine}`,
    };
  }
  const file = freshPath(dir, `postgres_${stamp}`, '.dump');
  const dump = spawnSync('pg_dump', ['-Fc', '-w', '-f', file], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (dump.status !== 0) {
    fs.rmSync(file, { force: true });
    throw new OpsError(`pg_dump failed for ${describeTarget(target)}: ${dump.stderr.trim()}`);
  }
  return { file, message: `PostgreSQL backup written: ${file}` };
}

export interface RestoreResult {
  restored: string;
  /** The file that was there before, saved first (with --force). */
  savedPrevious: string | null;
}

/**
 * Puts a SQLite backup back in place of the database file (the server must be stopped). Refuses to
 * overwrite an existing database without `force`; with it, the current file is backed up first. Stale
 * `-wal`/`-shm` files of the old database are removed so SQLite cannot replay them onto the restored one.
 */
export async function restoreSqlite(backupFile: string, targetFile: string, options: { force?: boolean; dir?: string } = {}): Promise<RestoreResult> {
  await checkSqliteFile(backupFile);
  let savedPrevious: string | null = null;
  if (fs.existsSync(targetFile)) {
    if (!options.force) {
      throw new OpsError(`sqlite:${targetFile} exists. Stop the bot, then re-run with --force to replace it (the current file is backed up first).`);
    }
    savedPrevious = await backupSqlite(targetFile, options.dir, '_before_restore');
  }
  fs.mkdirSync(path.dirname(targetFile), { recursive: true });
  const temporary = `${targetFile}.restoring`;
  fs.copyFileSync(backupFile, temporary);
  for (const stale of [`${targetFile}-wal`, `${targetFile}-shm`, `${targetFile}-journal`]) fs.rmSync(stale, { force: true });
  fs.renameSync(temporary, targetFile);
  return { restored: targetFile, savedPrevious };
}
