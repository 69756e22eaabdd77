import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascadeTo, columns } from './dialect.js';

/**
 * `ticket_messages`: the ticket photos the bot sent (registration → chat and message), so that a cancelled or
 * rejected registration's tickets can be marked invalid where the person keeps them, and a double tap on 🎫 sends
 * one photo.
 */
export class TicketMessages1700000000902 implements MigrationInterface {
  name = 'TicketMessages1700000000902';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'ticket_messages',
        columns: [c.id(), c.int('registration_id'), c.bigint('chat_id'), c.bigint('message_id'), c.createdAt()],
        foreignKeys: [cascadeTo('registration_id', 'registrations')],
      }),
    );
    await queryRunner.createIndex('ticket_messages', new TableIndex({ name: 'IDX_ticket_messages_registration_id', columnNames: ['registration_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ticket_messages');
  }
}
