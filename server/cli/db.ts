import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { withDotEnv } from '../config.js';
import { backupPostgres, backupSqlite, DEFAULT_BACKUP_DIR, restoreSqlite } from '../../ops/backup.js';
import { OpsError, openDatabase, parseUrl } from '../../ops/connection.js';
import { redactDatabaseUrl } from '../../db/database-url.js';
import { runMain } from '../run-main.js';
import { copyDatabase } from '../../ops/copy.js';
import { formatTable } from '../../ops/format-table.js';
import { migrate, migrationState } from '../../ops/migration-state.js';
import { describeTables, quote } from '../../ops/tables.js';
import { formatVerifyReport, verifyDatabases } from '../../ops/verify.js';

const USAGE = `Usage: npm run db -- <command> [options]

  migrate  [--url URL]                 apply pending migrations
  status   [--url URL]                 database kind, applied and pending migrations, rows per table
  backup   [--url URL] [--dir DIR]     SQLite: consistent online copy to DIR/sqlite_<time>.db
                                       PostgreSQL: pg_dump -Fc to DIR/postgres_<time>.dump (or the command to run)
  restore  FILE [--url URL] [--force]  put a SQLite backup back (stop the bot first)
  copy     --from URL --to URL [--truncate] [--migrate-source] [--no-verify]
                                       copy all data, either direction, in one transaction; then verify
  verify   --from URL --to URL         compare row counts and checksums of every table

URL defaults to DATABASE_URL (environment or .env), else sqlite:./data/bot.sqlite. DIR defaults to ./${DEFAULT_BACKUP_DIR}.`;

const DEFAULT_DATABASE_URL = 'sqlite:./data/bot.sqlite';

class UsageError extends Error {}

function defaultUrl(): string {
  return withDotEnv(process.env).DATABASE_URL || DEFAULT_DATABASE_URL;
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} URL is required`);
  return value;
}

async function status(url: string): Promise<number> {
  const db = await openDatabase(url);
  try {
    const state = await migrationState(db.dataSource);
    console.log(`database: ${db.label} (${db.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`);
    console.log(`migrations: ${state.applied.length} applied, ${state.pending.length} pending${state.unknown.length ? `, ${state.unknown.length} unknown to this code` : ''}`);
    for (const m of state.applied) console.log(`  applied  ${m.name}${state.unknown.includes(m.name) ? '  (unknown to this code: the database is newer)' : ''}`);
    for (const name of state.pending) console.log(`  pending  ${name}`);
    if (state.pending.length) {
      console.log('Run `npm run db -- migrate` (or start the bot, which migrates on boot).');
      return 0;
    }
    const rows: Array<[string, number]> = [];
    for (const table of describeTables(db.dataSource)) {
      const [row] = await db.dataSource.query(`SELECT count(*) AS n FROM ${quote(table.name)}`);
      rows.push([table.name, Number(row.n)]);
    }
    console.log(formatTable(['table', 'rows'], rows));
    return 0;
  } finally {
    await db.close();
  }
}

async function runMigrate(url: string): Promise<number> {
  const db = await openDatabase(url, { create: true });
  try {
    const applied = await migrate(db.dataSource);
    console.log(applied.length ? `${db.label}: applied ${applied.join(', ')}` : `${db.label}: already at the latest migration`);
    return 0;
  } finally {
    await db.close();
  }
}

async function backup(url: string, dir: string): Promise<number> {
  const target = parseUrl(url);
  if (target.kind === 'sqlite') {
    console.log(`SQLite backup written: ${await backupSqlite(target.path, dir)}`);
    return 0;
  }
  const result = await backupPostgres(target, dir);
  console.log(result.message);
  return result.file ? 0 : 1;
}

async function restore(file: string | undefined, url: string, force: boolean, dir: string): Promise<number> {
  if (!file) throw new UsageError('restore needs the backup file: npm run db -- restore backups/sqlite_<time>.db');
  const target = parseUrl(url);
  if (target.kind !== 'sqlite') {
    throw new OpsError(
      'restore puts SQLite backups back. For a PostgreSQL dump use pg_restore, e.g.\n' +
        '  docker compose exec -T postgres pg_restore -U <user> -d <database> --clean --if-exists < backups/postgres_<time>.dump',
    );
  }
  const result = await restoreSqlite(path.resolve(file), target.path, { force, dir });
  if (result.savedPrevious) console.log(`the database that was there is saved as ${result.savedPrevious}`);
  console.log(`restored ${path.resolve(file)} → sqlite:${result.restored}`);
  return 0;
}

async function verify(from: string, to: string): Promise<number> {
  const source = await openDatabase(from);
  try {
    const target = await openDatabase(to);
    try {
      const result = await verifyDatabases(source, target);
      console.log(formatVerifyReport(result, source.label, target.label));
      return result.ok ? 0 : 1;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      dir: { type: 'string', default: DEFAULT_BACKUP_DIR },
      truncate: { type: 'boolean', default: false },
      'migrate-source': { type: 'boolean', default: false },
      'no-verify': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const url = values.url ?? defaultUrl();
  switch (command) {
    case 'migrate':
      return runMigrate(url);
    case 'status':
      return status(url);
    case 'backup':
      return backup(url, values.dir!);
    case 'restore':
      return restore(rest[0], url, values.force!, values.dir!);
    case 'verify':
      return verify(required(values.from, '--from'), required(values.to, '--to'));
    case 'copy': {
      const result = await copyDatabase({
        from: required(values.from, '--from'),
        to: required(values.to, '--to'),
        truncate: values.truncate,
        migrateSource: values['migrate-source'],
        verify: !values['no-verify'],
        backupDir: values.dir,
      });
      return result.verify && !result.verify.ok ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\ninterrupted (${signal}). A copy in progress is rolled back by the database: the target is as it was. Run the same command again.\n`);
    process.exit(130);
  });
}

runMain(
  () => main(process.argv.slice(2)),
  (error) => {
    if (error instanceof UsageError || String((error as { code?: string })?.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`error: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const message = error instanceof OpsError ? error.message : `${(error as Error)?.stack ?? error}`;
    console.error(`error: ${redactDatabaseUrl(message)}`);
    return 1;
  },
);
