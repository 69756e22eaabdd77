import { PassThrough, type Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Language } from '../i18n/index.js';
import { REGISTRATION_ROLES } from '../entities/index.js';
import type { Database } from '../domain/infrastructure/database.js';
import { EXPORT_COLUMNS, exportQuestions, registrationExportBatches } from '../domain/read-models/registration-export.js';
import { exportAnswer } from '../domain/read-models/answers.js';
import { competitionHasTeams, teamExportBatches } from '../domain/read-models/team-views.js';
import { questionTitle } from '../domain/answer-rules.js';
import type { Question } from '../entities/index.js';
import { wallClockInZone } from '../domain/time.js';
import { exportHeaders, exportValues } from './export-rows.js';
import { ADMIN_CATALOGUES, valueLabel } from './locale.js';

/** How a date cell reads: the wall clock in TZ_DISPLAY, as the bot writes dates. */
const DATE_FORMAT = 'dd.mm.yyyy hh:mm';
const DATE_COLUMNS = new Set<string>(['registered_at', 'status_changed_at']);
// Every cell gets one of these very objects: exceljs recognizes a style object it has seen and skips working it
// out again (a column's style would be copied into each cell, and worked out per cell).
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT };
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};
const STYLES = EXPORT_COLUMNS.map((column) => (DATE_COLUMNS.has(column) ? DATE_STYLE : PLAIN_STYLE));
const WIDE_COLUMNS = new Set<string>(['full_name', 'time_slots', 'rejection_reason', 'status_changed_at', 'registered_at', 'phone']);

/**
 * Resolves when `stream` has passed on what was written to it (at once when it holds less than its high-water
 * mark), or when the download is gone.
 */
function drained(stream: Writable | undefined, output: PassThrough): Promise<void> {
  if (!stream?.writableNeedDrain || output.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      output.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    output.on('close', done);
  });
}

/**
 * exceljs writes a sheet's XML into its zip entry without asking whether the zip has taken the last part (its
 * buffer's write always says yes), so a slow client would leave the whole sheet waiting in memory. After each
 * batch: wait until the entry's stream (where the zip reads) and the output have passed their data on.
 */
async function backpressure(sheet: ExcelJS.Worksheet, output: PassThrough): Promise<void> {
  const entry = (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
  await drained(entry, output);
  await drained(output, output);
}

async function writeWorkbook(output: PassThrough, db: Database, competitionId: number, timeZone: string, lang: Language): Promise<void> {
  // No shared strings: their table would grow with the file; each text is written in its cell.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const { members: questions, team: teamQuestions } = await exportQuestions(db, competitionId);
  const headers = exportHeaders(lang, questions);
  const styles = [...STYLES, ...questions.map(() => PLAIN_STYLE)];
  for (const role of REGISTRATION_ROLES) {
    // One sheet at a time: the zip takes its entries in order, so a second open sheet would wait in memory.
    const sheet = workbook.addWorksheet(ADMIN_CATALOGUES[lang].xlsx.sheets[role], { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [...EXPORT_COLUMNS, ...questions.map((q) => `question_${q.id}`)].map((column, i) => ({
      header: headers[i],
      key: column,
      width: WIDE_COLUMNS.has(column) || i >= EXPORT_COLUMNS.length ? 20 : 14,
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const batch of registrationExportBatches(db, competitionId, timeZone, role, questions)) {
      if (output.destroyed) return; // the download was cancelled: stop reading
      for (const row of batch) {
        const added = sheet.addRow(exportValues(row, lang, questions).map((value) => (value instanceof Date ? wallClockInZone(value, timeZone) : value)));
        styles.forEach((style, i) => (added.getCell(i + 1).style = style));
        added.commit();
      }
      await backpressure(sheet, output);
    }
    sheet.commit();
  }
  if (await competitionHasTeams(db, competitionId)) await writeTeamsSheet(workbook, output, db, competitionId, lang, teamQuestions);
  await workbook.commit();
}

/**
 * The "Команды" sheet (issue 26): one row per team of the competition — name, status, captain, the members (active
 * ones, the captain first) and their count, then one column per team question — read in batches like the others.
 */
async function writeTeamsSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, output: PassThrough, db: Database, competitionId: number, lang: Language, questions: Question[]) {
  const words = ADMIN_CATALOGUES[lang].xlsx.teams;
  const sheet = workbook.addWorksheet(ADMIN_CATALOGUES[lang].xlsx.sheets.teams, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: words.name, key: 'name', width: 24 },
    { header: words.status, key: 'status', width: 14 },
    { header: words.captain, key: 'captain', width: 24 },
    { header: words.members, key: 'members', width: 48 },
    { header: words.count, key: 'count', width: 12 },
    ...questions.map((q) => ({ header: questionTitle(q, lang), key: `question_${q.id}`, width: 20 })),
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const batch of teamExportBatches(db, competitionId)) {
    if (output.destroyed) return;
    for (const team of batch) {
      sheet
        .addRow([
          team.name,
          valueLabel(lang, `status.${team.status}`),
          team.captain,
          team.members.join(', '),
          team.members.length,
          ...questions.map((q) => exportAnswer(q, team.answers.get(q.id), lang)),
        ])
        .commit();
    }
    await backpressure(sheet, output);
  }
  sheet.commit();
}

/**
 * The competition's registrations as an Excel workbook, streamed: a sheet per role (participants, voters) — and, for a
 * team competition, the "Команды" sheet — with a
 * frozen header row, the same columns, words and rows as the CSV; phones and the Telegram id are text cells,
 * times are date cells showing TZ_DISPLAY's wall clock. Rows are read in batches as the client takes the file.
 */
export function registrationsXlsx(db: Database, competitionId: number, timeZone: string, lang: Language = 'ru'): Readable {
  const output = new PassThrough();
  writeWorkbook(output, db, competitionId, timeZone, lang).catch((error: unknown) => output.destroy(error as Error));
  return output;
}
