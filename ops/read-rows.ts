import type pg from 'pg';
import { canonicalRow, type CanonicalRow } from './canonical.js';
import { postgresClient, sqliteHandle, type OpsDatabase } from './connection.js';
import { sqliteCopyText, type EncodedBatch } from './sqlite-copy-text.js';
import { quote, type TableSpec } from './tables.js';

export const READ_BATCH_ROWS = 5_000;

/**
 * Reads every table in primary-key order, in batches of canonical rows, inside one read transaction, so all
 * tables come from the same snapshot even if something writes meanwhile. Text keys are ordered by bytes on
 * both databases (SQLite BINARY, PostgreSQL COLLATE "C"), so two readers walk rows in the same order.
 */
export interface TableReader {
  count(table: TableSpec): Promise<number>;
  batches(table: TableSpec, batchRows?: number): AsyncGenerator<CanonicalRow[]>;
  /** SQLite only: rows already encoded for PostgreSQL's COPY (the fast path, see sqlite-copy-text.ts). */
  copyTextBatches?(table: TableSpec, batchRows?: number): AsyncGenerator<EncodedBatch>;
  close(): Promise<void>;
}

export async function openReader(db: OpsDatabase): Promise<TableReader> {
  return db.kind === 'sqlite' ? openSqliteReader(db) : openPostgresReader(db);
}

async function openSqliteReader(db: OpsDatabase): Promise<TableReader> {
  const sqlite = sqliteHandle(db.dataSource);
  await sqlite.exec('BEGIN');
  // A deferred transaction takes its snapshot at the first read: read now, so counts and rows agree.
  await sqlite.all('SELECT count(*) FROM migration_history');
  return {
    async count(table) {
      const [row] = await sqlite.all<{ n: number }>(`SELECT count(*) AS n FROM ${quote(table.name)}`);
      return Number(row.n);
    },
    async *batches(table, batchRows = READ_BATCH_ROWS) {
      const select = table.columns
        .map((c) => (c.kind === 'bigint' ? `CAST(${quote(c.name)} AS TEXT) AS ${quote(c.name)}` : quote(c.name)))
        .join(', ');
      const pk = quote(table.primaryKey.name);
      const after = table.primaryKey.kind === 'bigint' ? `${pk} > CAST(? AS INTEGER)` : `${pk} > ?`;
      const pkIndex = table.columns.indexOf(table.primaryKey);
      let last: unknown = undefined;
      for (;;) {
        const rows = await sqlite.all(
          `SELECT ${select} FROM ${quote(table.name)}${last === undefined ? '' : ` WHERE ${after}`} ORDER BY ${pk} LIMIT ${batchRows}`,
          last === undefined ? [] : [last],
        );
        if (rows.length === 0) return;
        const batch = rows.map((r) => canonicalRow(table.columns, table.columns.map((c) => r[c.name])));
        last = batch[batch.length - 1][pkIndex];
        yield batch;
        if (rows.length < batchRows) return;
      }
    },
    copyTextBatches(table, batchRows = READ_BATCH_ROWS) {
      return sqliteCopyText(sqlite, table, batchRows);
    },
    async close() {
      await sqlite.exec('COMMIT').catch(() => undefined);
    },
  };
}

async function openPostgresReader(db: OpsDatabase): Promise<TableReader> {
  const client: pg.PoolClient = await postgresClient(db.dataSource);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  return {
    async count(table) {
      const { rows } = await client.query(`SELECT count(*) AS n FROM ${quote(table.name)}`);
      return Number(rows[0].n);
    },
    async *batches(table, batchRows = READ_BATCH_ROWS) {
      const collate = table.primaryKey.kind === 'text' ? ' COLLATE "C"' : '';
      const cursor = `ops_read_${table.name}`;
      await client.query(
        `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${table.columns.map((c) => quote(c.name)).join(', ')} ` +
          `FROM ${quote(table.name)} ORDER BY ${quote(table.primaryKey.name)}${collate}`,
      );
      try {
        for (;;) {
          const result = await client.query({ text: `FETCH ${batchRows} FROM ${cursor}`, rowMode: 'array' });
          if (result.rows.length === 0) return;
          yield result.rows.map((r: unknown[]) => canonicalRow(table.columns, r));
          if (result.rows.length < batchRows) return;
        }
      } finally {
        await client.query(`CLOSE ${cursor}`).catch(() => undefined);
      }
    },
    async close() {
      await client.query('COMMIT').catch(() => undefined);
      client.release();
    },
  };
}
