import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { alterSafely, col, columns } from './dialect.js';

/**
 * What the admin's security needs in the database, so that several processes share it:
 * - `admin_login_attempts`: failed-login counters per key (client address; e-mail and address) and window;
 * - `admin_sessions.admin_user_id`: whose session it is, so a password change can end the others (and
 *   deleting the account deletes its sessions);
 * - `admin_users.display_name`: how door staff and the audit name an admin, never by e-mail.
 */
export class AdminSecurity1700000000401 implements MigrationInterface {
  name = 'AdminSecurity1700000000401';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(new Table({
      name: 'admin_login_attempts',
      columns: [c.varchar('key', 400, { isPrimary: true }), c.int('attempts', { default: 0 }), c.timestamp('window_started_at')],
      indices: [new TableIndex({ name: 'IDX_admin_login_attempts_window_started_at', columnNames: ['window_started_at'] })],
    }));
    await alterSafely(queryRunner, async () => {
      await queryRunner.addColumn('admin_users', col(c.varchar('display_name', 100, { isNullable: true })));
      await queryRunner.addColumn('admin_sessions', col(c.int('admin_user_id', { isNullable: true })));
      await queryRunner.createIndex('admin_sessions', new TableIndex({ name: 'IDX_admin_sessions_admin_user_id', columnNames: ['admin_user_id'] }));
      await queryRunner.createForeignKey('admin_sessions', new TableForeignKey({
        columnNames: ['admin_user_id'], referencedTableName: 'admin_users', referencedColumnNames: ['id'], onDelete: 'CASCADE',
      }));
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await alterSafely(queryRunner, async () => {
      const sessions = await queryRunner.getTable('admin_sessions');
      const key = sessions?.foreignKeys.find((fk) => fk.columnNames.includes('admin_user_id'));
      if (key) await queryRunner.dropForeignKey('admin_sessions', key);
      await queryRunner.dropIndex('admin_sessions', 'IDX_admin_sessions_admin_user_id');
      await queryRunner.dropColumn('admin_sessions', 'admin_user_id');
      await queryRunner.dropColumn('admin_users', 'display_name');
    });
    await queryRunner.dropTable('admin_login_attempts');
  }
}
