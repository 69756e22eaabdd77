import { Table, TableCheck, TableUnique, type MigrationInterface, type QueryRunner } from 'typeorm';
import { alterSafely, cascadeTo, col, columns, oneOf } from './dialect.js';

// Frozen copies of the value lists as they were when this migration was written: later changes to
// entities/columns.ts must come with a new migration, never change what this one creates.
const OLD_DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'blocked'] as const;
const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'blocked', 'interrupted', 'cancelled'] as const;
const OLD_BROADCAST_STATES = ['draft', 'sending', 'done', 'cancelled'] as const;
const BROADCAST_STATES = ['draft', 'scheduled', 'sending', 'done', 'cancelled'] as const;
const OLD_REGISTRATION_EVENTS = ['created', 'status_changed', 'promoted', 'checked_in', 'check_in_undone', 'slots_changed', 'panel_assigned', 'panel_removed'] as const;
const REGISTRATION_EVENTS = [...OLD_REGISTRATION_EVENTS, 'attendance_confirmed', 'attendance_declined'] as const;
const ATTENDANCE_FILTERS = ['confirmed', 'declined', 'unanswered'] as const;
const REMINDER_TARGETS = ['competition', 'slot'] as const;

/**
 * Broadcasts organizers can steer and reminders that ask "are you coming?":
 * - deliveries (broadcast and outbox) get `sending` (in flight), `interrupted` and `cancelled`;
 * - broadcasts get a schedule, the link-preview switch and audience filters (checked in, attendance);
 * - registrations record the answer to the reminder; the history gets the two answer events;
 * - `reminders_sent` makes each reminder go once.
 * Rows left by the old sender's lease (pending with a future next_attempt_at) stay pending: the new sender
 * never re-sends a row it marked in flight, and the old one's rows are as they were.
 */
export class BroadcastsAndReminders1700000000601 implements MigrationInterface {
  name = 'BroadcastsAndReminders1700000000601';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, async () => {
      for (const table of ['broadcast_deliveries', 'outbox_messages']) {
        await queryRunner.dropCheckConstraint(table, `CHK_${table}_status`);
        await queryRunner.createCheckConstraint(table, new TableCheck({ name: `CHK_${table}_status`, expression: oneOf('status', DELIVERY_STATUSES) }));
      }
      await queryRunner.addColumns('broadcasts', [
        col(c.bool('checked_in', false)),
        col(c.varchar('attendance', 16, { isNullable: true })),
        col(c.bool('disable_link_preview', false)),
        col(c.timestamp('scheduled_at', { isNullable: true })),
      ]);
      await queryRunner.dropCheckConstraint('broadcasts', 'CHK_broadcasts_state');
      await queryRunner.createCheckConstraint('broadcasts', new TableCheck({ name: 'CHK_broadcasts_state', expression: oneOf('state', BROADCAST_STATES) }));
      await queryRunner.createCheckConstraint('broadcasts', new TableCheck({ name: 'CHK_broadcasts_attendance', expression: oneOf('attendance', ATTENDANCE_FILTERS) }));
      await queryRunner.addColumns('registrations', [
        col(c.timestamp('attendance_confirmed_at', { isNullable: true })),
        col(c.timestamp('attendance_declined_at', { isNullable: true })),
      ]);
      await queryRunner.dropCheckConstraint('registration_events', 'CHK_registration_events_event');
      await queryRunner.createCheckConstraint('registration_events', new TableCheck({ name: 'CHK_registration_events_event', expression: oneOf('event', REGISTRATION_EVENTS) }));
    });
    // checked_in is a three-way filter: null = either. (Added with a default so SQLite can add it; then cleared.)
    await alterSafely(queryRunner, async () => {
      await queryRunner.changeColumn('broadcasts', 'checked_in', col({ name: 'checked_in', type: 'boolean', isNullable: true }));
      await queryRunner.query('UPDATE broadcasts SET checked_in = NULL');
    });
    await queryRunner.createTable(new Table({
      name: 'reminders_sent',
      columns: [
        c.id(), c.int('registration_id'), c.varchar('target', 16), c.int('target_id'), c.timestamp('target_at'), c.int('offset_minutes'), c.createdAt(),
      ],
      checks: [new TableCheck({ name: 'CHK_reminders_sent_target', expression: oneOf('target', REMINDER_TARGETS) })],
      uniques: [new TableUnique({ name: 'UQ_reminders_sent_key', columnNames: ['registration_id', 'target', 'target_id', 'target_at', 'offset_minutes'] })],
      foreignKeys: [cascadeTo('registration_id', 'registrations')],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('reminders_sent');
    await alterSafely(queryRunner, async () => {
      await queryRunner.query(`UPDATE broadcast_deliveries SET status = 'failed' WHERE status IN ('sending', 'interrupted', 'cancelled')`);
      await queryRunner.query(`UPDATE outbox_messages SET status = 'failed' WHERE status IN ('sending', 'interrupted', 'cancelled')`);
      await queryRunner.query(`UPDATE broadcasts SET state = 'draft' WHERE state = 'scheduled'`);
      await queryRunner.query(`DELETE FROM registration_events WHERE event IN ('attendance_confirmed', 'attendance_declined')`);
      for (const table of ['broadcast_deliveries', 'outbox_messages']) {
        await queryRunner.dropCheckConstraint(table, `CHK_${table}_status`);
        await queryRunner.createCheckConstraint(table, new TableCheck({ name: `CHK_${table}_status`, expression: oneOf('status', OLD_DELIVERY_STATUSES) }));
      }
      await queryRunner.dropCheckConstraint('broadcasts', 'CHK_broadcasts_attendance');
      await queryRunner.dropCheckConstraint('broadcasts', 'CHK_broadcasts_state');
      await queryRunner.createCheckConstraint('broadcasts', new TableCheck({ name: 'CHK_broadcasts_state', expression: oneOf('state', OLD_BROADCAST_STATES) }));
      for (const name of ['scheduled_at', 'disable_link_preview', 'attendance', 'checked_in']) await queryRunner.dropColumn('broadcasts', name);
      for (const name of ['attendance_declined_at', 'attendance_confirmed_at']) await queryRunner.dropColumn('registrations', name);
      await queryRunner.dropCheckConstraint('registration_events', 'CHK_registration_events_event');
      await queryRunner.createCheckConstraint('registration_events', new TableCheck({ name: 'CHK_registration_events_event', expression: oneOf('event', OLD_REGISTRATION_EVENTS) }));
    });
  }
}
