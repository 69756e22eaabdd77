import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascadeTo, columns } from './dialect.js';

/** Voting time slots, jury panels, and the voters' choices of each. */
export class SlotsAndPanels1700000000005 implements MigrationInterface {
  name = 'SlotsAndPanels1700000000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(new Table({
      name: 'time_slots',
      columns: [c.id(), c.int('competition_id'), c.timestamp('starts_at'), c.timestamp('ends_at'), c.int('capacity')],
      indices: [new TableIndex({ name: 'IDX_time_slots_competition_id', columnNames: ['competition_id'] })],
      foreignKeys: [cascadeTo('competition_id', 'competitions')],
    }));
    await queryRunner.createTable(new Table({
      name: 'jury_panels',
      columns: [c.id(), c.int('competition_id'), c.varchar('name', 255), c.int('capacity', { isNullable: true })],
      indices: [new TableIndex({ name: 'IDX_jury_panels_competition_id', columnNames: ['competition_id'] })],
      foreignKeys: [cascadeTo('competition_id', 'competitions')],
    }));
    await queryRunner.createTable(new Table({
      name: 'voter_time_slots',
      columns: [c.id(), c.int('registration_id'), c.int('time_slot_id')],
      uniques: [{ name: 'UQ_voter_time_slots_pair', columnNames: ['registration_id', 'time_slot_id'] }],
      indices: [
        new TableIndex({ name: 'IDX_voter_time_slots_registration_id', columnNames: ['registration_id'] }),
        new TableIndex({ name: 'IDX_voter_time_slots_time_slot_id', columnNames: ['time_slot_id'] }),
      ],
      foreignKeys: [cascadeTo('registration_id', 'registrations'), cascadeTo('time_slot_id', 'time_slots')],
    }));
    await queryRunner.createTable(new Table({
      name: 'voter_jury_panels',
      columns: [c.id(), c.int('registration_id'), c.int('jury_panel_id')],
      indices: [
        new TableIndex({ name: 'UQ_voter_jury_panels_registration_id', columnNames: ['registration_id'], isUnique: true }),
        new TableIndex({ name: 'IDX_voter_jury_panels_jury_panel_id', columnNames: ['jury_panel_id'] }),
      ],
      foreignKeys: [cascadeTo('registration_id', 'registrations'), cascadeTo('jury_panel_id', 'jury_panels')],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['voter_jury_panels', 'voter_time_slots', 'jury_panels', 'time_slots']) await queryRunner.dropTable(table);
  }
}
