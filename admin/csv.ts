import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../domain/infrastructure/database.js';
import { EXPORT_COLUMNS, registrationExportBatches, type ExportCell } from '../domain/read-models/registration-export.js';
import { valueLabel } from './locale.js';

type Column = (typeof EXPORT_COLUMNS)[number];
type Lang = 'ru' | 'en';

/** Column headers as organizers read them, in the admin's language. */
const HEADERS: Record<Lang, Record<Column, string>> = {
  ru: {
    registration_id: 'Номер заявки', status: 'Статус', waitlist_position: 'Место в листе ожидания', role: 'Роль', checked_in: 'Пришёл(ла)',
    consent_given: 'Согласие на обработку данных', registered_at: 'Зарегистрирован(а)', status_changed_at: 'Статус изменён', telegram_id: 'Telegram ID',
    username: 'Username', first_name: 'Имя в Telegram', last_name: 'Фамилия в Telegram', full_name: 'ФИО', phone: 'Телефон', language: 'Язык',
    time_slots: 'Слоты голосования', jury_panel: 'Жюри', attendance: 'Ответ на напоминание',
  },
  en: {
    registration_id: 'Registration', status: 'Status', waitlist_position: 'Waiting list position', role: 'Role', checked_in: 'Checked in',
    consent_given: 'Consent to data processing', registered_at: 'Registered at', status_changed_at: 'Status changed at', telegram_id: 'Telegram ID',
    username: 'Username', first_name: 'First name', last_name: 'Last name', full_name: 'Full name', phone: 'Phone', language: 'Language',
    time_slots: 'Voting slots', jury_panel: 'Jury panel', attendance: 'Reminder answer',
  },
};

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
    if (typeof cell === 'boolean') return lang === 'ru' ? (cell ? 'да' : 'нет') : cell ? 'yes' : 'no';
    if ((column === 'status' || column === 'role') && typeof cell === 'string') return valueLabel(lang, `${column}.${cell}`);
    if (column === 'attendance' && typeof cell === 'string' && cell) return valueLabel(lang, `attendance.${cell}`);
    return safeCell(cell);
  });
}

/** Each batch of rows is turned into CSV text at once, so the rows die young and only one batch waits for the client. */
async function* csvChunks(db: Database, competitionId: number, timeZone: string, lang: Lang): AsyncGenerator<string> {
  const delimiter = CSV_SEPARATOR[lang];
  yield stringify([EXPORT_COLUMNS.map((c) => HEADERS[lang][c])], { bom: true, delimiter });
  for await (const batch of registrationExportBatches(db, competitionId, timeZone)) {
    yield stringify(batch.map((row) => localize(row, lang)), { delimiter });
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
  const clean = title.replace(/[\\/:*?"<>|\r\n\t]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'competition';
  const name = `${clean} — ${lang === 'ru' ? 'заявки' : 'registrations'} ${today}.csv`;
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
