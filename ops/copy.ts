import { backupPostgres, backupSqlite, DEFAULT_BACKUP_DIR } from './backup.js';
import { OpsError, openDatabase, type OpsDatabase } from './connection.js';
import { describeVersion, migrate, migrationState } from './migration-state.js';
import { createProgress, formatCount, rate, type TableTiming } from './progress.js';
import { openReader } from './read-rows.js';
import { describeTables, quote, type TableSpec } from './tables.js';
import { openWriter } from './target-writer.js';
import { formatVerifyReport, verifyDatabases, type VerifyResult } from './verify.js';

/** Rows per COPY chunk built by SQLite (bigger batches mean fewer round trips; ~4 MB of text). */
const COPY_TEXT_BATCH_ROWS = 20_000;

export interface CopyOptions {
  from: string;
  to: string;
  /** Replace the target's data (inside the copy's transaction). */
  truncate?: boolean;
  /** Back up and migrate a source that is behind the code. */
  migrateSource?: boolean;
  /** Compare source and target after the copy (default true). */
  verify?: boolean;
  backupDir?: string;
  out?: { write(text: string): unknown; isTTY?: boolean };
}

export interface CopyResult {
  timings: TableTiming[];
  rows: number;
  copySeconds: number;
  verify: VerifyResult | null;
}

/**
 * Copies all data from one database to another (SQLite ↔ PostgreSQL, either way): source at the code's
 * latest migration, target migrated to it, tables in foreign-key order, ids kept, sequences reset, all in
 * one transaction on the target — then verifies.
 */
export async function copyDatabase(options: CopyOptions): Promise<CopyResult> {
  const out = options.out ?? process.stdout;
  const say = (text: string) => out.write(`${text}\n`);
  const source = await openDatabase(options.from);
  let target: OpsDatabase | null = null;
  try {
    target = await openDatabase(options.to, { create: true });
    if (source.label === target.label) throw new OpsError(`--from and --to are the same database (${source.label})`);
    say(`copy: ${source.label} → ${target.label}`);
    await prepareSource(source, options, say);
    await prepareTarget(target, say);

    const tables = describeTables(target.dataSource);
    const reader = await openReader(source);
    const timings: TableTiming[] = [];
    let copySeconds = 0;
    try {
      const counts = new Map<string, number>();
      for (const table of tables) counts.set(table.name, await reader.count(table));
      await refuseTargetWithData(target, tables, options.truncate ?? false);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      say(`copying ${formatCount(total)} rows in ${tables.length} tables, in one transaction${options.truncate ? " (replacing the target's data)" : ''}`);

      const started = Date.now();
      const writer = await openWriter(target).catch((error: Error) => {
        throw new OpsError(`cannot start writing to ${target!.label}: ${error.message}. Is the bot still running on it? Stop it, then run the same command again.`);
      });
      const progress = createProgress(out, timings);
      let current = '';
      try {
        if (options.truncate) await writer.truncate(tables);
        for (const table of tables) {
          current = table.name;
          progress.startTable(table.name, counts.get(table.name)!);
          const batches = writer.acceptsCopyText && reader.copyTextBatches ? reader.copyTextBatches(table, COPY_TEXT_BATCH_ROWS) : reader.batches(table);
          await writer.writeTable(table, batches, (n) => progress.advance(n));
          progress.endTable();
        }
        current = 'the final checks';
        await writer.commit(tables);
      } catch (error) {
        if (out.isTTY) out.write('\n'); // end the progress bar's line
        await writer.rollback();
        throw new OpsError(
          `the copy stopped at ${current}: ${(error as Error).message}\n` + `Nothing was committed: the target is as it was before. Fix the cause and run the same command again.`,
        );
      }
      copySeconds = (Date.now() - started) / 1000;
      const empty = timings.filter((t) => t.rows === 0).map((t) => t.table);
      if (empty.length) say(`empty tables: ${empty.join(', ')}`);
      writer.notes.forEach((note) => say(`note: ${note}`));
      const copied = timings.reduce((a, t) => a + t.rows, 0);
      say(`copied ${formatCount(copied)} rows in ${copySeconds.toFixed(1)} s (${formatCount(rate(copied, copySeconds))} rows/s); committed`);
    } finally {
      await reader.close();
    }

    let verify: VerifyResult | null = null;
    if (options.verify !== false) {
      say('verifying: row counts and checksums of every table, on both sides…');
      verify = await verifyDatabases(source, target);
      say(formatVerifyReport(verify, source.label, target.label));
    }
    return { timings, rows: timings.reduce((a, t) => a + t.rows, 0), copySeconds, verify };
  } finally {
    await target?.close();
    await source.close();
  }
}

async function prepareSource(source: OpsDatabase, options: CopyOptions, say: (text: string) => void): Promise<void> {
  const state = await migrationState(source.dataSource);
  if (state.unknown.length) {
    throw new OpsError(`${source.label} has migrations this code does not know (${state.unknown.join(', ')}): run the copy with the newer code`);
  }
  if (state.pending.length === 0) return;
  if (!options.migrateSource) {
    throw new OpsError(
      `${source.label} is at ${describeVersion(state)}, the code's latest migration is ${state.latest} ` +
        `(${state.pending.length} pending: ${state.pending.join(', ')}).\n` +
        `Re-run with --migrate-source to back the source up and migrate it first, or run \`npm run db -- migrate\` on it yourself.`,
    );
  }
  const dir = options.backupDir ?? DEFAULT_BACKUP_DIR;
  if (source.target.kind === 'sqlite') {
    say(`source backed up before migrating: ${await backupSqlite(source.target.path, dir)}`);
  } else {
    const backup = await backupPostgres(source.target, dir);
    if (!backup.file) throw new OpsError(`cannot back up the source before migrating it. ${backup.message}\nThen migrate it with \`npm run db -- migrate\` and copy again.`);
    say(`source backed up before migrating: ${backup.file}`);
  }
  const applied = await migrate(source.dataSource);
  say(`source migrated: ${applied.join(', ')}`);
}

async function prepareTarget(target: OpsDatabase, say: (text: string) => void): Promise<void> {
  const state = await migrationState(target.dataSource);
  if (state.unknown.length) {
    throw new OpsError(`${target.label} has migrations this code does not know (${state.unknown.join(', ')}): it is newer than the code`);
  }
  const applied = await migrate(target.dataSource);
  if (applied.length) say(`target migrated to ${state.latest} (${applied.length} migrations)`);
}

async function refuseTargetWithData(target: OpsDatabase, tables: TableSpec[], truncate: boolean): Promise<void> {
  const holding: string[] = [];
  for (const table of tables) {
    const [row] = await target.dataSource.query(`SELECT count(*) AS n FROM ${quote(table.name)}`);
    if (Number(row.n) > 0) holding.push(`${table.name} (${formatCount(Number(row.n))})`);
  }
  if (holding.length && !truncate) {
    throw new OpsError(
      `${target.label} already holds data: ${holding.join(', ')}.\n` +
        `If that is a test run or an earlier copy, re-run with --truncate to replace it (inside the copy's transaction). ` +
        `Back it up first if in doubt: npm run db -- backup --url <target URL>`,
    );
  }
}
