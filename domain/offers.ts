import { LessThanOrEqual, type EntityManager } from 'typeorm';
import { Registration, type Competition } from '../entities/index.js';
import { SYSTEM, type Actor } from './actor.js';
import { hasStarted } from './calendar.js';
import { DomainError } from './errors.js';
import type { Database } from './infrastructure/database.js';
import { enqueueNotification } from './outbox.js';
import { admittedStatus } from './places.js';
import { loadForChange, transition } from './registrations.js';

/*
 * A freed place is offered, not imposed (domain/places.ts offerFreedPlaces makes the offers): the person
 * accepts or declines in one tap, or the offer expires. Accepting re-checks the expiry inside its transaction;
 * declining or expiring cancels that registration and offers the place to the next in line.
 */

/** The offer of this registration, its competition locked; refused when it is not an open offer any more. */
async function openOffer(db: Database, manager: EntityManager, actor: Actor, registrationId: number, now: Date) {
  const { registration, competition } = await loadForChange(db, manager, actor, registrationId);
  if (registration.status !== 'offered') throw new DomainError('offer.gone', { competition: competition.title });
  if (hasStarted(competition, now)) throw new DomainError('competition.started', { competition: competition.title });
  if (!registration.offerExpiresAt || registration.offerExpiresAt.getTime() <= now.getTime()) throw new DomainError('offer.expired', { competition: competition.title });
  return { registration, competition };
}

export interface OfferAnswer {
  registration: Registration;
  competition: Competition;
}

/** "✅ Беру": the offered place becomes the person's — approved, or pending where approval is required. */
export function acceptOffer(db: Database, actor: Actor, registrationId: number, now = new Date()): Promise<OfferAnswer> {
  return db.write(async (manager) => {
    const { registration, competition } = await openOffer(db, manager, actor, registrationId, now);
    const updated = await transition(db, manager, actor, registration, competition, admittedStatus(competition), { event: 'offer_accepted', now });
    return { registration: updated, competition };
  });
}

/** "✖️ Не нужно": the registration is cancelled and the place offered to the next in line. */
export function declineOffer(db: Database, actor: Actor, registrationId: number, now = new Date()): Promise<OfferAnswer> {
  return db.write(async (manager) => {
    const { registration, competition } = await openOffer(db, manager, actor, registrationId, now);
    const updated = await transition(db, manager, actor, registration, competition, 'cancelled', { event: 'offer_declined', now });
    return { registration: updated, competition };
  });
}

/**
 * Offers whose time ran out: each is cancelled (the person is told) and its place offered to the next in
 * line, one transaction per offer under the competition's lock, re-checked there — so two processes running
 * this at once expire each offer once. Returns how many expired.
 */
export async function expireOffers(db: Database, now = new Date(), batch = 100): Promise<number> {
  const due = await db.manager.find(Registration, {
    select: { id: true },
    where: { status: 'offered', offerExpiresAt: LessThanOrEqual(now) },
    order: { offerExpiresAt: 'ASC', id: 'ASC' },
    take: batch,
  });
  let expired = 0;
  for (const { id } of due) {
    const done = await db.write(async (manager) => {
      const { registration, competition } = await loadForChange(db, manager, SYSTEM, id);
      if (registration.status !== 'offered' || !registration.offerExpiresAt || registration.offerExpiresAt.getTime() > now.getTime()) return false;
      await transition(db, manager, SYSTEM, registration, competition, 'cancelled', { event: 'offer_expired', quiet: true, now });
      await enqueueNotification(manager, registration.userId, 'notify.offer_expired', { competition: competition.title, competitionId: competition.id });
      return true;
    });
    if (done) expired++;
  }
  return expired;
}
