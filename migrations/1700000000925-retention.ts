import type { MigrationInterface, QueryRunner } from 'typeorm';
import { alterSafely, col, columns } from './dialect.js';

/**
 * Data that leaves by itself (domain/retention.ts):
 * - `competitions.retention_days`: days after the end that its personal data is kept (null: RETENTION_DAYS);
 * - `competitions.personal_data_purged_at`: the purge finished (the job skips it; until then it resumes);
 * - `users.anonymised_at`: the person's row was emptied of personal data (kept so counts and history add up).
 */
export class Retention1700000000925 implements MigrationInterface {
  name = 'Retention1700000000925';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, async () => {
      await queryRunner.addColumns('competitions', [
        col(c.int('retention_days', { isNullable: true })),
        col(c.timestamp('personal_data_purged_at', { isNullable: true })),
      ]);
      await queryRunner.addColumns('users', [col(c.timestamp('anonymised_at', { isNullable: true }))]);
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await alterSafely(queryRunner, async () => {
      await queryRunner.dropColumns('users', ['anonymised_at']);
      await queryRunner.dropColumns('competitions', ['retention_days', 'personal_data_purged_at']);
    });
  }
}
