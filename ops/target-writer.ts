import type { CanonicalRow } from './canonical.js';
import type { OpsDatabase } from './connection.js';
import type { EncodedBatch } from './sqlite-copy-text.js';
import type { TableSpec } from './tables.js';
import { openPostgresWriter } from './write-postgres.js';
import { openSqliteWriter } from './write-sqlite.js';

/**
 * Writes a whole copy in ONE transaction on the target: a run that is killed, interrupted or loses the
 * target leaves it exactly as it was, and running the same command again completes the copy.
 */
export interface TargetWriter {
  /** Empties the copied tables inside the copy's transaction (so an interrupted run keeps the old data). */
  truncate(tables: TableSpec[]): Promise<void>;
  /** Writes one table's rows; `onRows` is told after each batch. */
  writeTable(table: TableSpec, batches: AsyncIterable<CanonicalRow[] | EncodedBatch>, onRows: (n: number) => void): Promise<void>;
  /** True when the writer takes COPY text straight from a SQLite reader. */
  acceptsCopyText: boolean;
  /** Checks foreign keys, resets sequences and commits. Throws (and rolls back) on a violation. */
  commit(tables: TableSpec[]): Promise<void>;
  rollback(): Promise<void>;
  /** Notes for the operator (e.g. foreign keys were checked by triggers, not in bulk). */
  notes: string[];
}

export function openWriter(db: OpsDatabase): Promise<TargetWriter> {
  return db.kind === 'postgres' ? openPostgresWriter(db) : openSqliteWriter(db);
}
