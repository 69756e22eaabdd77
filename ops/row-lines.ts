import { comparePrimaryKeys } from './canonical.js';
import { quote, type ColumnSpec, type TableSpec } from './tables.js';

/** A row as one line of canonical text, with its primary key (as text) to merge two sides by. */
export interface RowLine {
  key: string;
  line: string;
}

/**
 * A table's rows as canonical lines — the COPY text encoding, produced by each database itself (SQLite:
 * sqlite-copy-text.ts; PostgreSQL: below; read by read-rows.ts), so a million rows never become JS objects:
 * booleans t/f, timestamps as UTC 'YYYY-MM-DD HH:MM:SS.SSS' (milliseconds, truncated), integers as digits,
 * text escaped, NULL as \N. Equal data gives equal lines on both databases; any difference shows.
 */
export function postgresLineExpression(column: ColumnSpec): string {
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

/** Splits SQLite's page of `key<TAB>line` entries (one a line) into rows. */
export function splitKeyedLines(text: string): RowLine[] {
  return text.split('\n').map((entry) => {
    const tab = entry.indexOf('\t');
    return { key: entry.slice(0, tab), line: entry.slice(tab + 1) };
  });
}

/** group_concat keeps the subquery's order in practice, but SQLite does not promise it: check, sort if not. */
export function inKeyOrder(table: TableSpec, rows: RowLine[]): RowLine[] {
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
