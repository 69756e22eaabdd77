import { Answer, Question, Registration, User, type RegistrationRole, type RegistrationStatus } from '../entities/index.js';
import type { Language } from '../i18n/index.js';
import { displayAnswer, questionTitle } from './answer-rules.js';
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
  /** The answers to competitions' own questions, as the person reads them (a file by its name). */
  answers: Array<{ competition: string; question: string; answer: string }>;
  /** When the data of each competition is planned to go (the retention purge's date). */
  plannedDeletions: Array<{ competition: string; at: Date }>;
}

export async function myData(db: Database, userId: number, lang: Language = 'ru'): Promise<MyData | null> {
  const manager = db.manager;
  const user = await manager.findOneBy(User, { id: userId });
  if (!user) return null;
  const registrations = await manager.find(Registration, { where: { userId }, relations: { competition: true }, order: { createdAt: 'ASC', id: 'ASC' } });
  const consents = await consentsOf(manager, userId);
  const answers = registrations.length
    ? await manager
        .createQueryBuilder(Answer, 'a')
        .innerJoinAndMapOne('a.question', Question, 'q', 'q.id = a.question_id')
        .where('a.registration_id IN (:...ids)', { ids: registrations.map((r) => r.id) })
        .orderBy('a.registration_id')
        .addOrderBy('q.position')
        .addOrderBy('q.id')
        .getMany()
    : [];
  const titleOf = new Map(registrations.map((r) => [r.id, r.competition.title]));
  const { telegramId, username, firstName, lastName, fullName, phone, languageCode, preferredLanguage, remindersEnabled, createdAt } = user;
  return {
    profile: { telegramId, username, firstName, lastName, fullName, phone, languageCode, preferredLanguage, remindersEnabled, createdAt },
    registrations: registrations.map((r) => ({ competition: r.competition.title, role: r.role, status: r.status, registeredAt: r.createdAt, checkedIn: r.checkedIn })),
    answers: answers.map((a) => ({ competition: titleOf.get(a.registrationId!)!, question: questionTitle(a.question, lang), answer: displayAnswer(a.question, a.value, lang) })),
    consents: consents.map((c) => ({ competition: c.competition?.title ?? null, version: c.documentVersion, givenAt: c.givenAt, withdrawnAt: c.withdrawnAt, via: c.via })),
    // When each competition's personal data goes (domain/retention.ts); none for an undated or purged one.
    plannedDeletions: registrations.flatMap((r) => {
      const at = r.competition.personalDataPurgedAt ? null : purgeDate(r.competition, db.settings);
      return at ? [{ competition: r.competition.title, at }] : [];
    }),
  };
}
