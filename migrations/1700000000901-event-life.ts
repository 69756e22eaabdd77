import { TableCheck, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { alterSafely, col, columns, oneOf } from './dialect.js';

// Frozen copies of the value lists at this migration (never imported from entities/).
const STATUSES_BEFORE = ['pending', 'approved', 'waitlisted', 'rejected', 'cancelled'];
const STATUSES = ['pending', 'approved', 'waitlisted', 'offered', 'rejected', 'cancelled'];
const EVENTS_BEFORE = [
  'created', 'status_changed', 'promoted', 'checked_in', 'check_in_undone', 'slots_changed', 'panel_assigned', 'panel_removed',
  'attendance_confirmed', 'attendance_declined',
];
const EVENTS = [...EVENTS_BEFORE, 'offered', 'offer_accepted', 'offer_declined', 'offer_expired'];

/**
 * The event's life in the chat:
 * - `competitions.ends_at` (null: the end of the start's day) and `contact` (how to reach the organizers);
 * - `registrations.rejection_reason` (kept on the registration, not only in the message) and
 *   `offer_expires_at` with the new status `offered` (a freed place offered to the next in line);
 * - the history's events of an offer.
 */
export class EventLife1700000000901 implements MigrationInterface {
  name = 'EventLife1700000000901';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, async () => {
      await queryRunner.addColumns('competitions', [col(c.timestamp('ends_at', { isNullable: true })), col(c.varchar('contact', 255, { isNullable: true }))]);
      await queryRunner.addColumns('registrations', [col(c.varchar('rejection_reason', 500, { isNullable: true })), col(c.timestamp('offer_expires_at', { isNullable: true }))]);
      await queryRunner.dropCheckConstraint('registrations', 'CHK_registrations_status');
      await queryRunner.createCheckConstraint('registrations', new TableCheck({ name: 'CHK_registrations_status', expression: oneOf('status', STATUSES) }));
      await queryRunner.dropCheckConstraint('registration_events', 'CHK_registration_events_event');
      await queryRunner.createCheckConstraint('registration_events', new TableCheck({ name: 'CHK_registration_events_event', expression: oneOf('event', EVENTS) }));
    });
    await queryRunner.createIndex('registrations', new TableIndex({ name: 'IDX_registrations_offer_expires_at', columnNames: ['offer_expires_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('registrations', 'IDX_registrations_offer_expires_at');
    await alterSafely(queryRunner, async () => {
      // An open offer goes back to the waiting list: the place it held is given back to the old rules.
      await queryRunner.query(`UPDATE registrations SET status = 'waitlisted' WHERE status = 'offered'`);
      await queryRunner.query(`DELETE FROM registration_events WHERE event IN ('offered', 'offer_accepted', 'offer_declined', 'offer_expired')`);
      await queryRunner.dropCheckConstraint('registration_events', 'CHK_registration_events_event');
      await queryRunner.createCheckConstraint('registration_events', new TableCheck({ name: 'CHK_registration_events_event', expression: oneOf('event', EVENTS_BEFORE) }));
      await queryRunner.dropCheckConstraint('registrations', 'CHK_registrations_status');
      await queryRunner.createCheckConstraint('registrations', new TableCheck({ name: 'CHK_registrations_status', expression: oneOf('status', STATUSES_BEFORE) }));
      await queryRunner.dropColumns('registrations', ['rejection_reason', 'offer_expires_at']);
      await queryRunner.dropColumns('competitions', ['ends_at', 'contact']);
    });
  }
}
