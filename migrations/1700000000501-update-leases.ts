import type { MigrationInterface, QueryRunner } from 'typeorm';
import { alterSafely, col, columns } from './dialect.js';

/**
 * `processed_updates` marks become leases (issue 15): `lease_owner` is the process handling the update and
 * `lease_taken_at` when it took it; the mark is "done" once `lease_owner` is null again, set only after the
 * handler's work committed. Existing rows are done (null owner). A lease left by a process that died is
 * taken over by whoever next holds the chat's turn.
 */
export class UpdateLeases1700000000501 implements MigrationInterface {
  name = 'UpdateLeases1700000000501';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, async () => {
      await queryRunner.addColumn('processed_updates', col(c.varchar('lease_owner', 64, { isNullable: true })));
      await queryRunner.addColumn('processed_updates', col(c.timestamp('lease_taken_at', { isNullable: true })));
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await alterSafely(queryRunner, async () => {
      await queryRunner.dropColumn('processed_updates', 'lease_taken_at');
      await queryRunner.dropColumn('processed_updates', 'lease_owner');
    });
  }
}
