import type pg from 'pg';
import { comparePrimaryKeys } from './canonical.js';
import { postgresClient, sqliteHandle, type OpsDatabase } from './connection.js';
import { sqliteCopyExpression } from './sqlite-copy-text.js';
import { quote, type ColumnSpec, type TableSpec } from './tables.js';

/** A row as one line of canonical text, with its primary key (as text) to merge two sides by. */
export interface RowLine {
  key: string;
  line: string;
}

export const LINE_BATCH_ROWS = 20_000;

/**
 * Reads every table as canonical lines — the COPY text encoding, produced by each database itself (SQLite:
 * sqlite-copy-text.ts; PostgreSQL: below), so a million rows never become JS objects: booleans t/f,
 * timestamps as UTC 'YYYY-MM-DD HH:MM:SS.SSS' (milliseconds, truncated), integers as digits, text escaped,
 * NULL as \N. Equal data gives equal lines on both databases; any difference shows. In primary-key order
 * (text keys by bytes), inside one read transaction.
 */
export interface LineReader {
  lines(table: TableSpec): AsyncGenerator<RowLine[]>;
  close(): Promise<void>;
}

export function openLineReader(db: OpsDatabase): Promise<LineReader> {
  return db.kind === 'sqlite' ? openSqliteLines(db) : openPostgresLines(db);
}

function postgresExpression(column: ColumnSpec): string {
  const c = quote(column.name);
  switch (column.kind) {
    case 'bool':
      return `CASE WHEN ${c} IS NULL THEN '\\N' WHEN ${c} THEN 't' ELSE 'f' END`;
    case 'timestamp':
      return `coalesce(to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), '\\N')`;
    case 'int':
    case 'bigint':
      return `coalesce(${c}::text, '\\N')`;
    case 'text':
      return `coalesce(replace(replace(replace(replace(${c}::text, '\\', '\\\\'), E'\\t', '\\t'), E'\\n', '\\n'), E'\\r', '\\r'), '\\N')`;
  }
}

async function openPostgresLines(db: OpsDatabase): Promise<LineReader> {
  const client: pg.PoolClient = await postgresClient(db.dataSource);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  return {
    async *lines(table) {
      const pk = quote(table.primaryKey.name);
      const collate = table.primaryKey.kind === 'text' ? ' COLLATE "C"' : '';
      const line = table.columns.map(postgresExpression).join(` || E'\\t' || `);
      const cursor = `ops_lines_${table.name}`;
      await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${postgresExpression(table.primaryKey)}, ${line} FROM ${quote(table.name)} ORDER BY ${pk}${collate}`);
      try {
        for (;;) {
          const { rows } = await client.query({ text: `FETCH ${LINE_BATCH_ROWS} FROM ${cursor}`, rowMode: 'array' });
          if (rows.length === 0) return;
          yield rows.map((r: string[]) => ({ key: r[0], line: r[1] }));
          if (rows.length < LINE_BATCH_ROWS) return;
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

async function openSqliteLines(db: OpsDatabase): Promise<LineReader> {
  const sqlite = sqliteHandle(db.dataSource);
  await sqlite.exec('BEGIN');
  return {
    async *lines(table) {
      const pk = quote(table.primaryKey.name);
      const line = table.columns.map(sqliteCopyExpression).join(' || char(9) || ');
      // The key travels in front of the line, separated by a tab; COPY-escaped text never contains a raw tab.
      const keyText = sqliteCopyExpression(table.primaryKey);
      const after = table.primaryKey.kind === 'bigint' ? `WHERE ${pk} > CAST(? AS INTEGER)` : `WHERE ${pk} > ?`;
      const last = table.primaryKey.kind === 'bigint' ? 'CAST(max(pk) AS TEXT)' : 'max(pk)';
      let cursor: unknown = undefined;
      for (;;) {
        const [batch] = await sqlite.all<{ text: string | null; n: number; last: unknown }>(
          `SELECT group_concat(entry, char(10)) AS text, count(*) AS n, ${last} AS last FROM ` +
            `(SELECT ${keyText} || char(9) || ${line} AS entry, ${pk} AS pk FROM ${quote(table.name)} ` +
            `${cursor === undefined ? '' : after} ORDER BY ${pk} LIMIT ${LINE_BATCH_ROWS})`,
          cursor === undefined ? [] : [cursor],
        );
        if (!batch || !batch.n) return;
        const rows = batch.text!.split('\n').map((entry) => {
          const tab = entry.indexOf('\t');
          return { key: entry.slice(0, tab), line: entry.slice(tab + 1) };
        });
        yield inKeyOrder(table, rows);
        cursor = batch.last;
        if (batch.n < LINE_BATCH_ROWS) return;
      }
    },
    async close() {
      await sqlite.exec('COMMIT').catch(() => undefined);
    },
  };
}

/** group_concat keeps the subquery's order in practice, but SQLite does not promise it: check, sort if not. */
function inKeyOrder(table: TableSpec, rows: RowLine[]): RowLine[] {
  for (let i = 1; i < rows.length; i++) {
    if (compareKeys(table, rows[i - 1].key, rows[i].key) > 0) return rows.sort((a, b) => compareKeys(table, a.key, b.key));
  }
  return rows;
}

const UNESCAPE: Record<string, string> = { '\\\\': '\\', '\\t': '\t', '\\n': '\n', '\\r': '\r' };

/** Orders two keys as both databases order them (numbers numerically, text by UTF-8 bytes). */
export function compareKeys(table: TableSpec, a: string, b: string): number {
  const kind = table.primaryKey.kind;
  if (kind === 'text') {
    const decode = (s: string) => (s.includes('\\') ? s.replace(/\\[\\tnr]/g, (e) => UNESCAPE[e]) : s);
    return comparePrimaryKeys('text', decode(a), decode(b));
  }
  return comparePrimaryKeys(kind === 'int' ? 'int' : 'bigint', kind === 'int' ? Number(a) : a, kind === 'int' ? Number(b) : b);
}
