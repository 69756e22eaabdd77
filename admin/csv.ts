import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../domain/infrastructure/database.js';
import { exportQuestions, registrationExportBatches } from '../domain/read-models/registration-export.js';
import { wallClockInZone } from '../domain/time.js';
import { exportHeaders, exportValues, type ExportValue } from './export-rows.js';

type Lang = 'ru' | 'en';

/**
 * What Excel in that language opens directly: a Russian Excel reads ";" as the separator (the comma is the
 * decimal mark there), an English one ",".
 */
export const CSV_SEPARATOR: Record<Lang, string> = { ru: ';', en: ',' };

/** A cell a spreadsheet would run as a formula gets a leading quote (a phone number like +7… stays as is). */
function safeCell(value: ExportValue, timeZone: string): string | number | null {
  // "YYYY-MM-DD HH:mm" in TZ_DISPLAY, as formatInZone writes it.
  if (value instanceof Date) return wallClockInZone(value, timeZone).toISOString().slice(0, 16).replace('T', ' ');
  if (typeof value !== 'string') return value;
  if (/^[=+\-@\t\r]/.test(value) && !/^\+?[\d\s()-]+$/.test(value)) return `'${value}`;
  return value;
}

/**
 * Each batch of rows is turned into CSV text at once (csv-stringify, RFC 4180 quoting), so the rows die young
 * and only one batch waits for the client.
 */
async function* csvChunks(db: Database, competitionId: number, timeZone: string, lang: Lang): AsyncGenerator<string> {
  const delimiter = CSV_SEPARATOR[lang];
  const questions = (await exportQuestions(db, competitionId)).members;
  yield stringify([exportHeaders(lang, questions)], { bom: true, delimiter });
  for await (const batch of registrationExportBatches(db, competitionId, timeZone, undefined, questions)) {
    yield stringify(
      batch.map((row) => exportValues(row, lang, questions).map((value) => safeCell(value, timeZone))),
      { delimiter },
    );
  }
}

/**
 * A stream of the CSV file: UTF-8 with a BOM (Excel then reads Cyrillic right), header first, in `lang`. A
 * pull stream: the next batch is read from the database only when the client has taken the previous one.
 */
export function registrationsCsv(db: Database, competitionId: number, timeZone: string, lang: Lang = 'ru'): Readable {
  return Readable.from(csvChunks(db, competitionId, timeZone, lang), { objectMode: false });
}
