import { Table, TableCheck, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascadeTo, columns, oneOf } from './dialect.js';

// Frozen copies of the value lists as they were when this migration was written: later changes to
// entities/columns.ts must come with a new migration, never change what this one creates.
const BROADCAST_STATES = ['draft', 'sending', 'done', 'cancelled'] as const;
const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'blocked'] as const;

/** The transactional outbox for notifications, and organizers' broadcasts with one row per recipient. */
export class OutboxAndBroadcasts1700000000006 implements MigrationInterface {
  name = 'OutboxAndBroadcasts1700000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(new Table({
      name: 'outbox_messages',
      columns: [
        c.id(), c.int('user_id'), c.varchar('kind', 64), c.text('payload', { isNullable: true }), c.text('text', { isNullable: true }),
        c.varchar('status', 16, { default: "'pending'" }), c.int('attempts', { default: 0 }),
        c.timestamp('next_attempt_at', { isNullable: true }), c.text('error', { isNullable: true }),
        c.createdAt(), c.timestamp('sent_at', { isNullable: true }),
      ],
      checks: [new TableCheck({ name: 'CHK_outbox_messages_status', expression: oneOf('status', DELIVERY_STATUSES) })],
      indices: [
        new TableIndex({ name: 'IDX_outbox_messages_user_id', columnNames: ['user_id'] }),
        new TableIndex({ name: 'IDX_outbox_messages_status_next', columnNames: ['status', 'next_attempt_at'] }),
      ],
      foreignKeys: [cascadeTo('user_id', 'users')],
    }));
    await queryRunner.createTable(new Table({
      name: 'broadcasts',
      columns: [
        c.id(), c.text('text'), c.int('competition_id', { isNullable: true }),
        c.varchar('role', 16, { isNullable: true }), c.varchar('status', 16, { isNullable: true }),
        c.varchar('state', 16, { default: "'draft'" }),
        c.int('total_count', { default: 0 }), c.int('sent_count', { default: 0 }), c.int('failed_count', { default: 0 }), c.int('blocked_count', { default: 0 }),
        c.createdAt(), c.timestamp('started_at', { isNullable: true }), c.timestamp('finished_at', { isNullable: true }),
      ],
      checks: [new TableCheck({ name: 'CHK_broadcasts_state', expression: oneOf('state', BROADCAST_STATES) })],
      indices: [new TableIndex({ name: 'IDX_broadcasts_competition_id', columnNames: ['competition_id'] })],
      foreignKeys: [cascadeTo('competition_id', 'competitions')],
    }));
    await queryRunner.createTable(new Table({
      name: 'broadcast_deliveries',
      columns: [
        c.id(), c.int('broadcast_id'), c.int('user_id'), c.varchar('status', 16, { default: "'pending'" }),
        c.text('error', { isNullable: true }), c.timestamp('sent_at', { isNullable: true }),
      ],
      uniques: [{ name: 'UQ_broadcast_deliveries_pair', columnNames: ['broadcast_id', 'user_id'] }],
      checks: [new TableCheck({ name: 'CHK_broadcast_deliveries_status', expression: oneOf('status', DELIVERY_STATUSES) })],
      indices: [
        new TableIndex({ name: 'IDX_broadcast_deliveries_status', columnNames: ['broadcast_id', 'status'] }),
        new TableIndex({ name: 'IDX_broadcast_deliveries_user_id', columnNames: ['user_id'] }),
      ],
      foreignKeys: [cascadeTo('broadcast_id', 'broadcasts'), cascadeTo('user_id', 'users')],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['broadcast_deliveries', 'broadcasts', 'outbox_messages']) await queryRunner.dropTable(table);
  }
}
