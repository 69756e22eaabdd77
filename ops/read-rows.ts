import type pg from 'pg';
import { canonicalRow, type CanonicalRow } from './canonical.js';
import { postgresClient, sqliteHandle, type OpsDatabase } from './connection.js';
import { inKeyOrder, postgresLineExpression, splitKeyedLines, type RowLine } from './row-lines.js';
import { sqliteCopyExpression, type EncodedBatch } from './sqlite-copy-text.js';
import { quote, type TableSpec } from './tables.js';

export const READ_BATCH_ROWS = 5_000;
export const LINE_BATCH_ROWS = 20_000;

/**
 * Reads every table in primary-key order, in batches, inside one read transaction, so all tables come from
 * the same snapshot even if something writes meanwhile. Text keys are ordered by bytes on both databases
 * (SQLite BINARY, PostgreSQL COLLATE "C"), so two readers walk rows in the same order. Each database has
 * one paging loop (SQLite: keyset pagination; PostgreSQL: a cursor) under every way of reading.
 */
export interface TableReader {
  count(table: TableSpec): Promise<number>;
  /** Rows as canonical values (the copy). */
  batches(table: TableSpec, batchRows?: number): AsyncGenerator<CanonicalRow[]>;
  /** Rows as canonical lines with their keys, encoded by the database itself (the verify; see row-lines.ts). */
  lines(table: TableSpec, batchRows?: number): AsyncGenerator<RowLine[]>;
  /** SQLite only: rows already encoded for PostgreSQL's COPY (the fast path, see sqlite-copy-text.ts). */
  copyTextBatches?(table: TableSpec, batchRows?: number): AsyncGenerator<EncodedBatch>;
  close(): Promise<void>;
}

export async function openReader(db: OpsDatabase): Promise<TableReader> {
  return db.kind === 'sqlite' ? openSqliteReader(db) : openPostgresReader(db);
}

/** One page of a keyset walk: its size, the last primary key in it, and what to hand out. */
interface Page<T> {
  rows: number;
  lastKey: unknown;
  value: T;
}

async function openSqliteReader(db: OpsDatabase): Promise<TableReader> {
  const sqlite = sqliteHandle(db.dataSource);
  await sqlite.exec('BEGIN');
  // A deferred transaction takes its snapshot at the first read: read now, so counts and rows agree.
  await sqlite.all('SELECT count(*) FROM migration_history');

  /**
   * The paging loop: keyset pagination in primary-key order. `read(where, params)` reads one page, given
   * the WHERE clause that continues after the previous page ('' for the first).
   */
  async function* keyset<T>(table: TableSpec, batchRows: number, read: (where: string, params: unknown[]) => Promise<Page<T>>): AsyncGenerator<T> {
    const pk = quote(table.primaryKey.name);
    const after = table.primaryKey.kind === 'bigint' ? `WHERE ${pk} > CAST(? AS INTEGER)` : `WHERE ${pk} > ?`;
    let last: unknown = undefined;
    for (;;) {
      const page = last === undefined ? await read('', []) : await read(after, [last]);
      if (page.rows === 0) return;
      yield page.value;
      last = page.lastKey;
      if (page.rows < batchRows) return;
    }
  }

  /**
   * Pages as one string each: `entry` (an SQL text expression per row) joined by newlines inside SQLite.
   * Converting a million rows to JS objects is what limits node-sqlite3; this moves one string per page.
   */
  function textPages(table: TableSpec, entry: string, batchRows: number): AsyncGenerator<{ text: string; rows: number }> {
    const pk = quote(table.primaryKey.name);
    const last = table.primaryKey.kind === 'bigint' ? 'CAST(max(pk) AS TEXT)' : 'max(pk)';
    return keyset(table, batchRows, async (where, params) => {
      const [page] = await sqlite.all<{ text: string | null; n: number; last: unknown }>(
        `SELECT group_concat(entry, char(10)) AS text, count(*) AS n, ${last} AS last FROM ` +
          `(SELECT ${entry} AS entry, ${pk} AS pk FROM ${quote(table.name)} ${where} ORDER BY ${pk} LIMIT ${batchRows})`,
        params,
      );
      const rows = page?.n ?? 0;
      return { rows, lastKey: page?.last, value: { text: page?.text ?? '', rows } };
    });
  }

  return {
    async count(table) {
      const [row] = await sqlite.all<{ n: number }>(`SELECT count(*) AS n FROM ${quote(table.name)}`);
      return Number(row.n);
    },
    batches(table, batchRows = READ_BATCH_ROWS) {
      const select = table.columns.map((c) => (c.kind === 'bigint' ? `CAST(${quote(c.name)} AS TEXT) AS ${quote(c.name)}` : quote(c.name))).join(', ');
      const pkIndex = table.columns.indexOf(table.primaryKey);
      return keyset(table, batchRows, async (where, params) => {
        const rows = await sqlite.all(`SELECT ${select} FROM ${quote(table.name)} ${where} ORDER BY ${quote(table.primaryKey.name)} LIMIT ${batchRows}`, params);
        const batch = rows.map((r) =>
          canonicalRow(
            table.columns,
            table.columns.map((c) => r[c.name]),
          ),
        );
        return { rows: batch.length, lastKey: batch.at(-1)?.[pkIndex], value: batch };
      });
    },
    async *lines(table, batchRows = LINE_BATCH_ROWS) {
      // The key travels in front of the line, separated by a tab; COPY-escaped text never contains a raw tab.
      const entry = [table.primaryKey, ...table.columns].map(sqliteCopyExpression).join(' || char(9) || ');
      for await (const page of textPages(table, entry, batchRows)) yield inKeyOrder(table, splitKeyedLines(page.text));
    },
    async *copyTextBatches(table, batchRows = READ_BATCH_ROWS) {
      const line = table.columns.map(sqliteCopyExpression).join(' || char(9) || ');
      for await (const page of textPages(table, line, batchRows)) yield { copyText: `${page.text}\n`, rows: page.rows };
    },
    async close() {
      await sqlite.exec('COMMIT').catch(() => undefined);
    },
  };
}

async function openPostgresReader(db: OpsDatabase): Promise<TableReader> {
  const client: pg.PoolClient = await postgresClient(db.dataSource);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let cursors = 0;

  /** The paging loop: a cursor over the snapshot in primary-key order, fetched `batchRows` rows at a time as arrays. */
  async function* cursor(table: TableSpec, select: string, batchRows: number): AsyncGenerator<unknown[][]> {
    const name = `ops_read_${++cursors}`;
    const collate = table.primaryKey.kind === 'text' ? ' COLLATE "C"' : '';
    await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR SELECT ${select} FROM ${quote(table.name)} ORDER BY ${quote(table.primaryKey.name)}${collate}`);
    try {
      for (;;) {
        const { rows } = await client.query<unknown[]>({ text: `FETCH ${batchRows} FROM ${name}`, rowMode: 'array' });
        if (rows.length === 0) return;
        yield rows;
        if (rows.length < batchRows) return;
      }
    } finally {
      await client.query(`CLOSE ${name}`).catch(() => undefined);
    }
  }

  return {
    async count(table) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table.name)}`);
      return Number(rows[0].n);
    },
    async *batches(table, batchRows = READ_BATCH_ROWS) {
      const select = table.columns.map((c) => quote(c.name)).join(', ');
      for await (const rows of cursor(table, select, batchRows)) yield rows.map((r) => canonicalRow(table.columns, r));
    },
    async *lines(table, batchRows = LINE_BATCH_ROWS) {
      const select = `${postgresLineExpression(table.primaryKey)}, ${table.columns.map(postgresLineExpression).join(` || E'\\t' || `)}`;
      for await (const rows of cursor(table, select, batchRows)) yield rows.map(([key, line]) => ({ key: String(key), line: String(line) }));
    },
    async close() {
      await client.query('COMMIT').catch(() => undefined);
      client.release();
    },
  };
}
