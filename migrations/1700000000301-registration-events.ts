import { Table, TableCheck, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascadeTo, columns, oneOf } from './dialect.js';

// Frozen copies of the value lists as they were when this migration was written: later changes to
// entities/columns.ts must come with a new migration, never change what this one creates.
const REGISTRATION_EVENTS = ['created', 'status_changed', 'promoted', 'checked_in', 'check_in_undone', 'slots_changed', 'panel_assigned', 'panel_removed'] as const;
const ACTOR_KINDS = ['user', 'admin', 'system'] as const;
const EVENT_SOURCES = ['bot', 'admin', 'system', 'reminder', 'scan'] as const;

/**
 * The history of each registration: one row per status change and entry event, with the actor and the
 * source, no personal data. Rows go with their registration (CASCADE) and outlive the admin account
 * (SET NULL, as the audit does). Registrations made before it have no history; nothing is made up for them.
 */
export class RegistrationEvents1700000000301 implements MigrationInterface {
  name = 'RegistrationEvents1700000000301';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(new Table({
      name: 'registration_events',
      columns: [
        c.id(), c.int('registration_id'), c.varchar('event', 32), c.varchar('actor_kind', 16), c.int('admin_user_id', { isNullable: true }),
        c.varchar('source', 16), c.varchar('from_status', 16, { isNullable: true }), c.varchar('to_status', 16, { isNullable: true }), c.createdAt(),
      ],
      checks: [
        new TableCheck({ name: 'CHK_registration_events_event', expression: oneOf('event', REGISTRATION_EVENTS) }),
        new TableCheck({ name: 'CHK_registration_events_actor_kind', expression: oneOf('actor_kind', ACTOR_KINDS) }),
        new TableCheck({ name: 'CHK_registration_events_source', expression: oneOf('source', EVENT_SOURCES) }),
      ],
      indices: [
        new TableIndex({ name: 'IDX_registration_events_registration_id', columnNames: ['registration_id'] }),
        new TableIndex({ name: 'IDX_registration_events_admin_user_id', columnNames: ['admin_user_id'] }),
      ],
      foreignKeys: [
        cascadeTo('registration_id', 'registrations'),
        new TableForeignKey({ columnNames: ['admin_user_id'], referencedTableName: 'admin_users', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('registration_events');
  }
}
