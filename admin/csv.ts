import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import { adminActor } from '../domain/actor.js';
import type { Database } from '../domain/infrastructure/database.js';
import { EXPORT_COLUMNS, exportTitle, recordExport, registrationExportBatches, type ExportCell } from '../domain/read-models/registration-export.js';
import { formatInZone } from '../domain/time.js';
import { languageOfHeader } from './auth.js';
import { ADMIN_CATALOGUES, valueLabel } from './locale.js';
import { isStaff } from './resources/shared.js';

type Lang = 'ru' | 'en';

/**
 * What Excel in that language opens directly: a Russian Excel reads ";" as the separator (the comma is the
 * decimal mark there), an English one ",".
 */
export const CSV_SEPARATOR: Record<Lang, string> = { ru: ';', en: ',' };

/** A cell a spreadsheet would run as a formula gets a leading quote (a phone number like +7… stays as is). */
function safeCell(value: ExportCell): ExportCell {
  if (typeof value !== 'string') return value;
  if (/^[=+\-@\t\r]/.test(value) && !/^\+?[\d\s()-]+$/.test(value)) return `'${value}`;
  return value;
}

/** Values in words (status, role, yes/no) in the admin's language. */
function localize(row: ExportCell[], lang: Lang): ExportCell[] {
  return row.map((cell, i) => {
    const column = EXPORT_COLUMNS[i];
    if (typeof cell === 'boolean') return cell ? ADMIN_CATALOGUES[lang].yesNo.yes : ADMIN_CATALOGUES[lang].yesNo.no;
    if ((column === 'status' || column === 'role') && typeof cell === 'string') return valueLabel(lang, `${column}.${cell}`);
    if (column === 'attendance' && typeof cell === 'string' && cell) return valueLabel(lang, `attendance.${cell}`);
    return safeCell(cell);
  });
}

/** Each batch of rows is turned into CSV text at once, so the rows die young and only one batch waits for the client. */
async function* csvChunks(db: Database, competitionId: number, timeZone: string, lang: Lang): AsyncGenerator<string> {
  const delimiter = CSV_SEPARATOR[lang];
  yield stringify([EXPORT_COLUMNS.map((c) => ADMIN_CATALOGUES[lang].csv.headers[c])], { bom: true, delimiter });
  for await (const batch of registrationExportBatches(db, competitionId, timeZone)) {
    yield stringify(
      batch.map((row) => localize(row, lang)),
      { delimiter },
    );
  }
}

/** A stream of the CSV file: UTF-8 with a BOM (Excel then reads Cyrillic right), header first, in `lang`. */
export function registrationsCsv(db: Database, competitionId: number, timeZone: string, lang: Lang = 'ru'): Readable {
  return Readable.from(csvChunks(db, competitionId, timeZone, lang), { objectMode: false });
}

/**
 * The download's file name: the competition's title and the date ("Весна-2027 — заявки 2026-11-30.csv"),
 * as an RFC 6266 header (an ASCII fallback and the UTF-8 name).
 */
export function csvDisposition(title: string, lang: Lang, today: string): string {
  const clean =
    title
      .replace(/[\\/:*?"<>|\r\n\t]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'competition';
  const name = `${clean} — ${ADMIN_CATALOGUES[lang].csv.fileName} ${today}.csv`;
  const ascii = name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/"/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * GET {rootPath}/export/competitions/:id/registrations.csv: the competition's registrations for staff, streamed,
 * the export audited. AdminJS has no file downloads of its own; the Competition's exportCsv action links here.
 */
export function csvExportRoute(scope: FastifyInstance, options: { rootPath: string; db: Database; timeZone: string }): void {
  const { rootPath, db, timeZone } = options;
  scope.get<{ Params: { id: string } }>(`${rootPath}/export/competitions/:id/registrations.csv`, async (request, reply) => {
    const current = request.session.get('adminUser');
    if (!current || !isStaff({ currentAdmin: current })) return reply.code(403).send({ error: 'Forbidden' });
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || id <= 0) return reply.code(400).send({ error: 'Bad competition id' });
    const title = await exportTitle(db, id);
    if (title === null) return reply.code(404).send({ error: 'No such competition' });
    await recordExport(db, adminActor(Number(current.id), 'admin'), id);
    // The browser's first language decides, as for the pages (Russian unless it is English).
    const lang = languageOfHeader(request.headers['accept-language']);
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', csvDisposition(title, lang, formatInZone(new Date(), timeZone).slice(0, 10)))
      .header('cache-control', 'no-store');
    return reply.send(registrationsCsv(db, id, timeZone, lang));
  });
}
