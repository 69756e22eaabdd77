import { describe, expect, it } from 'vitest';
import { AdminAudit, Answer, BotSession, Competition, Consent, OutboxMessage, Question, Registration, RegistrationEvent, Team, TicketMessage, User } from '../../entities/index.js';
import { purgeDate, purgeDue } from '../../domain/index.js';
import { recordConsent, telegramIdHash } from '../../domain/consents.js';
import type { Database } from '../../domain/infrastructure/database.js';
import { DEFAULT_SETTINGS } from '../../domain/settings.js';
import { auditSentences } from '../../domain/read-models/audit-sentences.js';
import { makeCompetition, makeUser, useDomainFixture } from './fixtures.js';

// A database for each test: the purge reads whole tables.
const f = useDomainFixture({ each: true });
const D = 86_400_000;

/** Every table of the database and all its rows, read from the schema itself (nothing listed by hand). */
async function everyTable(db: Database): Promise<Map<string, Record<string, unknown>[]>> {
  const names = db.isPostgres
    ? (await db.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).map(
        (r) => r.name,
      )
    : (await db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r) => r.name);
  const tables = new Map<string, Record<string, unknown>[]>();
  for (const name of names.filter((n) => n !== 'migrations')) tables.set(name, await db.query(`SELECT * FROM "${name}"`));
  return tables;
}

/** Where any of `needles` is found: "table.column = value" for every cell of every table holding one. */
async function findAnywhere(db: Database, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const [table, rows] of await everyTable(db)) {
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        const text = typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : String(value);
        for (const needle of needles) if (text.includes(needle)) found.push(`${table}.${column} = ${text.slice(0, 80)}`);
      }
    }
  }
  return found;
}

/** A person with every personal field set, each value unique to them (so a leftover is found anywhere). */
async function person(db: Database, name: string, telegramId: number) {
  const user = await makeUser(db, {
    telegramId,
    fullName: `${name} Fullname`,
    firstName: `${name}First`,
    lastName: `${name}Last`,
    username: `${name.toLowerCase()}_nick`,
    phone: `+7916${String(telegramId).slice(-7)}`,
  });
  const pii = [user.fullName!, user.firstName!, user.lastName!, user.username!, user.phone!, String(telegramId)];
  await db.write(async (m) => {
    await m.insert(BotSession, { key: `${telegramId}:${telegramId}`, value: JSON.stringify({ draft: `${name} typed this` }) });
    await m.insert(OutboxMessage, { userId: user.id, kind: 'registration.approved', payload: { name: user.fullName! }, text: `Hello ${user.firstName}`, status: 'sent' });
    await m.insert(OutboxMessage, { userId: user.id, kind: 'reminder', payload: { phone: user.phone! }, status: 'pending' });
    await m.insert(AdminAudit, {
      adminUserId: null,
      action: 'users.updated',
      resource: 'users',
      recordId: String(user.id),
      changes: { phone: { before: null, after: user.phone } },
    });
  });
  return { user, pii: [...pii, `${name} typed this`] };
}

/** A registration with a rejection reason, a ticket message and an audit row holding a typed search and the reason. */
async function register(db: Database, userId: number, telegramId: number, competitionId: number, tag: string) {
  return db.write(async (m) => {
    const { identifiers } = await m.insert(Registration, { userId, competitionId, role: 'participant', status: 'rejected', consentGiven: true, rejectionReason: `reason-${tag}` });
    const id = identifiers[0].id as number;
    await m.insert(RegistrationEvent, { registrationId: id, event: 'created', actorKind: 'user', source: 'bot', toStatus: 'pending' });
    await m.insert(TicketMessage, { registrationId: id, chatId: telegramId, messageId: 1 });
    // Answers to the competition's own questions: a text and a file (kept by Telegram's ids).
    const questions = await m.findBy(Question, { competitionId });
    const [text, file] = questions.length
      ? questions
      : await m.save(Question, [
          { competitionId, kind: 'text' as const, titleRu: 'Школа', titleEn: 'School', position: 1 },
          { competitionId, kind: 'file' as const, titleRu: 'Работа', titleEn: 'Entry', position: 2 },
        ]);
    await m.insert(Answer, [
      { registrationId: id, questionId: text.id, value: `answer-${tag}`, valueKey: `answer-${tag}` },
      { registrationId: id, questionId: file.id, value: JSON.stringify({ fileId: `file-${tag}`, fileUniqueId: `unique-${tag}`, type: 'document' }) },
    ]);
    // A team of its own, with an answer to a team question (the team's: it goes with the competition's data too).
    const team = await m.insert(Team, { competitionId, name: `Команда ${id}`, nameKey: `команда ${id}`, captainRegistrationId: id, inviteCode: `code-${id}`, status: 'forming' });
    await m.update(Registration, { id }, { teamId: team.identifiers[0].id });
    await m.insert(Answer, { teamId: team.identifiers[0].id, registrationId: null, questionId: text.id, value: `team:${tag}`, valueKey: `team:${tag}` });
    await m.insert(OutboxMessage, { userId, kind: 'registration.rejected', payload: { competitionId, about: `message-${tag}` }, text: `text-${tag}`, status: 'sent' });
    await m.insert(AdminAudit, {
      adminUserId: null,
      action: 'registration.rejected',
      resource: 'registrations',
      recordId: String(id),
      changes: { status: { before: 'pending', after: 'rejected' }, reason: { before: null, after: `reason-${tag}` }, query: { before: null, after: `search-${tag}` } },
    });
    return id;
  });
}

const count = async (db: Database, table: string) => Number((await db.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM "${table}"`))[0].n);

describe('retention: data that leaves by itself', () => {
  it('purges each competition past its end and period, anonymises the people nobody needs, leaves the others intact (every table, every column)', async () => {
    const db = f.db;
    const base = Date.now();
    const at = (days: number) => new Date(base + days * D);
    // A: ends day 2, RETENTION_DAYS (30) → day 32. B: ends day 4, 5 days → day 9. C: far ahead. U: undated.
    const a = await makeCompetition(db, { title: 'A', startsAt: at(1), endsAt: at(2) });
    const b = await makeCompetition(db, { title: 'B', startsAt: at(3), endsAt: at(4), retentionDays: 5 });
    const c = await makeCompetition(db, { title: 'C', startsAt: at(100), endsAt: at(101) });
    const u = await makeCompetition(db, { title: 'U', startsAt: null, endsAt: null });
    expect(purgeDate(a, DEFAULT_SETTINGS)).toEqual(at(32));
    expect(purgeDate(b, DEFAULT_SETTINGS)).toEqual(at(9));
    expect(purgeDate(u, DEFAULT_SETTINGS)).toBeNull();

    const alice = await person(db, 'Alice', 777_000_001); // A only
    const bob = await person(db, 'Bob', 777_000_002); // A and B
    const carol = await person(db, 'Carol', 777_000_003); // B and C
    const dave = await person(db, 'Dave', 777_000_004); // C only
    const erin = await person(db, 'Erin', 777_000_005); // undated only
    const frank = await person(db, 'Frank', 777_000_006); // never registered, silent since day -40
    const gina = await person(db, 'Gina', 777_000_007); // never registered, last wrote on day 20
    await db.execute('UPDATE users SET updated_at = $1 WHERE id = $2', [db.date(at(-40)), frank.user.id]);
    await db.execute('UPDATE users SET updated_at = $1 WHERE id = $2', [db.date(at(20)), gina.user.id]);
    for (const other of [alice, bob, carol, dave, erin]) await db.execute('UPDATE users SET updated_at = $1 WHERE id = $2', [db.date(at(0)), other.user.id]);

    await register(db, alice.user.id, 777_000_001, a.id, 'alice-A');
    await register(db, bob.user.id, 777_000_002, a.id, 'bob-A');
    await register(db, bob.user.id, 777_000_002, b.id, 'bob-B');
    await register(db, carol.user.id, 777_000_003, b.id, 'carol-B');
    await register(db, carol.user.id, 777_000_003, c.id, 'carol-C');
    await register(db, dave.user.id, 777_000_004, c.id, 'dave-C');
    await register(db, erin.user.id, 777_000_005, u.id, 'erin-U');
    // The door's searches as they were kept before issue 23: what was typed, verbatim.
    for (const [competitionId, typed] of [
      [b.id, 'Alice'],
      [b.id, '9161234567'],
      [c.id, 'DaveTyped'],
    ] as const)
      await db.manager.insert(AdminAudit, {
        adminUserId: null,
        action: 'checkin.search',
        resource: 'registrations',
        recordId: null,
        changes: { competitionId: { before: null, after: competitionId }, query: { before: null, after: typed } },
      });
    const counts = async () => ({ users: await count(db, 'users'), registrations: await count(db, 'registrations'), events: await count(db, 'registration_events') });
    const before = await counts();

    // Day 10: B is past its period; A is not. Bob and Carol are still needed (A, C): only B's data goes.
    expect(await purgeDue(db, at(10))).toEqual([{ competitionId: b.id, people: 2 }]);
    expect(
      await findAnywhere(db, [
        'reason-bob-B',
        'search-bob-B',
        'reason-carol-B',
        'search-carol-B',
        'message-carol-B',
        'text-carol-B',
        'answer-bob-B',
        'file-carol-B',
        'team:bob-B',
        'team:carol-B',
        ...frank.pii,
      ]),
    ).toEqual([]);
    // A team's answers (team questions) go with its competition's data; the other competitions' stay.
    expect(await findAnywhere(db, ['team:bob-A'])).toHaveLength(2);
    expect(await findAnywhere(db, ['answer-bob-A', 'file-carol-C'])).toHaveLength(3);
    expect(await findAnywhere(db, ['message-carol-C', 'text-carol-C'])).toHaveLength(2);
    expect(await findAnywhere(db, ['"Alice"', '9161234567'])).toEqual([]);
    expect(await findAnywhere(db, ['DaveTyped'])).toHaveLength(1);
    expect(await findAnywhere(db, [...bob.pii, ...carol.pii, ...gina.pii, 'reason-bob-A', 'reason-carol-C'])).not.toEqual([]);
    for (const kept of [alice, bob, carol, gina]) expect((await db.manager.findOneByOrFail(User, { id: kept.user.id })).phone).toBe(kept.user.phone);

    // Day 33: A too. Alice and Bob are needed by nobody; Gina has been silent 13 days (not 30).
    expect(await purgeDue(db, at(33))).toEqual([{ competitionId: a.id, people: 2 }]);
    const purged = [...alice.pii, ...bob.pii, ...frank.pii, 'reason-alice-A', 'search-alice-A', 'reason-bob-A', 'search-bob-A', 'reason-carol-B', 'search-carol-B'];
    expect(await findAnywhere(db, purged)).toEqual([]);

    // The others are intact, everywhere they were.
    for (const kept of [carol, dave, erin, gina]) {
      const row = await db.manager.findOneByOrFail(User, { id: kept.user.id });
      expect([row.fullName, row.firstName, row.lastName, row.username, row.phone, row.telegramId]).toEqual([
        kept.user.fullName,
        kept.user.firstName,
        kept.user.lastName,
        kept.user.username,
        kept.user.phone,
        kept.user.telegramId,
      ]);
      expect(await db.manager.countBy(BotSession, { key: `${kept.user.telegramId}:${kept.user.telegramId}` })).toBe(1);
      expect(await db.manager.countBy(OutboxMessage, { userId: kept.user.id, status: 'pending' })).toBe(1);
    }
    // The reason on the registration and in the audit, the typed search in the audit.
    for (const tag of ['carol-C', 'dave-C', 'erin-U']) expect(await findAnywhere(db, [`reason-${tag}`, `search-${tag}`])).toHaveLength(3);
    for (const tag of ['carol-C', 'dave-C', 'erin-U']) expect(await findAnywhere(db, [`answer-${tag}`, `file-${tag}`])).toHaveLength(3);
    expect(await findAnywhere(db, ['answer-alice-A', 'file-bob-A'])).toEqual([]);

    // Counts, statuses and history add up; the purged rows stay, marked.
    expect(await counts()).toEqual(before);
    expect(await db.manager.countBy(Registration, { status: 'rejected' })).toBe(7);
    for (const gone of [alice, bob]) expect((await db.manager.findOneByOrFail(User, { id: gone.user.id })).anonymisedAt).toEqual(at(33));
    expect((await db.manager.findOneByOrFail(User, { id: frank.user.id })).anonymisedAt).toEqual(at(10));
    expect((await db.manager.findOneByOrFail(Competition, { id: a.id })).personalDataPurgedAt).toEqual(at(33));
    expect((await db.manager.findOneByOrFail(Competition, { id: c.id })).personalDataPurgedAt).toBeNull();
    expect((await db.manager.findOneByOrFail(Competition, { id: u.id })).personalDataPurgedAt).toBeNull();

    // One audit entry per competition, however often the job runs.
    expect(await purgeDue(db, at(34))).toEqual([]);
    const entries = await db.manager.find(AdminAudit, { where: { action: 'competitions.personal_data_purged' }, order: { id: 'ASC' } });
    expect(entries.map((e) => [e.recordId, e.changes])).toEqual([
      [String(b.id), { people: { before: null, after: 2 } }],
      [String(a.id), { people: { before: null, after: 2 } }],
    ]);

    expect(await auditSentences(db, entries, 'Europe/Moscow', 'ru')).toEqual([
      'Система: удалены персональные данные 2 участников соревнования «B»',
      'Система: удалены персональные данные 2 участников соревнования «A»',
    ]);
    expect((await auditSentences(db, entries, 'Europe/Moscow', 'en'))[0]).toBe('The system: personal data of 2 participants deleted, competition “B”');

    // Day 51: Gina's 30 days of silence have passed.
    await purgeDue(db, at(51));
    expect(await findAnywhere(db, gina.pii)).toEqual([]);
    expect(await findAnywhere(db, [...carol.pii, ...dave.pii, ...erin.pii])).not.toEqual([]);
  });
});

describe('retention and the consent proofs', () => {
  it("keeps each purged person's consent record as proof: the Telegram id's keyed hash, written before the id went", async () => {
    const db = f.db;
    const competition = await makeCompetition(db, { startsAt: new Date('2030-01-10T09:00:00Z'), retentionDays: 3 });
    const { user } = await person(db, 'Proof', 555_000_777);
    await register(db, user.id, 555_000_777, competition.id, 'proof');
    await db.write((m) => recordConsent(m, user.id, competition.id, 'bot'));
    const [before] = await db.manager.findBy(Consent, { userId: user.id });
    expect(before.telegramIdHash).toBeNull();

    await purgeDue(db, new Date('2030-01-20T00:00:00Z'));

    expect((await db.manager.findOneByOrFail(User, { id: user.id })).telegramId).toBeNull();
    const [after] = await db.manager.findBy(Consent, { id: before.id });
    expect(after).toMatchObject({ competitionId: competition.id, documentVersion: before.documentVersion });
    expect(after.telegramIdHash).toBe(telegramIdHash(db.settings.consentHashKey, 555_000_777));
    expect(await findAnywhere(db, ['555000777', 'Proof Fullname'])).toEqual([]);
  });
});
