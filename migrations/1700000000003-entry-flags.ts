import type { MigrationInterface, QueryRunner } from 'typeorm';
import { alterSafely, col, columns } from './dialect.js';

/** Consent and check-in flags on a registration. */
export class EntryFlags1700000000003 implements MigrationInterface {
  name = 'EntryFlags1700000000003';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, () => queryRunner.addColumns('registrations', [
      col(c.bool('consent_given', false)),
      col(c.bool('checked_in', false)),
    ]));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await alterSafely(queryRunner, async () => {
      await queryRunner.dropColumn('registrations', 'checked_in');
      await queryRunner.dropColumn('registrations', 'consent_given');
    });
  }
}
