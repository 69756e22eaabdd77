import { Table, TableCheck, TableForeignKey, TableIndex, TableUnique, type MigrationInterface, type QueryRunner } from 'typeorm';
import { alterSafely, cascadeTo, col, columns, oneOf } from './dialect.js';

// Frozen copies of the value lists as they were when this migration was written (see the initial schema).
const TEAM_MODES = ['off', 'optional', 'required'];
const PLACES_COUNTS = ['people', 'teams'];
const TEAM_STATUSES = ['forming', 'complete', 'incomplete', 'dissolved'];
const TEAM_AUDIENCES = ['captains', 'teams', 'solo'];
const OLD_REMINDER_TARGETS = ['competition', 'slot'];
const REMINDER_TARGETS = [...OLD_REMINDER_TARGETS, 'team'];

/**
 * Teams (issue 26). A team belongs to a competition; its members are registrations pointing at it
 * (`registrations.team_id`, SET NULL: a dissolved team leaves its members' registrations), one of which is the captain
 * (`teams.captain_registration_id`, SET NULL: the domain hands the team over before a captain's row goes). The two
 * keys make a cycle; the captain's key is DEFERRABLE on PostgreSQL so `npm run db -- copy` can write teams before
 * registrations inside one transaction. One team per person per competition holds by construction: a person has one
 * registration per competition, and it names one team. Team questions' answers belong to the team (`answers.team_id`,
 * exactly one owner), so they survive a change of captain.
 */
export class Teams1700000000927 implements MigrationInterface {
  name = 'Teams1700000000927';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, async () => {
      await queryRunner.addColumns('competitions', [
        col(c.varchar('team_mode', 16, { default: "'off'" })),
        col(c.int('team_min', { default: 2 })),
        col(c.int('team_max', { default: 5 })),
        col(c.varchar('places_count', 16, { default: "'people'" })),
      ]);
      await queryRunner.createCheckConstraint('competitions', new TableCheck({ name: 'CHK_competitions_team_mode', expression: oneOf('team_mode', TEAM_MODES) }));
      await queryRunner.createCheckConstraint('competitions', new TableCheck({ name: 'CHK_competitions_places_count', expression: oneOf('places_count', PLACES_COUNTS) }));
      await queryRunner.createTable(
        new Table({
          name: 'teams',
          columns: [
            c.id(),
            c.int('competition_id'),
            c.varchar('name', 100),
            c.varchar('name_key', 100),
            c.int('captain_registration_id', { isNullable: true }),
            c.varchar('invite_code', 32),
            c.varchar('status', 16, { default: "'forming'" }),
            c.createdAt(),
          ],
          foreignKeys: [
            cascadeTo('competition_id', 'competitions'),
            new TableForeignKey({
              columnNames: ['captain_registration_id'],
              referencedTableName: 'registrations',
              referencedColumnNames: ['id'],
              onDelete: 'SET NULL',
              deferrable: 'INITIALLY IMMEDIATE',
            }),
          ],
          uniques: [
            new TableUnique({ name: 'UQ_teams_competition_name', columnNames: ['competition_id', 'name_key'] }),
            new TableUnique({ name: 'UQ_teams_invite_code', columnNames: ['invite_code'] }),
          ],
          checks: [new TableCheck({ name: 'CHK_teams_status', expression: oneOf('status', TEAM_STATUSES) })],
        }),
      );
      await queryRunner.createIndex('teams', new TableIndex({ name: 'IDX_teams_competition_status', columnNames: ['competition_id', 'status', 'id'] }));
      await queryRunner.createIndex('teams', new TableIndex({ name: 'IDX_teams_captain_registration_id', columnNames: ['captain_registration_id'] }));
      await queryRunner.addColumn('registrations', col(c.int('team_id', { isNullable: true })));
      await queryRunner.createForeignKey(
        'registrations',
        new TableForeignKey({ columnNames: ['team_id'], referencedTableName: 'teams', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
      );
      await queryRunner.createIndex('registrations', new TableIndex({ name: 'IDX_registrations_team_id', columnNames: ['team_id', 'status'] }));
      await queryRunner.changeColumn('answers', 'registration_id', col(c.int('registration_id', { isNullable: true })));
      await queryRunner.addColumn('answers', col(c.int('team_id', { isNullable: true })));
      await queryRunner.createForeignKey('answers', cascadeTo('team_id', 'teams'));
      await queryRunner.createUniqueConstraint('answers', new TableUnique({ name: 'UQ_answers_team_question', columnNames: ['team_id', 'question_id'] }));
      await queryRunner.createCheckConstraint(
        'answers',
        new TableCheck({ name: 'CHK_answers_owner', expression: '("registration_id" IS NULL) <> ("team_id" IS NULL)' }),
      );
      await queryRunner.addColumn('questions', col(c.bool('for_team', false)));
      await queryRunner.addColumn('broadcasts', col(c.varchar('team_audience', 16, { isNullable: true })));
      await queryRunner.createCheckConstraint('broadcasts', new TableCheck({ name: 'CHK_broadcasts_team_audience', expression: oneOf('team_audience', TEAM_AUDIENCES) }));
      // The "your team is below the minimum" reminder a day before the deadline goes once per member (domain/teams.ts).
      await queryRunner.dropCheckConstraint('reminders_sent', 'CHK_reminders_sent_target');
      await queryRunner.createCheckConstraint('reminders_sent', new TableCheck({ name: 'CHK_reminders_sent_target', expression: oneOf('target', REMINDER_TARGETS) }));
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, async () => {
      await queryRunner.query(`DELETE FROM reminders_sent WHERE target = 'team'`);
      await queryRunner.dropCheckConstraint('reminders_sent', 'CHK_reminders_sent_target');
      await queryRunner.createCheckConstraint('reminders_sent', new TableCheck({ name: 'CHK_reminders_sent_target', expression: oneOf('target', OLD_REMINDER_TARGETS) }));
      await queryRunner.dropCheckConstraint('broadcasts', 'CHK_broadcasts_team_audience');
      await queryRunner.dropColumn('broadcasts', 'team_audience');
      await queryRunner.dropColumn('questions', 'for_team');
      await queryRunner.query('DELETE FROM answers WHERE team_id IS NOT NULL');
      await queryRunner.dropCheckConstraint('answers', 'CHK_answers_owner');
      await queryRunner.dropUniqueConstraint('answers', 'UQ_answers_team_question');
      const answers = await queryRunner.getTable('answers');
      await queryRunner.dropForeignKey('answers', answers!.foreignKeys.find((fk) => fk.columnNames.includes('team_id'))!);
      await queryRunner.dropColumn('answers', 'team_id');
      await queryRunner.changeColumn('answers', 'registration_id', col(c.int('registration_id')));
      const registrations = await queryRunner.getTable('registrations');
      await queryRunner.dropIndex('registrations', 'IDX_registrations_team_id');
      await queryRunner.dropForeignKey('registrations', registrations!.foreignKeys.find((fk) => fk.columnNames.includes('team_id'))!);
      await queryRunner.dropColumn('registrations', 'team_id');
      await queryRunner.dropTable('teams');
      await queryRunner.dropCheckConstraint('competitions', 'CHK_competitions_places_count');
      await queryRunner.dropCheckConstraint('competitions', 'CHK_competitions_team_mode');
      await queryRunner.dropColumns('competitions', ['team_mode', 'team_min', 'team_max', 'places_count']);
    });
  }
}
