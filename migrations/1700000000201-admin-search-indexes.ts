import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialect } from './dialect.js';

/**
 * The exact expression the admin searches users by (name, username, phone; see admin/resources.ts), so that
 * PostgreSQL's planner matches the trigram index to the query.
 */
export const USER_SEARCH_INDEX_EXPRESSION =
  "LOWER(COALESCE(full_name, '') || ' ' || COALESCE(first_name, '') || ' ' || COALESCE(last_name, '') || ' ' || COALESCE(username, '') || ' ' || COALESCE(phone, ''))";

/**
 * Indexes the admin needs at scale (hundreds of thousands of registrations):
 * - registrations (competition_id, id): the CSV export reads a competition in id order, batch after batch;
 * - PostgreSQL only: a trigram (pg_trgm) GIN index on the users' search text, for "contains" searches by
 *   name or phone. SQLite has no such index type (its LIKE '%…%' scans; fine at SQLite's scale). The entity
 *   declares it with `synchronize: false`, so the schema check leaves it alone on both databases.
 */
export class AdminSearchIndexes1700000000201 implements MigrationInterface {
  name = 'AdminSearchIndexes1700000000201';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('registrations', new TableIndex({ name: 'IDX_registrations_competition_id_id', columnNames: ['competition_id', 'id'] }));
    if (dialect(queryRunner).isPostgres) {
      await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await queryRunner.query(`CREATE INDEX "IDX_users_search_trgm" ON "users" USING gin ((${USER_SEARCH_INDEX_EXPRESSION}) gin_trgm_ops)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (dialect(queryRunner).isPostgres) await queryRunner.query('DROP INDEX IF EXISTS "IDX_users_search_trgm"');
    await queryRunner.dropIndex('registrations', 'IDX_registrations_competition_id_id');
  }
}
