import { Table, TableCheck, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascadeTo, columns, oneOf } from './dialect.js';

// Frozen copies of the value lists as they were when this migration was written: later changes to
// entities/columns.ts must come with a new migration, never change what this one creates.
const REGISTRATION_ROLES = ['participant', 'voter'] as const;

/** The first schema: users, competitions and who registered for what. */
export class InitialSchema1700000000001 implements MigrationInterface {
  name = 'InitialSchema1700000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(new Table({
      name: 'users',
      columns: [
        c.id(),
        c.bigint('telegram_id', { isUnique: true }),
        c.varchar('username', 64, { isNullable: true }),
        c.varchar('first_name', 255, { isNullable: true }),
        c.varchar('last_name', 255, { isNullable: true }),
        c.createdAt(),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'competitions',
      columns: [
        c.id(),
        c.varchar('title', 255),
        c.text('description', { isNullable: true }),
        c.varchar('location', 255, { isNullable: true }),
        c.timestamp('starts_at', { isNullable: true }),
        c.bool('registration_open', false),
        c.timestamp('registration_closes_at', { isNullable: true }),
        c.bool('requires_approval', false),
        c.int('max_participants', { isNullable: true }),
        c.createdAt(),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'registrations',
      columns: [
        c.id(),
        c.int('user_id'),
        c.int('competition_id'),
        c.varchar('role', 16),
        c.createdAt(),
      ],
      uniques: [{ name: 'UQ_registrations_user_competition', columnNames: ['user_id', 'competition_id'] }],
      checks: [new TableCheck({ name: 'CHK_registrations_role', expression: oneOf('role', REGISTRATION_ROLES) })],
      indices: [
        new TableIndex({ name: 'IDX_registrations_user_id', columnNames: ['user_id'] }),
        new TableIndex({ name: 'IDX_registrations_competition_id', columnNames: ['competition_id'] }),
      ],
      foreignKeys: [
        cascadeTo('user_id', 'users'),
        cascadeTo('competition_id', 'competitions'),
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('registrations');
    await queryRunner.dropTable('competitions');
    await queryRunner.dropTable('users');
  }
}
