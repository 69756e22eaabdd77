import { In, type EntityManager } from 'typeorm';
import { Competition, Registration, TimeSlot, VoterTimeSlot } from '../entities/index.js';
import { isSelf, type Actor } from './actor.js';
import { deletedChanges, diffChanges, logAdminAction } from './audit.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { recordEvent } from './history.js';
import { enqueueNotification } from './outbox.js';
import { INACTIVE, activeVoters, sqlList } from './places.js';

export interface SlotWithFill {
  slot: TimeSlot;
  /** Voters holding this slot (registrations not cancelled or rejected). */
  taken: number;
  full: boolean;
}

/** Fill of each slot, counted from the voters' choices of registrations still active. */
export async function slotFill(db: Database, manager: EntityManager, slotIds: number[]): Promise<Map<number, number>> {
  const fill = new Map<number, number>(slotIds.map((id) => [id, 0]));
  if (slotIds.length === 0) return fill;
  const placeholders = slotIds.map((_, i) => `$${i + 1}`).join(', ');
  const rows = await db.query<{ slot: number; taken: string | number }>(
    `SELECT v.time_slot_id AS slot, COUNT(*) AS taken FROM voter_time_slots v JOIN registrations r ON r.id = v.registration_id
      WHERE v.time_slot_id IN (${placeholders}) AND r.status NOT IN ${sqlList(INACTIVE)} GROUP BY v.time_slot_id`,
    slotIds,
    manager,
  );
  for (const row of rows) fill.set(Number(row.slot), Number(row.taken));
  return fill;
}

/** The competition's slots in time order with their fill ("3/10"). */
export async function listSlotsWithFill(db: Database, competitionId: number): Promise<SlotWithFill[]> {
  const slots = await db.manager.find(TimeSlot, { where: { competitionId }, order: { startsAt: 'ASC', id: 'ASC' } });
  const fill = await slotFill(
    db,
    db.manager,
    slots.map((s) => s.id),
  );
  return slots.map((slot) => ({ slot, taken: fill.get(slot.id) ?? 0, full: (fill.get(slot.id) ?? 0) >= slot.capacity }));
}

export async function chosenSlotIds(db: Database, registrationId: number, manager: EntityManager = db.manager): Promise<number[]> {
  const rows = await manager.find(VoterTimeSlot, { where: { registrationId }, order: { timeSlotId: 'ASC' } });
  return rows.map((r) => r.timeSlotId);
}

/**
 * Sets a voter's time slots to exactly `timeSlotIds`. Slots newly taken are locked and recounted first
 * (see domain/places.ts), so a full slot is refused with `slots.full` and never overbooked; dropping a slot
 * needs no lock. When an organizer changes the choice, the voter is told.
 */
export function chooseVoterSlots(db: Database, actor: Actor, registrationId: number, timeSlotIds: number[]): Promise<number[]> {
  return changeVoterSlots(db, actor, registrationId, () => timeSlotIds);
}

/** Adds the slot to the voter's choice, or takes it out if it was chosen (a press on the bot's keyboard). */
export function toggleVoterSlot(db: Database, actor: Actor, registrationId: number, timeSlotId: number): Promise<number[]> {
  return changeVoterSlots(db, actor, registrationId, (current) => (current.includes(timeSlotId) ? current.filter((id) => id !== timeSlotId) : [...current, timeSlotId]));
}

/** Takes one slot out of the voter's choice (never adds it: a repeated press is harmless). */
export function dropVoterSlot(db: Database, actor: Actor, registrationId: number, timeSlotId: number, also?: (manager: EntityManager) => Promise<void>): Promise<number[]> {
  return changeVoterSlots(db, actor, registrationId, (current) => current.filter((id) => id !== timeSlotId), also);
}

/**
 * The voter's registration row is locked first, so two changes of one voter's choice (a double tap) run one
 * after the other, each deciding from the choice the previous one left.
 */
function changeVoterSlots(
  db: Database,
  actor: Actor,
  registrationId: number,
  decide: (current: number[]) => number[],
  also?: (manager: EntityManager) => Promise<void>,
): Promise<number[]> {
  return db.write(async (manager) => {
    await db.lockForUpdate(manager, 'registrations', [registrationId]);
    const registration = await manager.findOneBy(Registration, { id: registrationId });
    if (!registration || (actor.kind === 'user' && registration.userId !== actor.userId)) throw new DomainError('registration.not_found');
    if (registration.role !== 'voter') throw new DomainError('slots.voters_only');
    if (INACTIVE.includes(registration.status)) throw new DomainError('slots.registration_inactive');

    const current = await chosenSlotIds(db, registrationId, manager);
    const wanted = [...new Set(decide(current))].sort((a, b) => a - b);
    const added = wanted.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !wanted.includes(id));
    if (added.length === 0 && removed.length === 0) return current;

    await db.lockForUpdate(manager, 'time_slots', added);
    const slots = added.length ? await manager.find(TimeSlot, { where: { id: In(added) } }) : [];
    if (slots.length !== added.length || slots.some((s) => s.competitionId !== registration.competitionId)) {
      throw new DomainError('slots.not_found');
    }
    const fill = await slotFill(db, manager, added);
    for (const slot of slots) {
      if ((fill.get(slot.id) ?? 0) >= slot.capacity) throw new DomainError('slots.full', { slotId: slot.id });
    }
    if (removed.length) await manager.delete(VoterTimeSlot, { registrationId, timeSlotId: In(removed) });
    await also?.(manager);
    for (const timeSlotId of added) await manager.insert(VoterTimeSlot, { registrationId, timeSlotId });

    await logAdminAction(manager, actor, 'registration.slots_changed', 'registrations', registrationId, { timeSlotIds: { before: current, after: wanted } });
    await recordEvent(manager, actor, registrationId, 'slots_changed');
    if (!isSelf(actor, registration.userId)) {
      const competition = await manager.findOneByOrFail(Competition, { id: registration.competitionId });
      await enqueueNotification(manager, registration.userId, 'notify.slots_changed', { competition: competition.title, competitionId: competition.id });
    }
    return wanted;
  });
}

export interface TimeSlotChanges {
  startsAt?: Date;
  endsAt?: Date;
  capacity?: number;
}

/** A slot ends after it starts and holds a whole, non-negative number of voters. */
function checkSlot(slot: { startsAt: Date; endsAt: Date; capacity: number }): void {
  if (!Number.isInteger(slot.capacity) || slot.capacity < 0) throw new DomainError('slot.bad_capacity', {}, 'capacity');
  if (slot.endsAt.getTime() <= slot.startsAt.getTime()) throw new DomainError('slot.ends_before_start', {}, 'endsAt');
}

/** An organizer adds a voting slot to a competition (the same checks as an edit); audited. */
export function createTimeSlot(db: Database, actor: Actor, values: { competitionId: number; startsAt: Date; endsAt: Date; capacity: number }): Promise<TimeSlot> {
  checkSlot(values);
  return db.write(async (manager) => {
    if (!(await manager.existsBy(Competition, { id: values.competitionId }))) throw new DomainError('competition.not_found');
    const slot = await manager.save(manager.create(TimeSlot, values));
    await logAdminAction(manager, actor, 'time_slots.created', 'time_slots', slot.id, diffChanges({}, values));
    return slot;
  });
}

/**
 * An organizer deletes a slot: the voters' choices of it go with it (cascade), and every voter who had
 * chosen it (registration still active) is told, in the same transaction.
 */
export function deleteTimeSlot(db: Database, actor: Actor, slotId: number): Promise<void> {
  return db.write(async (manager) => {
    await db.lockForUpdate(manager, 'time_slots', [slotId]);
    const slot = await manager.findOneBy(TimeSlot, { id: slotId });
    if (!slot) throw new DomainError('slot.not_found');
    const competition = await manager.findOneByOrFail(Competition, { id: slot.competitionId });
    const voters = await activeVoters(db, manager, 'slot', slotId);
    await manager.delete(TimeSlot, { id: slotId });
    await logAdminAction(manager, actor, 'time_slots.deleted', 'time_slots', slotId, deletedChanges(slot));
    for (const userId of voters) {
      await enqueueNotification(manager, userId, 'notify.slot_deleted', {
        competition: competition.title,
        competitionId: competition.id,
        startsAt: slot.startsAt.toISOString(),
        endsAt: slot.endsAt.toISOString(),
      });
    }
  });
}

/**
 * An organizer edits a slot. Raising the capacity is always fine; lowering it below the voters already in
 * it is refused (`slot.capacity_below_fill`). Moving the time tells every voter in the slot.
 */
export function updateTimeSlot(db: Database, actor: Actor, slotId: number, changes: TimeSlotChanges): Promise<TimeSlot> {
  return db.write(async (manager) => {
    await db.lockForUpdate(manager, 'time_slots', [slotId]);
    const slot = await manager.findOneBy(TimeSlot, { id: slotId });
    if (!slot) throw new DomainError('slot.not_found');
    const next = { startsAt: changes.startsAt ?? slot.startsAt, endsAt: changes.endsAt ?? slot.endsAt, capacity: changes.capacity ?? slot.capacity };
    checkSlot(next);
    const taken = (await slotFill(db, manager, [slotId])).get(slotId) ?? 0;
    if (next.capacity < taken) throw new DomainError('slot.capacity_below_fill', { taken, capacity: next.capacity });

    const diff = diffChanges(slot, next);
    if (Object.keys(diff).length === 0) return slot;
    await manager.update(TimeSlot, { id: slotId }, next);
    await logAdminAction(manager, actor, 'time_slot.updated', 'time_slots', slotId, diff);

    if (diff.startsAt || diff.endsAt) {
      const competition = await manager.findOneByOrFail(Competition, { id: slot.competitionId });
      for (const userId of await activeVoters(db, manager, 'slot', slotId)) {
        await enqueueNotification(manager, userId, 'notify.slot_moved', {
          competition: competition.title,
          competitionId: competition.id,
          startsAt: next.startsAt.toISOString(),
          endsAt: next.endsAt.toISOString(),
          // What it was, so the message can say "было … стало …".
          wasStartsAt: slot.startsAt.toISOString(),
          wasEndsAt: slot.endsAt.toISOString(),
        });
      }
    }
    return manager.findOneByOrFail(TimeSlot, { id: slotId });
  });
}
