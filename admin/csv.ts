import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../domain/database.js';
import { formatInZone, toDate } from '../domain/time.js';
import { slotLabel } from './resources.js';

const BATCH = 1000;

export const CSV_COLUMNS = [
  'registration_id', 'status', 'role', 'checked_in', 'consent_given', 'registered_at', 'status_changed_at',
  'telegram_id', 'username', 'first_name', 'last_name', 'full_name', 'phone', 'language', 'time_slots', 'jury_panel',
];

interface Row {
  id: number; status: string; role: string; checked_in: boolean | number; consent_given: boolean | number;
  created_at: Date | string; status_changed_at: Date | string | null; telegram_id: number | string;
  username: string | null; first_name: string | null; last_name: string | null; full_name: string | null;
  phone: string | null; language_code: string | null; preferred_language: string | null;
}

/** A cell a spreadsheet would run as a formula gets a leading quote (a phone number like +7… stays as is). */
function safeCell(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (/^[=+\-@\t\r]/.test(value) && !/^\+?[\d\s()-]+$/.test(value)) return `'${value}`;
  return value;
}

/**
 * The competition's registrations as CSV rows, read in keyset batches (by id) so that memory stays flat
 * however many there are; slots and panel are fetched per batch. Each batch is turned into CSV text at
 * once, so the rows die young and only one batch of text waits for the client.
 */
async function* registrationBatches(db: Database, competitionId: number, timeZone: string): AsyncGenerator<unknown[][]> {
  let lastId = 0;
  for (;;) {
    const rows = await db.query<Row>(
      `SELECT r.id, r.status, r.role, r.checked_in, r.consent_given, r.created_at, r.status_changed_at,
              u.telegram_id, u.username, u.first_name, u.last_name, u.full_name, u.phone, u.language_code, u.preferred_language
       FROM registrations r JOIN users u ON u.id = r.user_id
       WHERE r.competition_id = $1 AND r.id > $2 ORDER BY r.id LIMIT ${BATCH}`,
      [competitionId, lastId],
    );
    if (rows.length === 0) return;
    lastId = Number(rows[rows.length - 1].id);
    const ids = rows.map((r) => Number(r.id));
    const list = ids.join(', '); // integers from the database
    const slots = new Map<number, string[]>();
    for (const s of await db.query<{ registration_id: number; starts_at: Date | string; ends_at: Date | string }>(
      `SELECT vts.registration_id, s.starts_at, s.ends_at FROM voter_time_slots vts JOIN time_slots s ON s.id = vts.time_slot_id
       WHERE vts.registration_id IN (${list}) ORDER BY s.starts_at`,
    )) {
      const key = Number(s.registration_id);
      slots.set(key, [...(slots.get(key) ?? []), slotLabel({ startsAt: toDate(s.starts_at), endsAt: toDate(s.ends_at) }, timeZone)]);
    }
    const panels = new Map<number, string>();
    for (const p of await db.query<{ registration_id: number; name: string }>(
      `SELECT vjp.registration_id, p.name FROM voter_jury_panels vjp JOIN jury_panels p ON p.id = vjp.jury_panel_id WHERE vjp.registration_id IN (${list})`,
    )) panels.set(Number(p.registration_id), p.name);

    yield rows.map((r) => [
      r.id, r.status, r.role, Boolean(r.checked_in), Boolean(r.consent_given),
      formatInZone(toDate(r.created_at), timeZone), r.status_changed_at ? formatInZone(toDate(r.status_changed_at), timeZone) : '',
      String(r.telegram_id), r.username, r.first_name, r.last_name, r.full_name, r.phone, r.preferred_language ?? r.language_code,
      (slots.get(Number(r.id)) ?? []).join('; '), panels.get(Number(r.id)) ?? '',
    ].map(safeCell));
    if (rows.length < BATCH) return;
  }
}

const CAST = { boolean: (v: boolean) => (v ? 'yes' : 'no') };

async function* csvChunks(db: Database, competitionId: number, timeZone: string): AsyncGenerator<string> {
  yield stringify([CSV_COLUMNS], { bom: true });
  for await (const batch of registrationBatches(db, competitionId, timeZone)) yield stringify(batch, { cast: CAST });
}

/** A stream of the CSV file: UTF-8 with a BOM (Excel then reads Cyrillic right), header first. */
export function registrationsCsv(db: Database, competitionId: number, timeZone: string): Readable {
  return Readable.from(csvChunks(db, competitionId, timeZone), { objectMode: false });
}
