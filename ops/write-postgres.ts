import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyLine } from './canonical.js';
import { OpsError, postgresClient, type OpsDatabase } from './connection.js';
import { quote } from './tables.js';
import type { TargetWriter } from './target-writer.js';

interface ForeignKey {
  child: string;
  childColumn: string;
  parent: string;
  parentColumn: string;
}

/**
 * PostgreSQL target: `COPY … FROM STDIN` inside one transaction with `SET LOCAL session_replication_role =
 * replica`, which skips the foreign-key triggers for this transaction only — nothing is dropped, so a killed
 * run can never leave the constraints missing. The foreign keys are then checked in bulk before commit.
 * A role that may not set it (not a superuser) gets the triggers instead: slower, equally safe.
 */
export async function openPostgresWriter(db: OpsDatabase): Promise<TargetWriter> {
  const client: pg.PoolClient = await postgresClient(db.dataSource);
  const notes: string[] = [];
  let bulkForeignKeyCheck = true;
  await client.query('BEGIN');
  // Timestamps without a zone (SQLite's UTC text) are read as UTC.
  await client.query(`SET LOCAL TIME ZONE 'UTC'`);
  // Teams and registrations point at each other: the captain's key is DEFERRABLE, checked at commit, so a role that
  // checks keys row by row can write teams before the registrations they name (migration 927).
  await client.query('SET CONSTRAINTS ALL DEFERRED');
  await client.query('SAVEPOINT replica_role');
  try {
    await client.query('SET LOCAL session_replication_role = replica');
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT replica_role');
    bulkForeignKeyCheck = false;
    notes.push('the target role may not set session_replication_role: foreign keys were checked row by row (slower)');
  }
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.release(error);
  };

  return {
    notes,
    acceptsCopyText: true,
    async truncate(tables) {
      await client.query(`TRUNCATE ${tables.map((t) => quote(t.name)).join(', ')} RESTART IDENTITY`);
    },
    async writeTable(table, batches, onRows) {
      const columns = table.columns.map((c) => quote(c.name)).join(', ');
      const copy = client.query(copyFrom(`COPY ${quote(table.name)} (${columns}) FROM STDIN`));
      async function* lines() {
        for await (const batch of batches) {
          if ('copyText' in batch) {
            yield batch.copyText;
            onRows(batch.rows);
            continue;
          }
          let chunk = '';
          for (const row of batch) chunk += copyLine(table.columns, row);
          yield chunk;
          onRows(batch.length);
        }
      }
      // At most one chunk read ahead: memory stays at a few MB and the progress counts what PostgreSQL took.
      await pipeline(Readable.from(lines(), { objectMode: true, highWaterMark: 1 }), copy);
    },
    async commit(tables) {
      if (bulkForeignKeyCheck) {
        for (const fk of await foreignKeys(client)) {
          const { rows } = await client.query(
            `SELECT count(*) AS n FROM ${fk.child} c WHERE c.${quote(fk.childColumn)} IS NOT NULL AND NOT EXISTS ` +
              `(SELECT 1 FROM ${fk.parent} p WHERE p.${quote(fk.parentColumn)} = c.${quote(fk.childColumn)})`,
          );
          if (Number(rows[0].n) > 0) {
            throw new OpsError(`foreign key check failed: ${rows[0].n} rows of ${fk.child}.${fk.childColumn} point at no ${fk.parent} row; nothing was committed`);
          }
        }
      }
      for (const table of tables.filter((t) => t.generatedKey)) {
        const pk = quote(table.primaryKey.name);
        await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(${pk}) FROM ${quote(table.name)}), 0) + 1, false)`, [
          quote(table.name),
          table.primaryKey.name,
        ]);
      }
      await client.query('COMMIT');
      release();
    },
    async rollback() {
      if (released) return;
      try {
        await client.query('ROLLBACK');
        release();
      } catch (error) {
        release(error as Error); // the connection is gone: the server rolls the transaction back itself
      }
    },
  };
}

async function foreignKeys(client: pg.PoolClient): Promise<ForeignKey[]> {
  const { rows } = await client.query(`
    SELECT c.conrelid::regclass::text AS child, a.attname AS "childColumn",
           c.confrelid::regclass::text AS parent, af.attname AS "parentColumn"
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`);
  return rows;
}
