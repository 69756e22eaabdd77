import { Table, TableCheck, TableForeignKey, TableIndex, TableUnique, type MigrationInterface, type QueryRunner } from 'typeorm';
import { alterSafely, cascadeTo, col, columns, oneOf } from './dialect.js';

// Frozen copies of the value lists at this migration (never imported from entities/).
const ADMIN_ROLES_BEFORE = ['admin', 'organizer'];
const ADMIN_ROLES = ['admin', 'organizer', 'checkin'];
const STAFF_TOKEN_KINDS = ['link', 'scanner'];

/**
 * Door check-in (issue 12):
 * - `registrations.checked_in_at`, `checked_in_by_admin_id` (SET NULL) and `ticket_nonce`;
 * - `admin_users.telegram_id` (unique, nullable) and the `checkin` role in the role CHECK;
 * - `staff_tokens`: hashed one-time Telegram link tokens and Mini App scanner tokens.
 */
export class DoorCheckin1700000000701 implements MigrationInterface {
  name = 'DoorCheckin1700000000701';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, async () => {
      await queryRunner.addColumns('registrations', [
        col(c.timestamp('checked_in_at', { isNullable: true })),
        col(c.int('checked_in_by_admin_id', { isNullable: true })),
        col(c.varchar('ticket_nonce', 16, { isNullable: true })),
      ]);
      await queryRunner.createForeignKey('registrations', new TableForeignKey({
        columnNames: ['checked_in_by_admin_id'], referencedTableName: 'admin_users', referencedColumnNames: ['id'], onDelete: 'SET NULL',
      }));
      await queryRunner.addColumn('admin_users', col(c.bigint('telegram_id', { isNullable: true })));
      await queryRunner.createUniqueConstraint('admin_users', new TableUnique({ name: 'UQ_admin_users_telegram_id', columnNames: ['telegram_id'] }));
      await queryRunner.dropCheckConstraint('admin_users', 'CHK_admin_users_role');
      await queryRunner.createCheckConstraint('admin_users', new TableCheck({ name: 'CHK_admin_users_role', expression: oneOf('role', ADMIN_ROLES) }));
    });
    await queryRunner.createTable(new Table({
      name: 'staff_tokens',
      columns: [
        c.id(), c.int('admin_user_id'), c.varchar('kind', 16), c.varchar('token_hash', 64, { isUnique: true }),
        c.timestamp('expires_at'), c.timestamp('used_at', { isNullable: true }), c.createdAt(),
      ],
      checks: [new TableCheck({ name: 'CHK_staff_tokens_kind', expression: oneOf('kind', STAFF_TOKEN_KINDS) })],
      indices: [new TableIndex({ name: 'IDX_staff_tokens_admin_user_id', columnNames: ['admin_user_id'] })],
      foreignKeys: [cascadeTo('admin_user_id', 'admin_users')],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('staff_tokens');
    await alterSafely(queryRunner, async () => {
      await queryRunner.query(`DELETE FROM admin_users WHERE role = 'checkin'`);
      await queryRunner.dropCheckConstraint('admin_users', 'CHK_admin_users_role');
      await queryRunner.createCheckConstraint('admin_users', new TableCheck({ name: 'CHK_admin_users_role', expression: oneOf('role', ADMIN_ROLES_BEFORE) }));
      await queryRunner.dropUniqueConstraint('admin_users', 'UQ_admin_users_telegram_id');
      await queryRunner.dropColumn('admin_users', 'telegram_id');
      const registrations = await queryRunner.getTable('registrations');
      const key = registrations?.foreignKeys.find((fk) => fk.columnNames.includes('checked_in_by_admin_id'));
      if (key) await queryRunner.dropForeignKey('registrations', key);
      await queryRunner.dropColumns('registrations', ['checked_in_at', 'checked_in_by_admin_id', 'ticket_nonce']);
    });
  }
}
