import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../domain/database.js';
import { EXPORT_COLUMNS, registrationExportBatches, type ExportCell } from '../domain/registration-export.js';

/** A cell a spreadsheet would run as a formula gets a leading quote (a phone number like +7… stays as is). */
function safeCell(value: ExportCell): ExportCell {
  if (typeof value !== 'string') return value;
  if (/^[=+\-@\t\r]/.test(value) && !/^\+?[\d\s()-]+$/.test(value)) return `'${value}`;
  return value;
}

const CAST = { boolean: (v: boolean) => (v ? 'yes' : 'no') };

/** Each batch of rows is turned into CSV text at once, so the rows die young and only one batch waits for the client. */
async function* csvChunks(db: Database, competitionId: number, timeZone: string): AsyncGenerator<string> {
  yield stringify([[...EXPORT_COLUMNS]], { bom: true });
  for await (const batch of registrationExportBatches(db, competitionId, timeZone)) {
    yield stringify(batch.map((row) => row.map(safeCell)), { cast: CAST });
  }
}

/** A stream of the CSV file: UTF-8 with a BOM (Excel then reads Cyrillic right), header first. */
export function registrationsCsv(db: Database, competitionId: number, timeZone: string): Readable {
  return Readable.from(csvChunks(db, competitionId, timeZone), { objectMode: false });
}
