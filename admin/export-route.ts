import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { adminActor } from '../domain/actor.js';
import type { Database } from '../domain/infrastructure/database.js';
import { exportTitle, recordExport } from '../domain/read-models/registration-export.js';
import { formatInZone } from '../domain/time.js';
import type { Language } from '../i18n/index.js';
import { languageOfHeader } from './auth.js';
import { registrationsCsv } from './csv.js';
import { ADMIN_CATALOGUES } from './locale.js';
import { isStaff } from './resources/shared.js';
import { registrationsXlsx } from './xlsx.js';

/** The export's formats: the file's extension, its media type and its stream. */
const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', stream: registrationsCsv },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', stream: registrationsXlsx },
} satisfies Record<string, { type: string; stream: (db: Database, id: number, timeZone: string, lang: Language) => Readable }>;

export type ExportFormat = keyof typeof FORMATS;

/**
 * The download's file name: the competition's title and the date ("Весна-2027 — заявки 2026-11-30.csv"),
 * as an RFC 6266 header (an ASCII fallback and the UTF-8 name).
 */
export function exportDisposition(title: string, lang: Language, today: string, format: ExportFormat = 'csv'): string {
  const clean =
    title
      .replace(/[\\/:*?"<>|\r\n\t]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'competition';
  const name = `${clean} — ${ADMIN_CATALOGUES[lang].csv.fileName} ${today}.${format}`;
  const ascii = name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/"/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * GET {rootPath}/export/competitions/:id/registrations.csv and .xlsx: the competition's registrations for staff,
 * streamed, each export audited. AdminJS has no file downloads of its own; the competition's page links here.
 */
export function exportRoutes(scope: FastifyInstance, options: { rootPath: string; db: Database; timeZone: string }): void {
  const { rootPath, db, timeZone } = options;
  for (const format of Object.keys(FORMATS) as ExportFormat[]) {
    scope.get<{ Params: { id: string } }>(`${rootPath}/export/competitions/:id/registrations.${format}`, async (request, reply) => {
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
        .header('content-type', FORMATS[format].type)
        .header('content-disposition', exportDisposition(title, lang, formatInZone(new Date(), timeZone).slice(0, 10), format))
        .header('cache-control', 'no-store');
      return reply.send(FORMATS[format].stream(db, id, timeZone, lang));
    });
  }
}
