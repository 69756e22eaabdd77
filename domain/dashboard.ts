import type { Database } from './database.js';
import { holdsPlace } from './places.js';
import { attendanceSummary, type AttendanceSummary } from './reminders.js';
import { slotFill } from './slots.js';
import type { RegistrationRole, RegistrationStatus } from '../entities/index.js';
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
  /** Participants holding a place (pending or approved) and the competition's places (null: no limit). */
  placesTaken: number;
  capacity: number | null;
  /** Approved registrations: who is expected at the door. */
  expected: number;
  /** Active voters (not cancelled or rejected). */
  voters: number;
  /** On the competition's day (in TZ_DISPLAY): checked in / expected (approved), for the door's live count. */
  door: { checkedIn: number; expected: number } | null;
  slots: Array<{ id: number; label: string; taken: number; capacity: number }>;
  /** New registrations per day (days in TZ_DISPLAY, today the last) over the last `CHART_DAYS` days, oldest first. */
  perDay: Array<{ day: string; count: number }>;
  /** Answers to the reminder: confirmed / declined / approved without an answer. */
  attendance: AttendanceSummary;
}

const CHART_DAYS = 14;

/**
 * Per open competition (registration open, or taking place from yesterday on): registrations by status,
 * check-ins and slot fill, times in `timeZone`. A few grouped queries on indexed columns, whatever the
 * number of registrations.
 */
export async function dashboardSummary(db: Database, timeZone: string): Promise<CompetitionSummary[]> {
  const competitions = await db.query<{ id: number; title: string; starts_at: Date | string | null; max_participants: number | null }>(
    `SELECT id, title, starts_at, max_participants FROM competitions
     WHERE registration_open = $1 OR starts_at IS NULL OR starts_at >= $2
     ORDER BY starts_at IS NULL, starts_at, id LIMIT ${MAX_COMPETITIONS}`,
    [true, db.date(new Date(Date.now() - RECENT_MS))],
  );
  if (competitions.length === 0) return [];
  const list = competitions.map((c) => Number(c.id)).join(', '); // integers from the database
  // One pass over the competitions' registrations: counts by status, and check-ins among them.
  const counts = await db.query<{ competition_id: number; role: string; status: string; n: string | number; checked_in: string | number | null }>(
    `SELECT competition_id, role, status, COUNT(*) AS n, SUM(CASE WHEN checked_in = $1 THEN 1 ELSE 0 END) AS checked_in
     FROM registrations WHERE competition_id IN (${list}) GROUP BY competition_id, role, status`,
    [true],
  );
  // Counted in quarter hours (UTC) by the database, then each quarter's day in TZ_DISPLAY: every zone's midnight
  // falls on a quarter hour, so a registration at 23:30 in Moscow (20:30 UTC) counts for Moscow's day.
  const since = new Date(Date.now() - (CHART_DAYS + 1) * 86_400_000);
  const quarterOf = db.isPostgres ? 'floor(extract(epoch from created_at) / 900)' : "CAST(strftime('%s', created_at) AS integer) / 900";
  const quarters = await db.query<{ competition_id: number; quarter: string | number; n: string | number }>(
    `SELECT competition_id, ${quarterOf} AS quarter, COUNT(*) AS n FROM registrations
     WHERE competition_id IN (${list}) AND created_at >= $1 GROUP BY competition_id, ${quarterOf}`,
    [db.date(since)],
  );
  const today = formatInZone(new Date(), timeZone).slice(0, 10);
  const chartDays = lastDays(today, CHART_DAYS);
  const slots = await db.query<{ id: number; competition_id: number; starts_at: Date | string; ends_at: Date | string; capacity: number }>(
    `SELECT id, competition_id, starts_at, ends_at, capacity FROM time_slots WHERE competition_id IN (${list}) ORDER BY starts_at`,
  );
  const fill = await slotFill(db, db.manager, slots.map((s) => Number(s.id)));
  const attendance = await attendanceSummary(db, competitions.map((c) => Number(c.id)));
  return competitions.map((c) => {
    const id = Number(c.id);
    const mine = counts.filter((r) => Number(r.competition_id) === id);
    const byStatus = new Map<string, number>();
    for (const r of mine) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + Number(r.n));
    const sum = (keep: (r: (typeof mine)[number]) => boolean) => mine.filter(keep).reduce((n, r) => n + Number(r.n), 0);
    const perDay = new Map<string, number>();
    for (const q of quarters) {
      if (Number(q.competition_id) !== id) continue;
      const day = formatInZone(new Date(Number(q.quarter) * 900_000), timeZone).slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + Number(q.n));
    }
    return {
      id,
      title: c.title,
      startsAt: c.starts_at ? formatInZone(toDate(c.starts_at), timeZone) : '',
      counts: Object.fromEntries(byStatus),
      placesTaken: sum((r) => holdsPlace(r.role as RegistrationRole, r.status as RegistrationStatus)),
      capacity: c.max_participants === null ? null : Number(c.max_participants),
      expected: byStatus.get('approved') ?? 0,
      voters: sum((r) => r.role === 'voter' && r.status !== 'cancelled' && r.status !== 'rejected'),
      perDay: chartDays.map((day) => ({ day, count: perDay.get(day) ?? 0 })),
      checkedIn: mine.reduce((sum, r) => sum + Number(r.checked_in ?? 0), 0),
      door: c.starts_at && formatInZone(toDate(c.starts_at), timeZone).slice(0, 10) === today
        ? { checkedIn: Number(mine.find((r) => r.status === 'approved')?.checked_in ?? 0), expected: Number(mine.find((r) => r.status === 'approved')?.n ?? 0) }
        : null,
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

/** The `count` calendar days ending with `today` ("YYYY-MM-DD"), oldest first. */
function lastDays(today: string, count: number): string[] {
  const [year, month, day] = today.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(year, month - 1, day - (count - 1 - i))).toISOString().slice(0, 10));
}
