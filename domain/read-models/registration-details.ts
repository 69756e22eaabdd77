import type { EntityManager } from 'typeorm';
import type { Database } from '../infrastructure/database.js';
import { slotLabel, toDate } from '../time.js';

export interface SlotsAndPanels {
  /** Registration id → its voting slots as labels in TZ_DISPLAY, in time order. */
  slots: Map<number, string[]>;
  /** Registration id → the name of its jury panel. */
  panels: Map<number, string>;
}

/**
 * The voting slots and jury panel of each of a batch of registrations, in two queries whatever the batch
 * size: the admin's list and show pages and the CSV export read them the same way.
 */
export async function slotsAndPanels(db: Database, registrationIds: number[], timeZone: string, manager: EntityManager = db.manager): Promise<SlotsAndPanels> {
  const slots = new Map<number, string[]>();
  const panels = new Map<number, string>();
  if (registrationIds.length === 0) return { slots, panels };
  const placeholders = registrationIds.map((_, i) => `$${i + 1}`).join(', ');
  const slotRows = await db.query<{ registration_id: number; starts_at: Date | string; ends_at: Date | string }>(
    `SELECT vts.registration_id, s.starts_at, s.ends_at FROM voter_time_slots vts JOIN time_slots s ON s.id = vts.time_slot_id
     WHERE vts.registration_id IN (${placeholders}) ORDER BY s.starts_at`,
    registrationIds,
    manager,
  );
  for (const row of slotRows) {
    const id = Number(row.registration_id);
    slots.set(id, [...(slots.get(id) ?? []), slotLabel({ startsAt: toDate(row.starts_at), endsAt: toDate(row.ends_at) }, timeZone)]);
  }
  const panelRows = await db.query<{ registration_id: number; name: string }>(
    `SELECT vjp.registration_id, p.name FROM voter_jury_panels vjp JOIN jury_panels p ON p.id = vjp.jury_panel_id
     WHERE vjp.registration_id IN (${placeholders})`,
    registrationIds,
    manager,
  );
  for (const row of panelRows) panels.set(Number(row.registration_id), row.name);
  return { slots, panels };
}
