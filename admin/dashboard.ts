import type { Database } from '../domain/database.js';
import { formatInZone, toDate } from '../domain/time.js';
import { slotFill } from '../domain/index.js';
import { slotLabel } from './resources.js';
import type { ResourceContext } from './resource.js';

const RECENT_MS = 24 * 60 * 60 * 1000;
const MAX_COMPETITIONS = 20;

/**
 * The dashboard's data: per open competition (registration open, or taking place from yesterday on),
 * registrations by status, check-ins, slot fill, and the link to pending approvals. A few grouped queries
 * on indexed columns, whatever the number of registrations.
 */
export async function dashboardData(ctx: ResourceContext, rootPath: string) {
  const { db, timeZone } = ctx;
  const competitions = await db.query<{ id: number; title: string; starts_at: Date | string | null }>(
    `SELECT id, title, starts_at FROM competitions
     WHERE registration_open = $1 OR starts_at IS NULL OR starts_at >= $2
     ORDER BY starts_at IS NULL, starts_at, id LIMIT ${MAX_COMPETITIONS}`,
    [true, db.date(new Date(Date.now() - RECENT_MS))],
  );
  if (competitions.length === 0) return { competitions: [] };
  const ids = competitions.map((c) => Number(c.id));
  const list = ids.join(', ');
  // One pass over the competitions' registrations: counts by status, and check-ins among them.
  const counts = await db.query<{ competition_id: number; status: string; n: string | number; checked_in: string | number }>(
    `SELECT competition_id, status, COUNT(*) AS n, SUM(CASE WHEN checked_in = $1 THEN 1 ELSE 0 END) AS checked_in
     FROM registrations WHERE competition_id IN (${list}) GROUP BY competition_id, status`,
    [true],
  );
  const slots = await db.query<{ id: number; competition_id: number; starts_at: Date | string; ends_at: Date | string; capacity: number }>(
    `SELECT id, competition_id, starts_at, ends_at, capacity FROM time_slots WHERE competition_id IN (${list}) ORDER BY starts_at`,
  );
  const fill = await slotFill(db, db.manager, slots.map((s) => Number(s.id)));
  return {
    competitions: competitions.map((c) => {
      const id = Number(c.id);
      return {
        id,
        title: c.title,
        startsAt: c.starts_at ? formatInZone(toDate(c.starts_at), timeZone) : '',
        counts: Object.fromEntries(counts.filter((r) => Number(r.competition_id) === id).map((r) => [r.status, Number(r.n)])),
        checkedIn: counts.filter((r) => Number(r.competition_id) === id).reduce((sum, r) => sum + Number(r.checked_in ?? 0), 0),
        pendingUrl: `${rootPath}/resources/Registration?filters.competitionId=${id}&filters.status=pending`,
        slots: slots.filter((s) => Number(s.competition_id) === id).map((s) => ({
          id: Number(s.id),
          label: slotLabel({ startsAt: toDate(s.starts_at), endsAt: toDate(s.ends_at) }, timeZone),
          taken: fill.get(Number(s.id)) ?? 0,
          capacity: s.capacity,
        })),
      };
    }),
  };
}
