/**
 * Times are stored in UTC and shown / entered in TZ_DISPLAY, whatever the browser's own time zone is
 * (organizers of one event read the event's local time). People read and type them day first, as the bot
 * writes them ("20.03.2027 11:00", formatForPeople); "YYYY-MM-DD HH:mm" (formatInZone) is the sortable form
 * for day keys and file names.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(date: Date, timeZone: string): Record<string, number> {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(date)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatInZone(date: Date | null | undefined, timeZone: string): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  const p = partsIn(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "DD.MM.YYYY HH:mm" in the zone, as people read (and type) it in the admin. */
export function formatForPeople(date: Date | null | undefined, timeZone: string): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  const p = partsIn(date, timeZone);
  return `${pad(p.day)}.${pad(p.month)}.${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "HH:mm" in the zone when `date` is on the same day there as `now`, else the full "DD.MM.YYYY HH:mm". */
const QUARTER_HOUR = 15 * 60_000;
/** Per zone, the offset of each quarter hour met lately (bounded): exports convert 100,000s of times. */
const quarterOffsets = new Map<string, Map<number, number>>();

/**
 * The instant's wall clock in the zone as a Date whose UTC fields are that wall clock (seconds kept): what a
 * spreadsheet stores, since a spreadsheet's date has no zone (exceljs writes a Date's UTC fields). Zones change
 * their offset on a quarter hour of UTC, so the offset is asked once per quarter hour (Intl's formatToParts
 * is slow and makes much garbage).
 */
export function wallClockInZone(date: Date, timeZone: string): Date {
  const ms = date.getTime();
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let zone = quarterOffsets.get(timeZone);
  if (!zone) quarterOffsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(quarter);
  if (offset === undefined) {
    if (zone.size >= 10_000) zone.clear();
    offset = offsetAt(quarter * QUARTER_HOUR, timeZone);
    zone.set(quarter, offset);
  }
  return new Date(ms + offset);
}

/** "HH:mm" in the zone when `date` is on the same day there as `now`, else the full "YYYY-MM-DD HH:mm". */
export function formatClockInZone(date: Date | null | undefined, timeZone: string, now = new Date()): string {
  const full = formatForPeople(date, timeZone);
  return full && formatInZone(date, timeZone).slice(0, 10) === formatInZone(now, timeZone).slice(0, 10) ? full.slice(11) : full;
}

/** Offset of the zone from UTC at this instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsIn(new Date(instant), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

export class TimeFormatError extends Error {}

const LOCAL_TIME = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?\s*$/;

/** "YYYY-MM-DD HH:mm" (or "YYYY-MM-DD") read in `timeZone` → the UTC instant. Empty → null. */
export function parseInZone(text: string | null | undefined, timeZone: string): Date | null {
  if (text === null || text === undefined || String(text).trim() === '') return null;
  const value = String(text);
  // An ISO instant with a zone (API clients, the date picker) is taken as is.
  if (/T.*(Z|[+-]\d\d:?\d\d)$/.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  const m = LOCAL_TIME.exec(value);
  if (!m) throw new TimeFormatError(`expected YYYY-MM-DD HH:mm, got ${JSON.stringify(value)}`);
  const [year, month, day, hour = 0, minute = 0] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) throw new TimeFormatError(`no such time: ${value}`);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let instant = wall - offsetAt(wall, timeZone);
  // Across a DST change the offset at the guessed instant may differ: correct once.
  const corrected = wall - offsetAt(instant, timeZone);
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/** Raw SQL timestamps: a Date on PostgreSQL, UTC text without a zone on SQLite ("2026-11-25 10:00:00.000"). */
export function toDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}

/** A slot as people read it: "15.01.2030 13:00–14:00", the end's date only when it differs, the competition after. */
export function slotLabel(slot: { startsAt: Date; endsAt: Date }, timeZone: string, competitionTitle?: string): string {
  const from = formatForPeople(slot.startsAt, timeZone);
  const to = formatForPeople(slot.endsAt, timeZone);
  const end = from.slice(0, 10) === to.slice(0, 10) ? to.slice(11) : to;
  return `${from}–${end}${competitionTitle ? ` · ${competitionTitle}` : ''}`;
}
