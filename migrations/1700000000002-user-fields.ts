import type { MigrationInterface, QueryRunner } from 'typeorm';
import { alterSafely, col, columns } from './dialect.js';

/** Profile fields the registration form needs, language preference and bot-blocked flag. */
export class UserFields1700000000002 implements MigrationInterface {
  name = 'UserFields1700000000002';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, () => queryRunner.addColumns('users', [
      col(c.varchar('language_code', 16, { isNullable: true })),
      col(c.varchar('preferred_language', 8, { isNullable: true })),
      col(c.varchar('full_name', 255, { isNullable: true })),
      col(c.varchar('phone', 32, { isNullable: true })),
      col(c.bool('is_blocked', false)),
      col(c.bool('reminders_enabled', true)),
      col(c.createdAt('updated_at')),
    ]));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await alterSafely(queryRunner, async () => {
      for (const name of ['updated_at', 'reminders_enabled', 'is_blocked', 'phone', 'full_name', 'preferred_language', 'language_code']) {
        await queryRunner.dropColumn('users', name);
      }
    });
  }
}
