import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpsDatabase } from '../../ops/connection.js';
import { openReader, type TableReader } from '../../ops/read-rows.js';
import { compareKeys } from '../../ops/row-lines.js';
import { describeTables, type TableSpec } from '../../ops/tables.js';
import { TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { fillWithEdgeCases } from './edge-data.js';
import { migratedDatabase } from './helpers.js';

async function all<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

// Every way of reading goes through one paging loop per database (keyset on SQLite, a cursor on PostgreSQL):
// pages of two rows must give what one big page gives, in key order, across text, int and bigint keys.
describe(`the ${TEST_DB} reader pages through every table`, () => {
  let database: TestDatabase;
  let db: OpsDatabase;
  let reader: TableReader;
  let tables: TableSpec[];

  beforeAll(async () => {
    const origin = await migratedDatabase(TEST_DB);
    await fillWithEdgeCases(origin.dataSource);
    await origin.dataSource.destroy();
    database = origin.database;
    db = await openDatabase(database.url);
    reader = await openReader(db);
    tables = describeTables(db.dataSource);
  });
  afterAll(async () => {
    await reader?.close();
    await db?.close();
    await database?.drop();
  });

  it('rows, lines and (SQLite) COPY text are the same in pages of 2 as in one page, and lines come in key order', async () => {
    let paged = 0;
    for (const table of tables) {
      const rows = await all(reader.batches(table, 2));
      expect(rows, table.name).toEqual(await all(reader.batches(table, 1_000)));
      expect(rows.length, table.name).toBe(await reader.count(table));
      const lines = await all(reader.lines(table, 2));
      expect(lines, table.name).toEqual(await all(reader.lines(table, 1_000)));
      expect(lines.length, table.name).toBe(rows.length);
      for (let i = 1; i < lines.length; i++) expect(compareKeys(table, lines[i - 1].key, lines[i].key), table.name).toBeLessThan(0);
      if (reader.copyTextBatches) {
        const copyText = async (batchRows: number) => {
          let text = '';
          for await (const batch of reader.copyTextBatches!(table, batchRows)) text += batch.copyText;
          return text;
        };
        expect(await copyText(2), table.name).toBe(await copyText(1_000));
      }
      if (rows.length > 2) paged++;
    }
    expect(paged).toBeGreaterThanOrEqual(3);
  });
});
