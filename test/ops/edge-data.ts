import type { DataSource } from 'typeorm';
import {
  AdminAudit,
  AdminSession,
  AdminUser,
  Answer,
  BotSession,
  Broadcast,
  BroadcastDelivery,
  Competition,
  JuryPanel,
  OutboxMessage,
  ProcessedUpdate,
  Question,
  Registration,
  RegistrationEvent,
  Team,
  TimeSlot,
  User,
  VoterJuryPanel,
  VoterTimeSlot,
} from '../../entities/index.js';

/** The largest Telegram id we promise to carry (ids fit in 52 bits). */
export const BIG_TELEGRAM_ID = 2 ** 52 - 1;
export const AWKWARD_TEXT = 'tab\there\nnew line\r\nback\\slash \\N "quotes" \'single\' — Ёжик 🦔 👩‍👩‍👧 ∑';
export const SESSION_JSON = JSON.stringify({ scene: 'registration', draft: { fullName: 'Анна-Мария Щукина 😀', phone: '+7 999 123-45-67', note: 'line1\nline2\t\\N' }, step: 3 });
/** A timestamp given in Moscow time, with milliseconds. */
export const MOSCOW_TIME = new Date('2026-03-01T10:00:00.123+03:00');

/**
 * Fills a migrated database, through the entities as the application writes, with every edge case a copy
 * must carry: Cyrillic and emoji, NULLs, bigint Telegram ids, both booleans, time zones and milliseconds,
 * JSON text, characters that are special to COPY, text keys that sort differently under locales.
 */
export async function fillWithEdgeCases(dataSource: DataSource): Promise<void> {
  const m = dataSource.manager;
  await insertKeepingIds(dataSource, User, [
    {
      id: 1,
      telegramId: BIG_TELEGRAM_ID,
      username: 'big_id',
      firstName: 'Анна',
      lastName: 'Щукина',
      languageCode: 'ru',
      preferredLanguage: null,
      fullName: 'Анна Щукина',
      phone: '+79991234567',
      isBlocked: false,
      remindersEnabled: true,
      createdAt: MOSCOW_TIME,
      updatedAt: new Date('2026-11-25T08:15:30.999Z'),
    },
    {
      id: 2,
      telegramId: 1,
      username: null,
      firstName: '🎉🚀 Emoji 👩‍👩‍👧',
      lastName: null,
      languageCode: null,
      preferredLanguage: 'en',
      fullName: null,
      phone: null,
      isBlocked: true,
      remindersEnabled: false,
      createdAt: new Date('1999-12-31T23:59:59.999Z'),
      updatedAt: new Date('2099-12-31T23:59:59.001Z'),
    },
    {
      id: 5,
      telegramId: 5_000_000_123,
      username: 'gap_in_ids',
      firstName: AWKWARD_TEXT,
      lastName: '\\N',
      languageCode: 'en-US',
      preferredLanguage: 'ru',
      fullName: '',
      phone: '',
      isBlocked: false,
      remindersEnabled: true,
      createdAt: new Date('2026-10-25T00:30:00.000Z'),
      updatedAt: new Date('2026-03-29T01:00:00.500Z'),
    },
  ]);
  await insertKeepingIds(dataSource, Competition, [
    {
      id: 1,
      title: 'Кубок города 🏆',
      description: 'Многострочное\nописание\tс табуляцией',
      location: 'Москва, ул. Ленина, д. 1',
      startsAt: MOSCOW_TIME,
      registrationOpen: true,
      registrationClosesAt: null,
      requiresApproval: true,
      maxParticipants: 0,
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
    },
    {
      id: 3,
      title: 'Open',
      description: null,
      location: null,
      startsAt: null,
      registrationOpen: false,
      registrationClosesAt: new Date('2026-06-30T20:59:59.999Z'),
      requiresApproval: false,
      maxParticipants: null,
      createdAt: new Date('2026-01-02T03:04:05.006Z'),
    },
  ]);
  await insertKeepingIds(dataSource, Registration, [
    {
      id: 1,
      userId: 1,
      competitionId: 1,
      role: 'participant',
      status: 'approved',
      statusChangedAt: MOSCOW_TIME,
      consentGiven: true,
      checkedIn: true,
      createdAt: new Date('2026-02-01T12:00:00.001Z'),
    },
    {
      id: 2,
      userId: 2,
      competitionId: 1,
      role: 'voter',
      status: 'pending',
      statusChangedAt: null,
      consentGiven: false,
      checkedIn: false,
      createdAt: new Date('2026-02-01T12:00:00.002Z'),
    },
    {
      id: 7,
      userId: 5,
      competitionId: 3,
      role: 'participant',
      status: 'waitlisted',
      statusChangedAt: null,
      consentGiven: true,
      checkedIn: false,
      createdAt: new Date('2026-02-01T12:00:00.003Z'),
    },
  ]);
  await m.insert(TimeSlot, [
    { id: 1, competitionId: 1, startsAt: new Date('2026-03-01T07:00:00.000Z'), endsAt: new Date('2026-03-01T08:30:00.000Z'), capacity: 30 },
    { id: 2, competitionId: 1, startsAt: new Date('2026-03-01T09:00:00.000Z'), endsAt: new Date('2026-03-01T10:30:00.000Z'), capacity: 0 },
  ]);
  await m.insert(JuryPanel, [
    { id: 1, competitionId: 1, name: 'Жюри №1 ⭐', capacity: null },
    { id: 2, competitionId: 1, name: 'Panel 2', capacity: 5 },
  ]);
  await m.insert(VoterTimeSlot, [
    { id: 1, registrationId: 2, timeSlotId: 1 },
    { id: 2, registrationId: 2, timeSlotId: 2 },
  ]);
  await m.insert(VoterJuryPanel, [{ id: 1, registrationId: 2, juryPanelId: 1 }]);
  await m.insert(OutboxMessage, [
    {
      id: 1,
      userId: 1,
      kind: 'status_changed',
      payload: { status: 'approved', title: 'Кубок города 🏆', nested: { list: [1, 2.5, null, true] } },
      text: 'Ваша заявка одобрена ✅\nДо встречи!',
      status: 'sent',
      attempts: 1,
      nextAttemptAt: null,
      error: null,
      createdAt: new Date('2026-02-02T00:00:00.000Z'),
      sentAt: new Date('2026-02-02T00:00:01.250Z'),
    },
    {
      id: 2,
      userId: 2,
      kind: 'promoted',
      payload: null,
      text: null,
      status: 'failed',
      attempts: 5,
      nextAttemptAt: new Date('2026-02-03T00:00:00.000Z'),
      error: '403: Forbidden: bot was blocked by the user',
      createdAt: new Date('2026-02-02T00:00:00.100Z'),
      sentAt: null,
    },
  ]);
  await m.insert(Broadcast, [
    {
      id: 1,
      text: 'Всем привет! 👋\n\nЗавтра старт.',
      competitionId: 1,
      role: 'participant',
      status: 'approved',
      state: 'done',
      totalCount: 2,
      sentCount: 1,
      failedCount: 0,
      blockedCount: 1,
      createdAt: new Date('2026-02-10T10:00:00.000Z'),
      startedAt: new Date('2026-02-10T10:00:05.000Z'),
      finishedAt: new Date('2026-02-10T10:00:07.777Z'),
    },
    {
      id: 2,
      text: 'draft',
      competitionId: null,
      role: null,
      status: null,
      state: 'draft',
      totalCount: 0,
      sentCount: 0,
      failedCount: 0,
      blockedCount: 0,
      createdAt: new Date('2026-02-11T10:00:00.000Z'),
      startedAt: null,
      finishedAt: null,
    },
  ]);
  await m.insert(BroadcastDelivery, [
    { id: 1, broadcastId: 1, userId: 1, status: 'sent', error: null, sentAt: new Date('2026-02-10T10:00:06.000Z') },
    { id: 2, broadcastId: 1, userId: 2, status: 'blocked', error: 'Forbidden', sentAt: null },
  ]);
  await m.insert(AdminUser, [
    { id: 1, email: 'admin@example.org', passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', role: 'admin', createdAt: new Date('2026-01-01T00:00:00.000Z') },
    { id: 2, email: 'организатор@пример.рф', passwordHash: 'x', role: 'organizer', createdAt: new Date('2026-01-01T00:00:00.001Z') },
  ]);
  await m.insert(AdminAudit, [
    {
      id: 1,
      adminUserId: 1,
      action: 'registration.approved',
      resource: 'registrations',
      recordId: '1',
      changes: { status: { before: 'pending', after: 'approved' }, note: 'Ёлка 🎄' },
      createdAt: new Date('2026-02-01T13:00:00.000Z'),
    },
    { id: 2, adminUserId: null, action: 'user.deleted', resource: 'users', recordId: null, changes: null, createdAt: new Date('2026-02-01T13:00:00.001Z') },
  ]);
  await m.insert(RegistrationEvent, [
    {
      id: 1,
      registrationId: 1,
      event: 'created',
      actorKind: 'user',
      adminUserId: null,
      source: 'bot',
      fromStatus: null,
      toStatus: 'pending',
      createdAt: new Date('2026-02-01T12:00:00.001Z'),
    },
    { id: 2, registrationId: 1, event: 'status_changed', actorKind: 'admin', adminUserId: 1, source: 'admin', fromStatus: 'pending', toStatus: 'approved', createdAt: MOSCOW_TIME },
    {
      id: 3,
      registrationId: 7,
      event: 'promoted',
      actorKind: 'system',
      adminUserId: null,
      source: 'system',
      fromStatus: 'waitlisted',
      toStatus: 'approved',
      createdAt: new Date('2026-02-01T13:00:00.999Z'),
    },
  ]);
  // Text keys that sort differently under a locale collation than by bytes: the copy and verify must agree.
  const sessionKeys = ['1:1', '4503599627370495:4503599627370495', 'B', 'a', 'Z', 'é', 'ё', 'Ж', '😀', 'a b'];
  await m.insert(
    BotSession,
    sessionKeys.map((key, i) => ({ key, value: i === 0 ? SESSION_JSON : JSON.stringify({ i, key }), updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)) })),
  );
  // A competition's own questions (JSON text in three columns) and answers, one of them a file's JSON.
  await m.insert(Question, [
    {
      competitionId: 1,
      role: 'participant',
      kind: 'choice',
      titleRu: 'Категория «Юниоры» 🦔',
      titleEn: AWKWARD_TEXT,
      required: true,
      position: 10,
      options: [{ value: 'junior', label_ru: 'Юниоры\tдо 18', label_en: 'Juniors "U18"', limit: 20 }],
      rules: { min: 1, pattern: '^\\d{9}$' },
      showIf: null,
      rememberAs: 'category',
      listColumn: true,
    },
    {
      competitionId: 1,
      role: null,
      kind: 'file',
      titleRu: 'Работа',
      titleEn: 'Entry',
      position: 20,
      showIf: { combine: 'any', conditions: [{ questionId: 1, values: ['junior'] }] },
    },
  ]);
  await m.insert(Answer, [
    { registrationId: 1, questionId: 1, value: 'junior', valueKey: 'junior' },
    { registrationId: 1, questionId: 2, value: JSON.stringify({ fileId: 'BQACAgIAAxk', fileUniqueId: 'AgAD', type: 'document', name: 'эссе\n"1".pdf' }) },
  ]);
  // A team: teams and registrations point at each other (the captain's registration names the team), and a team
  // question's answer belongs to the team — the copy writes teams first, the captain's key checked at commit.
  await m.update(Competition, { id: 1 }, { teamMode: 'optional', teamMin: 2, teamMax: 5, placesCount: 'teams' });
  await m.insert(Team, [{ competitionId: 1, name: 'Ёжики "57"\t🦔', nameKey: 'ёжики "57"\t🦔', captainRegistrationId: 1, inviteCode: 'AbC-_9xyz0123456', status: 'forming' }]);
  await m.update(Registration, { id: 1 }, { teamId: 1 });
  await m.insert(Answer, [{ teamId: 1, registrationId: null, questionId: 1, value: 'junior', valueKey: 'junior' }]);
  await m.insert(AdminSession, [{ sid: 'sid-Ab_9', data: JSON.stringify({ adminUser: { id: 1, email: 'admin@example.org' } }), expiresAt: new Date('2026-12-01T00:00:00.000Z') }]);
  await m.insert(ProcessedUpdate, [
    { updateId: 1, processedAt: new Date('2026-11-20T00:00:00.000Z') },
    { updateId: 2 ** 52 - 2, processedAt: new Date('2026-11-20T00:00:00.001Z') },
  ]);
}

/**
 * Inserts rows so that they get exactly the ids given, gaps included, on both databases (TypeORM leaves a
 * generated id to the PostgreSQL sequence): the ids of a gap are taken by a filler row, then deleted.
 */
async function insertKeepingIds<T extends { id: number }>(dataSource: DataSource, entity: new () => T, rows: Array<Partial<T> & { id: number }>): Promise<void> {
  let next = 1;
  for (const row of rows) {
    for (; next < row.id; next++) {
      const filler = { ...rows[0], id: undefined, ...fillerFields(next) } as Partial<T>;
      const result = await dataSource.manager.insert(entity, filler as any);
      await dataSource.manager.delete(entity, result.identifiers[0]);
    }
    const { id, ...rest } = row;
    const result = await dataSource.manager.insert(entity, rest as any);
    if (result.identifiers[0].id !== id) throw new Error(`fixture: expected id ${id}, got ${result.identifiers[0].id}`);
    next = id + 1;
  }
}

function fillerFields(n: number): Record<string, unknown> {
  return { telegramId: 9_000_000 + n, userId: 1, competitionId: 3 };
}
