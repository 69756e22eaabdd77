import { Table, TableCheck, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascadeTo, columns, oneOf } from './dialect.js';

// Frozen copies of the value lists as they were when this migration was written (see the initial schema).
const QUESTION_KINDS = ['text', 'long_text', 'number', 'yes_no', 'choice', 'multi_choice', 'date', 'time', 'datetime', 'email', 'phone', 'country', 'file'];
const ROLES = ['participant', 'voter'];

/**
 * A competition's own questions and the answers people give (issue 25). `questions.options`, `rules` and `show_if`
 * are JSON text (the domain parses them: domain/questions.ts). An answer belongs to one registration and one
 * question, unique per pair; its value is text (an option's value, an ISO date, a JSON array or file). `value_key`
 * repeats a short value (≤ 100 characters; null for long texts and files, which PostgreSQL cannot put in a btree):
 * the index (question_id, value_key) serves the admin's "answered X" filter, the dashboard's counts and the option
 * limits' count.
 */
export class Questions1700000000926 implements MigrationInterface {
  name = 'Questions1700000000926';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'questions',
        columns: [
          c.id(),
          c.int('competition_id'),
          c.varchar('role', 16, { isNullable: true }),
          c.varchar('kind', 16),
          c.text('title_ru'),
          c.text('title_en'),
          c.text('help_ru', { isNullable: true }),
          c.text('help_en', { isNullable: true }),
          c.bool('required', false),
          c.int('position', { default: 0 }),
          c.text('options', { isNullable: true }),
          c.text('rules', { isNullable: true }),
          c.text('show_if', { isNullable: true }),
          c.varchar('remember_as', 64, { isNullable: true }),
          c.bool('list_column', false),
          c.createdAt(),
        ],
        foreignKeys: [cascadeTo('competition_id', 'competitions')],
        checks: [
          new TableCheck({ name: 'CHK_questions_kind', expression: oneOf('kind', QUESTION_KINDS) }),
          new TableCheck({ name: 'CHK_questions_role', expression: `"role" IS NULL OR ${oneOf('role', ROLES)}` }),
        ],
      }),
    );
    await queryRunner.createIndex('questions', new TableIndex({ name: 'IDX_questions_competition_id', columnNames: ['competition_id', 'position'] }));
    await queryRunner.createIndex('questions', new TableIndex({ name: 'IDX_questions_remember_as', columnNames: ['remember_as'] }));
    await queryRunner.createTable(
      new Table({
        name: 'answers',
        columns: [c.id(), c.int('registration_id'), c.int('question_id'), c.text('value'), c.varchar('value_key', 100, { isNullable: true }), c.createdAt(), c.createdAt('updated_at')],
        foreignKeys: [cascadeTo('registration_id', 'registrations'), cascadeTo('question_id', 'questions')],
        uniques: [{ name: 'UQ_answers_registration_question', columnNames: ['registration_id', 'question_id'] }],
      }),
    );
    await queryRunner.createIndex('answers', new TableIndex({ name: 'IDX_answers_question_value', columnNames: ['question_id', 'value_key', 'registration_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('answers');
    await queryRunner.dropTable('questions');
  }
}
