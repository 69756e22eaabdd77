import type { ColumnKind, ColumnSpec } from './tables.js';

/**
 * One representation of a value, whichever database it came from, so a copy converts faithfully and a
 * checksum means the same on both sides:
 * - int → number; bigint → decimal string (Telegram ids never pass through a lossy float);
 * - bool → true/false (SQLite keeps 0/1);
 * - timestamp → milliseconds since the epoch, UTC (PostgreSQL keeps microseconds, JS and SQLite milliseconds);
 * - text (and JSON, kept as its exact text) → string; NULL → null.
 */
export type CanonicalValue = number | string | boolean | null;
export type CanonicalRow = CanonicalValue[];

const SQLITE_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** SQLite stores timestamps as UTC text ('YYYY-MM-DD HH:MM:SS[.SSS]', TypeORM and datetime('now')). */
export function parseSqliteTimestamp(value: string | number): number {
  if (typeof value === 'number') return value > 1e11 ? value : value * 1000; // unix ms or s, should anyone have written one
  const match = SQLITE_DATETIME.exec(value.trim());
  if (!match) throw new Error(`not a timestamp: ${JSON.stringify(value)}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const ms = Number((fraction + '000').slice(0, 3));
  let time = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return time;
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  return ['1', 't', 'true', 'y', 'yes'].includes(String(value).toLowerCase());
}

/** A value as the driver returned it → canonical. SQLite bigints are selected as text (see read-rows.ts). */
export function canonical(kind: ColumnKind, value: unknown): CanonicalValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'int':
      return typeof value === 'number' ? value : Number(value);
    case 'bigint':
      return typeof value === 'string' ? value : typeof value === 'number' ? String(Math.trunc(value)) : String(value);
    case 'bool':
      return toBoolean(value);
    case 'timestamp':
      if (value instanceof Date) return value.getTime();
      return parseSqliteTimestamp(value as string | number);
    case 'text':
      return typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
}

export function canonicalRow(columns: ColumnSpec[], raw: unknown[]): CanonicalRow {
  const row = new Array<CanonicalValue>(columns.length);
  for (let i = 0; i < columns.length; i++) row[i] = canonical(columns[i].kind, raw[i]);
  return row;
}

/** '2026-01-31 09:05:00.123': how TypeORM (and domain/infrastructure/database.ts) store a Date in SQLite. */
export function sqliteTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** Parameters for a SQLite INSERT. */
export function sqliteParam(kind: ColumnKind, value: CanonicalValue): unknown {
  if (value === null) return null;
  if (kind === 'bool') return value ? 1 : 0;
  if (kind === 'timestamp') return sqliteTimestamp(value as number);
  return value; // a bigint's decimal text takes INTEGER affinity in SQLite without passing through a float
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One field of PostgreSQL's COPY text format. */
export function copyField(kind: ColumnKind, value: CanonicalValue): string {
  if (value === null) return '\\N';
  if (kind === 'bool') return value ? 't' : 'f';
  if (kind === 'timestamp') return new Date(value as number).toISOString();
  const text = String(value);
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]) : text;
}

export function copyLine(columns: ColumnSpec[], row: CanonicalRow): string {
  let line = copyField(columns[0].kind, row[0]);
  for (let i = 1; i < columns.length; i++) line += '\t' + copyField(columns[i].kind, row[i]);
  return line + '\n';
}

/** Orders primary keys the way both databases do (numbers numerically, text by UTF-8 bytes: SQLite BINARY, PostgreSQL "C"). */
export function comparePrimaryKeys(kind: ColumnKind, a: CanonicalValue, b: CanonicalValue): number {
  if (kind === 'int') return (a as number) - (b as number);
  if (kind === 'bigint') {
    const x = BigInt(a as string);
    const y = BigInt(b as string);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Buffer.compare(Buffer.from(String(a), 'utf8'), Buffer.from(String(b), 'utf8'));
}
