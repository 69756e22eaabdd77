import { TableCheck, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { alterSafely, col, columns, oneOf } from './dialect.js';

// Frozen copies of the value lists as they were when this migration was written: later changes to
// entities/columns.ts must come with a new migration, never change what this one creates.
const REGISTRATION_STATUSES = ['pending', 'approved', 'waitlisted', 'rejected', 'cancelled'] as const;

/**
 * Registration status (approval, waiting list, cancel). Registrations made before statuses existed were
 * accepted as they came, so they become `approved`.
 */
export class RegistrationStatus1700000000004 implements MigrationInterface {
  name = 'RegistrationStatus1700000000004';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, async () => {
      await queryRunner.addColumns('registrations', [
        col(c.varchar('status', 16, { default: "'pending'" })),
        col(c.timestamp('status_changed_at', { isNullable: true })),
      ]);
      await queryRunner.query(`UPDATE registrations SET status = 'approved', status_changed_at = created_at`);
      await queryRunner.createCheckConstraint('registrations', new TableCheck({ name: 'CHK_registrations_status', expression: oneOf('status', REGISTRATION_STATUSES) }));
      await queryRunner.createIndex('registrations', new TableIndex({ name: 'IDX_registrations_competition_status', columnNames: ['competition_id', 'status', 'created_at'] }));
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await alterSafely(queryRunner, async () => {
      await queryRunner.dropIndex('registrations', 'IDX_registrations_competition_status');
      await queryRunner.dropCheckConstraint('registrations', 'CHK_registrations_status');
      await queryRunner.dropColumn('registrations', 'status_changed_at');
      await queryRunner.dropColumn('registrations', 'status');
    });
  }
}
