import { Table, TableCheck, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, oneOf } from './dialect.js';

// Frozen copies of the value lists as they were when this migration was written: later changes to
// entities/columns.ts must come with a new migration, never change what this one creates.
const ADMIN_ROLES = ['admin', 'organizer'] as const;

/** Admin accounts and their audit trail; sessions and processed update ids kept in the database. */
export class AdminAndSessions1700000000007 implements MigrationInterface {
  name = 'AdminAndSessions1700000000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(new Table({
      name: 'admin_users',
      columns: [c.id(), c.varchar('email', 255, { isUnique: true }), c.varchar('password_hash', 255), c.varchar('role', 16, { default: "'organizer'" }), c.createdAt()],
      checks: [new TableCheck({ name: 'CHK_admin_users_role', expression: oneOf('role', ADMIN_ROLES) })],
    }));
    await queryRunner.createTable(new Table({
      name: 'admin_audit',
      columns: [
        c.id(), c.int('admin_user_id', { isNullable: true }), c.varchar('action', 64), c.varchar('resource', 64),
        c.varchar('record_id', 64, { isNullable: true }), c.text('changes', { isNullable: true }), c.createdAt(),
      ],
      indices: [
        new TableIndex({ name: 'IDX_admin_audit_admin_user_id', columnNames: ['admin_user_id'] }),
        new TableIndex({ name: 'IDX_admin_audit_record', columnNames: ['resource', 'record_id'] }),
        new TableIndex({ name: 'IDX_admin_audit_created_at', columnNames: ['created_at'] }),
      ],
      // SET NULL: the record of who did what outlives the account. No key to the changed record: it outlives that too.
      foreignKeys: [new TableForeignKey({ columnNames: ['admin_user_id'], referencedTableName: 'admin_users', referencedColumnNames: ['id'], onDelete: 'SET NULL' })],
    }));
    await queryRunner.createTable(new Table({
      name: 'bot_sessions',
      columns: [c.varchar('key', 128, { isPrimary: true }), c.text('value'), c.createdAt('updated_at')],
    }));
    await queryRunner.createTable(new Table({
      name: 'admin_sessions',
      columns: [c.varchar('sid', 128, { isPrimary: true }), c.text('data'), c.timestamp('expires_at')],
      indices: [new TableIndex({ name: 'IDX_admin_sessions_expires_at', columnNames: ['expires_at'] })],
    }));
    await queryRunner.createTable(new Table({
      name: 'processed_updates',
      columns: [c.bigint('update_id', { isPrimary: true }), c.timestamp('processed_at')],
      indices: [new TableIndex({ name: 'IDX_processed_updates_processed_at', columnNames: ['processed_at'] })],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['processed_updates', 'admin_sessions', 'bot_sessions', 'admin_audit', 'admin_users']) await queryRunner.dropTable(table);
  }
}
