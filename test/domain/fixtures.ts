import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { DomainError } from '../../domain/errors.js';
import { AdminUser, Competition, JuryPanel, TimeSlot, User } from '../../entities/index.js';
import { Database } from '../../domain/infrastructure/database.js';
import { createDataSource } from '../../db/data-source.js';
import { createTestDatabase, type TestDatabase } from '../../devkit/database.js';

/** A migrated fresh database (SQLite file or PostgreSQL database, per TEST_DB) and helpers to fill it. */
export interface DomainFixture {
  db: Database;
  dataSource: DataSource;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function openDomainFixture(): Promise<DomainFixture> {
  const database = await createTestDatabase();
  const dataSource = createDataSource({ database: database.target, migrationsRun: true, pgPoolSize: 10, pgMaxOverflow: 20 });
  await dataSource.initialize();
  return {
    db: new Database(dataSource),
    dataSource,
    database,
    async close() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

/**
 * Opens a fixture for the test file (filled in before the tests run) and closes it after them. With
 * `{ each: true }`, a fresh database for every test: for tests of work that reads whole tables (the queues,
 * due reminders, claims), which would otherwise see the rows of the file's other tests.
 */
export function useDomainFixture(options: { each?: boolean } = {}): DomainFixture {
  const holder = {} as DomainFixture;
  const [open, close] = options.each ? [beforeEach, afterEach] : [beforeAll, afterAll];
  open(async () => {
    Object.assign(holder, await openDomainFixture());
  });
  close(async () => holder.close?.());
  return holder;
}

export async function expectDomainError(promise: Promise<unknown>, key: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((e: unknown) => e instanceof DomainError && e.key === key);
}

let nextTelegramId = 9_000_000;

export async function makeUser(db: Database, values: Partial<User> = {}): Promise<User> {
  return db.write(async (m) => {
    const { identifiers } = await m.insert(User, { telegramId: ++nextTelegramId, firstName: 'Test', ...values });
    return m.findOneByOrFail(User, { id: identifiers[0].id });
  });
}

export async function makeUsers(db: Database, count: number): Promise<User[]> {
  const users: User[] = [];
  for (let i = 0; i < count; i++) users.push(await makeUser(db));
  return users;
}

export async function makeCompetition(db: Database, values: Partial<Competition> = {}): Promise<Competition> {
  return db.write(async (m) => {
    const { identifiers } = await m.insert(Competition, {
      title: 'Кубок города',
      registrationOpen: true,
      requiresApproval: false,
      maxParticipants: null,
      startsAt: new Date(Date.now() + 7 * 86_400_000),
      ...values,
    });
    return m.findOneByOrFail(Competition, { id: identifiers[0].id });
  });
}

export async function makeSlot(db: Database, competitionId: number, capacity: number, hour = 10): Promise<TimeSlot> {
  return db.write(async (m) => {
    const startsAt = new Date(Date.UTC(2030, 0, 15, hour));
    const { identifiers } = await m.insert(TimeSlot, { competitionId, capacity, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) });
    return m.findOneByOrFail(TimeSlot, { id: identifiers[0].id });
  });
}

export async function makePanel(db: Database, competitionId: number, capacity: number | null, name = 'Жюри A'): Promise<JuryPanel> {
  return db.write(async (m) => {
    const { identifiers } = await m.insert(JuryPanel, { competitionId, capacity, name });
    return m.findOneByOrFail(JuryPanel, { id: identifiers[0].id });
  });
}

let nextAdmin = 0;

export async function makeAdmin(db: Database, values: Partial<AdminUser> = {}): Promise<AdminUser> {
  return db.write(async (m) => {
    const { identifiers } = await m.insert(AdminUser, { email: `a${Date.now()}-${++nextAdmin}@example.org`, passwordHash: 'x', role: 'admin', ...values });
    return m.findOneByOrFail(AdminUser, { id: identifiers[0].id });
  });
}
