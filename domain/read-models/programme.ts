import { Competition, JuryPanel, TimeSlot } from '../../entities/index.js';
import type { Database } from '../infrastructure/database.js';
import { slotFill } from '../slots.js';
import { formatForPeople, slotLabel } from '../time.js';

/** A competition's voting slots and jury panels, as its page lists them. */
export interface Programme {
  /** The competition's day ("20.03.2027"), the date a new slot starts with; empty without a start. */
  day: string;
  slots: Array<{ id: number; label: string; fill: string }>;
  panels: Array<{ id: number; name: string; capacity: number | null }>;
}

export async function competitionProgramme(db: Database, competitionId: number, timeZone: string): Promise<Programme> {
  const competition = await db.manager.findOneByOrFail(Competition, { id: competitionId });
  const slots = await db.manager.find(TimeSlot, { where: { competitionId }, order: { startsAt: 'ASC', id: 'ASC' } });
  const panels = await db.manager.find(JuryPanel, { where: { competitionId }, order: { name: 'ASC', id: 'ASC' } });
  const fill = await slotFill(
    db,
    db.manager,
    slots.map((s) => s.id),
  );
  return {
    day: formatForPeople(competition.startsAt, timeZone).slice(0, 10),
    slots: slots.map((s) => ({ id: s.id, label: slotLabel(s, timeZone), fill: `${fill.get(s.id) ?? 0} / ${s.capacity}` })),
    panels: panels.map((p) => ({ id: p.id, name: p.name, capacity: p.capacity })),
  };
}
