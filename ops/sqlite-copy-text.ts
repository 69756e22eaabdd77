import { quote, type ColumnSpec } from './tables.js';

/** Rows already encoded in PostgreSQL's COPY text format. */
export interface EncodedBatch {
  copyText: string;
  rows: number;
}

/**
 * The COPY text of a column, computed by SQLite itself: the fast path from SQLite to PostgreSQL. Converting
 * a million rows to JS objects is what limits node-sqlite3; letting SQLite build the lines moves only one
 * string per batch across (read-rows.ts pages through a table with it). Encodes exactly as canonical.ts's
 * copyField does (the verify after every copy compares through the canonical path, so the two cannot drift
 * unnoticed):
 * booleans t/f, timestamps as UTC 'YYYY-MM-DD HH:MM:SS.SSS' (the copy sets the session time zone to UTC),
 * integers as their digits, text with backslash, tab, newline and carriage return escaped, NULL as \N.
 */
export function sqliteCopyExpression(column: ColumnSpec): string {
  const c = quote(column.name);
  switch (column.kind) {
    case 'bool':
      return `CASE WHEN ${c} IS NULL THEN '\\N' WHEN ${c} THEN 't' ELSE 'f' END`;
    case 'timestamp':
      // Already in the stored form ('2026-01-31 09:05:00.123'): as is; anything else through strftime, to UTC.
      return (
        `CASE WHEN ${c} IS NULL THEN '\\N' WHEN length(${c}) = 23 AND substr(${c}, 11, 1) = ' ' AND substr(${c}, 20, 1) = '.' ` +
        `THEN ${c} ELSE ifnull(strftime('%Y-%m-%d %H:%M:%f', ${c}), '\\N') END`
      );
    case 'int':
    case 'bigint':
      return `ifnull(CAST(${c} AS TEXT), '\\N')`;
    case 'text':
      return `ifnull(replace(replace(replace(replace(CAST(${c} AS TEXT), '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), char(13), '\\r'), '\\N')`;
  }
}
