import { TableColumn, TableForeignKey, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * The few places where SQLite and PostgreSQL differ, kept in one helper so migrations are written once.
 * Everything else goes through TypeORM's Table API, which writes the right DDL for each database.
 */
export function dialect(queryRunner: QueryRunner) {
  const isPostgres = queryRunner.connection.options.type === 'postgres';
  return {
    isPostgres,
    timestamp: isPostgres ? 'timestamp with time zone' : 'datetime',
    now: isPostgres ? 'now()' : "datetime('now')",
  };
}

/** Column builders, so every migration spells a column the way the entities do. */
export function columns(queryRunner: QueryRunner) {
  const d = dialect(queryRunner);
  return {
    id: (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
    int: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', ...extra }),
    bigint: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'bigint', ...extra }),
    varchar: (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'varchar', length: String(length), ...extra }),
    text: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'text', ...extra }),
    bool: (name: string, value: boolean): TableColumnOptions => ({ name, type: 'boolean', default: d.isPostgres ? String(value) : value ? 1 : 0 }),
    timestamp: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: d.timestamp, ...extra }),
    createdAt: (name = 'created_at'): TableColumnOptions => ({ name, type: d.timestamp, default: d.now }),
  };
}

export const col = (options: TableColumnOptions) => new TableColumn(options);

/** A foreign key `column` → `table.id` with ON DELETE CASCADE (every key of the design but the audit's). */
export const cascadeTo = (column: string, table: string) =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });

/**
 * Runs schema changes that make SQLite recreate tables (add column, add check). SQLite rebuilds the table
 * (create new, copy, drop old, rename); with foreign keys on, dropping the old table would cascade-delete
 * the child rows. So on SQLite foreign keys are switched off around the change — outside any transaction,
 * where the PRAGMA is honoured — and checked before commit. Migrations using this set `transaction = false`.
 */
export async function alterSafely(queryRunner: QueryRunner, change: () => Promise<void>): Promise<void> {
  const { isPostgres } = dialect(queryRunner);
  if (!isPostgres) await queryRunner.query('PRAGMA foreign_keys = OFF');
  await queryRunner.startTransaction();
  try {
    await change();
    if (!isPostgres) {
      const violations: unknown[] = await queryRunner.query('PRAGMA foreign_key_check');
      if (violations.length > 0) throw new Error(`foreign key check failed after migration: ${JSON.stringify(violations.slice(0, 5))}`);
    }
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    if (!isPostgres) await queryRunner.query('PRAGMA foreign_keys = ON');
  }
}

/** `"column" IN ('a','b')`: the CHECK expression for an enum-like column (the entities spell the same form). */
export function oneOf(column: string, values: readonly string[]): string {
  return `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`;
}
