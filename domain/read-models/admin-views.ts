import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { AdminUser, Competition, JuryPanel, Registration, TimeSlot, User, VoterJuryPanel, VoterTimeSlot } from '../../entities/index.js';
import type { Database } from '../infrastructure/database.js';
import { slotsAndPanels } from './registration-details.js';
import { placesLeft } from '../places.js';
import { formatPhone } from '../profile.js';
import { slotFill } from '../slots.js';
import { slotLabel } from '../time.js';
import type { Language } from '../../i18n/index.js';
import { staffName } from './staff-names.js';

/*
 * What the organizers' lists and pages show next to the columns: titles, names, fill, slots and panel,
 * computed for a page of rows at a time (a few queries per page, whatever its size).
 */

/** Rows of `entity` by id. */
export async function byIds<T extends ObjectLiteral & { id: number }>(db: Database, entity: EntityTarget<T>, ids: number[]): Promise<Map<number, T>> {
  const unique = [...new Set(ids.filter((id) => id !== null && id !== undefined))];
  if (unique.length === 0) return new Map();
  const rows = await db.manager.createQueryBuilder(entity, 't').where('t.id IN (:...ids)', { ids: unique }).getMany();
  return new Map(rows.map((row) => [row.id, row]));
}

type NameParts = Partial<Pick<User, 'id' | 'fullName' | 'firstName' | 'lastName' | 'username' | 'telegramId'>>;

/** A user as organizers recognise them: "Name (@username)", else the username, else the Telegram id (else the row's). */
export function userDisplayName(u: NameParts): string {
  const name = u.fullName || [u.firstName, u.lastName].filter(Boolean).join(' ');
  if (name && u.username) return `${name} (@${u.username})`;
  return name || (u.username ? `@${u.username}` : `#${u.telegramId ?? u.id ?? ''}`);
}

export interface SlotSummary {
  label: string;
  /** "taken / capacity". */
  fill: string;
}

export async function slotSummaries(db: Database, slots: TimeSlot[], timeZone: string): Promise<SlotSummary[]> {
  const competitions = await byIds(
    db,
    Competition,
    slots.map((s) => s.competitionId),
  );
  const fill = await slotFill(
    db,
    db.manager,
    slots.map((s) => s.id),
  );
  return slots.map((s) => ({
    label: slotLabel(s, timeZone, shortTitle(competitions.get(s.competitionId)?.title ?? '')),
    fill: `${fill.get(s.id) ?? 0} / ${s.capacity}`,
  }));
}

/** A competition's title cut for a list column ("Кубок города по шах…"); the full title is on its page. */
export function shortTitle(title: string, max = 24): string {
  return title.length <= max ? title : `${title.slice(0, max - 1).trimEnd()}…`;
}

export interface RegistrationSummary {
  /** The person, as organizers recognise them (the competition has its own column). */
  label: string;
  competitionName: string;
  /** Place in the competition's waiting list (1 = next), or null. */
  queuePosition: number | null;
  phone: string;
  timeSlots: string;
  juryPanel: string;
}

export async function registrationSummaries(db: Database, registrations: Registration[], timeZone: string): Promise<RegistrationSummary[]> {
  const users = await byIds(
    db,
    User,
    registrations.map((r) => r.userId),
  );
  const competitions = await byIds(
    db,
    Competition,
    registrations.map((r) => r.competitionId),
  );
  const { slots, panels } = await slotsAndPanels(
    db,
    registrations.map((r) => r.id),
    timeZone,
  );
  const positions = await queuePositions(
    db,
    registrations.filter((r) => r.status === 'waitlisted' && r.role === 'participant'),
  );
  return registrations.map((r) => {
    const user = users.get(r.userId);
    return {
      label: user ? userDisplayName(user) : `#${r.userId}`,
      competitionName: shortTitle(competitions.get(r.competitionId)?.title ?? String(r.competitionId)),
      queuePosition: positions.get(r.id) ?? null,
      phone: formatPhone(user?.phone ?? null),
      timeSlots: slots.get(r.id)?.join('; ') ?? '',
      juryPanel: panels.get(r.id) ?? '',
    };
  });
}

/** Waiting-list positions of these waitlisted registrations (one query per page of rows). */
async function queuePositions(db: Database, waitlisted: Registration[]): Promise<Map<number, number>> {
  if (waitlisted.length === 0) return new Map();
  const competitions = [...new Set(waitlisted.map((r) => Number(r.competitionId)))].join(', ');
  const rows = await db.query<{ id: number; pos: string | number }>(
    `SELECT id, ROW_NUMBER() OVER (PARTITION BY competition_id ORDER BY created_at, id) AS pos FROM registrations
      WHERE role = 'participant' AND status = 'waitlisted' AND competition_id IN (${competitions})`,
  );
  const wanted = new Set(waitlisted.map((r) => r.id));
  return new Map(rows.filter((r) => wanted.has(Number(r.id))).map((r) => [Number(r.id), Number(r.pos)]));
}

interface Option {
  id: number;
  label: string;
}

export type RegistrationChoices = { error: 'panel.one_competition' } | { panels: Option[]; juryPanelId?: number | null; slots?: Option[]; timeSlotIds?: number[] };

/**
 * What an organizer may choose for registrations: the panels of their competition (all must be of one), and
 * for a single voter also the competition's slots, with the current choice.
 */
export async function registrationChoices(db: Database, registrationIds: number[], withSlots: boolean, timeZone: string): Promise<RegistrationChoices> {
  const registrations = await db.manager.findBy(Registration, { id: In(registrationIds) });
  const competitionIds = [...new Set(registrations.map((r) => r.competitionId))];
  if (competitionIds.length !== 1) return { error: 'panel.one_competition' };
  const [competitionId] = competitionIds;
  const panels = await db.manager.find(JuryPanel, { where: { competitionId }, order: { name: 'ASC' } });
  const result: RegistrationChoices = { panels: panels.map((p) => ({ id: p.id, label: p.capacity ? `${p.name} (${p.capacity})` : p.name })) };
  if (registrations.length !== 1) return result;
  const [registration] = registrations;
  result.juryPanelId = (await db.manager.findOneBy(VoterJuryPanel, { registrationId: registration.id }))?.juryPanelId ?? null;
  if (withSlots && registration.role === 'voter') {
    const slots = await db.manager.find(TimeSlot, { where: { competitionId }, order: { startsAt: 'ASC' } });
    const chosen = await db.manager.find(VoterTimeSlot, { where: { registrationId: registration.id } });
    result.slots = slots.map((s) => ({ id: s.id, label: `${slotLabel(s, timeZone)} (${s.capacity})` }));
    result.timeSlotIds = chosen.map((c) => c.timeSlotId);
  }
  return result;
}

/** Display names of admin users by id (staffName; an account deleted since: "#id"). */
export async function adminNames(db: Database, ids: Array<number | null>, lang: Language = 'ru'): Promise<Map<number, string>> {
  const admins = await byIds(
    db,
    AdminUser,
    ids.filter((id): id is number => typeof id === 'number'),
  );
  const names = new Map<number, string>();
  for (const id of ids) if (typeof id === 'number') names.set(id, admins.has(id) ? staffName(admins.get(id)!, lang) : `#${id}`);
  return names;
}

/** The newest registration event's id (0 when none): a mark to ask later what happened since. */
export async function lastRegistrationEventId(db: Database): Promise<number> {
  const [row] = await db.query<{ id: number | string | null }>('SELECT MAX(id) AS id FROM registration_events');
  return Number(row?.id ?? 0);
}

/**
 * Who was moved up from the waiting list after `afterEventId` in these competitions (names, in queue
 * order): what an organizer's action did besides what was asked.
 */
export async function promotedSince(db: Database, afterEventId: number, competitionIds: number[]): Promise<string[]> {
  if (competitionIds.length === 0) return [];
  const rows = await db.query<{ user_id: number }>(
    `SELECT r.user_id FROM registration_events e JOIN registrations r ON r.id = e.registration_id
      WHERE e.id > $1 AND e.event IN ('promoted', 'offered') AND r.competition_id IN (${competitionIds.map(Number).join(', ')}) ORDER BY e.id`,
    [afterEventId],
  );
  const users = await byIds(
    db,
    User,
    rows.map((r) => Number(r.user_id)),
  );
  return rows.map((r) => {
    const u = users.get(Number(r.user_id));
    return u ? userDisplayName(u) : `#${r.user_id}`;
  });
}

/**
 * The maximum a competition would get if the organizer approved this waitlisted participant now (every place
 * taken: one more), or null when no place needs adding.
 */
export async function maximumAfterTakingFromQueue(db: Database, registrationId: number): Promise<number | null> {
  const registration = await db.manager.findOneBy(Registration, { id: registrationId });
  if (!registration || registration.status !== 'waitlisted' || registration.role !== 'participant') return null;
  const competition = await db.manager.findOneByOrFail(Competition, { id: registration.competitionId });
  return (await placesLeft(db.manager, competition)) === 0 ? competition.maxParticipants! + 1 : null;
}

/** What deleting a competition, a slot or a panel takes with it, for the confirmation to say. */
export async function deletionImpact(
  db: Database,
  table: 'competitions' | 'time_slots' | 'jury_panels',
  id: number,
): Promise<{ registrations: number; slots: number; panels: number }> {
  if (table === 'competitions') {
    const [registrations, slots, panels] = await Promise.all([
      db.manager.countBy(Registration, { competitionId: id }),
      db.manager.countBy(TimeSlot, { competitionId: id }),
      db.manager.countBy(JuryPanel, { competitionId: id }),
    ]);
    return { registrations, slots, panels };
  }
  const registrations = table === 'time_slots' ? await db.manager.countBy(VoterTimeSlot, { timeSlotId: id }) : await db.manager.countBy(VoterJuryPanel, { juryPanelId: id });
  return { registrations, slots: 0, panels: 0 };
}
