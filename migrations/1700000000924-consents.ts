import { Table, TableCheck, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, dialect, oneOf } from './dialect.js';

// A frozen copy of the value list as it was when this migration was written (see the initial schema).
const CONSENT_PATHS = ['bot', 'admin'];

const setNullTo = (column: string, table: string) =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'SET NULL' });

/**
 * The consent as a document and each consent given as a record (issue 24). `consent_documents` holds the texts,
 * one row per version and language; `consents` is the proof: it outlives the person (user SET NULL, the keyed
 * hash of the Telegram id stays) and the competition (SET NULL). Every registration that has consent_given today
 * gets a record of version 0, "given before versioning", dated by the registration. Its hash is filled by the
 * service at boot (the key is configuration, which a migration does not see: domain/consents.ts).
 */
export class Consents1700000000924 implements MigrationInterface {
  name = 'Consents1700000000924';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'consent_documents',
        columns: [c.id(), c.int('version'), c.varchar('language', 8), c.text('text'), c.createdAt()],
        uniques: [{ name: 'UQ_consent_documents_version_language', columnNames: ['version', 'language'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'consents',
        columns: [
          c.id(),
          c.int('user_id', { isNullable: true }),
          c.varchar('telegram_id_hash', 64, { isNullable: true }),
          c.int('competition_id', { isNullable: true }),
          c.int('document_version'),
          c.timestamp('given_at'),
          c.timestamp('withdrawn_at', { isNullable: true }),
          c.varchar('via', 8),
        ],
        foreignKeys: [setNullTo('user_id', 'users'), setNullTo('competition_id', 'competitions')],
        checks: [new TableCheck({ name: 'CHK_consents_via', expression: oneOf('via', CONSENT_PATHS) })],
      }),
    );
    await queryRunner.createIndex('consents', new TableIndex({ name: 'IDX_consents_user_id', columnNames: ['user_id'] }));
    await queryRunner.createIndex('consents', new TableIndex({ name: 'IDX_consents_competition_id', columnNames: ['competition_id'] }));
    const { isPostgres } = dialect(queryRunner);
    await queryRunner.query(
      `INSERT INTO consents (user_id, competition_id, document_version, given_at, via)
       SELECT user_id, competition_id, 0, created_at, 'bot' FROM registrations WHERE consent_given = ${isPostgres ? 'true' : '1'} ORDER BY id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('consents');
    await queryRunner.dropTable('consent_documents');
  }
}
