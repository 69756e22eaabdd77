import type { DataSource } from 'typeorm';
import { TABLES_IN_FK_ORDER } from '../entities/index.js';
import { OpsError } from './connection.js';

/** How a column's values are carried between the databases (see canonical.ts). */
export type ColumnKind = 'int' | 'bigint' | 'bool' | 'timestamp' | 'text';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  /** The single-column primary key rows are ordered by. */
  primaryKey: ColumnSpec;
  /** True when the key comes from a sequence (PostgreSQL SERIAL / SQLite AUTOINCREMENT) to reset after a copy. */
  generatedKey: boolean;
}

function kindOf(type: unknown): ColumnKind {
  if (type === Date || type === 'datetime' || type === 'timestamp with time zone' || type === 'timestamptz') return 'timestamp';
  if (type === Boolean || type === 'boolean') return 'bool';
  if (type === 'bigint') return 'bigint';
  if (type === Number || type === 'integer' || type === 'int') return 'int';
  return 'text'; // varchar, text, simple-json (JSON kept as its exact text)
}

/**
 * The tables the ops commands copy and compare, in foreign-key order, described from the entity metadata
 * (the schema-drift test keeps entities and migrations in step). `migration_history` is not among them:
 * each database records its own migrations.
 */
export function describeTables(dataSource: DataSource): TableSpec[] {
  const byTable = new Map(dataSource.entityMetadatas.map((m) => [m.tableName, m]));
  const missing = [...byTable.keys()].filter((t) => !(TABLES_IN_FK_ORDER as readonly string[]).includes(t));
  if (missing.length) {
    throw new OpsError(`tables ${missing.join(', ')} are not listed in TABLES_IN_FK_ORDER (entities/index.ts): they would not be copied`);
  }
  return TABLES_IN_FK_ORDER.map((name) => {
    const metadata = byTable.get(name);
    if (!metadata) throw new OpsError(`table ${name} of TABLES_IN_FK_ORDER has no entity`);
    const columns: ColumnSpec[] = [];
    const seen = new Set<string>();
    for (const column of metadata.columns) {
      if (seen.has(column.databaseName)) continue;
      seen.add(column.databaseName);
      columns.push({ name: column.databaseName, kind: kindOf(column.type) });
    }
    if (metadata.primaryColumns.length !== 1) throw new OpsError(`table ${name} must have a single-column primary key to be copied`);
    const primary = metadata.primaryColumns[0];
    return {
      name,
      columns,
      primaryKey: columns.find((c) => c.name === primary.databaseName)!,
      generatedKey: primary.generationStrategy === 'increment',
    };
  });
}

export const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
