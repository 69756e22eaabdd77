import type { Language } from '../i18n/index.js';
import { EXPORT_COLUMNS, type ExportCell } from '../domain/read-models/registration-export.js';
import { formatPhone } from '../domain/profile.js';
import { exportAnswer } from '../domain/read-models/answers.js';
import { questionTitle } from '../domain/answer-rules.js';
import type { Question } from '../entities/index.js';
import { ADMIN_CATALOGUES, valueLabel } from './locale.js';

/** What both exports (CSV, xlsx) write of a row: words in the admin's language, phones as people read them. */
export type ExportValue = string | number | Date | null;

/** The columns' headers in `lang`, in `EXPORT_COLUMNS` order, then one per question (its title). */
export function exportHeaders(lang: Language, questions: readonly Question[] = []): string[] {
  return [...EXPORT_COLUMNS.map((c) => ADMIN_CATALOGUES[lang].csv.headers[c]), ...questions.map((q) => questionTitle(q, lang))];
}

/**
 * Values in words (status, role, yes/no, the reminder's answer) in `lang`; a phone in the bot's display form
 * ("+7 912 345-67-89": with its spaces no spreadsheet reads it as a number and drops the "+"); the Telegram id
 * as text (it has more digits than a spreadsheet's number keeps exactly). Dates stay instants: each format
 * writes them its own way.
 */
export function exportValues(row: ExportCell[], lang: Language, questions: readonly Question[] = []): ExportValue[] {
  return row.map((cell, i) => {
    const column = EXPORT_COLUMNS[i];
    // An answer: as people read it (options by their labels, several joined with ", ", a file by its name).
    if (i >= EXPORT_COLUMNS.length) return exportAnswer(questions[i - EXPORT_COLUMNS.length], cell === null ? undefined : String(cell), lang);
    if (typeof cell === 'boolean') return cell ? ADMIN_CATALOGUES[lang].yesNo.yes : ADMIN_CATALOGUES[lang].yesNo.no;
    if ((column === 'status' || column === 'role') && typeof cell === 'string') return valueLabel(lang, `${column}.${cell}`);
    if (column === 'attendance' && typeof cell === 'string' && cell) return valueLabel(lang, `attendance.${cell}`);
    if (column === 'team_role' && typeof cell === 'string') return valueLabel(lang, `teamRole.${cell}`);
    if (column === 'phone') return typeof cell === 'string' ? formatPhone(cell) : null;
    if (column === 'telegram_id') return cell === null ? null : String(cell);
    return cell;
  });
}
