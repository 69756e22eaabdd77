import { sqliteParam } from './canonical.js';
import { OpsError, sqliteHandle, type OpsDatabase } from './connection.js';
import { quote } from './tables.js';
import type { TargetWriter } from './target-writer.js';

/** SQLite allows 32,766 parameters per statement (since 3.32); stay well below. */
const MAX_PARAMS = 16_000;
const MAX_ROWS_PER_INSERT = 500;

/**
 * SQLite target: one `BEGIN IMMEDIATE` transaction with foreign keys off (the PRAGMA only counts outside a
 * transaction), checked with `PRAGMA foreign_key_check` before commit. Explicit ids move the AUTOINCREMENT
 * counters in sqlite_sequence by themselves.
 */
export async function openSqliteWriter(db: OpsDatabase): Promise<TargetWriter> {
  const sqlite = sqliteHandle(db.dataSource);
  await sqlite.exec('PRAGMA foreign_keys = OFF');
  await sqlite.exec('BEGIN IMMEDIATE');
  let open = true;
  const end = async (sql: string) => {
    if (!open) return;
    open = false;
    try {
      await sqlite.exec(sql);
    } finally {
      await sqlite.exec('PRAGMA foreign_keys = ON');
    }
  };

  return {
    notes: [],
    acceptsCopyText: false,
    async truncate(tables) {
      for (const table of [...tables].reverse()) await sqlite.run(`DELETE FROM ${quote(table.name)}`);
      const [hasSequences] = await sqlite.all(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'`);
      if (hasSequences) {
        await sqlite.run(
          `DELETE FROM sqlite_sequence WHERE name IN (${tables.map(() => '?').join(', ')})`,
          tables.map((t) => t.name),
        );
      }
    },
    async writeTable(table, batches, onRows) {
      const columns = table.columns;
      const rowsPerInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMS / columns.length)));
      const head = `INSERT INTO ${quote(table.name)} (${columns.map((c) => quote(c.name)).join(', ')}) VALUES `;
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      for await (const batch of batches) {
        if (!Array.isArray(batch)) throw new Error('the SQLite writer takes rows, not COPY text');
        for (let start = 0; start < batch.length; start += rowsPerInsert) {
          const rows = batch.slice(start, start + rowsPerInsert);
          const params: unknown[] = [];
          for (const row of rows) for (let i = 0; i < columns.length; i++) params.push(sqliteParam(columns[i].kind, row[i]));
          await sqlite.run(head + new Array(rows.length).fill(tuple).join(', '), params);
        }
        onRows(batch.length);
      }
    },
    async commit() {
      const violations = await sqlite.all<{ table: string; parent: string }>('PRAGMA foreign_key_check');
      if (violations.length > 0) {
        const first = violations[0];
        throw new OpsError(`foreign key check failed: ${violations.length} rows (first: ${first.table} → ${first.parent}); nothing was committed`);
      }
      await end('COMMIT');
    },
    async rollback() {
      await end('ROLLBACK').catch(() => undefined);
    },
  };
}
