import { Registration, User, type RegistrationRole, type RegistrationStatus } from '../entities/index.js';
import { purgeDate } from './calendar.js';
import { consentsOf } from './consents.js';
import type { Database } from './infrastructure/database.js';

/**
 * Everything stored about a person, for "📄 My data" (the right of access, answered at once): the profile, the
 * registrations with their statuses, the consent records with their versions and dates.
 */
export interface MyData {
  profile: Pick<User, 'telegramId' | 'username' | 'firstName' | 'lastName' | 'fullName' | 'phone' | 'languageCode' | 'preferredLanguage' | 'remindersEnabled' | 'createdAt'>;
  registrations: Array<{ competition: string; role: RegistrationRole; status: RegistrationStatus; registeredAt: Date; checkedIn: boolean }>;
  consents: Array<{ competition: string | null; version: number; givenAt: Date; withdrawnAt: Date | null; via: 'bot' | 'admin' }>;
  /**
   * When the data of each competition is planned to go (the retention purge's date). TODO(merge with the
   * purge branch): fill from its date function; empty until then.
   */
  plannedDeletions: Array<{ competition: string; at: Date }>;
}

export async function myData(db: Database, userId: number): Promise<MyData | null> {
  const manager = db.manager;
  const user = await manager.findOneBy(User, { id: userId });
  if (!user) return null;
  const registrations = await manager.find(Registration, { where: { userId }, relations: { competition: true }, order: { createdAt: 'ASC', id: 'ASC' } });
  const consents = await consentsOf(manager, userId);
  const { telegramId, username, firstName, lastName, fullName, phone, languageCode, preferredLanguage, remindersEnabled, createdAt } = user;
  return {
    profile: { telegramId, username, firstName, lastName, fullName, phone, languageCode, preferredLanguage, remindersEnabled, createdAt },
    registrations: registrations.map((r) => ({ competition: r.competition.title, role: r.role, status: r.status, registeredAt: r.createdAt, checkedIn: r.checkedIn })),
    consents: consents.map((c) => ({ competition: c.competition?.title ?? null, version: c.documentVersion, givenAt: c.givenAt, withdrawnAt: c.withdrawnAt, via: c.via })),
    // When each competition's personal data goes (domain/retention.ts); none for an undated or purged one.
    plannedDeletions: registrations.flatMap((r) => {
      const at = r.competition.personalDataPurgedAt ? null : purgeDate(r.competition, db.settings);
      return at ? [{ competition: r.competition.title, at }] : [];
    }),
  };
}
