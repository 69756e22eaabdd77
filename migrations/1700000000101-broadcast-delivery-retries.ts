import type { MigrationInterface, QueryRunner } from 'typeorm';
import { alterSafely, col, columns } from './dialect.js';

/**
 * Broadcast deliveries get what outbox messages have: an attempt count and the time of the next attempt.
 * The sender claims a row by pushing `next_attempt_at` ahead (a lease), so two senders never take the same
 * recipient, and retries network errors and 429 later.
 */
export class BroadcastDeliveryRetries1700000000101 implements MigrationInterface {
  name = 'BroadcastDeliveryRetries1700000000101';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, () => queryRunner.addColumns('broadcast_deliveries', [
      col(c.int('attempts', { default: 0 })),
      col(c.timestamp('next_attempt_at', { isNullable: true })),
    ]));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await alterSafely(queryRunner, async () => {
      for (const name of ['next_attempt_at', 'attempts']) await queryRunner.dropColumn('broadcast_deliveries', name);
    });
  }
}
