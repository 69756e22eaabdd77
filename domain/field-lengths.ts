import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';

/**
 * Text longer than its column (`varchar(n)`). PostgreSQL refuses it with its own message ("value too long for
 * type character varying(255)"), SQLite stores it whole: the rule is ours, so both databases answer the same,
 * naming the field. Counted in characters (code points), as PostgreSQL counts them.
 */
export function checkTextLengths(db: Database, entity: EntityTarget<ObjectLiteral>, values: Record<string, unknown>): void {
  for (const column of db.dataSource.getMetadata(entity).columns) {
    const max = Number(column.length);
    const value = values[column.propertyName];
    if (!max || typeof value !== 'string') continue;
    const length = [...value].length;
    if (length > max) throw new DomainError('field.too_long', { max, length }, column.propertyName);
  }
}
