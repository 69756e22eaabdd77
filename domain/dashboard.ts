import type { Database } from './database.js';
import { attendanceSummary, type AttendanceSummary } from './reminders.js';
import { slotFill } from './slots.js';
import { formatInZone, slotLabel, toDate } from './time.js';

const RECENT_MS = 24 * 60 * 60 * 1000;
const MAX_COMPETITIONS = 20;

export interface CompetitionSummary {
  id: number;
  title: string;
  startsAt: string;
  /** Registrations by status. */
  counts: Record<string, number>;
  checkedIn: number;
  slots: Array<{ id: number; label: string; taken: number; capacity: number }>;
  /** Answers to the reminder: confirmed / declined / approved without an answer. */
  attendance: AttendanceSummary;
}

/**
 * Per open competition (registration open, or taking place from yesterday on): registrations by status,
 * check-ins and slot fill, times in `timeZone`. A few grouped queries on indexed columns, whatever the
 * number of registrations.
 */
export async function dashboardSummary(db: Database, timeZone: string): Promise<CompetitionSummary[]> {
  const competitions = await db.query<{ id: number; title: string; starts_at: Date | string | null }>(
    `SELECT id, title, starts_at FROM competitions
     WHERE registration_open = $1 OR starts_at IS NULL OR starts_at >= $2
     ORDER BY starts_at IS NULL, starts_at, id LIMIT ${MAX_COMPETITIONS}`,
    [true, db.date(new Date(Date.now() - RECENT_MS))],
  );
  if (competitions.length === 0) return [];
  const list = competitions.map((c) => Number(c.id)).join(', '); // integers from the database
  // One pass over the competitions' registrations: counts by status, and check-ins among them.
  const counts = await db.query<{ competition_id: number; status: string; n: string | number; checked_in: string | number | null }>(
    `SELECT competition_id, status, COUNT(*) AS n, SUM(CASE WHEN checked_in = $1 THEN 1 ELSE 0 END) AS checked_in
     FROM registrations WHERE competition_id IN (${list}) GROUP BY competition_id, status`,
    [true],
  );
  const slots = await db.query<{ id: number; competition_id: number; starts_at: Date | string; ends_at: Date | string; capacity: number }>(
    `SELECT id, competition_id, starts_at, ends_at, capacity FROM time_slots WHERE competition_id IN (${list}) ORDER BY starts_at`,
  );
  const fill = await slotFill(db, db.manager, slots.map((s) => Number(s.id)));
  const attendance = await attendanceSummary(db, competitions.map((c) => Number(c.id)));
  return competitions.map((c) => {
    const id = Number(c.id);
    const mine = counts.filter((r) => Number(r.competition_id) === id);
    return {
      id,
      title: c.title,
      startsAt: c.starts_at ? formatInZone(toDate(c.starts_at), timeZone) : '',
      counts: Object.fromEntries(mine.map((r) => [r.status, Number(r.n)])),
      checkedIn: mine.reduce((sum, r) => sum + Number(r.checked_in ?? 0), 0),
      slots: slots.filter((s) => Number(s.competition_id) === id).map((s) => ({
        id: Number(s.id),
        label: slotLabel({ startsAt: toDate(s.starts_at), endsAt: toDate(s.ends_at) }, timeZone),
        taken: fill.get(Number(s.id)) ?? 0,
        capacity: s.capacity,
      })),
      attendance: attendance.get(id) ?? { confirmed: 0, declined: 0, unanswered: 0 },
    };
  });
}
