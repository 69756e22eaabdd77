import { In } from 'typeorm';
import { type Competition, JuryPanel, Registration, TimeSlot, VoterJuryPanel, VoterTimeSlot } from '../../entities/index.js';
import type { Database } from '../infrastructure/database.js';
import { waitingListPosition } from '../places.js';

/** What a user sees of one of their registrations. */
export interface RegistrationView {
  registration: Registration;
  competition: Competition;
  slots: TimeSlot[];
  panel: JuryPanel | null;
  waitlistPosition: number | null;
}

/** The team of a registration as its owner sees it: the name, and whether they are its captain (null: no team). */
export function teamOfView(view: RegistrationView): { name: string; captain: boolean } | null {
  const { team } = view.registration;
  return team && team.status !== 'dissolved' ? { name: team.name, captain: team.captainRegistrationId === view.registration.id } : null;
}

/** How many registrations "my registrations" lists (newest first); keeps the message and keyboard in limits. */
export const MY_REGISTRATIONS_LIMIT = 20;

/**
 * The views of registrations loaded with their competition (one query for the list): the voters' time slots
 * and jury panel, and a waiting-list position, are read only for the registrations that have them.
 */
async function views(db: Database, registrations: Registration[]): Promise<RegistrationView[]> {
  const voterIds = registrations.filter((r) => r.role === 'voter').map((r) => r.id);
  const chosen = voterIds.length ? await db.manager.find(VoterTimeSlot, { where: { registrationId: In(voterIds) }, relations: { timeSlot: true } }) : [];
  const panels = voterIds.length ? await db.manager.find(VoterJuryPanel, { where: { registrationId: In(voterIds) }, relations: { juryPanel: true } }) : [];
  const result: RegistrationView[] = [];
  for (const registration of registrations) {
    result.push({
      registration,
      competition: registration.competition,
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
  // LIMIT, not TypeORM's `take`: a many-to-one join multiplies no rows, and `take` would cost a second query.
  const registrations = await db.manager
    .createQueryBuilder(Registration, 'r')
    .innerJoinAndSelect('r.competition', 'c')
    .leftJoinAndSelect('r.team', 't')
    .where('r.user_id = :userId', { userId })
    .orderBy('r.created_at', 'DESC')
    .addOrderBy('r.id', 'DESC')
    .limit(MY_REGISTRATIONS_LIMIT)
    .getMany();
  return views(db, registrations);
}

/** One of the user's registrations, or null when it is not theirs (or gone). */
export async function getUserRegistration(db: Database, userId: number, registrationId: number): Promise<RegistrationView | null> {
  const registration = await db.manager.findOne(Registration, { where: { id: registrationId, userId }, relations: { competition: true, team: true } });
  return registration ? (await views(db, [registration]))[0] : null;
}
