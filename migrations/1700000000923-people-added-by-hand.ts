import type { MigrationInterface, QueryRunner } from 'typeorm';
import { alterSafely, col, columns, dialect } from './dialect.js';

/**
 * `users.telegram_id` becomes nullable, as the design has it: an organizer adds a person by hand (a walk-in at
 * the door, a phone call) who has no Telegram account the bot knows (domain/walk-ins.ts). The unique key stays
 * (both databases let any number of rows hold NULL in it).
 */
export class PeopleAddedByHand1700000000923 implements MigrationInterface {
  name = 'PeopleAddedByHand1700000000923';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.setNullable(queryRunner, true);
  }

  /** Back to NOT NULL: the people added by hand without Telegram go first (their registrations with them). */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM users WHERE telegram_id IS NULL');
    await this.setNullable(queryRunner, false);
  }

  private async setNullable(queryRunner: QueryRunner, nullable: boolean): Promise<void> {
    if (dialect(queryRunner).isPostgres) {
      await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "telegram_id" ${nullable ? 'DROP' : 'SET'} NOT NULL`);
      return;
    }
    // SQLite rebuilds the table for it (foreign keys off around it: alterSafely).
    const c = columns(queryRunner);
    await alterSafely(queryRunner, async () => {
      const table = await queryRunner.getTable('users');
      const old = table!.findColumnByName('telegram_id')!;
      await queryRunner.changeColumn('users', old, col(c.bigint('telegram_id', { isUnique: true, isNullable: nullable })));
    });
  }
}
