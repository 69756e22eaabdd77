import { In } from 'typeorm';
import { Competition, JuryPanel, Registration, TimeSlot, VoterJuryPanel, VoterTimeSlot } from '../entities/index.js';
import type { Database } from './database.js';
import { waitingListPosition } from './places.js';

/** What a user sees of one of their registrations. */
export interface RegistrationView {
  registration: Registration;
  competition: Competition;
  slots: TimeSlot[];
  panel: JuryPanel | null;
  waitlistPosition: number | null;
}

/** How many registrations "my registrations" lists (newest first); keeps the message and keyboard in limits. */
export const MY_REGISTRATIONS_LIMIT = 20;

async function views(db: Database, registrations: Registration[]): Promise<RegistrationView[]> {
  if (registrations.length === 0) return [];
  const ids = registrations.map((r) => r.id);
  const competitions = await db.manager.findBy(Competition, { id: In([...new Set(registrations.map((r) => r.competitionId))]) });
  const chosen = await db.manager.find(VoterTimeSlot, { where: { registrationId: In(ids) }, relations: { timeSlot: true } });
  const panels = await db.manager.find(VoterJuryPanel, { where: { registrationId: In(ids) }, relations: { juryPanel: true } });
  const result: RegistrationView[] = [];
  for (const registration of registrations) {
    result.push({
      registration,
      competition: competitions.find((c) => c.id === registration.competitionId)!,
      slots: chosen
        .filter((c) => c.registrationId === registration.id)
        .map((c) => c.timeSlot)
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
      panel: panels.find((p) => p.registrationId === registration.id)?.juryPanel ?? null,
      waitlistPosition: await waitingListPosition(db, db.manager, registration),
    });
  }
  return result;
}

export async function listUserRegistrations(db: Database, userId: number): Promise<RegistrationView[]> {
  const registrations = await db.manager.find(Registration, { where: { userId }, order: { createdAt: 'DESC', id: 'DESC' }, take: MY_REGISTRATIONS_LIMIT });
  return views(db, registrations);
}

/** One of the user's registrations, or null when it is not theirs (or gone). */
export async function getUserRegistration(db: Database, userId: number, registrationId: number): Promise<RegistrationView | null> {
  const registration = await db.manager.findOneBy(Registration, { id: registrationId, userId });
  return registration ? (await views(db, [registration]))[0] : null;
}

export function findUserRegistration(db: Database, userId: number, competitionId: number): Promise<Registration | null> {
  return db.manager.findOneBy(Registration, { userId, competitionId });
}
